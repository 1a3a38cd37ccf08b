"""What happens to a verified message: de-duplicate, note the resident, dispatch.

Kept out of the view so the view reads as verify → parse → de-duplicate →
dispatch → render, and so tools (``bot explain``) can reuse the dispatch part.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

from flask import Flask

from bot.dedup import Deduplicator
from bot.dispatch import Context, Registry, Reply
from bot.messages import Inbound
from bot.session import DatabaseSessionStore, MirroredSessionStore, RedisSessionStore, Session

log = logging.getLogger(__name__)


def session_store(app: Flask) -> MirroredSessionStore:
    store = app.extensions.get("fazhi.session_store")
    if store is None:
        store = MirroredSessionStore(RedisSessionStore(app.redis), DatabaseSessionStore())  # type: ignore[attr-defined]
        app.extensions["fazhi.session_store"] = store
    return store


def make_context(app: Flask, message: Inbound, request_id: str | None = None) -> Context:
    session = Session(session_store(app), f"resident:{message.openid}", app.config["SESSION_TTL"])
    return Context(app=app, message=message, session=session, request_id=request_id or uuid.uuid4().hex[:12])


def receive(app: Flask, message: Inbound, request_id: str) -> Reply | None:
    """Handle one delivery; retries of the same message get the first one's reply."""
    dedup = Deduplicator(app.redis, ttl=app.config["DEDUP_TTL"], wait=app.config["DEDUP_WAIT"])  # type: ignore[attr-defined]

    def produce() -> dict[str, Any]:
        return _handle(app, message, request_id).to_dict()

    result = dedup.run_once(message.dedup_key, produce)
    return Reply.from_dict(result) if result is not None else None


def _handle(app: Flask, message: Inbound, request_id: str) -> Reply:
    from bot.outbound import on_resident_message, queue_text

    registry: Registry = app.extensions["fazhi.registry"]
    try:
        ctx = make_context(app, message, request_id)
    except Exception:  # session storage entirely unavailable
        log.exception("cannot load session request_id=%s", request_id)
        from bot.dispatch import APOLOGY

        return Reply(APOLOGY)
    if message.openid:
        on_resident_message(message.openid)
    reply = registry.dispatch(ctx)
    for index, text in enumerate(reply.later):
        try:
            queue_text(message.openid, text, purpose="followup", dedup_key=f"later:{message.dedup_key}:{index}")
        except Exception:
            log.exception("could not queue follow-up request_id=%s", request_id)
    return reply
