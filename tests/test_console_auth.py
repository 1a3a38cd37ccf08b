"""Console sign-in: sessions, lock-out, idle timeout, CSRF, logout, password change."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from flask import Flask

from bot.cases.clock import aware
from bot.console.auth import IDLE_LOGOUT, LOGIN_FAILED, SEEN_KEY
from bot.extensions import db
from bot.models import utcnow
from bot.org.models import User
from tests.test_console_fixtures import (  # noqa: F401
    PASSWORD,
    act,
    audits,
    csrf_token,
    flashes,
    logged_in,
    login,
    people,
    seeded,
    sfs_case,
)
from tests.test_console_fixtures import seeded as _seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")


def test_login_page_and_redirect_when_signed_out(app: Flask) -> None:
    client = app.test_client()
    page = client.get("/console/login")
    assert page.status_code == 200 and "工作人员登录" in page.get_data(as_text=True)
    res = client.get("/console/")
    assert res.status_code == 302 and "/console/login" in res.headers["Location"]


def test_login_lands_on_queue_and_is_audited(app: Flask) -> None:
    client = app.test_client()
    res = login(client, "sfs_li", headers={"User-Agent": "TestPhone/1.0"})
    assert res.status_code == 302 and res.headers["Location"].endswith("/console/")
    page = client.get("/console/").get_data(as_text=True)
    assert "新事项" in page and "我的账号" in page
    entry = audits("auth.login")[-1]
    assert entry.actor == "sfs_li" and entry.ip == "127.0.0.1" and entry.user_agent == "TestPhone/1.0"


def test_next_parameter_only_inside_the_console(app: Flask) -> None:
    client = app.test_client()
    res = login(client, "sfs_li", query_string={"next": "https://evil.example/console"})
    assert res.headers["Location"].endswith("/console/")
    client = app.test_client()
    res = login(client, "sfs_li", query_string={"next": "/console/account"})
    assert res.headers["Location"].endswith("/console/account")


def test_unknown_user_and_wrong_password_get_the_same_answer(app: Flask) -> None:
    unknown = app.test_client().post("/console/login", data={"username": "nobody", "password": "x" * 10})
    wrong = app.test_client().post("/console/login", data={"username": "sfs_li", "password": "x" * 10})
    assert unknown.status_code == wrong.status_code == 200
    assert flashes(unknown.get_data(as_text=True)) == flashes(wrong.get_data(as_text=True)) == [LOGIN_FAILED]
    assert db.session.query(User).filter_by(username="sfs_li").one().failed_logins == 1
    assert {e.details["reason"] for e in audits("auth.login_failed")} == {"unknown", "password"}


def test_five_failures_lock_the_account_for_fifteen_minutes(app: Flask) -> None:
    client = app.test_client()
    for _ in range(5):
        login(client, "sfs_li", "wrong-password")
    user = db.session.query(User).filter_by(username="sfs_li").one()
    db.session.refresh(user)
    assert user.locked_until is not None
    locked_for = aware(user.locked_until) - utcnow()
    assert timedelta(minutes=14) < locked_for <= timedelta(minutes=15)
    res = login(client, "sfs_li")  # the right password, but locked: same message
    assert res.status_code == 200 and flashes(res.get_data(as_text=True)) == [LOGIN_FAILED]
    assert audits("auth.login_failed")[-1].details["reason"] == "locked"
    user.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert login(client, "sfs_li").status_code == 302
    db.session.refresh(user)
    assert user.failed_logins == 0 and user.locked_until is None


def test_inactive_account_cannot_sign_in_and_its_session_ends(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    user = db.session.query(User).filter_by(username="sfs_li").one()
    user.active = False
    db.session.commit()
    assert client.get("/console/").status_code == 302
    assert login(app.test_client(), "sfs_li").status_code == 200


def test_logout_needs_post_and_ends_the_session(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    assert client.get("/console/logout").status_code == 405
    res = client.post("/console/logout")
    assert res.status_code == 302 and "/console/login" in res.headers["Location"]
    assert client.get("/console/").status_code == 302
    assert audits("auth.logout")[-1].actor == "sfs_li"


def test_idle_session_times_out(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    assert client.get("/console/").status_code == 200
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 31 * 60
    res = client.get("/console/account")
    assert res.status_code == 302 and "/console/login" in res.headers["Location"]
    page = client.get(res.headers["Location"]).get_data(as_text=True)
    assert IDLE_LOGOUT in page
    assert client.get("/console/").status_code == 302
    assert audits("auth.timeout")


@pytest.mark.config(CONSOLE_IDLE_MINUTES=1)
def test_idle_limit_comes_from_config(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 61
    assert client.get("/console/").status_code == 302


def test_activity_keeps_the_session_alive(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    with client.session_transaction() as session:
        session[SEEN_KEY] = time.time() - 29 * 60
    assert client.get("/console/").status_code == 200
    with client.session_transaction() as session:
        assert time.time() - session[SEEN_KEY] < 5


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_csrf_token_required_on_every_console_form(app: Flask, wechat: object) -> None:
    client = app.test_client()
    assert client.post("/console/login", data={"username": "sfs_li", "password": PASSWORD}).status_code == 400
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    res = client.post("/console/login", data={"username": "sfs_li", "password": PASSWORD, "csrf_token": token})
    assert res.status_code == 302
    case = sfs_case()
    before = len(case.events)
    res = act(client, case, "note", text="没有令牌")
    assert res.status_code == 400 and "页面可能已经过期" in res.get_data(as_text=True)
    db.session.refresh(case)
    assert len(case.events) == before
    page = client.get(f"/console/cases/{case.number}").get_data(as_text=True)
    res = act(client, case, "note", text="有令牌", csrf_token=csrf_token(page, "note"))
    assert res.status_code == 302
    assert client.post("/console/logout").status_code == 400
    # The webhook is not a form: WeChat's POSTs must not need a token.
    assert wechat.text("帮助") is not None  # type: ignore[attr-defined]


def test_password_change_ends_other_sessions(app: Flask) -> None:
    phone, desk = logged_in(app, "sfs_li"), logged_in(app, "sfs_li")
    res = phone.post("/console/account/password",
                     data={"pw-current": PASSWORD, "pw-new": "Qinglong77", "pw-confirm": "Qinglong77"})
    assert res.status_code == 302
    assert phone.get("/console/").status_code == 200
    assert desk.get("/console/").status_code == 302
    assert login(app.test_client(), "sfs_li", "Qinglong77").status_code == 302
    assert audits("account.password")


@pytest.mark.parametrize("current,new,confirm,message", [
    ("wrong-password", "Qinglong77", "Qinglong77", "当前密码不对"),
    (PASSWORD, "short1", "short1", "至少需要 8 位"),
    (PASSWORD, "12345678", "12345678", "太简单"),
    (PASSWORD, "Qinglong77", "Qinglong78", "两次输入的新密码不一样"),
])
def test_password_change_refusals(app: Flask, current: str, new: str, confirm: str, message: str) -> None:
    client = logged_in(app, "sfs_li")
    res = client.post("/console/account/password", data={"pw-current": current, "pw-new": new, "pw-confirm": confirm})
    assert res.status_code == 400 and message in res.get_data(as_text=True)
    assert login(app.test_client(), "sfs_li").status_code == 302


def test_staff_sets_openid_for_notices(app: Flask) -> None:
    client = logged_in(app, "sfs_li")
    res = client.post("/console/account/notices", data={"notice-wechat_openid": "oAbc_123-x", "notice-on_duty": "y"})
    assert res.status_code == 302
    user = db.session.query(User).filter_by(username="sfs_li").one()
    db.session.refresh(user)
    assert user.wechat_openid == "oAbc_123-x" and user.on_duty
    res = client.post("/console/account/notices", data={"notice-wechat_openid": "<script>"})
    assert res.status_code == 400
    client.post("/console/account/notices", data={"notice-wechat_openid": ""})
    db.session.refresh(user)
    assert user.wechat_openid is None and not user.on_duty


def test_account_made_with_users_create_can_sign_in(app: Flask) -> None:
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "sfs_new", "--office", "sfs", "--display-name", "新同事"],
                           input="Shiqiao2026\nShiqiao2026\n")
    assert result.exit_code == 0, result.output
    client = app.test_client()
    assert login(client, "sfs_new", "Shiqiao2026").status_code == 302
    assert "新同事" in client.get("/console/account").get_data(as_text=True)


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_every_form_on_every_page_carries_a_token(app: Flask) -> None:
    import re

    from bot.console.quick_replies import seed_quick_replies

    seed_quick_replies()
    client = app.test_client()
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    client.post("/console/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    case = sfs_case()
    pages = ["/console/", f"/console/cases/{case.number}", "/console/account", "/console/admin/quick-replies",
             "/console/admin/quick-replies/new"]
    seen = 0
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        for form in re.findall(r'<form[^>]*method="post".*?</form>', html, re.S):
            assert "csrf_token" in form, (url, form[:200])
            seen += 1
    assert seen >= 12


def test_session_cookie_is_short_lived_httponly_and_samesite(app: Flask) -> None:
    res = login(app.test_client(), "sfs_li")
    cookie = res.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie
    assert app.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=30)
    assert not app.config["SESSION_COOKIE_SECURE"]  # tests run over plain HTTP; production sets it


def test_production_cookie_is_secure(redis_url: str) -> None:
    from bot import create_app
    from bot.config import Config

    prod = create_app(Config({"SECRET_KEY": "x", "REDIS_URL": redis_url, "DATABASE_URL": "sqlite://"}))
    assert prod.config["SESSION_COOKIE_SECURE"] and prod.config["WTF_CSRF_ENABLED"] is not False


def test_console_settings_from_the_environment(redis_url: str) -> None:
    from bot import create_app
    from bot.config import Config
    from bot.console.auth import init_auth

    prod = create_app(Config({"SECRET_KEY": "x", "REDIS_URL": redis_url, "DATABASE_URL": "sqlite://"}))
    prod.config.pop("CONSOLE_IDLE_MINUTES")
    init_auth(prod, {"FAZHI_CONSOLE_IDLE_MINUTES": "10", "FAZHI_CONSOLE_INSECURE_COOKIE": "1"})
    assert prod.config["CONSOLE_IDLE_MINUTES"] == 10
    assert prod.config["PERMANENT_SESSION_LIFETIME"] == timedelta(minutes=10)
