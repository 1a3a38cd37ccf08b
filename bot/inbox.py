"""What happens to a verified message: de-duplicate, note the resident, dispatch.

Kept out of the view so the view reads as verify → parse → de-duplicate →
dispatch → render, and so tools (``bot explain``) can reuse the dispatch part.
Everything a message needs from Redis before its handler runs (the dedup claim,
the resident's session, "does mail wait for them?") is fetched in one round trip.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from flask import Flask

from bot.dedup import Deduplicator
from bot.dispatch import APOLOGY, Context, Registry, Reply
from bot.messages import Inbound
from bot.session import DatabaseSessionStore, MirroredSessionStore, RedisSessionStore, Session

log = logging.getLogger(__name__)


def session_store(app: Flask) -> MirroredSessionStore:
    store = app.extensions.get("fazhi.session_store")
    if store is None:
        store = MirroredSessionStore(RedisSessionStore(app.redis), DatabaseSessionStore())  # type: ignore[attr-defined]
        app.extensions["fazhi.session_store"] = store
    return store


def session_key(openid: str) -> str:
    return f"resident:{openid}"


def make_context(app: Flask, message: Inbound, request_id: str | None = None,
                 session: Session | None = None) -> Context:
    session = session or Session(session_store(app), session_key(message.openid), app.config["SESSION_TTL"])
    return Context(app=app, message=message, session=session, request_id=request_id or uuid.uuid4().hex[:12])


@dataclass
class _Prefetch:
    claimed: bool
    session: Session | None
    mail_waiting: bool


def _prefetch(app: Flask, message: Inbound, dedup: Deduplicator) -> _Prefetch | None:
    """Claim the message, read the session and the waiting-mail flag in one pipeline."""
    from bot.outbound import PENDING_SET

    store = session_store(app)
    primary = store.primary
    assert isinstance(primary, RedisSessionStore)
    key = session_key(message.openid)
    try:
        pipe = app.redis.pipeline(transaction=False)  # type: ignore[attr-defined]
        dedup.queue_claim(pipe, message.dedup_key)
        pipe.get(primary.redis_key(key))
        pipe.srem(PENDING_SET, message.openid)
        claimed, raw_session, removed = pipe.execute()
    except redis.RedisError as exc:
        log.warning("Redis unavailable, handling without dedup; session from database: %s", exc)
        return None
    session = Session(store, key, app.config["SESSION_TTL"], primary.decode(raw_session), loaded=True)
    return _Prefetch(bool(claimed), session, bool(removed))


def receive(app: Flask, message: Inbound, request_id: str) -> Reply | None:
    """Handle one delivery; retries of the same message get the first one's reply."""
    dedup = Deduplicator(app.redis, ttl=app.config["DEDUP_TTL"], wait=app.config["DEDUP_WAIT"])  # type: ignore[attr-defined]
    pre = _prefetch(app, message, dedup)
    if pre is not None and pre.mail_waiting:
        _deliver_waiting(message.openid)

    def produce() -> dict[str, Any]:
        return _handle(app, message, request_id, pre.session if pre else None).to_dict()

    result = dedup.finish(message.dedup_key, pre.claimed, produce) if pre else produce()
    return Reply.from_dict(result) if result is not None else None


def _deliver_waiting(openid: str) -> None:
    from bot.jobs import enqueue

    try:
        enqueue("bot.outbound.deliver_waiting", openid)
    except redis.RedisError as exc:
        log.warning("could not enqueue waiting messages for delivery: %s", exc)


def _handle(app: Flask, message: Inbound, request_id: str, session: Session | None) -> Reply:
    from bot.outbound import queue_text

    registry: Registry = app.extensions["fazhi.registry"]
    try:
        ctx = make_context(app, message, request_id, session)
    except Exception:  # session storage entirely unavailable
        log.exception("cannot load session request_id=%s", request_id)
        return Reply(APOLOGY)
    reply = registry.dispatch(ctx)
    for index, text in enumerate(reply.later):
        try:
            queue_text(message.openid, text, purpose="followup", dedup_key=f"later:{message.dedup_key}:{index}")
        except Exception:
            log.exception("could not queue follow-up request_id=%s", request_id)
    return reply
