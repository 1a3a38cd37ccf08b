"""Time limits per case type and the overdue check.

Defaults follow the rules the offices work under; each can be overridden with the app
config ``CASE_TIME_LIMITS`` (same shape), and then by an admin in the console (``TimeLimit``
rows), which wins: it is the township's latest decision. "accept" is the limit for telling
the resident the matter is taken up (or declined), "resolve" for finishing it.

- consultation: acknowledge within 1 working day, answer within 3 working days (township
  public legal service commitment);
- mediation: accept or decline within 5 working days; conclude usually within 30 days
  (人民调解工作若干规定);
- complaint: 信访工作条例 第二十二条 — written notice "自收到信访事项之日起15日内", and
  第三十四条 — handled "自受理之日起60日内". The text says 日, not 工作日 (where it means working
  days it says so: "5个工作日内", 第二十二条), so these are calendar days;
- clue, suggestion: no statute; 1 working day to acknowledge, 10 / 15 working days to finish
  (a local choice, change it in config).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import current_app
from sqlalchemy import select

from bot.cases.calendar import add_days, add_workdays
from bot.cases.clock import aware
from bot.cases.labels import RESOLVED_STATUSES
from bot.cases.models import Case, TimeLimit
from bot.extensions import db

DEFAULT_TIME_LIMITS: dict[str, dict[str, tuple[int, str]]] = {
    "consultation": {"accept": (1, "workdays"), "resolve": (3, "workdays")},
    "mediation": {"accept": (5, "workdays"), "resolve": (30, "days")},
    "complaint": {"accept": (15, "days"), "resolve": (60, "days")},
    "clue": {"accept": (1, "workdays"), "resolve": (10, "workdays")},
    "suggestion": {"accept": (1, "workdays"), "resolve": (15, "workdays")},
}
FALLBACK = {"accept": (1, "workdays"), "resolve": (15, "workdays")}


def configured_limits(case_type: str) -> dict[str, tuple[int, str]]:
    """The defaults with the app config applied (what the console's settings override)."""
    configured: dict[str, Any] = current_app.config["CASE_TIME_LIMITS"] or {}
    limits = dict(DEFAULT_TIME_LIMITS.get(case_type, FALLBACK))
    limits.update({k: tuple(v) for k, v in (configured.get(case_type) or {}).items()})
    return limits


def time_limits(case_type: str) -> dict[str, tuple[int, str]]:
    limits = configured_limits(case_type)
    rows = db.session.scalars(select(TimeLimit).where(TimeLimit.case_type == case_type))
    limits.update({row.which: (row.amount, row.unit) for row in rows})
    return limits


def deadline(start: datetime, limit: tuple[int, str]) -> datetime:
    """Stored in UTC: SQLite keeps a datetime's wall clock and drops its zone."""
    n, unit = limit
    end = add_workdays(start, n) if unit == "workdays" else add_days(start, n)
    return end.astimezone(UTC)


def due_dates(case_type: str, received: datetime) -> tuple[datetime, datetime]:
    """(accept_due, resolve_due) for a case received at ``received``."""
    limits = time_limits(case_type)
    return deadline(received, limits["accept"]), deadline(received, limits["resolve"])


@dataclass(frozen=True)
class Overdue:
    case_id: int
    which: str  # "accept" | "resolve"


def find_overdue(now: datetime) -> list[Overdue]:
    """Open cases past a deadline that have not been flagged for it yet.

    ``now`` goes to the database in UTC: SQLite compares the stored UTC wall clock as text.
    """
    now = aware(now).astimezone(UTC)
    not_accepted = select(Case.id).where(Case.status == "new", Case.accept_due < now, Case.accept_overdue_at.is_(None))
    unresolved = select(Case.id).where(Case.status.not_in(RESOLVED_STATUSES), Case.resolve_due < now,
                                       Case.resolve_overdue_at.is_(None))
    return ([Overdue(i, "accept") for i in db.session.scalars(not_accepted.order_by(Case.id))]
            + [Overdue(i, "resolve") for i in db.session.scalars(unresolved.order_by(Case.id))])
