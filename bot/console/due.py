"""Time left on a case, in the words staff use: 还剩 2 个工作日, 今天到期, 已超期 1 天.

Remaining time counts working days on the township calendar (weekends, holidays and make-up
days from ``bot.cases.calendar``); time past a deadline counts calendar days, which is how
late it is for the resident. A new case runs against its acceptance deadline, an accepted
one against its resolve deadline; resolved and closed cases have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.cases.calendar import is_workday, overrides
from bot.cases.clock import aware, local, now
from bot.cases.labels import RESOLVED_STATUSES
from bot.cases.models import Case

SOON_WORKDAYS = 1


@dataclass(frozen=True)
class Due:
    which: str  # "accept" | "resolve"
    at: datetime
    text: str
    level: str  # "ok" | "soon" | "late"

    @property
    def what(self) -> str:
        return "受理" if self.which == "accept" else "办结"


def deadline_of(case: Case) -> tuple[str, datetime] | None:
    """Which deadline ``case`` is running against now, if any."""
    if case.status == "new" and case.accept_due is not None:
        return "accept", aware(case.accept_due)
    if case.status not in RESOLVED_STATUSES and case.resolve_due is not None:
        return "resolve", aware(case.resolve_due)
    return None


def is_overdue(case: Case, at: datetime | None = None) -> bool:
    running = deadline_of(case)
    return running is not None and running[1] < (at or now())


class DueCalendar:
    """Describes deadlines for one page: loads the calendar's exceptions once, not per case."""

    def __init__(self, at: datetime | None = None, horizon_days: int = 400) -> None:
        self.now = at or now()
        self.today = local(self.now).date()
        self.exceptions = overrides(self.today, self.today + timedelta(days=horizon_days))

    def workdays_until(self, day: date) -> int:
        """Working days in (today, day]."""
        return sum(1 for i in range(1, (day - self.today).days + 1)
                   if is_workday(self.today + timedelta(days=i), self.exceptions))

    def describe(self, case: Case) -> Due | None:
        running = deadline_of(case)
        if running is None:
            return None
        which, at = running
        day = local(at).date()
        if at < self.now:
            late = max((self.today - day).days, 1)
            return Due(which, at, f"已超期 {late} 天", "late")
        if day == self.today:
            return Due(which, at, "今天到期", "soon")
        workdays = self.workdays_until(day)
        if workdays == 0:
            return Due(which, at, f"还剩 {(day - self.today).days} 天（假期）", "soon")
        return Due(which, at, f"还剩 {workdays} 个工作日", "soon" if workdays <= SOON_WORKDAYS else "ok")
