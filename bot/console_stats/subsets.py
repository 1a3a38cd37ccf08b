"""Named sets of cases behind a figure ("按时办结", "调解成功"…), as SQL conditions on ``Case``.

The figures count them and the case list shows them with the same conditions, so a number on
the page and the list its link opens can never disagree.

On time means against the case's own deadlines (``accept_due``, ``resolve_due``; a transfer
gives a fresh acceptance deadline). A case counts only once the answer is known: accepted
(on time or late), or not accepted and past its deadline (late). Cases still inside their
deadline are in neither part. The mediation result is the latest 调解成功 / 调解不成 status
the case was given, which survives the case being closed afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import ColumnElement, Subquery, and_, func, or_, select

from bot.cases.clock import aware
from bot.cases.models import Case, CaseEvent

MEDIATION_RESULTS = ("mediated", "mediation_failed")


def mediation_results() -> Subquery:
    """(case_id, result): each case's latest 调解成功 / 调解不成 status change."""
    to = CaseEvent.data["to"].as_string()
    latest = (select(func.max(CaseEvent.id)).where(CaseEvent.kind == "status", to.in_(MEDIATION_RESULTS))
              .group_by(CaseEvent.case_id))
    return select(CaseEvent.case_id.label("case_id"), to.label("result")).where(CaseEvent.id.in_(latest)).subquery()


def _result(value: str) -> ColumnElement[bool]:
    results = mediation_results()
    return Case.id.in_(select(results.c.case_id).where(results.c.result == value))


def accepted_on_time() -> ColumnElement[bool]:
    return and_(Case.accept_due.is_not(None), Case.accepted_at.is_not(None), Case.accepted_at <= Case.accept_due)


def accept_known(at: datetime) -> ColumnElement[bool]:
    return and_(Case.accept_due.is_not(None), or_(Case.accepted_at.is_not(None), Case.accept_due < at))


def accepted_late(at: datetime) -> ColumnElement[bool]:
    return and_(Case.accept_due.is_not(None), or_(Case.accepted_at > Case.accept_due,
                                                  and_(Case.accepted_at.is_(None), Case.accept_due < at)))


def closed_on_time() -> ColumnElement[bool]:
    return and_(Case.resolve_due.is_not(None), Case.closed_at.is_not(None), Case.closed_at <= Case.resolve_due)


def close_known(at: datetime) -> ColumnElement[bool]:
    return and_(Case.resolve_due.is_not(None), or_(Case.closed_at.is_not(None), Case.resolve_due < at))


def closed_late(at: datetime) -> ColumnElement[bool]:
    return and_(Case.resolve_due.is_not(None), or_(Case.closed_at > Case.resolve_due,
                                                   and_(Case.closed_at.is_(None), Case.resolve_due < at)))


@dataclass(frozen=True)
class Subset:
    key: str
    label: str
    where: Callable[[datetime], ColumnElement[bool]]


def _rating(score: int) -> Subset:
    return Subset(f"rating-{score}", f"评价 {score} 分", lambda at: Case.rating == score)


SUBSETS: dict[str, Subset] = {s.key: s for s in (
    Subset("closed", "已办结", lambda at: Case.closed_at.is_not(None)),
    Subset("open", "在办", lambda at: Case.closed_at.is_(None)),
    Subset("accepted-on-time", "按时受理", lambda at: accepted_on_time()),
    Subset("accepted-late", "受理超期", accepted_late),
    Subset("closed-on-time", "按时办结", lambda at: closed_on_time()),
    Subset("closed-late", "办结超期（含超期未办结）", closed_late),
    Subset("mediated", "调解成功", lambda at: _result("mediated")),
    Subset("mediation-failed", "调解不成", lambda at: _result("mediation_failed")),
    Subset("rated", "已评价", lambda at: Case.rating.is_not(None)),
    *(_rating(n) for n in range(1, 6)),
)}


def condition(key: str | None, at: datetime) -> ColumnElement[bool] | None:
    """The SQL condition of subset ``key`` at ``at`` (None for no or an unknown subset)."""
    subset = SUBSETS.get(key or "")
    return subset.where(aware(at).astimezone(UTC)) if subset is not None else None
