"""Case endpoints: the console's access rules (another office's case is a 404), masking and
reveal, reply and transitions through the console's functions, validation, and the audit log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from bot.audit import case_target
from bot.cases import actions
from bot.cases.models import Case
from bot.extensions import db
from bot.models import OutboundMessage
from tests.test_api_fixtures import (  # noqa: F401
    api_as,
    audits,
    people,
    routed_case,
    seeded,
    sfs_case,
    tokens,
    user,
    village_case,
)

FULL, MASKED = "13800138000", "138****8000"


def _kinds(case: Case) -> list[str]:
    db.session.expire_all()
    return [e.kind for e in db.session.get(Case, case.id).events]


def test_list_shows_own_offices_only_and_is_audited(app: Flask, api_as: Any) -> None:  # noqa: F811
    labour, neighbours = sfs_case(), village_case()
    res = api_as("sfs_li").get("/cases")
    assert res.status_code == 200
    assert [c["number"] for c in res.json["items"]] == [labour.number] and res.json["total"] == 1
    item = res.json["items"][0]
    assert item["phone"] == MASKED and FULL not in str(res.json) and item["office"]["code"] == "sfs"
    everything = api_as("admin").get("/cases").json
    assert {c["number"] for c in everything["items"]} == {labour.number, neighbours.number}
    listed = audits("case.list", "cases")
    assert listed[0].details["numbers"] == [labour.number] and listed[0].details["via"] == "api"


def test_list_filters_and_pages(app: Flask, api_as: Any) -> None:  # noqa: F811
    first = sfs_case()
    second = routed_case(case_type="consultation", category=None, description="咨询")
    village_case()
    admin = api_as("admin")
    assert [c["number"] for c in admin.get("/cases?type=consultation").json["items"]] == [second.number]
    assert {c["number"] for c in admin.get("/cases?office=sfs").json["items"]} == {first.number, second.number}
    assert admin.get("/cases?office=nope").json["total"] == 0
    assert admin.get("/cases?status=closed").json["items"] == []
    page = admin.get("/cases?per_page=2&page=2").json
    assert page["total"] == 3 and len(page["items"]) == 1 and page["page"] == 2
    future = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    assert admin.get("/cases", query_string={"updated_since": future}).json["total"] == 0
    past = (datetime.now(UTC) - timedelta(hours=1)).astimezone().isoformat()
    assert admin.get("/cases", query_string={"updated_since": past}).json["total"] == 3


@pytest.mark.parametrize("query", ["status=nope", "per_page=0", "per_page=101", "page=x", "updated_since=yesterday",
                                   "type=x", "colour=red", "page=1&page=2", "office=%00"])
def test_bad_list_parameters_are_a_400_naming_the_parameter(app: Flask, api_as: Any, query: str) -> None:  # noqa: F811
    res = api_as("admin").get(f"/cases?{query}")
    assert res.status_code == 400 and res.json["code"] == "bad_parameter"
    assert res.json["errors"][0]["field"] == query.split("=")[0]


def test_another_office_gets_404_like_a_missing_case(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = sfs_case()
    police = api_as("pcs_zhao")
    for res in (police.get(f"/cases/{case.number}"), police.post(f"/cases/{case.number}/reply", {"text": "越权"}),
                police.post(f"/cases/{case.number}/status", {"status": "accepted"}),
                police.post(f"/cases/{case.number}/close", {"outcome": "越权办结"})):
        assert res.status_code == 404 and res.json == police.get("/cases/HB-19990101-0001").json
    assert _kinds(case) == ["created", "routed"] and not audits("case.view")


def test_case_detail_masks_numbers_and_is_audited(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = sfs_case(description="老板欠薪，他的电话13912345678，我的身份证110101199003071234。")
    res = api_as("sfs_li").get(f"/cases/{case.number.lower()}")
    body = res.json
    assert res.status_code == 200 and body["number"] == case.number and body["phone_revealed"] is False
    assert body["phone"] == MASKED and "13912345678" not in str(body) and "110101199003071234" not in str(body)
    assert [e["kind"] for e in body["events"]] == ["created", "routed"]
    assert body["details"] == {"parties": "张三、李四"}
    assert [a.details for a in audits("case.view", case_target(case.number))] == [{"via": "api"}]


def test_reveal_only_for_the_handler_and_audited(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = sfs_case()
    colleague = api_as("sfs_wang")
    refused = colleague.get(f"/cases/{case.number}?reveal=1")
    assert refused.status_code == 403 and "承办人" in refused.json["message"]
    actions.claim(case, user("sfs_wang"))
    shown = colleague.get(f"/cases/{case.number}?reveal=true").json
    assert shown["phone"] == FULL and shown["phone_revealed"] is True and FULL in shown["description"]
    assert api_as("sfs_lead").get(f"/cases/{case.number}?reveal=1").json["phone"] == FULL
    assert len(audits("case.reveal", case_target(case.number))) == 2


def test_reply_goes_through_the_staff_reply_service(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = sfs_case()
    res = api_as("sfs_li").post(f"/cases/{case.number}/reply", {"text": "您好，请明天上午来所里。"})
    assert res.status_code == 200 and res.json["status"] == "in_progress"
    last = res.json["events"][-1]
    assert last["kind"] == "staff_reply" and last["author"] == "sfs_li" and last["delivery"] == "queued"
    message = db.session.query(OutboundMessage).filter_by(purpose="staff_reply").one()
    assert message.openid == case.openid and "明天上午" in message.content
    entry = audits("case.reply", case_target(case.number))[0]
    assert entry.details == {"via": "api", "outbound_message_id": message.id}


@pytest.mark.parametrize("body,field", [({"text": "   "}, "text"), ({"text": "字" * 601}, "text"), ({}, "text"),
                                        ({"text": "好", "extra": 1}, "extra"), ({"text": 5}, "text"),
                                        ({"text": "a\u0000b"}, "text"), ([], "")])
def test_reply_validation_errors_are_422_with_fields(app: Flask, api_as: Any, body: Any, field: str) -> None:  # noqa: F811
    case = sfs_case()
    res = api_as("sfs_li").post(f"/cases/{case.number}/reply", body)
    assert res.status_code == 422 and res.json["code"] == "validation_failed"
    assert res.json["errors"][0]["field"] == field and res.json["errors"][0]["message"]
    assert _kinds(case) == ["created", "routed"]


def test_body_must_be_json(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = sfs_case()
    client = api_as("sfs_li")
    wrong_type = client.client.post(f"/api/v1/cases/{case.number}/reply", data="text=hi",
                                    headers={**client._headers(), "Content-Type": "application/x-www-form-urlencoded"})
    assert wrong_type.status_code == 415 and wrong_type.is_json
    broken = client.client.post(f"/api/v1/cases/{case.number}/reply", data="{not json",
                                headers={**client._headers(), "Content-Type": "application/json"})
    assert broken.status_code == 400 and broken.json["code"] == "bad_json"


def test_status_close_and_reopen_use_the_console_actions(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = village_case()
    tw = api_as("hb_tw")
    accepted = tw.post(f"/cases/{case.number}/status", {"status": "accepted", "note": "已受理"})
    assert accepted.json["status"] == "accepted"
    assert tw.post(f"/cases/{case.number}/status", {"status": "mediated"}).json["status"] == "mediated"
    closed = tw.post(f"/cases/{case.number}/close", {"outcome": "双方和解。"})
    assert closed.status_code == 200 and closed.json["status"] == "closed" and closed.json["outcome"] == "双方和解。"
    again = tw.post(f"/cases/{case.number}/close", {"outcome": "再办结"})
    assert again.status_code == 409 and again.json["code"] == "action_refused" and "已办结" in again.json["message"]
    reopened = tw.post(f"/cases/{case.number}/reopen", {"reason": "群众说还没有赔钱。"})
    assert reopened.json["status"] == "in_progress" and reopened.json["closed_at"] is None
    kinds = [a.action for a in audits("case.status") + audits("case.close") + audits("case.reopen")]
    assert kinds == ["case.status", "case.status", "case.close", "case.reopen"]
    assert audits("case.status")[0].details == {"via": "api", "from": "new", "to": "accepted"}
    assert db.session.query(OutboundMessage).filter_by(purpose="rating_request").count() == 1


def test_refused_transitions_are_409_and_bad_ones_422(app: Flask, api_as: Any) -> None:  # noqa: F811
    case = routed_case(case_type="consultation", category=None, description="咨询")
    li = api_as("sfs_li")
    mediated = li.post(f"/cases/{case.number}/status", {"status": "mediated"})
    assert mediated.status_code == 409 and mediated.json["message"]
    assert li.post(f"/cases/{case.number}/reopen", {"reason": "x"}).status_code == 409
    assert li.post(f"/cases/{case.number}/status", {"status": "closed"}).status_code == 422
    assert li.post(f"/cases/{case.number}/close", {"outcome": ""}).status_code == 422
    assert _kinds(case) == ["created", "routed"] and not audits("case.status")
