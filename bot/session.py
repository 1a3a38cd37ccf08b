"""Per-resident conversation state: a small get/set/delete store with JSON values and a TTL.

Redis is the primary store. Writes are mirrored to the database so that a
conversation in progress survives a Redis outage (a resident confirming a form
while Redis is down must still get a case).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, MutableMapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import redis
from sqlalchemy.exc import SQLAlchemyError

log = logging.getLogger(__name__)


class SessionStore(Protocol):
    def get(self, key: str) -> dict[str, Any] | None: ...
    def set(self, key: str, value: dict[str, Any], ttl: int) -> None: ...
    def delete(self, key: str) -> None: ...


class RedisSessionStore:
    """WeRoBot-style store: one JSON value per key, expiring after ``ttl`` seconds."""

    def __init__(self, conn: redis.Redis, prefix: str = "session") -> None:
        self.conn = conn
        self.prefix = prefix

    def redis_key(self, key: str) -> str:
        return f"{self.prefix}:{key}"

    @staticmethod
    def decode(raw: bytes | str | None) -> dict[str, Any] | None:
        return json.loads(raw) if raw else None

    def get(self, key: str) -> dict[str, Any] | None:
        return self.decode(self.conn.get(self.redis_key(key)))

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self.conn.set(self.redis_key(key), json.dumps(value, ensure_ascii=False), ex=ttl)

    def delete(self, key: str) -> None:
        self.conn.delete(self.redis_key(key))


class DatabaseSessionStore:
    """The same interface over the ``session_snapshots`` table."""

    def get(self, key: str) -> dict[str, Any] | None:
        from bot.extensions import db
        from bot.models import SessionSnapshot

        row = db.session.get(SessionSnapshot, key)
        if row is None or row.expires_at.replace(tzinfo=UTC) < datetime.now(UTC):
            return None
        value: dict[str, Any] = json.loads(row.data)
        return value

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        from bot.extensions import db
        from bot.models import SessionSnapshot

        expires = datetime.now(UTC) + timedelta(seconds=ttl)
        row = db.session.get(SessionSnapshot, key)
        data = json.dumps(value, ensure_ascii=False)
        if row is None:
            db.session.add(SessionSnapshot(key=key, data=data, expires_at=expires))
        else:
            row.data, row.expires_at = data, expires
        db.session.commit()

    def delete(self, key: str) -> None:
        from bot.extensions import db
        from bot.models import SessionSnapshot

        db.session.query(SessionSnapshot).filter_by(key=key).delete()
        db.session.commit()


def purge_expired(now: datetime | None = None) -> int:
    """Delete the database copies of sessions (and form drafts) that have expired: they hold
    residents' answers, phone numbers too, and are never read again (PIPL: keep no longer than
    needed).  Run from the worker's periodic tick; returns how many rows went."""
    from bot.extensions import db
    from bot.models import SessionSnapshot

    cutoff = now or datetime.now(UTC)
    count = db.session.query(SessionSnapshot).filter(SessionSnapshot.expires_at < cutoff).delete()
    db.session.commit()
    return int(count)


class MirroredSessionStore:
    """Reads Redis, falling back to the database; writes both, tolerating either failing."""

    def __init__(self, primary: SessionStore, mirror: SessionStore) -> None:
        self.primary = primary
        self.mirror = mirror

    def get(self, key: str) -> dict[str, Any] | None:
        try:
            return self.primary.get(key)
        except redis.RedisError as exc:
            log.warning("session read from Redis failed, using database copy: %s", exc)
            return self.mirror.get(key)

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self._both("set", key, value, ttl)

    def delete(self, key: str) -> None:
        self._both("delete", key)

    def _both(self, op: str, *args: Any) -> None:
        errors: list[Exception] = []
        for store in (self.primary, self.mirror):
            try:
                getattr(store, op)(*args)
            except (redis.RedisError, SQLAlchemyError) as exc:
                errors.append(exc)
                log.warning("session %s failed on %s: %s", op, type(store).__name__, exc)
        if len(errors) == 2:
            raise errors[0]


class Session(MutableMapping[str, Any]):
    """One resident's state for the length of one message; saved only if changed."""

    def __init__(self, store: SessionStore, key: str, ttl: int, preloaded: dict[str, Any] | None = None,
                 loaded: bool = False) -> None:
        """``loaded`` means ``preloaded`` was already read from the store (possibly as None)."""
        self.store, self.key, self.ttl = store, key, ttl
        self._data: dict[str, Any] = (preloaded if loaded else store.get(key)) or {}
        self._dirty = False

    def __getitem__(self, name: str) -> Any:
        return self._data[name]

    def __setitem__(self, name: str, value: Any) -> None:
        self._data[name] = value
        self._dirty = True

    def __delitem__(self, name: str) -> None:
        del self._data[name]
        self._dirty = True

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        if self._data:
            self._data = {}
            self._dirty = True

    def save(self) -> None:
        if not self._dirty:
            return
        if self._data:
            self.store.set(self.key, self._data, self.ttl)
        else:
            self.store.delete(self.key)
        self._dirty = False
