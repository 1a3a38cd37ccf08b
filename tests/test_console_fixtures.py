"""Shared fixtures and helpers for the console tests (imported by the test_console_* modules)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.audit import AuditEntry
from bot.cases.jobs import process_new_case
from bot.cases.models import Case
from bot.console.passwords import hash_password
from bot.extensions import db
from bot.org.models import User
from tests.test_cases_fixtures import new_case, office, seeded, staff  # noqa: F401

PASSWORD = "Huangbai2026"
# username: (office code or None, role, display name)
PEOPLE: dict[str, tuple[str | None, str, str]] = {
    "sfs_li": ("sfs", "staff", "李晓红"),
    "sfs_wang": ("sfs", "staff", "王建国"),
    "sfs_lead": ("sfs", "lead", "陈所长"),
    "pcs_zhao": ("pcs", "staff", "赵警官"),
    "hb_tw": ("huangbai-tw", "staff", "黄柏村调解员"),
    "admin": (None, "admin", "系统管理员"),
}


@pytest.fixture
def people(seeded: dict[str, Any]) -> dict[str, User]:  # noqa: F811
    """Staff of 司法所 (two staff, a lead), 派出所, 黄柏村调委会, and an admin; one password."""
    found: dict[str, User] = {}
    hashed = hash_password(PASSWORD)
    for username, (office_code, role, name) in PEOPLE.items():
        if office_code is None:
            user = User(username=username, display_name=name, role=role, wechat_openid=f"o_staff_{username}")
            db.session.add(user)
        else:
            user = staff(username, office_code, role=role)
            user.display_name = name
        user.password_hash = hashed
        found[username] = user
    db.session.commit()
    return found


def user(username: str) -> User:
    return db.session.query(User).filter_by(username=username).one()


def login(client: FlaskClient, username: str, password: str = PASSWORD, **kw: Any) -> Any:
    return client.post("/console/login", data={"username": username, "password": password}, **kw)


def logged_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    res = login(client, username)
    assert res.status_code == 302, res.get_data(as_text=True)
    return client


def routed_case(**kw: Any) -> Case:
    """A case that went through the worker's routing (office set, due dates set)."""
    case = new_case(**kw)
    process_new_case(case.id)
    db.session.refresh(case)
    return case


def sfs_case(**kw: Any) -> Case:
    """A labour dispute: routed to 司法所."""
    return routed_case(**{"category": "劳动", "description": "老板欠了我三个月工资，电话13800138000找不到人。", **kw})


def village_case(**kw: Any) -> Case:
    """A neighbour dispute in 黄柏村: routed to the village mediation committee."""
    return routed_case(**kw)


def act(client: FlaskClient, case: Case, key: str, **data: Any) -> Any:
    return client.post(f"/console/cases/{case.number}/do/{key}", data={f"{key}-{k}": v for k, v in data.items()})


def audits(action: str, target: str | None = None) -> list[AuditEntry]:
    query = db.session.query(AuditEntry).filter_by(action=action)
    if target is not None:
        query = query.filter_by(target=target)
    return query.order_by(AuditEntry.id).all()


def flashes(html: str) -> list[str]:
    return [re.sub(r"\s+", " ", m).strip() for m in re.findall(r'<p class="flash[^"]*"[^>]*>(.*?)</p>', html, re.S)]


def csrf_token(html: str, prefix: str = "") -> str:
    name = f"{prefix}-csrf_token" if prefix else "csrf_token"
    match = re.search(rf'name="{re.escape(name)}" type="hidden" value="([^"]+)"', html)
    assert match, f"no {name} in page"
    return match.group(1)
