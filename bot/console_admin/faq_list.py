"""The knowledge base's list: search, filters and pages.

Alternative questions and tags are JSON columns, which SQLite and PostgreSQL search
differently (and SQLite stores Chinese in them as \\u escapes), so the list filters in Python.
A township's knowledge base has hundreds of entries, a few thousand at most: one query of
the editable columns is cheaper than keeping two SQL dialects right.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from bot.console.auth import role_required
from bot.console_admin.blueprint import bp
from bot.console_admin.entry_form import STATUS_LABELS
from bot.extensions import db
from knowledge.models import FaqEntry
from knowledge.service import today

PAGE_SIZE = 25
EXPIRING_DAYS = 30
VALIDITY = {"expiring": f"{EXPIRING_DAYS} 天内失效", "expired": "已失效", "pending": "未到生效日期"}
NO_TOPIC = "-"


@dataclass(frozen=True)
class Filters:
    q: str = ""
    topic: str = ""
    status: str = ""
    validity: str = ""

    @classmethod
    def from_args(cls, args: Any) -> Filters:
        status = args.get("status", "")
        validity = args.get("validity", "")
        return cls(q=(args.get("q") or "").strip(), topic=(args.get("topic") or "").strip(),
                   status=status if status in STATUS_LABELS else "", validity=validity if validity in VALIDITY else "")

    def args(self) -> dict[str, str]:
        return {k: v for k, v in vars(self).items() if v}


def topic(entry: FaqEntry) -> str:
    return entry.tags[0] if entry.tags else ""


def validity_state(entry: FaqEntry, day: date) -> str:
    """'' (valid), or one of ``VALIDITY``'s keys."""
    if entry.valid_to is not None and entry.valid_to <= day:
        return "expired"
    if entry.valid_from is not None and entry.valid_from > day:
        return "pending"
    if entry.valid_to is not None and entry.valid_to <= day + timedelta(days=EXPIRING_DAYS):
        return "expiring"
    return ""


def _matches_text(entry: FaqEntry, needle: str) -> bool:
    texts = [entry.id, entry.question, entry.answer, *(entry.alt_questions or [])]
    return any(needle in t.lower() for t in texts)


def search(filters: Filters, day: date) -> list[FaqEntry]:
    """Entries matching every filter, in id order."""
    rows = db.session.scalars(select(FaqEntry).order_by(FaqEntry.id))
    needle = filters.q.lower()
    found = []
    for entry in rows:
        if needle and not _matches_text(entry, needle):
            continue
        if filters.topic and (topic(entry) or NO_TOPIC) != filters.topic:
            continue
        if filters.status and entry.status != filters.status:
            continue
        if filters.validity and validity_state(entry, day) != filters.validity:
            continue
        found.append(entry)
    return found


def topics() -> list[str]:
    """Every topic in use (entries' first tags), for the filter."""
    firsts = {tags[0] if tags else NO_TOPIC for tags in db.session.scalars(select(FaqEntry.tags))}
    return sorted(firsts - {NO_TOPIC}) + ([NO_TOPIC] if NO_TOPIC in firsts else [])


def page_number(raw: str | None, pages: int) -> int:
    number = int(raw) if raw and raw.isdigit() else 1
    return min(max(number, 1), max(pages, 1))


@bp.get("/faq")
@role_required("admin")
def faq_list() -> ResponseReturnValue:
    filters = Filters.from_args(request.args)
    day = today()
    found = search(filters, day)
    pages = (len(found) + PAGE_SIZE - 1) // PAGE_SIZE
    page = page_number(request.args.get("page"), pages)
    rows = [{"entry": e, "topic": topic(e), "validity": validity_state(e, day), "live": e.is_live(day)}
            for e in found[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]]
    return render_template("console_admin/faq_list.html", rows=rows, total=len(found), page=page, pages=pages,
                           filters=filters, topics=topics(), statuses=STATUS_LABELS, validities=VALIDITY)
