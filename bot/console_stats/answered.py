"""Counting the questions the bot answered from the FAQ, without slowing the webhook.

The FAQ handler calls :func:`count_answer` once per answer: one pipelined Redis round trip
(``HINCRBY`` on a hash per township day, field = entry id, plus ``EXPIRE``), no database
write. A periodic job (:func:`flush_job`, every ``STATS_FLUSH_SECONDS``) and every visit to
the statistics (:func:`flush`) copy the hashes of the last :data:`KEEP_DAYS` days into
``stats_faq_answers``. A hash holds the day's total, so a copy overwrites rather than adds
and running it twice changes nothing. While Redis is down answers are not counted (the
resident still gets the answer); the figures say "at least".
"""

from __future__ import annotations

import logging
import os
import time
from datetime import date, timedelta

import redis
from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.cases.clock import local, now
from bot.console_stats.models import FaqAnswerCount
from bot.extensions import db

log = logging.getLogger(__name__)
KEY = "stats:faq_answered:{day}"
KEEP_DAYS = 14
"""How long a day's hash stays in Redis: the flush job must run at least once in that time."""
FLUSH_JOB = "bot.console_stats.answered.flush_job"
DEFAULT_FLUSH_SECONDS = 900


def day_key(day: date) -> str:
    return KEY.format(day=day.strftime("%Y%m%d"))


def today() -> date:
    return local(now()).date()


def count_answer(app: Flask, entry_id: str) -> None:
    """One answer from ``entry_id`` today; never raises (a lost count beats a lost reply)."""
    key = day_key(today())
    try:
        pipe = app.redis.pipeline(transaction=False)  # type: ignore[attr-defined]
        pipe.hincrby(key, entry_id, 1)
        pipe.expire(key, KEEP_DAYS * 86400)
        pipe.execute()
    except redis.RedisError as exc:
        log.warning("could not count a FAQ answer: %s", exc)


def _copy_day(day: date, counts: dict[str, int]) -> int:
    rows = {r.entry_id: r for r in db.session.scalars(select(FaqAnswerCount).where(FaqAnswerCount.day == day))}
    changed = 0
    for entry_id, value in counts.items():
        row = rows.get(entry_id)
        if row is None:
            db.session.add(FaqAnswerCount(day=day, entry_id=entry_id, count=value))
            changed += 1
        elif row.count < value:  # a day's total only grows; an older copy never lowers it
            row.count = value
            changed += 1
    return changed


def flush(days: int = KEEP_DAYS) -> int:
    """Copy the last ``days`` days' counts from Redis to the table; the number of rows changed."""
    conn = current_app.redis  # type: ignore[attr-defined]
    first = today()
    wanted = [first - timedelta(days=i) for i in range(days)]
    try:
        pipe = conn.pipeline(transaction=False)
        for day in wanted:
            pipe.hgetall(day_key(day))
        found = pipe.execute()
    except redis.RedisError as exc:
        log.warning("could not read FAQ answer counts: %s", exc)
        return 0
    changed = 0
    for attempt in range(2):  # a concurrent flush may insert the same new row first
        try:
            changed = sum(_copy_day(day, {k.decode() if isinstance(k, bytes) else str(k): int(v)
                                          for k, v in raw.items()})
                          for day, raw in zip(wanted, found, strict=True) if raw)
            db.session.commit()
            return changed
        except IntegrityError:
            db.session.rollback()
            if attempt:
                raise
    return changed


def flush_interval() -> int:
    configured = current_app.config.get("STATS_FLUSH_SECONDS")
    if configured is None:
        configured = os.environ.get("FAZHI_STATS_FLUSH_SECONDS") or DEFAULT_FLUSH_SECONDS
    return int(configured)


def schedule_flush(delay: float | None = None) -> None:
    """Schedule the next flush; the job id is the time slot, so many workers schedule it once."""
    from bot.jobs import queue

    interval = flush_interval()
    if interval <= 0:
        return
    delay = interval if delay is None else delay
    slot = int((time.time() + delay) // interval)
    queue().enqueue_in(timedelta(seconds=delay), FLUSH_JOB, job_id=f"stats-flush-{slot}", result_ttl=60)


def flush_job() -> int:
    """Periodic: reschedule first (a failure must not break the chain), then copy the counts."""
    schedule_flush()
    return flush()


def start_flushing(app: Flask) -> None:
    """Preload hook (worker start, gunicorn post-fork): keep the periodic flush scheduled."""
    with app.app_context():
        try:
            schedule_flush()
        except redis.RedisError as exc:
            log.warning("could not schedule the FAQ answer count flush: %s", exc)
