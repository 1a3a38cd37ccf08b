"""The case API used by the conversations, the CLI, the console and the API.

Functions here change the database and commit; the worker's side (routing, notices,
time limits) is in ``bot.cases.jobs`` and starts from outbox rows committed here.
Call ``after_commit_dispatch()`` after ``create_case`` (it never touches Redis itself).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from bot.cases import outbox
from bot.cases.clock import now
from bot.cases.labels import CASE_TYPES, STATUSES, normalise_category
from bot.cases.models import Case, CaseEvent
from bot.cases.numbering import next_number
from bot.cases.outbox import after_commit_dispatch, dispatch_outbox
from bot.cases.routing import office_for
from bot.cases.sla import due_dates
from bot.cases.texts import closed_and_rate, summary
from bot.cases.texts import staff_reply as staff_reply_text
from bot.cases.villages import find_village, villages
from bot.extensions import db
from bot.models import MediaItem, OutboundMessage
from bot.org.models import User
from bot.outbound import enqueue_delivery

__all__ = [
    "CASE_TYPES", "after_commit_dispatch", "dispatch_outbox", "create_case", "resident_cases", "find_case",
    "add_resident_message", "staff_reply", "close_case", "record_rating", "resident_summary", "office_for",
    "due_dates", "villages", "find_village", "pending_rating_case", "set_status", "assign",
]

log = logging.getLogger(__name__)
RATING_WINDOW = timedelta(days=7)


def _author(author: User | str) -> tuple[str, int | None]:
    return (author.username, author.id) if isinstance(author, User) else (author, None)


def _by_key(key: str) -> Case | None:
    return db.session.scalar(select(Case).where(Case.idempotency_key == key))


def create_case(*, openid: str, case_type: str, description: str, village_id: int | None, phone: str | None,
                details: dict[str, Any], media_ids: list[int], idempotency_key: str,
                category: str | None = None, told_in_chat: bool = False) -> Case:
    """Save a case, its first history event and its outbox row in one transaction.

    Idempotent on ``idempotency_key`` (e.g. the confirming message's key): a retry or a
    concurrent duplicate gets the case that was created first. Works with Redis down;
    sends nothing. ``told_in_chat``: the resident's chat reply names the office routing gives
    now; that office is kept so the worker sends no second acknowledgement unless it differs.
    """
    if case_type not in CASE_TYPES:
        raise ValueError(f"unknown case type {case_type!r}")
    existing = _by_key(idempotency_key)
    if existing is not None:
        return existing
    at = now()
    try:
        # The counter upsert is the transaction's first statement, so on SQLite it takes the
        # write lock before any read (no lock upgrade, no SQLITE_BUSY deadlock).
        number = next_number(at)
        case = Case(number=number, case_type=case_type, category=normalise_category(category), status="new",
                    openid=openid, village_id=village_id, description=description.strip(),
                    phone=(phone or "").strip() or None, details=dict(details), idempotency_key=idempotency_key,
                    created_at=at, updated_at=at)
        db.session.add(case)
        db.session.flush()
        data: dict[str, Any] = {"media_ids": list(media_ids)}
        if told_in_chat:
            told = office_for(case)
            data["told_office_id"] = told.id if told is not None else None
        db.session.add(CaseEvent(case_id=case.id, kind="created", author="resident", at=at, data=data))
        if media_ids:
            db.session.execute(update(MediaItem).where(MediaItem.id.in_(media_ids), MediaItem.openid == openid)
                               .values(case_id=case.id))
        outbox.add("case.created", {"case_id": case.id})
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = _by_key(idempotency_key)
        if existing is None:
            raise
        return existing
    log.info("case %s created (%s)", case.number, case_type)
    return case


def resident_cases(openid: str, limit: int = 5) -> list[Case]:
    """A resident's latest cases, newest first."""
    return list(db.session.scalars(
        select(Case).where(Case.openid == openid).order_by(Case.created_at.desc(), Case.id.desc()).limit(limit)))


def find_case(number: str) -> Case | None:
    value = (number or "").strip().upper()
    return db.session.scalar(select(Case).where(func.upper(Case.number) == value)) if value else None


def pending_rating_case(openid: str) -> Case | None:
    """The case this resident was asked to rate in the last 7 days and has not rated, if any."""
    since = now() - RATING_WINDOW
    return db.session.scalar(
        select(Case).where(Case.openid == openid, Case.rating_requested_at.is_not(None), Case.rating.is_(None),
                           Case.rating_requested_at >= since)
        .order_by(Case.rating_requested_at.desc()).limit(1))


def add_resident_message(case: Case, *, text: str | None = None, media_id: int | None = None) -> None:
    """The resident added to their case: keep it in the history and tell the office (via the outbox)."""
    at = now()
    event = CaseEvent(case_id=case.id, kind="resident_message", author="resident", text=text, media_id=media_id, at=at)
    db.session.add(event)
    if media_id is not None:
        db.session.execute(update(MediaItem).where(MediaItem.id == media_id).values(case_id=case.id))
    if case.status == "waiting_resident":
        case.status = "in_progress"
    case.updated_at = at
    db.session.flush()
    outbox.add("case.resident_message", {"case_id": case.id, "event_id": event.id})
    db.session.commit()
    after_commit_dispatch()


def staff_reply(case: Case, text: str, *, author: User | str) -> OutboundMessage:
    """Store a reply in the history and send it as a customer-service message.

    If the resident's 48-hour window is closed, ``bot.outbound`` keeps it and sends it on
    their next message; the text says when it was written.
    """
    if not text.strip():
        raise ValueError("empty reply")
    name, author_id = _author(author)
    at = now()
    event = CaseEvent(case_id=case.id, kind="staff_reply", author=name, author_id=author_id, text=text.strip(), at=at)
    db.session.add(event)
    db.session.flush()
    msg = OutboundMessage(openid=case.openid, content=staff_reply_text(case, text, at), purpose="staff_reply",
                          dedup_key=f"case:{case.id}:reply:{event.id}", created_at=at)
    db.session.add(msg)
    db.session.flush()
    event.outbound_message_id = msg.id
    if case.status in {"new", "accepted"}:
        case.status = "in_progress"
        case.accepted_at = case.accepted_at or at
    case.updated_at = at
    db.session.commit()
    enqueue_delivery(msg.id)
    return msg


def set_status(case: Case, status: str, *, author: User | str, note: str | None = None) -> None:
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}")
    if status == "closed":
        close_case(case, outcome=note or "", author=author)
        return
    name, author_id = _author(author)
    at = now()
    db.session.add(CaseEvent(case_id=case.id, kind="status", author=name, author_id=author_id, text=note, at=at,
                             data={"from": case.status, "to": status}))
    if status != "new" and case.accepted_at is None:
        case.accepted_at = at
    case.status, case.updated_at = status, at
    db.session.commit()


def assign(case: Case, user: User | None, *, author: User | str) -> None:
    name, author_id = _author(author)
    db.session.add(CaseEvent(case_id=case.id, kind="assigned", author=name, author_id=author_id, at=now(),
                             data={"assignee_id": user.id if user else None}))
    case.assignee_id = user.id if user else None
    db.session.commit()


def close_case(case: Case, *, outcome: str, author: User | str) -> None:
    """Close the case, tell the resident the outcome and ask for a 1–5 rating (one message)."""
    name, author_id = _author(author)
    at = now()
    case.status, case.closed_at, case.outcome, case.updated_at = "closed", at, outcome.strip() or None, at
    case.accepted_at = case.accepted_at or at
    db.session.add(CaseEvent(case_id=case.id, kind="closed", author=name, author_id=author_id, text=case.outcome,
                             at=at))
    key = f"case:{case.id}:closed"
    msg = db.session.scalar(select(OutboundMessage).where(OutboundMessage.dedup_key == key))
    if msg is None:
        msg = OutboundMessage(openid=case.openid, content=closed_and_rate(case), purpose="rating_request",
                              dedup_key=key, created_at=at)
        db.session.add(msg)
    case.rating_requested_at = at
    db.session.commit()
    if msg.status == "queued":
        enqueue_delivery(msg.id)


def record_rating(case: Case, score: int, comment: str | None) -> None:
    """Keep the resident's 1–5 rating (a later rating replaces an earlier one)."""
    if not 1 <= int(score) <= 5:
        raise ValueError("rating must be 1–5")
    comment = (comment or "").strip() or None
    case.rating, case.rating_comment = int(score), comment
    db.session.add(CaseEvent(case_id=case.id, kind="rating", author="resident", text=comment, at=now(),
                             data={"score": int(score)}))
    db.session.commit()


def resident_summary(case: Case) -> str:
    return summary(case)
