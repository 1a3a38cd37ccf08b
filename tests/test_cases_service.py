"""The case service API: creation, idempotency, numbering, messages, replies, closing, ratings."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from bot.cases import service
from bot.cases.jobs import process_new_case
from bot.cases.models import Case, CaseEvent, Outbox
from bot.extensions import db
from bot.models import MediaItem, OutboundMessage
from tests.test_cases_fixtures import new_case, seeded, village  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


def test_create_case_writes_case_event_and_outbox_in_one_go(app: Flask) -> None:
    media = MediaItem(openid="o_resident_1", kind="image", msg_key="m-1", media_id="img-1", details={})
    db.session.add(media)
    db.session.commit()
    case = new_case(media_ids=[media.id])
    assert re.fullmatch(r"HB-\d{8}-0001", case.number)
    assert case.status == "new" and case.category == "邻里" and case.office_id is None
    assert [e.kind for e in db.session.query(CaseEvent).filter_by(case_id=case.id)] == ["created"]
    row = db.session.query(Outbox).one()
    assert row.topic == "case.created" and row.payload == {"case_id": case.id} and row.sent_at is None
    assert db.session.get(MediaItem, media.id).case_id == case.id


def test_create_case_is_idempotent_on_key(app: Flask) -> None:
    first = new_case(key="confirm:o_resident_1:123")
    again = new_case(key="confirm:o_resident_1:123", description="重试")
    assert again.id == first.id and db.session.query(Case).count() == 1
    assert db.session.query(Outbox).count() == 1


def test_create_case_rejects_unknown_type(app: Flask) -> None:
    with pytest.raises(ValueError):
        service.create_case(openid="o", case_type="lawsuit", description="x", village_id=None, phone=None,
                            details={}, media_ids=[], idempotency_key="k")


def test_numbers_count_per_day_and_use_config_prefix(app: Flask) -> None:
    app.config["CASE_PREFIX"] = "QL"
    numbers = [new_case().number for _ in range(3)]
    assert [n[-4:] for n in numbers] == ["0001", "0002", "0003"]
    assert all(n.startswith("QL-") for n in numbers)


def test_media_of_another_resident_is_not_attached(app: Flask) -> None:
    media = MediaItem(openid="o_other", kind="image", msg_key="m-2", details={})
    db.session.add(media)
    db.session.commit()
    new_case(media_ids=[media.id])
    assert db.session.get(MediaItem, media.id).case_id is None


def test_find_case_and_resident_cases(app: Flask) -> None:
    a = new_case()
    b = new_case(case_type="consultation", category=None)
    new_case(openid="o_other")
    assert service.find_case(a.number.lower()).id == a.id
    assert service.find_case("HB-19990101-0001") is None
    assert [c.id for c in service.resident_cases("o_resident_1")] == [b.id, a.id]
    assert len(service.resident_cases("o_resident_1", limit=1)) == 1


def test_resident_summary_after_routing_and_reply(app: Flask) -> None:
    case = new_case()
    process_new_case(case.id)
    service.staff_reply(case, "您好，我们明天上午到现场了解情况。", author="调解员老王")
    text = service.resident_summary(case)
    assert case.number in text and "矛盾纠纷调解申请" in text and "黄柏村人民调解委员会" in text
    assert "办理中" in text and "明天上午到现场" in text


def test_staff_reply_is_stored_with_event_and_time_note(app: Flask) -> None:
    case = new_case()
    msg = service.staff_reply(case, "请补充一张现场照片。", author="sfs_li")
    assert msg.openid == case.openid and msg.purpose == "staff_reply"
    assert "请补充一张现场照片" in msg.content and re.search(r"（工作人员于\d+月\d+日 \d\d:\d\d 回复）", msg.content)
    event = db.session.query(CaseEvent).filter_by(case_id=case.id, kind="staff_reply").one()
    assert event.outbound_message_id == msg.id and event.author == "sfs_li"


def test_add_resident_message_records_event_and_outbox(app: Flask) -> None:
    case = new_case()
    service.set_status(case, "waiting_resident", author="sfs_li", note="请补充材料")
    media = MediaItem(openid=case.openid, kind="image", msg_key="m-3", details={})
    db.session.add(media)
    db.session.commit()
    service.add_resident_message(case, text="照片发来了", media_id=media.id)
    assert case.status == "in_progress"
    assert db.session.get(MediaItem, media.id).case_id == case.id
    assert {r.topic for r in db.session.query(Outbox)} == {"case.created", "case.resident_message"}


def test_close_asks_for_rating_once_and_rating_is_recorded(app: Flask) -> None:
    case = new_case()
    service.close_case(case, outcome="双方达成协议，树枝已修剪。", author="调解员老王")
    assert case.status == "closed" and case.closed_at is not None and case.awaiting_rating
    assert service.pending_rating_case(case.openid).id == case.id
    asks = db.session.query(OutboundMessage).filter_by(purpose="rating_request").all()
    assert len(asks) == 1 and "1–5" in asks[0].content and "双方达成协议" in asks[0].content
    with pytest.raises(ValueError):
        service.record_rating(case, 6, None)
    service.record_rating(case, 5, "很满意")
    assert case.rating == 5 and case.rating_comment == "很满意" and not case.awaiting_rating
    assert service.pending_rating_case(case.openid) is None


def test_villages_in_order_and_found_by_number_name_alias(app: Flask) -> None:
    names = [v.name for v in service.villages()]
    assert names[:4] == ["黄柏村", "石桥村", "青龙村", "白鹤社区"] and len(names) == 8
    assert service.find_village("2").name == "石桥村"
    assert service.find_village("２号").name == "石桥村"
    assert service.find_village("青龙").name == "青龙村"
    assert service.find_village("白鹤场").name == "白鹤社区"
    assert service.find_village("我是新场社区三组的").name == "新场社区"
    assert service.find_village("99") is None and service.find_village("火星村") is None
    village("liuxi").active = False
    db.session.commit()
    assert "柳溪村" not in [v.name for v in service.villages()]


def test_privacy_masks() -> None:
    from bot.privacy import mask_id_number, mask_phone, mask_text

    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("138 0013 8000") == "138****8000"
    assert mask_phone("0838-6201148") == "*******1148"
    assert mask_phone(None) == "" and mask_phone("12") == "**"
    assert mask_id_number("51072219900101123X") == "510722********123X"
    assert mask_text("电话13800138000，身份证51072219900101123x，订单号2023010112345678901") == (
        "电话138****8000，身份证510722********123x，订单号2023010112345678901")
    assert mask_text("座机0838-6201148，也可以打08386201148，编号HB-20261126-0042，2026-11-29") == (
        "座机0838-****1148，也可以打0838****1148，编号HB-20261126-0042，2026-11-29")


def test_jobs_run_twice_change_nothing_the_second_time(app: Flask) -> None:
    from bot.cases.jobs import run_outbox
    from tests.test_cases_fixtures import staff

    staff("tw_a", "huangbai-tw")
    case = new_case()
    process_new_case(case.id)
    snapshot = (case.office_id, case.accept_due, case.acknowledged_at, db.session.query(CaseEvent).count(),
                db.session.query(OutboundMessage).count())
    process_new_case(case.id)
    row = db.session.query(Outbox).one()
    assert run_outbox(row.id) == "done" and run_outbox(row.id) == "skipped"
    db.session.refresh(case)
    assert snapshot == (case.office_id, case.accept_due, case.acknowledged_at, db.session.query(CaseEvent).count(),
                        db.session.query(OutboundMessage).count())
