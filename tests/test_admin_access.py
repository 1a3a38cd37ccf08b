"""The admin pages: each renders for an admin and is refused (403) to staff and leads; 试一试 is
for everyone signed in; the nav shows the admin entries to admins only."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from flask import Flask

from bot.cases.models import Holiday, RoutingRule
from bot.console.headers import CSP
from bot.extensions import db
from knowledge.models import UnansweredQuestion
from tests.support.kb import entry, import_yaml
from tests.test_console_fixtures import PASSWORD, csrf_token, logged_in, office, people, seeded, user  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")


@pytest.fixture
def kb(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", "老板拖欠工资不给怎么办", tags=["劳动"])])
    db.session.add(UnansweredQuestion(text="村里的路灯坏了找谁", candidates=[]))
    db.session.add(Holiday(day=date(2027, 2, 11), name="春节"))
    db.session.commit()


def admin_pages() -> list[str]:
    rule = db.session.query(RoutingRule).order_by(RoutingRule.id).first()
    assert rule is not None
    question = db.session.query(UnansweredQuestion).one()
    return [
        "/console/admin/", "/console/admin/faq", "/console/admin/faq?q=工资&status=published&validity=expired",
        "/console/admin/faq/new", "/console/admin/faq/wage-arrears/edit", "/console/admin/faq/wage-arrears/history",
        "/console/admin/faq/deleted", "/console/admin/faq/import", "/console/admin/faq/export.yaml",
        "/console/admin/faq/export.csv", "/console/admin/unanswered",
        f"/console/admin/unanswered/{question.id}/attach", f"/console/admin/faq/new?unanswered={question.id}",
        "/console/admin/offices", "/console/admin/offices/new", f"/console/admin/offices/{office('sfs').id}/edit",
        "/console/admin/villages", "/console/admin/villages/new", "/console/admin/routing",
        "/console/admin/routing/new", f"/console/admin/routing/{rule.id}/edit",
        "/console/admin/routing?case_type=mediation&category=邻里&village_id=1",
        "/console/admin/holidays", "/console/admin/holidays/new", "/console/admin/staff", "/console/admin/staff/new",
        f"/console/admin/staff/{user('sfs_li').id}", "/console/admin/time-limits", "/console/admin/menu",
        "/console/admin/menu/edit",
    ]


ADMIN_POSTS = [
    "/console/admin/faq/wage-arrears/delete", "/console/admin/faq/wage-arrears/unpublish",
    "/console/admin/faq/wage-arrears/restore/1", "/console/admin/faq/import", "/console/admin/menu/push",
    "/console/admin/time-limits", "/console/admin/holidays/2027-02-11/delete", "/console/admin/menu/edit",
    "/console/admin/menu/restore/1", "/console/admin/menu/default",
]


@pytest.mark.usefixtures("kb")
def test_every_admin_page_renders_for_an_admin(app: Flask) -> None:
    client = logged_in(app, "admin")
    for url in admin_pages():
        res = client.get(url)
        assert res.status_code == 200, (url, res.status_code, res.get_data(as_text=True)[:2000])
        if "export" not in url:
            assert res.headers["Content-Security-Policy"] == CSP and res.headers["Cache-Control"] == "no-store"
            assert "admin.css" in res.get_data(as_text=True)


@pytest.mark.usefixtures("kb")
@pytest.mark.parametrize("username", ["sfs_li", "sfs_lead"])
def test_staff_and_leads_get_403_everywhere_but_try_it(app: Flask, username: str) -> None:
    client = logged_in(app, username)
    for url in admin_pages():
        res = client.get(url)
        assert res.status_code == 403, url
        assert "您没有权限" in res.get_data(as_text=True)
    for url in ADMIN_POSTS + [f"/console/admin/staff/{user('admin').id}/token",
                              f"/console/admin/offices/{office('sfs').id}/toggle"]:
        assert client.post(url).status_code == 403, url
    assert client.get("/console/admin/try").status_code == 200
    page = client.get("/console/").get_data(as_text=True)
    assert "试一试" in page and "知识库" not in page and 'href="/console/admin/"' not in page


def test_signed_out_visitors_go_to_the_login(app: Flask) -> None:
    res = app.test_client().get("/console/admin/faq")
    assert res.status_code == 302 and "/console/login" in res.headers["Location"]


def test_admin_nav_has_the_admin_entries(app: Flask) -> None:
    page = logged_in(app, "admin").get("/console/").get_data(as_text=True)
    for label, url in (("知识库", "/console/admin/faq"), ("试一试", "/console/admin/try"), ("设置", "/console/admin/")):
        assert f'href="{url}"' in page and label in page


@pytest.mark.usefixtures("kb")
@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_every_admin_form_carries_a_token_and_posts_without_one_fail(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    client.post("/console/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    seen = 0
    for url in admin_pages() + ["/console/admin/try"]:
        html = client.get(url).get_data(as_text=True)
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            assert "csrf_token" in form, (url, form[:200])
            seen += 1
    assert seen >= 40
    res = client.post("/console/admin/faq/wage-arrears/delete")
    assert res.status_code == 400 and "页面可能已经过期" in res.get_data(as_text=True)
    assert client.get("/console/admin/faq/wage-arrears/edit").status_code == 200
