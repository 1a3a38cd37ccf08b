"""Admins' edits reach every process's index within seconds, without a restart."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask

from bot import create_app
from bot.config import TestConfig as _Config
from bot.explain import explain
from bot.extensions import db
from knowledge import service
from knowledge.changes import save_entry
from knowledge.entries import EntryData
from knowledge.models import FaqEntry
from tests.conftest import ROOT
from tests.support.kb import entry, import_yaml

QUESTION = "宅基地上的老房子能不能卖给外村人"
OLD, NEW = "旧答案：不能卖给本集体以外的人。", "新答案：请先到村委会问清楚，再去自然资源所咨询。"


def edit_answer(answer: str) -> float:
    row = db.session.get(FaqEntry, "homestead-sale")
    assert row is not None
    save_entry(replace(EntryData.from_model(row), answer=answer), author="admin")
    return time.monotonic()


class ExplainProcess:
    """``flask --app wsgi bot explain --json`` kept running: a second process with its own index."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "wsgi", "bot", "explain", "--json"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            bufsize=1,
        )

    def ask(self, text: str, timeout: float) -> dict[str, Any]:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, "explain process did not answer"
        result: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return result

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture
def other_process(app: Flask, base_env: dict[str, str]) -> Iterator[ExplainProcess]:
    proc = ExplainProcess({**os.environ, **base_env})
    yield proc
    proc.close()


@pytest.mark.slow
def test_an_edit_reaches_another_process_within_five_seconds(
    app: Flask, tmp_path: Path, other_process: ExplainProcess
) -> None:
    import_yaml(tmp_path, [entry("homestead-sale", QUESTION, OLD), entry("helmet", "骑电动车要戴头盔吗")])
    first = other_process.ask(QUESTION, timeout=60)
    assert first["faq_id"] == "homestead-sale" and first["reply"].startswith(OLD)

    changed_at = edit_answer(NEW)
    while True:
        result = other_process.ask(QUESTION, timeout=5)
        if result["reply"].startswith(NEW):
            break
        assert time.monotonic() - changed_at < 5, "the other process still answers the old text"
        time.sleep(0.1)
    assert time.monotonic() - changed_at < 5


def test_version_falls_back_to_the_database_when_redis_is_down(app: Flask, base_env: dict[str, str],
                                                               tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("homestead-sale", QUESTION, OLD)])
    other = create_app(_Config(base_env))
    other.redis = redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)  # type: ignore[attr-defined]

    def answer() -> str:
        with other.app_context():
            return service.consult(QUESTION, other).entries[0].answer

    assert answer() == OLD
    changed_at = edit_answer(NEW)
    while answer() != NEW:
        assert time.monotonic() - changed_at < 5
        time.sleep(0.1)
    with other.app_context():
        db.engine.dispose()


def test_a_flushed_redis_gets_the_version_back_from_the_database(
    app: Flask, redis_conn: redis.Redis, tmp_path: Path
) -> None:
    import_yaml(tmp_path, [entry("homestead-sale", QUESTION, OLD)])
    assert explain(app, QUESTION)["reply"].startswith(OLD)
    redis_conn.delete("kb:version")
    changed_at = edit_answer(NEW)
    while not explain(app, QUESTION)["reply"].startswith(NEW):
        assert time.monotonic() - changed_at < 5
        time.sleep(0.1)
    assert int(redis_conn.get("kb:version") or 0) > 0


def test_preload_hook_builds_the_index_before_the_first_message(app: Flask, base_env: dict[str, str],
                                                                tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("homestead-sale", QUESTION, OLD)])
    fresh = create_app(_Config(base_env))
    assert service.preload in fresh.extensions["fazhi.preload"]
    assert service.index_cache(fresh).built is None
    service.preload(fresh)
    built = service.index_cache(fresh).built
    assert built is not None and set(built.entries) == {"homestead-sale"}
    with fresh.app_context():
        db.engine.dispose()
