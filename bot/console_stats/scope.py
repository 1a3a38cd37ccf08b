"""What a statistics page counts: the filter (date range, office, village, case type) and who
may count what.

Every figure is about the cases **received** in the date range (township days, both ends
included), so the numbers of one page add up and a year's report does not change when an old
case is closed later. The filter is always applied on top of ``visible_cases``: a lead
counts their offices' cases, an admin every case; staff do not see statistics at all (they
are a management view, and a per-person breakdown is not something colleagues should browse).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time

from sqlalchemy import ColumnElement, Select, select

from bot.cases.clock import local_zone
from bot.cases.labels import CASE_TYPES, type_label
from bot.cases.models import Case
from bot.console.access import visible_cases
from bot.extensions import db
from bot.org.models import Office, User, Village

ROLES = ("lead", "admin")


@dataclass(frozen=True)
class StatsFilter:
    start: date
    end: date
    office_id: int | None = None
    village_id: int | None = None
    case_type: str | None = None

    @property
    def since(self) -> datetime:
        """The first moment of ``start`` in township time, in UTC (as the database stores it)."""
        return datetime.combine(self.start, time(), tzinfo=local_zone()).astimezone(UTC)

    @property
    def until(self) -> datetime:
        """The first moment after ``end``, in UTC."""
        return datetime.combine(date.fromordinal(self.end.toordinal() + 1), time(), tzinfo=local_zone()).astimezone(UTC)

    def conditions(self) -> list[ColumnElement[bool]]:
        found = [Case.created_at >= self.since, Case.created_at < self.until]
        if self.office_id is not None:
            found.append(Case.office_id == self.office_id)
        if self.village_id is not None:
            found.append(Case.village_id == self.village_id)
        if self.case_type is not None:
            found.append(Case.case_type == self.case_type)
        return found

    def cases(self, user: User) -> Select[tuple[Case]]:
        """The cases this filter counts for ``user``."""
        return visible_cases(user).where(*self.conditions())

    def args(self, **changes: object) -> dict[str, str]:
        """Query-string arguments that reproduce this filter (with ``changes``) in a link."""
        f = replace(self, **changes)  # type: ignore[arg-type]
        found = {"start": f.start.isoformat(), "end": f.end.isoformat()}
        if f.office_id is not None:
            found["office"] = str(f.office_id)
        if f.village_id is not None:
            found["village"] = str(f.village_id)
        if f.case_type is not None:
            found["type"] = f.case_type
        return found

    def describe(self) -> str:
        """The filter in words, for export headers and page titles."""
        parts = [f"{self.start.isoformat()} 至 {self.end.isoformat()}"]
        if self.office_id is not None:
            office = db.session.get(Office, self.office_id)
            parts.append(office.name if office else "")
        if self.village_id is not None:
            village = db.session.get(Village, self.village_id)
            parts.append(village.name if village else "")
        if self.case_type is not None:
            parts.append(type_label(self.case_type))
        return "，".join(p for p in parts if p)


def office_choices(user: User) -> list[Office]:
    """Offices the user may filter by: an admin every office, a lead their own."""
    if user.is_admin:
        return list(db.session.scalars(select(Office).order_by(Office.id)))
    return sorted(user.offices, key=lambda o: o.id)


def village_choices() -> list[Village]:
    return list(db.session.scalars(select(Village).order_by(Village.sort_order, Village.id)))


def year_range(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat((value or "").strip()) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 10 else None


def parse(args: Mapping[str, str], user: User, today: date) -> tuple[StatsFilter, list[str]]:
    """The filter the query string asks for, and what was wrong with it (in Chinese).

    Bad values are dropped with a note, never an error page: these links get bookmarked and
    shared, and an office the user may not see simply is not theirs to filter by.
    """
    problems: list[str] = []
    default_start, default_end = year_range(today.year)
    start, end = _day(args.get("start")), _day(args.get("end"))
    if args.get("start") and start is None or args.get("end") and end is None:
        problems.append("日期格式应为 年-月-日，例如 2026-01-01；已改用默认范围。")
    start, end = start or default_start, end or default_end
    if start > end:
        problems.append("开始日期晚于结束日期，已对调。")
        start, end = end, start
    office_id = _int(args.get("office"))
    if args.get("office") and office_id not in {o.id for o in office_choices(user)}:
        problems.append("没有这个部门，或者它不在您的统计范围内；已显示全部。")
        office_id = None
    village_id = _int(args.get("village"))
    if args.get("village") and (village_id is None or db.session.get(Village, village_id) is None):
        problems.append("没有这个村（社区）；已显示全部。")
        village_id = None
    case_type = (args.get("type") or "").strip() or None
    if case_type is not None and case_type not in CASE_TYPES:
        problems.append("没有这种事项类型；已显示全部。")
        case_type = None
    return StatsFilter(start, end, office_id, village_id, case_type), problems
