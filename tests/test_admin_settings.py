"""Settings pages: offices and who works there, villages, routing rules (validated, with the
"where would it go" tester), holidays, time limits that change new deadlines, and the menu push."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from bot.cases.calendar import is_workday
from bot.cases.clock import local
from bot.cases.jobs import route_case
from bot.cases.models import Holiday, RoutingRule, TimeLimit
from bot.cases.villages import find_village, villages
from bot.extensions import db
from bot.menu import load_menu
from bot.org.models import Office, Village
from bot.simulator.fake_api import FakeWeChat
from tests.test_console_fixtures import (  # noqa: F401
    audits,
    flashes,
    logged_in,
    new_case,
    office,
    people,
    seeded,
    user,
)

pytestmark = pytest.mark.usefixtures("people")
CST = ZoneInfo("Asia/Shanghai")
FRIDAY_10AM = datetime(2026, 11, 27, 10, 0, tzinfo=CST)


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


def errors(res: TestResponse) -> list[str]:
    html = res.get_data(as_text=True)
    return re.findall(r'<(?:span class="field-error"|p class="flash flash-error"[^>]*)>(.*?)</', html)


def test_office_add_edit_members_and_switch_off(app: Flask, admin: FlaskClient) -> None:
    form = {"code": "nyb", "name": "黄柏乡农业服务中心", "kind": "other", "village_id": "0", "phone": "0838-6201000",
            "member_ids": [str(user("sfs_wang").id)], "active": "y"}
    assert admin.post("/console/admin/offices/new", data=form).status_code == 302
    new = db.session.query(Office).filter_by(code="nyb").one()
    assert new.name == "黄柏乡农业服务中心" and [u.username for u in new.staff] == ["sfs_wang"]
    assert audits("office.create", f"office:{new.id}")
    assert "王建国" in admin.get("/console/admin/offices").get_data(as_text=True)

    res = admin.post("/console/admin/offices/new", data={**form, "name": "重复"})
    assert res.status_code == 400 and "编号 nyb 已被使用。" in errors(res)
    res = admin.post("/console/admin/offices/new", data={**form, "code": "tw2", "kind": "village_mediation"})
    assert "村调委会要选所在的村（社区）。" in errors(res)

    edit = {**form, "code": "changed", "name": "农业服务中心", "member_ids": [str(user("sfs_li").id),
                                                                         str(user("pcs_zhao").id)]}
    assert admin.post(f"/console/admin/offices/{new.id}/edit", data=edit).status_code == 302
    db.session.refresh(new)
    assert (new.code, new.name) == ("nyb", "农业服务中心")  # the code stays
    assert sorted(u.username for u in new.staff) == ["pcs_zhao", "sfs_li"]
    assert [o.code for o in user("pcs_zhao").offices] == ["pcs", "nyb"]

    assert admin.post(f"/console/admin/offices/{new.id}/toggle").status_code == 302
    db.session.refresh(new)
    assert not new.active and audits("office.deactivate", f"office:{new.id}")


def test_a_stopped_office_gets_no_cases(app: Flask, admin: FlaskClient) -> None:
    committee = office("huangbai-tw")
    admin.post(f"/console/admin/offices/{committee.id}/toggle")
    case = new_case()  # a neighbour dispute in 黄柏村 goes to its committee, unless it is stopped
    route_case(case.id)
    db.session.refresh(case)
    assert case.office is not None and case.office.code == "sfs"


def test_villages_add_rename_aliases_and_order(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/villages/new", data={"code": "xinhe", "name": "新河村", "aliases": "新河\n河坝",
                                                           "sort_order": "5", "committee": "y", "active": "y"})
    assert res.status_code == 302
    village = db.session.query(Village).filter_by(code="xinhe").one()
    assert village.aliases == ["新河", "河坝"] and villages()[0].name == "新河村"
    assert office("xinhe-tw").name == "新河村人民调解委员会" and office("xinhe-tw").village_id == village.id

    res = admin.post(f"/console/admin/villages/{village.id}/edit",
                     data={"name": "新河社区", "aliases": "新河、河坝", "sort_order": "500", "active": "y"})
    assert res.status_code == 302
    db.session.refresh(village)
    assert village.name == "新河社区" and village.aliases == ["新河", "河坝", "新河村"]  # the old name stays an alias
    assert office("xinhe-tw").name == "新河社区人民调解委员会"
    assert find_village("新河村") == village and villages()[-1] == village
    assert audits("village.update", f"village:{village.id}")

    res = admin.post(f"/console/admin/villages/{village.id}/edit", data={"name": "新河社区", "aliases": "石桥",
                                                                         "active": "y"})
    assert res.status_code == 400 and any("石桥村的名称或别名" in e for e in errors(res))
    res = admin.post("/console/admin/villages/new", data={"code": "dup", "name": "黄柏村", "active": "y"})
    assert res.status_code == 400 and any("黄柏村的名称或别名" in e for e in errors(res))


def rule_form(**over: str) -> dict[str, str]:
    return {"case_type": "clue", "category": "环境", "village_id": "0", "office_kind": "", "office_id": "0",
            "priority": "95", "note": "环境线索", "active": "y", **over}


def test_routing_rules_are_validated_saved_and_routed_by(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/routing/new", data=rule_form())
    assert res.status_code == 400 and "请在“某类部门”和“指定部门”中选且只选一个。" in errors(res)
    res = admin.post("/console/admin/routing/new", data=rule_form(office_kind="economic",
                                                                  office_id=str(office("pcs").id)))
    assert "请在“某类部门”和“指定部门”中选且只选一个。" in errors(res)
    res = admin.post("/console/admin/routing/new", data=rule_form(case_type="nonsense", office_kind="economic"))
    assert res.status_code == 400 and errors(res)  # not a case type
    # the same conditions and priority as a seeded rule: which one applies would be a coin toss
    res = admin.post("/console/admin/routing/new", data=rule_form(category="交通", priority="90", office_kind="safety"))
    assert any("条件和优先级与这条完全相同" in e for e in errors(res))
    stopped = office("jfb")
    stopped.active = False
    db.session.commit()
    res = admin.post("/console/admin/routing/new", data=rule_form(office_kind="economic"))
    assert "乡里没有启用的“经济发展办”，规则不会生效。" in errors(res)
    res = admin.post("/console/admin/routing/new", data=rule_form(office_id=str(stopped.id)))
    assert "这个部门已停用，规则不会生效。" in errors(res)

    assert admin.post("/console/admin/routing/new", data=rule_form(office_id=str(office("sbs").id))).status_code == 302
    rule = db.session.query(RoutingRule).filter_by(note="环境线索").one()
    assert (rule.case_type, rule.category, rule.office_id, rule.priority) == ("clue", "环境", office("sbs").id, 95)
    case = new_case(case_type="clue", category="环境")
    route_case(case.id)
    db.session.refresh(case)
    assert case.office == office("sbs")
    page = admin.get("/console/admin/routing?case_type=clue&category=环境&village_id=").get_data(as_text=True)
    assert re.search(rf"交给：<strong>{office('sbs').name}</strong>.*规则 #{rule.id}", page, re.S)

    assert admin.post(f"/console/admin/routing/{rule.id}/delete").status_code == 302
    assert db.session.get(RoutingRule, rule.id) is None and audits("routing_rule.delete", f"routing_rule:{rule.id}")


def test_a_rule_that_would_clash_cannot_be_switched_back_on(app: Flask, admin: FlaskClient) -> None:
    seeded_rule = db.session.query(RoutingRule).filter_by(case_type="clue", category="交通").one()
    admin.post(f"/console/admin/routing/{seeded_rule.id}/toggle")
    admin.post("/console/admin/routing/new", data=rule_form(category="交通", priority="90", office_kind="safety"))
    res = admin.post(f"/console/admin/routing/{seeded_rule.id}/toggle")
    assert "不能启用" in flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1]
    db.session.refresh(seeded_rule)
    assert not seeded_rule.active


def test_holidays_add_a_range_and_remove_a_day(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/holidays/new", data={"day": "2027-02-10", "until": "2027-02-16",
                                                          "kind": "holiday", "name": "春节"})
    assert res.status_code == 302
    admin.post("/console/admin/holidays/new", data={"day": "2027-02-07", "kind": "workday", "name": "春节调休"})
    assert not is_workday(date(2027, 2, 15)) and is_workday(date(2027, 2, 7))  # a Monday off, a Sunday on
    assert db.session.query(Holiday).count() == 8
    assert audits("holiday.create", "holiday:2027-02-10..2027-02-16")
    page = admin.get("/console/admin/holidays").get_data(as_text=True)
    assert "2027-02-15 周一" in page and "调休上班" in page
    assert admin.post("/console/admin/holidays/2027-02-15/delete").status_code == 302
    assert is_workday(date(2027, 2, 15)) and audits("holiday.delete", "holiday:2027-02-15")
    res = admin.post("/console/admin/holidays/new",
                     data={"day": "2027-02-10", "until": "2027-02-01", "kind": "holiday"})
    assert "结束日期不能早于开始日期。" in errors(res)


def limits_form(**over: str) -> dict[str, str]:
    from bot.cases.sla import time_limits

    data = {}
    for case_type in ("consultation", "complaint", "mediation", "clue", "suggestion"):
        for which, (n, unit) in time_limits(case_type).items():
            data[f"{case_type}__{which}__n"], data[f"{case_type}__{which}__unit"] = str(n), unit
    return {**data, **over}


def test_time_limits_are_stored_and_used_for_new_cases(app: Flask, admin: FlaskClient) -> None:
    app.extensions["fazhi.clock"] = lambda: FRIDAY_10AM
    page = admin.get("/console/admin/time-limits").get_data(as_text=True)
    assert re.search(r'name="consultation__resolve__n"[^>]*value="3"', page)
    res = admin.post("/console/admin/time-limits", data=limits_form(consultation__resolve__n="4",
                                                                    consultation__resolve__unit="days"))
    assert res.status_code == 302
    assert [(r.case_type, r.which, r.amount, r.unit, r.updated_by) for r in db.session.query(TimeLimit)] == [
        ("consultation", "resolve", 4, "days", "admin")]
    assert audits("time_limit.update")[0].details == {"changes": ["consultation.resolve: 3 workdays -> 4 days"]}
    case = new_case(case_type="consultation", category=None)
    route_case(case.id)
    db.session.refresh(case)
    assert local(case.resolve_due).date() == date(2026, 12, 1)  # type: ignore[arg-type]

    admin.post("/console/admin/time-limits", data=limits_form(consultation__resolve__n="3",
                                                              consultation__resolve__unit="workdays"))
    assert db.session.query(TimeLimit).count() == 0  # back to the default: nothing stored
    res = admin.post("/console/admin/time-limits", data=limits_form(clue__accept__n="0"))
    assert res.status_code == 400 and "请填 1 到 365。" in errors(res)


def test_menu_page_shows_the_tree_and_pushes_it(app: Flask, admin: FlaskClient, fake_wechat: FakeWeChat) -> None:
    page = admin.get("/console/admin/menu").get_data(as_text=True)
    for name in ("普法问答", "我要办事", "申请调解", "办理进度", "MENU_STATUS"):
        assert name in page
    fake_wechat.reset()
    res = admin.post("/console/admin/menu/push")
    assert res.status_code == 302
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1].startswith("菜单已推送到微信")
    assert fake_wechat.records("menu") == [load_menu()]
    assert audits("menu.push", "wechat_menu")[0].actor == "admin"


@pytest.mark.config(WECHAT_API_BASE_URL="http://127.0.0.1:9", WECHAT_HTTP_TIMEOUT=2)
def test_menu_push_that_cannot_reach_wechat_says_so(app: Flask, admin: FlaskClient) -> None:
    res = admin.post("/console/admin/menu/push")
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1].startswith("连不上微信服务器")
    assert audits("menu.push_failed", "wechat_menu") and not audits("menu.push")
