"""Concurrent creators: one case per idempotency key, unique gap-free numbers across processes."""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path

import pytest
from flask import Flask

from bot.cases.models import Case, CaseEvent, Outbox
from bot.extensions import db
from tests.test_cases_fixtures import new_case, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


def test_same_key_from_many_threads_makes_one_case(app: Flask) -> None:
    barrier = threading.Barrier(8)
    numbers: list[str] = []
    errors: list[BaseException] = []

    def confirm() -> None:
        with app.app_context():
            try:
                barrier.wait()
                numbers.append(new_case(key="confirm:o_resident_1:same-message").number)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=confirm) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(set(numbers)) == 1 and len(numbers) == 8
    assert db.session.query(Case).count() == 1
    assert db.session.query(Outbox).count() == 1 and db.session.query(CaseEvent).count() == 1


def _create_many(env: dict[str, str], worker_no: int, count: int, out: multiprocessing.Queue[list[str]]) -> None:
    from bot import create_app
    from bot.config import TestConfig as Settings

    app = create_app(Settings(env))
    with app.app_context():
        numbers = [new_case(openid=f"o_proc_{worker_no}", key=f"p{worker_no}-{i}").number for i in range(count)]
        # Half the keys again: retries must not take new numbers.
        numbers += [new_case(openid=f"o_proc_{worker_no}", key=f"p{worker_no}-{i}").number for i in range(0, count, 2)]
    out.put(numbers)


def test_numbers_unique_across_processes(app: Flask, base_env: dict[str, str], tmp_root: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    out: multiprocessing.Queue[list[str]] = ctx.Queue()
    procs = [ctx.Process(target=_create_many, args=(base_env, n, 10, out)) for n in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=30)
        assert p.exitcode == 0
    created = {n for r in results for n in r}
    assert len(created) == 40
    assert sorted(int(n[-4:]) for n in created) == list(range(1, 41))
    db.session.expire_all()
    assert db.session.query(Case).count() == 40
