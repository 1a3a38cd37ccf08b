"""The WeChat menu edited in the console: saved versions are the menu (``bot.menu.current_menu``)
for the page, the console push, the CLI push and the welcome text; bad menus are refused field by
field and nothing is stored; restore; audit; admins only."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.extensions import db
from bot.menu import MENU_KEYS, MenuError, current_menu, load_menu, menu_problems, save_menu
from bot.models import MenuVersion
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import WeChatHelper
from tests.test_console_fixtures import (  # noqa: F401
    PASSWORD,
    audits,
    csrf_token,
    flashes,
    logged_in,
    people,
    seeded,
    user,
)

pytestmark = pytest.mark.usefixtures("people")
EDIT = "/console/admin/menu/edit"


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


def grid(**rows: Any) -> dict[str, str]:
    """A posted grid: every row blank and in grid order, then the given fields (``t0_name=...``)."""
    data = {}
    for i in range(3):
        for prefix, pos in [(f"t{i}", i + 1)] + [(f"t{i}s{j}", j + 1) for j in range(5)]:
            data.update({f"{prefix}_name": "", f"{prefix}_action": "", f"{prefix}_url": "", f"{prefix}_pos": str(pos)})
    data.update({k: str(v) for k, v in rows.items()})
    return data


VALID = grid(
    t0_name="问法律", t0_action="click:MENU_FAQ",
    t1_name="找我们办", t1s0_name="咨询律师", t1s0_action="click:MENU_CONSULT",
    t1s1_name="调解纠纷", t1s1_action="click:MENU_MEDIATION",
    t1s2_name="政务服务网", t1s2_action="view", t1s2_url="https://www.sczwfw.gov.cn/",
    t2_name="查进度", t2_action="click:MENU_STATUS",
)
EXPECTED = {"button": [
    {"name": "问法律", "type": "click", "key": "MENU_FAQ"},
    {"name": "找我们办", "sub_button": [
        {"name": "咨询律师", "type": "click", "key": "MENU_CONSULT"},
        {"name": "调解纠纷", "type": "click", "key": "MENU_MEDIATION"},
        {"name": "政务服务网", "type": "view", "url": "https://www.sczwfw.gov.cn/"}]},
    {"name": "查进度", "type": "click", "key": "MENU_STATUS"},
]}


def errors(res: TestResponse) -> list[str]:
    html = res.get_data(as_text=True)
    return re.findall(r'<(?:span class="field-error"|p class="flash flash-error"[^>]*)>(.*?)</', html)


def field_errors(res: TestResponse, field: str) -> list[str]:
    """The errors shown in the label that holds ``field`` (next to it, not at the top)."""
    html = res.get_data(as_text=True)
    match = re.search(rf'<label[^>]*>(?:(?!</label>).)*?name="{field}"(?:(?!</label>).)*</label>', html, re.S)
    assert match, f"no {field} on the page"
    return re.findall(r'<span class="field-error">(.*?)</span>', match.group(0))


def test_the_edit_page_starts_from_the_current_menu_and_offers_only_known_keys(admin: FlaskClient) -> None:
    html = admin.get(EDIT).get_data(as_text=True)
    assert 'value="普法问答"' in html and 'value="意见建议"' in html
    assert '<option selected value="click:MENU_STATUS">' in html
    for key, words in MENU_KEYS.items():
        assert f'<option value="click:{key}">{words}</option>' in html or f'value="click:{key}">{words}' in html
    assert "开始法律咨询登记" in html and "推送到微信" in html


def test_a_saved_menu_is_the_current_one_and_the_push_sends_it(
        app: Flask, admin: FlaskClient, fake_wechat: FakeWeChat) -> None:
    assert current_menu() == load_menu()
    assert "还没有推送记录" in admin.get("/console/admin/menu").get_data(as_text=True)
    admin.post("/console/admin/menu/push")  # the shipped menu, as on the day the account went live
    assert "和上次推送到微信的一样" in admin.get("/console/admin/menu").get_data(as_text=True)
    res = admin.post(EDIT, data=VALID)
    assert res.status_code == 302, errors(res)
    page = admin.get(res.headers["Location"]).get_data(as_text=True)
    assert "还看不到" in flashes(page)[-1] and "推送到微信" in flashes(page)[-1]
    assert current_menu() == EXPECTED
    version = db.session.query(MenuVersion).one()
    assert version.saved_by == "admin" and version.menu == EXPECTED
    assert "改过了，还没有推送到微信" in page and "找我们办" in page and "第 1 版" in page

    fake_wechat.reset()
    assert fake_wechat.records("menu") == []  # saving pushed nothing
    res = admin.post("/console/admin/menu/push")
    assert res.status_code == 302
    assert fake_wechat.records("menu") == [EXPECTED]
    assert "和上次推送到微信的一样" in admin.get("/console/admin/menu").get_data(as_text=True)


def test_the_position_selects_order_the_buttons(admin: FlaskClient) -> None:
    data = {**VALID, "t0_pos": "3", "t2_pos": "1", "t1s0_pos": "5"}
    assert admin.post(EDIT, data=data).status_code == 302
    menu = current_menu()
    assert [b["name"] for b in menu["button"]] == ["查进度", "找我们办", "问法律"]
    assert [b["name"] for b in menu["button"][1]["sub_button"]] == ["调解纠纷", "政务服务网", "咨询律师"]


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"t0_name": "普法问答小助手"}, "t0_name", "菜单名称最多 16 个字节（约 5 个汉字），现在是 21 个字节。"),
    ({"t1s0_name": "长" * 21}, "t1s0_name", "子菜单名称最多 60 个字节（约 20 个汉字），现在是 63 个字节。"),
    ({"t1_name": ""}, "t1_name", "请填写按钮名称。"),
    ({"t1s1_name": ""}, "t1s1_name", "请填写按钮名称。"),  # an action without a name is not a blank row
    ({"t1s2_url": "http://www.sczwfw.gov.cn/"}, "t1s2_url", "网址要以 https:// 开头（微信只打开安全链接）。"),
    ({"t1s2_url": ""}, "t1s2_url", "请填写网址。"),
    ({"t2_action": ""}, "t2_action", "请选择点击后做什么。"),
    ({"t2_action": "click:MENU_REBOOT"}, "t2_action", None),  # not offered: refused by the select
])
def test_bad_menus_are_refused_next_to_the_field_and_nothing_is_saved(
        admin: FlaskClient, change: dict[str, str], field: str, message: str | None) -> None:
    res = admin.post(EDIT, data={**VALID, **change})
    assert res.status_code == 400
    shown = field_errors(res, field)
    assert shown and (message is None or shown == [message]), errors(res)
    assert db.session.query(MenuVersion).count() == 0 and not audits("menu.save")
    assert current_menu() == load_menu()


def test_an_empty_grid_is_refused(admin: FlaskClient) -> None:
    res = admin.post(EDIT, data=grid())
    assert res.status_code == 400 and "菜单至少要有 1 个按钮。" in errors(res)
    assert db.session.query(MenuVersion).count() == 0


def test_the_shared_check_refuses_too_many_buttons_unknown_keys_and_http(app: Flask) -> None:
    four = {"button": [{"name": f"第{n}", "type": "click", "key": "MENU_FAQ"} for n in range(4)]}
    assert [p.message for p in menu_problems(four)] == ["菜单最多 3 个按钮，现在有 4 个。"]
    six = {"button": [{"name": "办事", "sub_button": [{"name": f"子{n}", "type": "click", "key": "MENU_FAQ"}
                                                      for n in range(6)]}]}
    assert [p.message for p in menu_problems(six)] == ["子菜单要有 1 到 5 个。"]
    unknown = {"button": [{"name": "重启", "type": "click", "key": "MENU_REBOOT"}]}
    assert "不是本系统能处理的按钮功能" in menu_problems(unknown)[0].message
    http = {"button": [{"name": "网站", "type": "view", "url": "http://example.cn/"}]}
    assert menu_problems(http)[0].field == "url"
    for bad in (four, six, unknown, http):
        with pytest.raises(MenuError):
            save_menu(bad, user("admin"))
    assert db.session.query(MenuVersion).count() == 0
    assert menu_problems(load_menu()) == []


def test_every_offered_key_is_handled_and_the_file_uses_only_offered_keys(wechat: WeChatHelper) -> None:
    unknown = wechat.click("MENU_NOBODY_HANDLES_THIS")
    for key in MENU_KEYS:
        reply = wechat.click(key, openid=f"o_key_{key.lower()}")
        assert reply and reply != unknown, key
    file_keys = {b["key"] for top in load_menu()["button"] for b in top.get("sub_button") or [top]}
    assert file_keys <= set(MENU_KEYS)


def test_the_welcome_quotes_the_saved_names(admin: FlaskClient, wechat: WeChatHelper) -> None:
    assert admin.post(EDIT, data=VALID).status_code == 302
    text = wechat.event("subscribe", "o_menu_new") or ""
    assert "“问法律”" in text and "点“找我们办”里的“咨询律师”" in text and "“查进度”" in text
    assert "“我要办事”" not in text and "“办理进度”" not in text


def test_the_cli_push_uses_the_saved_menu(app: Flask, admin: FlaskClient, fake_wechat: FakeWeChat) -> None:
    assert admin.post(EDIT, data=VALID).status_code == 302
    fake_wechat.reset()
    result = app.test_cli_runner().invoke(args=["wechat", "menu", "push"])
    assert result.exit_code == 0, result.output
    assert fake_wechat.records("menu") == [EXPECTED] and "问法律, 找我们办, 查进度" in result.output
    entry = audits("menu.push", "wechat_menu")[-1]
    saved = db.session.query(MenuVersion).one()
    assert entry.actor == "cli" and entry.details["version"] == saved.number == 1
    show = app.test_cli_runner().invoke(args=["wechat", "menu", "show"])
    assert "找我们办" in show.output


def test_restore_and_back_to_the_file_are_new_versions_and_audited(admin: FlaskClient) -> None:
    assert admin.post(EDIT, data=VALID).status_code == 302
    res = admin.post(EDIT, data=VALID)  # the same again: no new version
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1] == "没有改动，没有保存新版本。"
    assert admin.post(EDIT, data={**VALID, "t0_name": "普法"}).status_code == 302
    assert current_menu()["button"][0]["name"] == "普法"
    # versions are numbered 1, 2, 3 ... whatever the row ids (PostgreSQL's are not reset between tests)
    assert [v.number for v in db.session.query(MenuVersion).order_by(MenuVersion.id)] == [1, 2]
    page = admin.get("/console/admin/menu").get_data(as_text=True)
    assert "恢复这一版" in page and "第 2 版" in page

    res = admin.post("/console/admin/menu/restore/1")
    assert res.status_code == 302
    assert "已把第 1 版恢复为第 3 版。" in flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1]
    assert current_menu() == EXPECTED
    third = db.session.query(MenuVersion).order_by(MenuVersion.id.desc()).first()
    assert third is not None and third.number == 3 and third.restored_from == 1 and third.saved_by == "admin"
    assert "（恢复自第 1 版）" in admin.get("/console/admin/menu").get_data(as_text=True)

    assert admin.post("/console/admin/menu/default").status_code == 302
    assert current_menu() == load_menu()
    assert admin.post("/console/admin/menu/restore/99").status_code == 302
    assert db.session.query(MenuVersion).count() == 4  # the missing version restored nothing
    first, second = 1, 2

    saves, restores = audits("menu.save", "wechat_menu"), audits("menu.restore", "wechat_menu")
    assert [(e.actor, e.details["version"]) for e in saves] == [("admin", first), ("admin", second)]
    assert [e.details["from"] for e in restores] == [first, "file"]
    assert saves[0].details["buttons"] == ["问法律", "找我们办", "查进度"]


@pytest.mark.parametrize("username", ["sfs_li", "sfs_lead"])
def test_staff_cannot_edit_restore_or_push(app: Flask, username: str, fake_wechat: FakeWeChat) -> None:
    client = logged_in(app, username)
    assert client.get(EDIT).status_code == 403
    for url in (EDIT, "/console/admin/menu/restore/1", "/console/admin/menu/default", "/console/admin/menu/push"):
        res = client.post(url, data=VALID)
        assert res.status_code == 403, url
    assert db.session.query(MenuVersion).count() == 0 and not audits("menu.save") and not audits("menu.push")


@pytest.mark.config(WTF_CSRF_ENABLED=True)
def test_every_menu_form_needs_its_token(app: Flask) -> None:
    client = app.test_client()
    token = csrf_token(client.get("/console/login").get_data(as_text=True))
    client.post("/console/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    assert client.post(EDIT, data=VALID).status_code == 400  # no token
    assert client.post("/console/admin/menu/default").status_code == 400
    assert db.session.query(MenuVersion).count() == 0
    edit = client.get(EDIT).get_data(as_text=True)
    assert client.post(EDIT, data={**VALID, "csrf_token": csrf_token(edit)}).status_code == 302
    assert client.post(EDIT, data={**VALID, "t0_name": "普法", "csrf_token": csrf_token(edit)}).status_code == 302
    page = client.get("/console/admin/menu").get_data(as_text=True)
    forms = re.findall(r'<form[^>]*method="post".*?</form>', page, re.S)
    assert len(forms) == 4 and all("csrf_token" in form for form in forms)  # logout, push, restore v1, the file
    assert client.post("/console/admin/menu/restore/1").status_code == 400
    assert db.session.query(MenuVersion).count() == 2


def test_version_numbers_have_no_gaps_even_when_row_ids_do(admin: FlaskClient) -> None:
    """A rolled-back insert uses up a PostgreSQL id; the number admins see does not skip."""
    assert admin.post(EDIT, data=VALID).status_code == 302
    db.session.add(MenuVersion(number=2, menu=None, saved_by="x"))
    db.session.flush()  # on PostgreSQL this takes an id from the sequence for good
    db.session.rollback()
    assert admin.post(EDIT, data={**VALID, "t0_name": "普法"}).status_code == 302
    rows = db.session.query(MenuVersion).order_by(MenuVersion.id).all()
    assert [v.number for v in rows] == [1, 2]
    assert "菜单已保存为第 2 版" in flashes(admin.get("/console/admin/menu").get_data(as_text=True))[-1]


def test_two_versions_cannot_share_a_number(admin: FlaskClient) -> None:
    from sqlalchemy.exc import IntegrityError

    assert admin.post(EDIT, data=VALID).status_code == 302
    db.session.add(MenuVersion(number=1, menu=None, saved_by="x"))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
