"""Routing rules, working days and deadlines, overdue flags — in process, with an injected clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from bot.cases.calendar import add_days, add_workdays, is_workday
from bot.cases.clock import local
from bot.cases.jobs import process_new_case, route_case, sla_check
from bot.cases.models import Case, CaseEvent, Holiday
from bot.cases.routing import office_for
from bot.extensions import db
from bot.models import OutboundMessage
from tests.test_cases_fixtures import new_case, office, seeded, staff  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")
CST = ZoneInfo("Asia/Shanghai")
FRIDAY_10AM = datetime(2026, 11, 27, 10, 0, tzinfo=CST)  # Friday


@pytest.fixture
def set_clock(app: Flask) -> Callable[[datetime], None]:
    def set_(at: datetime) -> None:
        app.extensions["fazhi.clock"] = lambda: at
    return set_


@pytest.mark.parametrize(("case_type", "category", "village_code", "expected"), [
    ("mediation", "邻里", "huangbai", "huangbai-tw"),
    ("mediation", "家庭", "shiqiao", "shiqiao-tw"),
    ("mediation", "婚姻", "baihe", "baihe-tw"),
    ("mediation", None, "qinglong", "qinglong-tw"),
    ("mediation", "劳动", "huangbai", "sfs"),
    ("mediation", "土地", "qinglong", "sfs"),
    ("mediation", "邻里", None, "sfs"),
    ("mediation", "交通", "huangbai", "pcs"),
    ("clue", "交通", "huangbai", "pcs"),
    ("clue", "治安", None, "pcs"),
    ("clue", "环境", "maan", "zzb"),
    ("complaint", "干部作风", "guihua", "xfb"),
    ("complaint", "劳动", None, "sbs"),
    ("complaint", "治安", None, "pcs"),
    ("complaint", None, None, "xfb"),
    ("consultation", None, "huangbai", "sfs"),
    ("consultation", "婚姻", None, "sfs"),
    ("suggestion", None, "xinchang", "zzb"),
])
def test_routing_table(app: Flask, case_type: str, category: str | None, village_code: str | None,
                       expected: str) -> None:
    case = new_case(case_type=case_type, category=category, village_code=village_code)
    assert office_for(case).code == expected  # type: ignore[union-attr]


def test_english_category_codes_are_normalised(app: Flask) -> None:
    case = new_case(case_type="mediation", category="labour")
    assert case.category == "劳动" and office_for(case).code == "sfs"  # type: ignore[union-attr]


def test_village_without_active_committee_falls_through_to_sifasuo(app: Flask) -> None:
    office("liuxi-tw").active = False
    db.session.commit()
    assert office_for(new_case(village_code="liuxi")).code == "sfs"  # type: ignore[union-attr]


def test_escalation_by_transfer_is_kept_by_routing(app: Flask) -> None:
    from bot.cases.actions import escalate

    member = staff("huangbai_tw", "huangbai-tw")
    case = new_case()
    route_case(case.id)
    escalate(case, author=member, reason="双方分歧大，村里调不下来")
    route_case(case.id)  # a retried job must not undo the transfer
    assert case.office.code == "sfs"
    assert [e.kind for e in case.events] == ["created", "routed", "transfer"]


def test_workdays_skip_the_weekend(app: Flask) -> None:
    assert local(add_workdays(FRIDAY_10AM, 1)).date() == date(2026, 11, 30)  # Monday
    assert local(add_workdays(FRIDAY_10AM, 3)).date() == date(2026, 12, 2)
    assert local(add_workdays(FRIDAY_10AM, 1)).time().hour == 23
    assert local(add_days(FRIDAY_10AM, 14)).date() == date(2026, 12, 11)
    assert local(add_days(FRIDAY_10AM, 15)).date() == date(2026, 12, 14)  # Saturday 12th: runs on to Monday


def test_workdays_skip_a_configured_holiday_and_count_a_makeup_day(app: Flask) -> None:
    db.session.add(Holiday(day=date(2026, 11, 30), is_workday=False, name="测试假日"))
    db.session.commit()
    assert not is_workday(date(2026, 11, 30))
    assert local(add_workdays(FRIDAY_10AM, 1)).date() == date(2026, 12, 1)
    assert local(add_workdays(FRIDAY_10AM, 3)).date() == date(2026, 12, 3)
    db.session.add(Holiday(day=date(2026, 11, 28), is_workday=True, name="调休上班"))
    db.session.commit()
    assert local(add_workdays(FRIDAY_10AM, 1)).date() == date(2026, 11, 28)  # the Saturday


def test_workdays_across_a_long_holiday(app: Flask) -> None:
    # National Day 2026: 1–7 October off, Saturday 10 October a make-up working day.
    for d in range(1, 8):
        db.session.add(Holiday(day=date(2026, 10, d), is_workday=False, name="国庆节"))
    db.session.add(Holiday(day=date(2026, 10, 10), is_workday=True, name="国庆调休"))
    db.session.commit()
    start = datetime(2026, 9, 30, 9, 0, tzinfo=CST)
    assert local(add_workdays(start, 1)).date() == date(2026, 10, 8)
    assert local(add_workdays(start, 3)).date() == date(2026, 10, 10)
    # A calendar-day period ending inside the holiday runs on to the first working day after it.
    assert local(add_days(start, 3)).date() == date(2026, 10, 8)


def test_receipt_day_is_the_township_day(app: Flask) -> None:
    # 17:00 UTC on Friday is 01:00 on Saturday in the township: counting starts Saturday.
    late = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)
    assert local(add_workdays(late, 1)).date() == date(2026, 11, 30)
    assert local(add_workdays(datetime(2026, 11, 26, 15, 0, tzinfo=UTC), 1)).date() == date(2026, 11, 27)


@pytest.mark.parametrize(("case_type", "accept", "resolve"), [
    ("consultation", date(2026, 11, 30), date(2026, 12, 2)),
    ("mediation", date(2026, 12, 4), date(2026, 12, 28)),  # 30 days end on Sunday 27th → Monday
    ("complaint", date(2026, 12, 14), date(2027, 1, 26)),
    ("clue", date(2026, 11, 30), date(2026, 12, 11)),
])
def test_due_dates_per_type(app: Flask, set_clock: Callable[[datetime], None], case_type: str, accept: date,
                            resolve: date) -> None:
    set_clock(FRIDAY_10AM)
    case = new_case(case_type=case_type, category=None)
    route_case(case.id)
    assert local(case.accept_due).date() == accept  # type: ignore[arg-type]
    assert local(case.resolve_due).date() == resolve  # type: ignore[arg-type]


def test_time_limits_can_be_configured(app: Flask, set_clock: Callable[[datetime], None]) -> None:
    app.config["CASE_TIME_LIMITS"] = {"consultation": {"resolve": [4, "days"]}}
    set_clock(FRIDAY_10AM)
    case = new_case(case_type="consultation", category=None)
    route_case(case.id)
    assert local(case.accept_due).date() == date(2026, 11, 30)  # type: ignore[arg-type]
    assert local(case.resolve_due).date() == date(2026, 12, 1)  # type: ignore[arg-type]


def test_overdue_alerts_leads_once_and_flags_case(app: Flask, set_clock: Callable[[datetime], None]) -> None:
    lead = staff("tw_lead", "huangbai-tw", role="lead")
    staff("tw_member", "huangbai-tw")
    set_clock(FRIDAY_10AM)
    case = new_case()
    process_new_case(case.id)
    assert sla_check(datetime(2026, 12, 4, 12, 0, tzinfo=CST)) == 0  # accept due end of 4 December
    set_clock(datetime(2026, 12, 5, 9, 0, tzinfo=CST))
    assert sla_check() == 1
    assert sla_check() == 0  # flagged: no second alert
    db.session.refresh(case)
    assert case.overdue and case.accept_overdue_at is not None and case.resolve_overdue_at is None
    alerts = db.session.query(OutboundMessage).filter_by(purpose="case_overdue").all()
    assert [a.openid for a in alerts] == [lead.wechat_openid]
    assert case.number in alerts[0].content and "超期" in alerts[0].content
    assert db.session.query(CaseEvent).filter_by(case_id=case.id, kind="overdue").count() == 1


def test_accepted_case_is_not_overdue_for_acceptance_but_is_for_resolution(
        app: Flask, set_clock: Callable[[datetime], None]) -> None:
    from bot.cases.service import close_case, set_status

    staff("sfs_lead", "sfs", role="lead")
    set_clock(FRIDAY_10AM)
    case = new_case(case_type="consultation", category=None)
    other = new_case(case_type="consultation", category=None)
    process_new_case(case.id)
    process_new_case(other.id)
    set_status(case, "accepted", author="sfs_lead")
    close_case(other, outcome="已电话答复", author="sfs_lead")
    assert sla_check(datetime(2026, 12, 3, 9, 0, tzinfo=CST)) == 1
    db.session.refresh(case)
    assert case.accept_overdue_at is None and case.resolve_overdue_at is not None
    assert not db.session.get(Case, other.id).overdue
