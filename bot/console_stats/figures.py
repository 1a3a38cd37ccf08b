"""The statistics, each counted by one aggregate query over the filtered cases.

``compute`` returns plain data (labels, numbers and the case-list link behind each number),
which the page, the charts and the exports all render; nothing here knows about HTML.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, case, func, select

from bot.cases.clock import aware, local
from bot.cases.labels import CASE_TYPES, type_label
from bot.cases.models import Case
from bot.console_stats.models import FaqAnswerCount
from bot.console_stats.scope import StatsFilter
from bot.console_stats.sql import days_between, median, month_of
from bot.console_stats.subsets import (
    accept_known,
    accepted_on_time,
    close_known,
    closed_on_time,
    mediation_results,
)
from bot.extensions import db
from bot.org.models import Office, User, Village
from knowledge.models import FaqEntry, UnansweredQuestion

TOP = 10


@dataclass(frozen=True)
class Bar:
    """One labelled number; ``args`` are the case-list link's extra query arguments (None: no list)."""

    label: str
    value: int
    args: dict[str, str] | None = None


@dataclass(frozen=True)
class Rate:
    """``part`` of ``whole`` (both counts of cases), with the subsets that list them."""

    part: int
    whole: int
    part_subset: str | None = None
    rest_subset: str | None = None

    @property
    def percent(self) -> float | None:
        return round(100.0 * self.part / self.whole, 1) if self.whole else None


@dataclass
class Figures:
    total: int = 0
    by_type: list[Bar] = field(default_factory=list)
    by_office: list[Bar] = field(default_factory=list)
    by_village: list[Bar] = field(default_factory=list)
    by_month: list[Bar] = field(default_factory=list)
    by_category: list[Bar] = field(default_factory=list)
    accepted: Rate = field(default_factory=lambda: Rate(0, 0))
    closed: Rate = field(default_factory=lambda: Rate(0, 0))
    closed_count: int = 0
    median_days: float | None = None
    mediation: Rate = field(default_factory=lambda: Rate(0, 0))
    rating_average: float | None = None
    ratings: list[Bar] = field(default_factory=list)
    faq_answered: int = 0
    faq_unanswered: int = 0
    faq_tags: list[Bar] = field(default_factory=list)

    @property
    def rated(self) -> int:
        return sum(b.value for b in self.ratings)

    @property
    def faq_rate(self) -> Rate:
        return Rate(self.faq_answered, self.faq_answered + self.faq_unanswered)


def _grouped(flt: StatsFilter, user: User, column: Any) -> list[tuple[Any, int]]:
    query = flt.cases(user).with_only_columns(column, func.count()).group_by(column)
    return [(key, int(n)) for key, n in db.session.execute(query)]


def _sum_if(condition: ColumnElement[bool]) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _named(rows: Iterable[tuple[Any, int]], names: dict[int, str], arg: str, missing: str) -> list[Bar]:
    bars = [Bar(names.get(key, missing) if key is not None else missing, n,
                {arg: str(key)} if key is not None else None) for key, n in rows]
    return sorted(bars, key=lambda b: (-b.value, b.label))


def months(start: date, end: date) -> list[str]:
    found, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def case_figures(flt: StatsFilter, user: User, at: datetime) -> Figures:
    at = aware(at).astimezone(UTC)
    fig = Figures()
    by_type = dict(_grouped(flt, user, Case.case_type))
    fig.total = sum(by_type.values())
    fig.by_type = [Bar(type_label(t), by_type.get(t, 0), {"type": t}) for t in CASE_TYPES if flt.case_type in (None, t)]
    offices = {o.id: o.name for o in db.session.scalars(select(Office))}
    fig.by_office = _named(_grouped(flt, user, Case.office_id), offices, "office", "未分派")
    villages = {v.id: v.name for v in db.session.scalars(select(Village))}
    fig.by_village = _named(_grouped(flt, user, Case.village_id), villages, "village", "未填村（社区）")
    per_month = dict(_grouped(flt, user, month_of(Case.created_at, flt.since)))
    last = min(flt.end, max(local(at).date(), flt.start))  # months still to come are not zeros
    fig.by_month = [Bar(f"{int(m[5:])}月" if flt.start.year == flt.end.year else m, int(per_month.get(m, 0)))
                    for m in months(flt.start, last)]
    categories = [(c, n) for c, n in _grouped(flt, user, Case.category) if c]
    fig.by_category = [Bar(c, n, {"category": c}) for c, n in sorted(categories, key=lambda r: (-r[1], r[0]))[:TOP]]

    row = db.session.execute(flt.cases(user).with_only_columns(
        _sum_if(accepted_on_time()), _sum_if(accept_known(at)), _sum_if(closed_on_time()), _sum_if(close_known(at)),
        _sum_if(Case.closed_at.is_not(None)), func.avg(Case.rating))).one()
    fig.accepted = Rate(int(row[0]), int(row[1]), "accepted-on-time", "accepted-late")
    fig.closed = Rate(int(row[2]), int(row[3]), "closed-on-time", "closed-late")
    fig.closed_count = int(row[4])
    fig.rating_average = round(float(row[5]), 2) if row[5] is not None else None
    fig.median_days = median(flt.cases(user).where(Case.closed_at.is_not(None))
                             .with_only_columns(days_between(Case.created_at, Case.closed_at)))
    if fig.median_days is not None:
        fig.median_days = round(fig.median_days, 1)

    results = mediation_results()
    outcome: dict[str, int] = dict(db.session.execute(flt.cases(user).join(results, results.c.case_id == Case.id)
                                      .with_only_columns(results.c.result, func.count()).group_by(results.c.result))
                   .tuples().all())
    success, failed = int(outcome.get("mediated", 0)), int(outcome.get("mediation_failed", 0))
    fig.mediation = Rate(success, success + failed, "mediated", "mediation-failed")

    scores = dict(_grouped(flt, user, Case.rating))
    fig.ratings = [Bar(f"{n} 分", int(scores.get(n, 0)), {"subset": f"rating-{n}"}) for n in range(1, 6)]
    return fig


def faq_figures(fig: Figures, flt: StatsFilter) -> Figures:
    """Questions the bot answered and could not answer in the range (township-wide: residents'
    questions belong to no office, village or case type)."""
    answered = (select(FaqAnswerCount.entry_id, func.sum(FaqAnswerCount.count))
                .where(FaqAnswerCount.day >= flt.start, FaqAnswerCount.day <= flt.end)
                .group_by(FaqAnswerCount.entry_id))
    per_entry = {entry_id: int(n) for entry_id, n in db.session.execute(answered)}
    fig.faq_answered = sum(per_entry.values())
    # a question whose resident then opened an offered entry got its answer (counted above)
    fig.faq_unanswered = int(db.session.scalar(
        select(func.count()).select_from(UnansweredQuestion)
        .where(UnansweredQuestion.asked_at >= flt.since, UnansweredQuestion.asked_at < flt.until,
               UnansweredQuestion.chosen.is_(None))) or 0)
    tags: Counter[str] = Counter()
    if per_entry:
        for entry_id, entry_tags in db.session.execute(select(FaqEntry.id, FaqEntry.tags)
                                                       .where(FaqEntry.id.in_(per_entry))):
            for tag in set(entry_tags or []):
                tags[str(tag)] += per_entry[entry_id]
    fig.faq_tags = [Bar(tag, n) for tag, n in sorted(tags.items(), key=lambda t: (-t[1], t[0]))[:TOP]]
    return fig


def compute(flt: StatsFilter, user: User, at: datetime) -> Figures:
    return faq_figures(case_figures(flt, user, at), flt)
