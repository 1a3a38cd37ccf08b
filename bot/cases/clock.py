"""The case domain's sense of time, injectable so tests and ``--now`` never sleep.

``now()`` reads ``app.extensions["fazhi.clock"]`` (a zero-argument callable) when set.
Deadlines are days in the township's time zone, so conversions live here too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

from bot.models import utcnow

DEFAULT_TIMEZONE = "Asia/Shanghai"


def now() -> datetime:
    if has_app_context():
        clock: Callable[[], datetime] | None = current_app.extensions.get("fazhi.clock")
        if clock is not None:
            return aware(clock()).astimezone(UTC)
    return utcnow()


def aware(value: datetime) -> datetime:
    """SQLite returns naive datetimes for timezone-aware columns; they are UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def local_zone() -> ZoneInfo:
    name = current_app.config.get("CASE_TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def local(value: datetime) -> datetime:
    return aware(value).astimezone(local_zone())


def short(value: datetime | None) -> str:
    """11月26日 10:05 — how residents and staff are shown a time."""
    if value is None:
        return ""
    t = local(value)
    return f"{t.month}月{t.day}日 {t:%H:%M}"


def short_date(value: datetime | None) -> str:
    if value is None:
        return ""
    t = local(value)
    return f"{t.month}月{t.day}日"
