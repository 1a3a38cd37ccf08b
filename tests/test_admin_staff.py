"""Staff accounts: create with a one-time temporary password (that signs in) or a chosen one,
edit role and offices, switch off, set or reset a password, unlock, and the API token shown once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.console.passwords import verify_password
from bot.console_admin.credentials import hash_api_token
from bot.extensions import db
from bot.models import utcnow
from bot.org.models import User
from tests.test_console_fixtures import PASSWORD, audits, flashes, logged_in, login, office, people, seeded, user  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


def secret(html: str) -> str:
    match = re.search(r'<p class="secret mono" id="secret">(.*?)</p>', html)
    assert match, html
    return match.group(1)


def fresh(username: str) -> User:
    db.session.expire_all()
    return user(username)


def account(**over: object) -> dict[str, object]:
    return {"username": "xfb_liu", "display_name": "刘信访", "role": "staff", "office_ids": [str(office("xfb").id)],
            "wechat_openid": "", "on_duty": "y", "active": "y", "password_mode": "temporary", **over}


def test_create_with_a_temporary_password_shown_once_that_signs_in(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/staff/new", data=account())
    assert res.status_code == 200
    password = secret(res.get_data(as_text=True))
    assert re.fullmatch(r"[A-Za-z2-9]{4}-[A-Za-z2-9]{4}-[A-Za-z2-9]{4}", password)
    created = fresh("xfb_liu")
    assert created.display_name == "刘信访" and [o.code for o in created.offices] == ["xfb"]
    assert created.password_hash and password not in created.password_hash and verify_password(created.password_hash,
                                                                                                password)
    assert password not in admin.get(f"/console/admin/staff/{created.id}").get_data(as_text=True)
    entry = audits("user.create", f"user:{created.id}")[0]
    assert entry.details == {"role": "staff", "offices": ["xfb"], "temporary": True}
    assert password not in str(entry.details)
    assert login(app.test_client(), "xfb_liu", password).status_code == 302


def test_create_with_a_chosen_password_checks_it(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/staff/new", data=account(password_mode="set", password="12345678",
                                                              confirm="12345678"))
    assert res.status_code == 400 and "密码太简单了，请混合使用字母和数字。" in res.get_data(as_text=True)
    res = admin.post("/console/admin/staff/new", data=account(username="SFS_LI", password_mode="set",
                                                              password="Good-pass-2026", confirm="Good-pass-2026"))
    assert "用户名 SFS_LI 已被使用。" in res.get_data(as_text=True)
    res = admin.post("/console/admin/staff/new", data=account(password_mode="set", password="Good-pass-2026",
                                                              confirm="Good-pass-2026", role="lead"))
    assert res.status_code == 302
    assert fresh("xfb_liu").role == "lead"
    assert login(app.test_client(), "xfb_liu", "Good-pass-2026").status_code == 302


def test_edit_role_offices_and_switch_off(app: Flask, admin: FlaskClient) -> None:
    li = user("sfs_li")
    client = logged_in(app, "sfs_li")
    data = {"display_name": "李晓红", "role": "lead", "office_ids": [str(office("sfs").id), str(office("pcs").id)],
            "wechat_openid": "o_li_new", "on_duty": "", "active": "y"}
    assert admin.post(f"/console/admin/staff/{li.id}", data=data).status_code == 302
    li = fresh("sfs_li")
    assert (li.role, li.wechat_openid, li.on_duty) == ("lead", "o_li_new", False)
    assert sorted(o.code for o in li.offices) == ["pcs", "sfs"]
    assert set(audits("user.update", f"user:{li.id}")[0].details["changed"]) == {"role", "wechat_openid", "on_duty",
                                                                                  "offices"}
    admin.post(f"/console/admin/staff/{li.id}", data={**data, "active": ""})
    assert not fresh("sfs_li").active
    assert client.get("/console/").status_code == 302  # the switched-off account's session ends


def test_an_admin_cannot_lock_themselves_out(app: Flask, admin: FlaskClient) -> None:
    me = user("admin")
    res = admin.post(f"/console/admin/staff/{me.id}", data={"display_name": "管理员", "role": "staff", "active": "y"})
    assert res.status_code == 400 and "不能停用自己的账号" in res.get_data(as_text=True)
    assert admin.post(f"/console/admin/staff/{me.id}/password", data={"pw-password": "x"}).status_code == 403
    assert fresh("admin").role == "admin"


def test_set_password_and_temporary_password_end_other_sessions(app: Flask, admin: FlaskClient) -> None:
    li = user("sfs_li")
    client = logged_in(app, "sfs_li")
    res = admin.post(f"/console/admin/staff/{li.id}/password", data={"pw-password": "short", "pw-confirm": "short"})
    assert res.status_code == 400 and "密码至少需要 8 位。" in res.get_data(as_text=True)
    res = admin.post(f"/console/admin/staff/{li.id}/password",
                     data={"pw-password": "New-pass-2026", "pw-confirm": "New-pass-2026"})
    assert res.status_code == 302 and audits("user.password", f"user:{li.id}")
    assert client.get("/console/").status_code == 302
    assert login(app.test_client(), "sfs_li", PASSWORD).status_code == 200  # the old one no longer works
    assert login(app.test_client(), "sfs_li", "New-pass-2026").status_code == 302

    password = secret(admin.post(f"/console/admin/staff/{li.id}/temporary-password").get_data(as_text=True))
    assert login(app.test_client(), "sfs_li", password).status_code == 302
    assert audits("user.temporary_password", f"user:{li.id}")


def test_unlock_a_locked_account(app: Flask, admin: FlaskClient) -> None:
    for _ in range(5):
        login(app.test_client(), "sfs_li", "wrong-password")
    li = fresh("sfs_li")
    assert li.locked_until is not None
    page = admin.get(f"/console/admin/staff/{li.id}").get_data(as_text=True)
    assert "已锁定" in page and "解除锁定" in page
    assert "已锁定" in admin.get("/console/admin/staff").get_data(as_text=True)
    res = admin.post(f"/console/admin/staff/{li.id}/unlock")
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True)) == ["李晓红 的账号已解锁，可以马上登录。"]
    li = fresh("sfs_li")
    assert li.locked_until is None and li.failed_logins == 0 and audits("user.unlock", f"user:{li.id}")
    assert login(app.test_client(), "sfs_li").status_code == 302


def test_api_token_is_shown_once_stored_as_a_hash_and_can_be_revoked(app: Flask, admin: FlaskClient) -> None:
    li = user("sfs_li")
    first = secret(admin.post(f"/console/admin/staff/{li.id}/token").get_data(as_text=True))
    assert first.startswith("fz_") and len(first) > 40
    assert fresh("sfs_li").api_token_hash == hash_api_token(first)
    assert first not in admin.get(f"/console/admin/staff/{li.id}").get_data(as_text=True)
    second = secret(admin.post(f"/console/admin/staff/{li.id}/token").get_data(as_text=True))
    assert second != first and fresh("sfs_li").api_token_hash == hash_api_token(second)
    assert [e.details for e in audits("user.token_reset", f"user:{li.id}")] == [{"replaced": False},
                                                                               {"replaced": True}]
    admin.post(f"/console/admin/staff/{li.id}/token/revoke")
    assert fresh("sfs_li").api_token_hash is None and audits("user.token_revoke", f"user:{li.id}")


def test_lock_time_shown_is_in_the_future(app: Flask, admin: FlaskClient) -> None:
    li = user("sfs_li")
    li.locked_until = utcnow() - timedelta(minutes=1)  # expired lock: not shown as locked
    db.session.commit()
    assert "输错密码次数太多" not in admin.get(f"/console/admin/staff/{li.id}").get_data(as_text=True)


def test_a_token_made_here_signs_in_to_the_api(app: Flask, admin: FlaskClient) -> None:
    tokens = pytest.importorskip("bot.api.tokens")
    li = user("sfs_li")
    token = secret(admin.post(f"/console/admin/staff/{li.id}/token").get_data(as_text=True))
    found = tokens.user_for_token(token)
    assert found is not None and found.id == li.id


def test_a_password_the_admin_gave_must_be_replaced_before_anything_else(app: Flask, admin: FlaskClient) -> None:
    password = secret(admin.post("/console/admin/staff/new", data=account()).get_data(as_text=True))
    client = app.test_client()
    assert login(client, "xfb_liu", password).status_code == 302
    for path in ("/console/", "/console/stats/", "/console/admin/"):
        res = client.get(path)
        assert res.status_code == 302 and res.headers["Location"].endswith("/console/account"), path
    page = client.get("/console/account").get_data(as_text=True)
    assert "请先把管理员给的密码改成只有您自己知道的密码" in page
    same = client.post("/console/account/password", data={"pw-current": password, "pw-new": password,
                                                          "pw-confirm": password})
    assert same.status_code == 400 and client.get("/console/").status_code == 302
    res = client.post("/console/account/password", data={"pw-current": password, "pw-new": "Liu-own-pass-2026",
                                                         "pw-confirm": "Liu-own-pass-2026"})
    assert res.status_code == 302
    assert client.get("/console/").status_code == 200 and not fresh("xfb_liu").settings.get("must_change_password")
    # a temporary password set later by the admin asks for a change again
    liu = fresh("xfb_liu")
    temporary = secret(admin.post(f"/console/admin/staff/{liu.id}/temporary-password").get_data(as_text=True))
    again = app.test_client()
    assert login(again, "xfb_liu", temporary).status_code == 302
    assert again.get("/console/").headers["Location"].endswith("/console/account")
