"""Cases, their history and FAQ entries as the API's JSON (see ``schemas``).

Phone and ID numbers are masked in every field, as on the console, unless the caller asked
to reveal them and may (``bot.console.access.can_reveal``); the view audits that.
Times are RFC 3339 in UTC.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select

from bot.cases.clock import aware, local, now
from bot.cases.models import Case, CaseEvent
from bot.console.due import is_overdue
from bot.console.timeline import staff_status_label
from bot.extensions import db
from bot.models import OutboundMessage
from bot.org.models import Office, User, Village
from bot.privacy import mask_id_number, mask_text
from knowledge.models import FaqEntry

SUMMARY = 60


def when(value: datetime | None) -> str | None:
    return aware(value).astimezone(UTC).isoformat() if value is not None else None


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _named(row: Office | Village | None) -> dict[str, str] | None:
    return {"code": row.code, "name": row.name} if row is not None else None


def _person(user: User | None) -> dict[str, str] | None:
    return {"username": user.username, "display_name": user.display_name} if user is not None else None


def case_summary(case: Case, at: datetime | None = None) -> dict[str, Any]:
    flat = mask_text((case.description or "").strip().replace("\n", " "))
    return {
        "number": case.number, "type": case.case_type, "type_label": case.type_label, "category": case.category,
        "status": case.status, "status_label": staff_status_label(case.status),
        "office": _named(case.office), "village": _named(case.village), "assignee": _person(case.assignee),
        "summary": flat if len(flat) <= SUMMARY else flat[: SUMMARY - 1] + "…",
        "phone": case.masked_phone, "overdue": is_overdue(case, at or now()),
        "created_at": when(case.created_at), "updated_at": when(case.updated_at),
        "accepted_at": when(case.accepted_at), "accept_due": when(case.accept_due),
        "resolve_due": when(case.resolve_due), "closed_at": when(case.closed_at),
    }


def _details(case: Case, show: Callable[[str | None], str], revealed: bool) -> dict[str, str]:
    found = {}
    for key, value in (case.details or {}).items():
        if key == "consent" or value in (None, "", [], {}):
            continue
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        found[str(key)] = text if revealed else (mask_id_number(text) if key == "id_number" else show(text))
    return found


def _events(case: Case, show: Callable[[str | None], str]) -> list[dict[str, Any]]:
    events = list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id)))
    ids = {e.outbound_message_id for e in events if e.outbound_message_id}
    status = {m.id: m.status for m in db.session.scalars(select(OutboundMessage).where(OutboundMessage.id.in_(ids)))}
    return [{"id": e.id, "kind": e.kind, "author": e.author, "at": when(e.at),
             "text": show(e.text) if e.text is not None else None, "data": dict(e.data or {}),
             "delivery": status.get(e.outbound_message_id) if e.outbound_message_id else None} for e in events]


def case_detail(case: Case, *, revealed: bool = False) -> dict[str, Any]:
    show: Callable[[str | None], str] = (lambda t: t or "") if revealed else mask_text
    return {
        **case_summary(case),
        "description": show(case.description),
        "details": _details(case, show, revealed),
        "phone": (case.phone or "") if revealed else case.masked_phone,
        "phone_revealed": revealed,
        "outcome": show(case.outcome) if case.outcome is not None else None,
        "rating": case.rating,
        "rating_comment": show(case.rating_comment) if case.rating_comment is not None else None,
        "events": _events(case, show),
    }


def entry(row: FaqEntry) -> dict[str, Any]:
    return {"id": row.id, **row.content(), "version": row.version, "updated_at": when(row.updated_at),
            "updated_by": row.updated_by or "", "live": row.is_live(local(now()).date())}
