"""The database copy of sessions: expired rows (residents' answers, phone numbers) are deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from flask import Flask

from bot.cases.jobs import tick
from bot.extensions import db
from bot.models import SessionSnapshot
from bot.session import DatabaseSessionStore, purge_expired


def test_expired_copies_are_purged_and_live_ones_kept(app: Flask) -> None:
    store = DatabaseSessionStore()
    store.set("resident:o_old", {"intake": {"phone": "13812345678"}}, ttl=60)
    store.set("resident:o_live", {"intake": {}}, ttl=3600)
    assert purge_expired(datetime.now(UTC) + timedelta(seconds=120)) == 1
    assert [row.key for row in db.session.query(SessionSnapshot)] == ["resident:o_live"]
    assert store.get("resident:o_live") == {"intake": {}}


def test_the_periodic_tick_purges_them(app: Flask) -> None:
    store = DatabaseSessionStore()
    store.set("resident:o_gone", {"intake": {}}, ttl=-1)  # already expired
    app.redis.delete("sessions:purge")  # type: ignore[attr-defined]
    tick()
    assert db.session.query(SessionSnapshot).filter_by(key="resident:o_gone").count() == 0
