"""Shared fixtures and helpers for the case tests (imported by the test_cases_* modules)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.cases.models import Case
from bot.cases.seed import seed_all
from bot.cases.service import create_case
from bot.extensions import db
from bot.org.models import Office, User, Village


@pytest.fixture
def seeded(app: Flask) -> dict[str, Any]:
    """Offices, villages and routing rules from bot/data."""
    return seed_all()


def office(code: str) -> Office:
    return db.session.query(Office).filter_by(code=code).one()


def village(code: str) -> Village:
    return db.session.query(Village).filter_by(code=code).one()


def staff(username: str, office_code: str, *, role: str = "staff", openid: str | None = None,
          on_duty: bool = True) -> User:
    user = User(username=username, display_name=username, role=role, wechat_openid=openid or f"o_staff_{username}",
                on_duty=on_duty)
    user.offices.append(office(office_code))
    db.session.add(user)
    db.session.commit()
    return user


def new_case(openid: str = "o_resident_1", case_type: str = "mediation", *, category: str | None = "邻里",
             village_code: str | None = "huangbai", description: str = "邻居家的树枝伸到我家院子里，协商不成。",
             phone: str | None = "13800138000", key: str | None = None, media_ids: list[int] | None = None) -> Case:
    return create_case(openid=openid, case_type=case_type, description=description,
                       village_id=village(village_code).id if village_code else None, phone=phone,
                       details={"parties": "张三、李四"}, media_ids=media_ids or [],
                       idempotency_key=key or uuid.uuid4().hex, category=category)


@contextmanager
def running_worker(base_env: dict[str, str], tmp_root: Path, name: str = "w") -> Iterator[subprocess.Popen[bytes]]:
    """A real worker process started (and stopped) by the test itself, e.g. to kill it mid-job."""
    from tests.conftest import ROOT, _wait_for_worker, stop_group

    log_path = tmp_root / f"cases-worker-{name}-{time.monotonic_ns()}.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, str(ROOT / "worker.py")], cwd=ROOT, env={**os.environ, **base_env},
                                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_worker(base_env["REDIS_URL"], proc, log_path)
        yield proc
    finally:
        stop_group(proc)
