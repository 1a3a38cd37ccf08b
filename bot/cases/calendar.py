"""Working days and deadlines.

A deadline of N working days counts from the day after receipt (民法典 第二百零一条: the
starting day is not counted) and ends at the end of the Nth working day, in township time
(第二百零三条: the last day ends at 24:00). A period of N calendar days whose last day is a rest
day runs on to the next working day (第二百零三条).
Weekends are rest days unless a ``Holiday`` row marks a make-up working day (调休), and
weekdays are working days unless a ``Holiday`` row marks a public holiday.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from bot.cases.clock import local, local_zone
from bot.cases.models import Holiday
from bot.extensions import db


def overrides(start: date, end: date) -> dict[date, bool]:
    """Configured exceptions between ``start`` and ``end`` inclusive: day → is it a working day."""
    rows = db.session.execute(select(Holiday.day, Holiday.is_workday).where(Holiday.day >= start, Holiday.day <= end))
    return {day: bool(is_workday) for day, is_workday in rows}


def is_workday(day: date, exceptions: dict[date, bool] | None = None) -> bool:
    exceptions = overrides(day, day) if exceptions is None else exceptions
    if day in exceptions:
        return exceptions[day]
    return day.weekday() < 5


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=local_zone())


def add_workdays(start: datetime, n: int) -> datetime:
    """End of the ``n``-th working day after ``start``'s local date."""
    first = local(start).date()
    # Long holidays (Spring Festival) are at most ~9 days, so one query usually covers it.
    horizon = first + timedelta(days=n * 2 + 30)
    exceptions = overrides(first, horizon)
    day, counted = first, 0
    while counted < n:
        day += timedelta(days=1)
        if day > horizon:
            horizon = day + timedelta(days=60)
            exceptions.update(overrides(day, horizon))
        if is_workday(day, exceptions):
            counted += 1
    return end_of_day(day)


def add_days(start: datetime, n: int) -> datetime:
    """End of the ``n``-th calendar day after ``start``'s local date (the statute's "15日内").

    A period whose last day is a rest day (weekend or holiday) ends on the next working day
    instead (民法典 第二百零三条: "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日").
    """
    day = local(start).date() + timedelta(days=n)
    exceptions = overrides(day, day + timedelta(days=30))
    while not is_workday(day, exceptions):
        day += timedelta(days=1)
    return end_of_day(day)
