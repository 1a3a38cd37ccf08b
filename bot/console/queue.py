"""The case queue: its tabs as a table, their counts, and what is unread.

A tab is a filter on the cases the user may see (``bot.console.access``), sorted by the
deadline that is running (closed cases: latest first). "Unread" means the resident wrote
(or rated) after the user last opened the case.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.exc import IntegrityError

from bot.cases.clock import aware, now
from bot.cases.models import Case, CaseEvent
from bot.console.access import visible_cases
from bot.console.due import deadline_of, is_overdue
from bot.console.models import CaseRead
from bot.extensions import db
from bot.org.models import User

# What the resident adds after hand-in; a new case itself is marked by its status, not as "news".
RESIDENT_KINDS = ("resident_message", "rating")
LIMIT = 100


@dataclass(frozen=True)
class Tab:
    key: str
    label: str
    where: Callable[[User], list[ColumnElement[bool]]]
    keep: Callable[[Case, datetime], bool] | None = None  # a further test in Python (the calendar)
    newest_first: bool = False
    empty: str = "这里暂时没有事项。"


TABS: tuple[Tab, ...] = (
    Tab("new", "新事项", lambda u: [Case.status == "new", Case.assignee_id.is_(None)],
        empty="没有待认领的新事项。"),
    Tab("mine", "我办理的", lambda u: [Case.assignee_id == u.id, Case.status != "closed"],
        empty="您手上暂时没有事项。"),
    Tab("office", "本部门", lambda u: [Case.status != "closed"]),
    Tab("overdue", "已超期", lambda u: [Case.status != "closed"], keep=lambda c, at: is_overdue(c, at),
        empty="没有超期的事项。"),
    Tab("waiting", "待群众补充", lambda u: [Case.status == "waiting_resident"]),
    Tab("closed", "已办结", lambda u: [Case.status == "closed"], newest_first=True),
)
TABS_BY_KEY = {t.key: t for t in TABS}


def tab_label(tab: Tab, user: User) -> str:
    return "全部在办" if tab.key == "office" and user.is_admin else tab.label


def _sort_key(case: Case) -> tuple[int, datetime]:
    running = deadline_of(case)
    return (0, running[1]) if running else (1, aware(case.created_at))


def cases_in(tab: Tab, user: User, at: datetime) -> list[Case]:
    query = visible_cases(user).where(*tab.where(user))
    if tab.newest_first:
        return list(db.session.scalars(query.order_by(Case.closed_at.desc(), Case.id.desc()).limit(LIMIT)))
    found = list(db.session.scalars(query))
    if tab.keep is not None:
        found = [c for c in found if tab.keep(c, at)]
    return sorted(found, key=_sort_key)[:LIMIT]


def count_in(tab: Tab, user: User, at: datetime) -> int:
    query = visible_cases(user).where(*tab.where(user))
    if tab.keep is not None:
        return len([c for c in db.session.scalars(query) if tab.keep(c, at)])
    return int(db.session.scalar(select(func.count()).select_from(query.subquery())) or 0)


def counts(user: User, at: datetime) -> dict[str, int]:
    return {t.key: count_in(t, user, at) for t in TABS if not t.newest_first}


def _latest_resident_event() -> Any:
    return (select(CaseEvent.case_id, func.max(CaseEvent.id).label("latest"))
            .where(CaseEvent.kind.in_(RESIDENT_KINDS)).group_by(CaseEvent.case_id).subquery())


def unread_ids(user: User, case_ids: list[int]) -> set[int]:
    """Which of these cases have something from the resident the user has not seen."""
    if not case_ids:
        return set()
    latest = _latest_resident_event()
    rows = db.session.execute(
        select(latest.c.case_id)
        .outerjoin(CaseRead, and_(CaseRead.case_id == latest.c.case_id, CaseRead.user_id == user.id))
        .where(latest.c.case_id.in_(case_ids), latest.c.latest > func.coalesce(CaseRead.last_event_id, 0)))
    return {int(r[0]) for r in rows}


def badge(user: User) -> int:
    """The nav badge: new cases waiting for someone, plus the user's own cases with news."""
    new = count_in(TABS_BY_KEY["new"], user, now())
    mine = list(db.session.scalars(visible_cases(user).with_only_columns(Case.id)
                                   .where(Case.assignee_id == user.id, Case.status != "closed")))
    return new + len(unread_ids(user, mine))


def mark_read(user: User, case: Case) -> None:
    """Remember the newest event the user has now seen on this case."""
    latest = db.session.scalar(select(func.max(CaseEvent.id)).where(CaseEvent.case_id == case.id)) or 0
    row = db.session.get(CaseRead, (user.id, case.id))
    if row is None:
        db.session.add(CaseRead(user_id=user.id, case_id=case.id, last_event_id=latest))
    elif row.last_event_id < latest:
        row.last_event_id = latest
    try:
        db.session.commit()
    except IntegrityError:  # the same user opened it twice at once
        db.session.rollback()
