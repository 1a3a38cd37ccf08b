"""The queue: tabs and counts, remaining time on the working-day calendar, unread marks, the nav
badge; and quick replies (on the case page, and the admin's pages)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from flask import Flask

from bot.cases import service
from bot.cases.models import Case, Holiday
from bot.console.due import DueCalendar
from bot.console.models import QuickReply
from bot.console.quick_replies import SHIPPED, seed_quick_replies
from bot.extensions import db
from tests.test_console_fixtures import (  # noqa: F401
    act,
    audits,
    logged_in,
    people,
    seeded,
    sfs_case,
    village_case,
)

pytestmark = pytest.mark.usefixtures("people")


def _at(app: Flask, when: datetime) -> None:
    app.extensions["fazhi.clock"] = lambda: when


def _tab_counts(html: str) -> dict[str, str]:
    import re

    return dict(re.findall(r'tab=(\w+)"[^>]*>[^<]*<span class="count[^"]*">(\d+)</span>', html))


def test_tabs_and_counts(app: Flask) -> None:
    mine, waiting, new = sfs_case(), sfs_case(), sfs_case()
    village_case()  # another office: never counted
    client = logged_in(app, "sfs_li")
    act(client, mine, "claim")
    act(client, waiting, "claim")
    act(client, waiting, "status", status="waiting_resident")
    page = client.get("/console/").get_data(as_text=True)  # lands on "mine" when there is something
    assert mine.number in page and waiting.number in page and new.number not in page
    assert _tab_counts(page) == {"new": "1", "mine": "2", "office": "3", "overdue": "0", "waiting": "1"}
    assert new.number in client.get("/console/?tab=new").get_data(as_text=True)


def test_new_staff_member_lands_on_new_cases(app: Flask) -> None:
    case = sfs_case()
    page = logged_in(app, "sfs_wang").get("/console/").get_data(as_text=True)
    assert 'aria-current="page">新事项' in page and case.number in page


def test_queue_sorted_by_due_time(app: Flask) -> None:
    # consultation: 1 working day to accept; mediation: 5 → the consultation comes first
    later = sfs_case(case_type="mediation")
    sooner = sfs_case(case_type="consultation", category=None)
    page = logged_in(app, "sfs_li").get("/console/?tab=new").get_data(as_text=True)
    assert page.index(sooner.number) < page.index(later.number)


def test_remaining_time_in_working_days(app: Flask) -> None:
    # Friday 1 May 2026 is a holiday; received Thursday 30 April, mediation: 5 working days to accept,
    # so the deadline is the end of Friday 8 May (4, 5, 6, 7, 8 May).
    db.session.add(Holiday(day=date(2026, 5, 1), is_workday=False, name="劳动节"))
    db.session.commit()
    _at(app, datetime(2026, 4, 30, 2, 0, tzinfo=UTC))
    case = sfs_case(case_type="mediation")
    calendar = DueCalendar(datetime(2026, 4, 30, 2, 0, tzinfo=UTC))
    due = calendar.describe(case)
    assert due is not None and due.which == "accept" and due.text == "还剩 5 个工作日" and due.level == "ok"
    texts = {day: DueCalendar(datetime(2026, 5, day, 2, 0, tzinfo=UTC)).describe(case) for day in (1, 7, 8, 11)}
    assert {day: (d.text, d.level) for day, d in texts.items() if d} == {
        1: ("还剩 5 个工作日", "ok"), 7: ("还剩 1 个工作日", "soon"), 8: ("今天到期", "soon"),
        11: ("已超期 3 天", "late")}


def test_overdue_tab_uses_the_calendar(app: Flask) -> None:
    _at(app, datetime(2026, 4, 30, 2, 0, tzinfo=UTC))
    case = sfs_case(case_type="consultation", category=None)
    client = logged_in(app, "sfs_li")
    assert case.number not in client.get("/console/?tab=overdue").get_data(as_text=True)
    _at(app, datetime(2026, 5, 12, 2, 0, tzinfo=UTC))
    page = client.get("/console/?tab=overdue").get_data(as_text=True)
    assert case.number in page and "已超期" in page and "（受理）" in page


def test_unread_mark_and_nav_badge(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    page = client.get("/console/?tab=new").get_data(as_text=True)
    assert '<span class="badge"' in page and ">1</span>" in page  # one new case
    act(client, case, "claim")
    client.get(f"/console/cases/{case.number}")
    page = client.get("/console/?tab=mine").get_data(as_text=True)
    assert "有新消息" not in page and '<span class="badge"' not in page
    service.add_resident_message(case, text="我又想起一件事")
    page = client.get("/console/?tab=mine").get_data(as_text=True)
    assert "有新消息" in page and '<span class="badge"' in page
    client.get(f"/console/cases/{case.number}")
    assert "有新消息" not in client.get("/console/?tab=mine").get_data(as_text=True)


def test_closed_tab_newest_first(app: Flask) -> None:
    first, second = sfs_case(), sfs_case()
    client = logged_in(app, "sfs_li")
    act(client, first, "close", outcome="已答复。")
    act(client, second, "close", outcome="已答复。")
    page = client.get("/console/?tab=closed").get_data(as_text=True)
    assert page.index(second.number) < page.index(first.number)


def test_quick_replies_seeded_and_filled_in(app: Flask) -> None:
    assert seed_quick_replies() == len(SHIPPED) == 8
    assert seed_quick_replies() == 0  # only into an empty table
    case: Case = sfs_case()
    page = logged_in(app, "sfs_li").get(f"/console/cases/{case.number}").get_data(as_text=True)
    assert "已收到，正在了解" in page and f"（编号 {case.number}）" in page and "到黄柏乡司法所来一趟" in page
    assert "{编号}" not in page and "{部门}" not in page


def test_quick_reply_admin_pages(app: Flask) -> None:
    seed_quick_replies()
    staff = logged_in(app, "sfs_li")
    assert staff.get("/console/admin/quick-replies").status_code == 403
    assert staff.post("/console/admin/quick-replies/new", data={"title": "x", "body": "y"}).status_code == 403
    assert "常用回复" not in staff.get("/console/account").get_data(as_text=True).split("</nav>")[0]

    admin = logged_in(app, "admin")
    assert "已收到，正在了解" in admin.get("/console/admin/quick-replies").get_data(as_text=True)
    res = admin.post("/console/admin/quick-replies/new", data={
        "title": "节假日值班", "body": "您好，节假日期间值班电话：{部门}。", "sort_order": "1", "active": "y"})
    assert res.status_code == 302
    row = db.session.query(QuickReply).filter_by(title="节假日值班").one()
    admin.post(f"/console/admin/quick-replies/{row.id}",
               data={"title": "节假日值班", "body": "改过了", "sort_order": "1"})
    db.session.refresh(row)
    assert row.body == "改过了" and not row.active
    case = sfs_case()
    assert "节假日值班" not in staff.get(f"/console/cases/{case.number}").get_data(as_text=True)  # inactive
    admin.post(f"/console/admin/quick-replies/{row.id}/delete")
    assert db.session.get(QuickReply, row.id) is None
    done = [e.action for kind in ("create", "update", "delete") for e in audits(f"quick_reply.{kind}")]
    assert done == ["quick_reply.create", "quick_reply.update", "quick_reply.delete"]
