"""Case actions from the case page: each changes the case, shows in its history, is audited,
and sends what it should (and nothing it should not)."""

from __future__ import annotations

import pytest
from flask import Flask

from bot.audit import case_target
from bot.cases.actions import STATUS_CHOICES
from bot.cases.models import Case
from bot.console.timeline import staff_status_label
from bot.extensions import db
from bot.models import OutboundMessage
from tests.test_console_fixtures import (  # noqa: F401
    act,
    audits,
    flashes,
    logged_in,
    new_case,
    office,
    people,
    seeded,
    sfs_case,
    user,
    village_case,
)

pytestmark = pytest.mark.usefixtures("people")


def _page(client: object, case: Case) -> str:
    return client.get(f"/console/cases/{case.number}").get_data(as_text=True)  # type: ignore[attr-defined]


def _sent_to(openid: str) -> list[OutboundMessage]:
    return db.session.query(OutboundMessage).filter_by(openid=openid).order_by(OutboundMessage.id).all()


def _kinds(case: Case) -> list[str]:
    db.session.refresh(case)
    return [e.kind for e in case.events]


def test_claim_takes_the_case_and_accepts_it(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    assert "我来办理（认领）" in _page(client, case)
    assert act(client, case, "claim").status_code == 302
    db.session.refresh(case)
    assert case.assignee_id == user("sfs_li").id and case.status == "accepted" and case.accepted_at is not None
    assert _kinds(case)[-2:] == ["assigned", "status"]
    page = _page(client, case)
    assert "李晓红认领了事项" in page and "我来办理（认领）" not in page
    assert audits("case.claim", case_target(case.number))


def test_assign_to_a_colleague_tells_them(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "assign", user_id=user("sfs_wang").id)
    db.session.refresh(case)
    assert case.assignee_id == user("sfs_wang").id
    notice = _sent_to("o_staff_sfs_wang")[-1]
    assert "【交办】李晓红请您办理" in notice.content and case.number in notice.content
    assert "王建国" in _page(client, case) and audits("case.assign")[-1].details == {"assignee": "sfs_wang"}


def test_cannot_assign_to_another_office(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "assign", user_id=user("pcs_zhao").id)
    db.session.refresh(case)
    assert case.assignee_id is None and not audits("case.assign")
    assert "不是有效的选择。" in flashes(_page(client, case))


def test_transfer_makes_it_new_for_the_receiving_office(app: Flask) -> None:
    case = sfs_case()
    sfs = logged_in(app, "sfs_li")
    act(sfs, case, "claim")
    act(sfs, case, "transfer", office_id=office("pcs").id, reason="")
    db.session.refresh(case)
    assert case.office.code == "sfs"  # a reason is required
    res = act(sfs, case, "transfer", office_id=office("pcs").id, reason="涉及打架，属治安案件")
    assert res.status_code == 302 and res.headers["Location"].endswith("/console/")  # no longer theirs
    db.session.refresh(case)
    assert case.office.code == "pcs" and case.status == "new" and case.assignee_id is None
    assert case.accept_due is not None and case.accept_overdue_at is None
    assert _kinds(case)[-1] == "transfer"
    assert sfs.get(f"/console/cases/{case.number}").status_code == 404
    police = logged_in(app, "pcs_zhao")
    assert case.number in police.get("/console/?tab=new").get_data(as_text=True)
    assert "转交给黄柏派出所" in _page(police, case) and "涉及打架" in _page(police, case)
    notice = _sent_to("o_staff_pcs_zhao")[-1]
    assert "【转来事项】" in notice.content and "黄柏乡司法所转来" in notice.content
    assert "已转交黄柏派出所办理" in _sent_to(case.openid)[-1].content
    assert audits("case.transfer")[-1].details == {"from_office": "sfs", "to_office": "pcs"}


def test_village_committee_escalates_to_the_judicial_office(app: Flask) -> None:
    case = village_case()
    assert case.office.code == "huangbai-tw"
    village = logged_in(app, "hb_tw")
    assert "调解不成，上报司法所" in _page(village, case)
    act(village, case, "escalate", reason="双方分歧大，村里调不下来")
    db.session.refresh(case)
    assert case.office.code == "sfs" and case.status == "new"
    assert case.number in logged_in(app, "sfs_li").get("/console/?tab=new").get_data(as_text=True)
    assert "上报司法所" not in _page(logged_in(app, "sfs_li"), case)  # only offered to village committees


def test_reply_goes_through_the_service_and_shows_delivery(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "reply", text="您好，请明天上午带上工资条到司法所来。")
    msg = _sent_to(case.openid)[-1]
    assert msg.purpose == "staff_reply" and "带上工资条" in msg.content and case.number in msg.content
    assert _kinds(case)[-1] == "staff_reply"
    assert "正在发送" in _page(client, case)
    for status, words in (("sent", "已发到群众微信"), ("undelivered", "暂未送达"), ("failed", "发送失败")):
        msg.status = status
        db.session.commit()
        assert words in _page(client, case)
    assert audits("case.reply")[-1].details == {"outbound_message_id": msg.id}


def test_empty_reply_is_refused(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "reply", text="   ")
    assert "请填写回复内容。" in flashes(_page(client, case))
    assert _kinds(case)[-1] == "routed"


def test_internal_note_is_never_sent(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    before = db.session.query(OutboundMessage).count()
    act(client, case, "note", text="当事人情绪激动，建议两人一起去")
    assert db.session.query(OutboundMessage).count() == before
    page = _page(client, case)
    assert "内部备注（群众看不到）" in page and "建议两人一起去" in page
    assert audits("case.note")


@pytest.mark.parametrize("choice", STATUS_CHOICES, ids=lambda c: c.code)
def test_status_changes(app: Flask, choice: object) -> None:
    case = sfs_case(case_type="mediation")
    client = logged_in(app, "sfs_li")
    if choice.code == "accepted":  # type: ignore[attr-defined]
        act(client, case, "status", status="in_progress")
    act(client, case, "status", status=choice.code, note="电话沟通过")  # type: ignore[attr-defined]
    db.session.refresh(case)
    assert case.status == choice.code  # type: ignore[attr-defined]
    event = case.events[-1]
    assert event.kind == "status" and event.data["to"] == choice.code and event.text == "电话沟通过"  # type: ignore[attr-defined]
    assert f"把状态改为「{staff_status_label(case.status)}」" in _page(client, case)
    assert audits("case.status")[-1].details["to"] == choice.code  # type: ignore[attr-defined]


def test_mediation_outcomes_only_for_mediation(app: Flask) -> None:
    case = sfs_case(case_type="consultation", category=None)
    client = logged_in(app, "sfs_li")
    assert 'value="mediated"' not in _page(client, case)
    act(client, case, "status", status="mediated")
    db.session.refresh(case)
    assert case.status == "new" and not audits("case.status")


def test_waiting_for_resident_tab(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "status", status="waiting_resident")
    assert case.number in client.get("/console/?tab=waiting").get_data(as_text=True)


def test_close_asks_for_a_rating_and_moves_to_closed(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "close", outcome="")
    db.session.refresh(case)
    assert case.status == "new"
    act(client, case, "close", outcome="已联系老板，工资本周内结清。")
    db.session.refresh(case)
    assert case.status == "closed" and case.awaiting_rating
    ask = _sent_to(case.openid)[-1]
    assert ask.purpose == "rating_request" and "工资本周内结清" in ask.content
    assert case.number in client.get("/console/?tab=closed").get_data(as_text=True)
    assert case.number not in client.get("/console/?tab=office").get_data(as_text=True)
    page = _page(client, case)
    assert "办结，并请群众评价" in page and "重新打开" in page and "我来办理" not in page
    assert audits("case.close")


def test_merge_closes_the_duplicate_without_a_rating(app: Flask) -> None:
    first, again = sfs_case(), sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, again, "merge", into=first.number.lower())
    db.session.refresh(again)
    assert again.status == "closed" and not again.awaiting_rating and again.details["merged_into"] == first.number
    assert _kinds(again)[-1] == "merged" and _kinds(first)[-1] == "merged_in"
    assert not db.session.query(OutboundMessage).filter_by(purpose="rating_request").count()
    notice = _sent_to(again.openid)[-1]
    assert notice.purpose == "case_merged" and f"以后请用编号 {first.number}" in notice.content
    assert f"合并到 {first.number}" in _page(client, again) or first.number in _page(client, again)
    assert audits("case.merge")[-1].details == {"into": first.number}


@pytest.mark.parametrize("target", ["self", "other_office", "missing"])
def test_merge_refusals(app: Flask, target: str) -> None:
    case = sfs_case()
    into = {"self": case.number, "other_office": village_case().number, "missing": "HB-19990101-0009"}[target]
    client = logged_in(app, "sfs_li")
    act(client, case, "merge", into=into)
    db.session.refresh(case)
    assert case.status == "new" and not audits("case.merge")


def test_merge_tells_another_resident_without_the_other_number(app: Flask) -> None:
    first, other = sfs_case(), sfs_case(openid="o_resident_2")
    act(logged_in(app, "sfs_li"), other, "merge", into=first.number)
    notice = _sent_to("o_resident_2")[-1].content
    assert "其他群众反映的是同一件事" in notice and first.number not in notice


def test_reopen_a_closed_case(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "close", outcome="已答复。")
    act(client, case, "reopen", reason="群众说问题还没解决")
    db.session.refresh(case)
    assert case.status == "in_progress" and case.closed_at is None and not case.awaiting_rating
    assert _kinds(case)[-1] == "reopened" and "群众说问题还没解决" in _page(client, case)
    assert audits("case.reopen")


def test_actions_on_a_closed_case_are_refused(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, case, "close", outcome="已答复。")
    act(client, case, "claim")
    act(client, case, "transfer", office_id=office("pcs").id, reason="x")
    db.session.refresh(case)
    assert case.status == "closed" and case.office.code == "sfs" and case.assignee_id is None
    assert "这个操作现在不能做" in " ".join(flashes(_page(client, case)))


def test_unknown_action_is_404(app: Flask) -> None:
    case = sfs_case()
    assert logged_in(app, "sfs_li").post(f"/console/cases/{case.number}/do/delete").status_code == 404


def test_conversation_shows_both_sides_and_attachments(app: Flask) -> None:
    from bot.cases import service
    from bot.models import MediaItem

    case = sfs_case()
    voice = MediaItem(openid=case.openid, kind="voice", msg_key="v-1", media_id="voice-1",
                      details={"recognition": "我再补充一下情况"})
    place = MediaItem(openid=case.openid, kind="location", msg_key="l-1",
                      details={"latitude": "30.12", "longitude": "104.56", "label": "黄柏场口"})
    db.session.add_all([voice, place])
    db.session.commit()
    service.add_resident_message(case, text="工地在场口", media_id=voice.id)
    service.add_resident_message(case, media_id=place.id)
    client = logged_in(app, "sfs_li")
    act(client, case, "reply", text="收到，我们去看看。")
    page = _page(client, case)
    assert page.index("工地在场口") < page.index("收到，我们去看看")
    assert "我再补充一下情况" in page and "黄柏场口" in page and "uri.amap.com/marker?position=104.56,30.12" in page
    assert "side-resident" in page and "side-staff" in page
