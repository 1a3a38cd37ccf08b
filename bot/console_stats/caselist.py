"""The cases behind a figure: the filter, optionally narrowed to a subset or a category.

Used by the list page every number links to and by the case-list exports; rows carry only
what a statistics reader needs, with the phone number masked (a list is not the place to
reveal one: that stays on the case page, on request and audited).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from bot.cases.clock import aware, local
from bot.cases.labels import CATEGORIES
from bot.cases.models import Case
from bot.console.timeline import staff_status_label
from bot.console_stats.scope import StatsFilter
from bot.console_stats.subsets import SUBSETS, condition
from bot.extensions import db
from bot.org.models import User

PAGE = 50


@dataclass(frozen=True)
class Selection:
    """A filter plus the narrowing a figure's link adds."""

    filter: StatsFilter
    subset: str | None = None
    category: str | None = None

    @classmethod
    def from_args(cls, flt: StatsFilter, args: Any) -> Selection:
        subset = args.get("subset") if args.get("subset") in SUBSETS else None
        category = args.get("category") if args.get("category") in CATEGORIES else None
        return cls(flt, subset, category)

    def args(self) -> dict[str, str]:
        found = self.filter.args()
        if self.subset:
            found["subset"] = self.subset
        if self.category:
            found["category"] = self.category
        return found

    def title(self) -> str:
        parts = [SUBSETS[self.subset].label if self.subset else "", self.category or ""]
        return " · ".join(p for p in parts if p) or "全部事项"

    def query(self, user: User, at: datetime) -> Select[tuple[Case]]:
        query = self.filter.cases(user)
        narrowed = condition(self.subset, at)
        if narrowed is not None:
            query = query.where(narrowed)
        if self.category:
            query = query.where(Case.category == self.category)
        return query

    def count(self, user: User, at: datetime) -> int:
        return int(db.session.scalar(select(func.count()).select_from(self.query(user, at).subquery())) or 0)

    def cases(self, user: User, at: datetime, *, page: int | None = None) -> list[Case]:
        """The cases, newest first; one page of :data:`PAGE` or (``page=None``) all of them."""
        query = (self.query(user, at).order_by(Case.created_at.desc(), Case.id.desc())
                 .options(selectinload(Case.village), selectinload(Case.office), selectinload(Case.assignee)))
        if page is not None:
            query = query.limit(PAGE).offset(PAGE * (max(page, 1) - 1))
        return list(db.session.scalars(query))


def _time(value: datetime | None) -> str:
    return local(value).strftime("%Y-%m-%d %H:%M") if value is not None else ""


def _yes_no(known: bool, ok: bool) -> str:
    return ("是" if ok else "否") if known else ""


def row(case: Case, at: datetime) -> dict[str, Any]:
    """One case as the list and the exports show it (phone masked). 按时受理 / 按时办结 follow
    the rules of ``subsets`` (empty while the answer is not known yet)."""
    at = aware(at).astimezone(UTC)
    accept_due = aware(case.accept_due) if case.accept_due else None
    resolve_due = aware(case.resolve_due) if case.resolve_due else None
    accepted = aware(case.accepted_at) if case.accepted_at else None
    closed = aware(case.closed_at) if case.closed_at else None
    days = round((closed - aware(case.created_at)).total_seconds() / 86400, 1) if closed else None
    return {
        "编号": case.number, "类型": case.type_label, "分类": case.category or "",
        "状态": staff_status_label(case.status),
        "村（社区）": case.village.name if case.village else "",
        "承办部门": case.office.name if case.office else "未分派",
        "承办人": case.assignee.display_name if case.assignee else "",
        "提交时间": _time(case.created_at), "受理时间": _time(case.accepted_at), "受理期限": _time(case.accept_due),
        "按时受理": _yes_no(accept_due is not None and (accepted is not None or accept_due < at),
                        accept_due is not None and accepted is not None and accepted <= accept_due),
        "办结时间": _time(case.closed_at), "办结期限": _time(case.resolve_due),
        "按时办结": _yes_no(resolve_due is not None and (closed is not None or resolve_due < at),
                        resolve_due is not None and closed is not None and closed <= resolve_due),
        "办理天数": days if days is not None else "",
        "评价": case.rating if case.rating is not None else "",
        "联系电话": case.masked_phone,
    }


COLUMNS: tuple[str, ...] = ("编号", "类型", "分类", "状态", "村（社区）", "承办部门", "承办人", "提交时间", "受理时间",
                            "受理期限", "按时受理", "办结时间", "办结期限", "按时办结", "办理天数", "评价", "联系电话")
