"""Transactional outbox: work for the worker is written with the change that causes it.

A case is committed together with an ``Outbox`` row; ``dispatch_outbox`` later hands the row
to rq. So a case is never lost when Redis is down, and never announced when its
transaction rolled back.

Dispatching claims a row with one conditional UPDATE (``sent_at`` empty or older than the
lease) before enqueueing it, so two dispatchers (the web process right after a commit and
the worker's periodic tick) never enqueue the same row twice at the same time. A row stays
"not done" until its job finishes; if the job dies with its worker, the lease
(``CASE_OUTBOX_LEASE`` seconds, default 600) runs out and the next dispatch enqueues it
again. Jobs are idempotent, so an occasional second run changes nothing.

Dispatch runs: right after a commit (``after_commit_dispatch``, best effort, bounded), every
``CASE_TICK_SECONDS`` in the worker (``bot.cases.jobs.tick``, a self-rescheduling job on rq's
built-in scheduler, started again on every worker start), and on demand with
``flask cases dispatch`` (``--loop`` for a deployment without the worker's scheduler).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from bot.cases.clock import aware
from bot.cases.clock import now as clock_now
from bot.cases.models import Outbox
from bot.extensions import db

log = logging.getLogger(__name__)

# topic → the function (dotted path) that handles its payload, called by ``RUNNER`` as func(**payload)
TOPICS: dict[str, str] = {
    "case.created": "bot.cases.jobs.process_new_case",
    "case.resident_message": "bot.cases.jobs.notify_resident_message",
}
RUNNER = "bot.cases.jobs.run_outbox"


def add(topic: str, payload: dict[str, Any]) -> Outbox:
    """Add a row to the current transaction (the caller commits)."""
    if topic not in TOPICS:
        raise ValueError(f"unknown outbox topic {topic!r}")
    row = Outbox(topic=topic, payload=payload, created_at=clock_now())
    db.session.add(row)
    return row


def lease() -> timedelta:
    return timedelta(seconds=int(current_app.config["CASE_OUTBOX_LEASE"]))


def pending_ids(now: datetime, limit: int) -> list[int]:
    cutoff = now - lease()
    ids = db.session.scalars(
        select(Outbox.id).where(Outbox.done_at.is_(None), or_(Outbox.sent_at.is_(None), Outbox.sent_at < cutoff))
        .order_by(Outbox.id).limit(limit)
    )
    return list(ids)


def _claim(row_id: int, now: datetime) -> bool:
    cutoff = now - lease()
    result = db.session.execute(
        update(Outbox)
        .where(Outbox.id == row_id, Outbox.done_at.is_(None), or_(Outbox.sent_at.is_(None), Outbox.sent_at < cutoff))
        .values(sent_at=now, attempts=Outbox.attempts + 1)
    )
    db.session.commit()
    return bool(getattr(result, "rowcount", 0))


def _release(row_id: int, error: str) -> None:
    db.session.execute(update(Outbox).where(Outbox.id == row_id).values(sent_at=None, last_error=error[:200]))
    db.session.commit()


def dispatch_outbox(now: datetime | None = None, limit: int = 500) -> int:
    """Enqueue pending rows; returns how many were enqueued. Raises nothing for a Redis outage."""
    from bot.jobs import enqueue

    now = aware(now or clock_now()).astimezone(UTC)  # compared as UTC text on SQLite
    ids = pending_ids(now, limit)
    if not ids:
        return 0
    try:  # no claims (writes) while Redis is away
        current_app.redis.ping()  # type: ignore[attr-defined]
    except redis.RedisError as exc:
        log.warning("outbox: Redis unavailable, will retry later: %s", exc)
        return 0
    enqueued = 0
    for row_id in ids:
        if not _claim(row_id, now):
            continue  # another dispatcher has it
        try:
            enqueue(RUNNER, row_id)
        except redis.RedisError as exc:
            log.warning("outbox: could not enqueue row %s: %s", row_id, exc)
            _release(row_id, str(exc))
            break
        enqueued += 1
    return enqueued


def after_commit_dispatch() -> None:
    """Best effort, right after a commit in a web request: a few rows, never an exception."""
    try:
        dispatch_outbox(limit=int(current_app.config["CASE_DISPATCH_INLINE_LIMIT"]))
    except (redis.RedisError, SQLAlchemyError) as exc:
        db.session.rollback()
        log.warning("outbox: inline dispatch failed, the periodic dispatch retries: %s", exc)


def mark_done(row: Outbox, now: datetime | None = None) -> None:
    row.done_at = now or clock_now()
    db.session.commit()
