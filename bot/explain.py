"""What the bot would do with a message, without doing it: ``bot explain`` and the console's 试一试.

The real registry runs on a synthetic text message from a fresh random OpenID, with an
in-memory session and ``ctx.meta["dry_run"]`` set, so the answer is the one a new resident
would get, and nothing is written (handlers skip writes and jobs under dry_run).
"""

from __future__ import annotations

import secrets
import time
from typing import Any

from flask import Flask

from bot.dispatch import Context, Registry
from bot.messages import Inbound
from bot.session import Session


class MemorySessionStore:
    """A session store that lives only as long as one explanation."""

    def __init__(self) -> None:
        self.data: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        return self.data.get(key)

    def set(self, key: str, value: dict[str, Any], ttl: int) -> None:
        self.data[key] = dict(value)

    def delete(self, key: str) -> None:
        self.data.pop(key, None)


def explain(app: Flask, text: str) -> dict[str, Any]:
    """{"text", "handler", "faq_id", "score", "reply", "later", "decision", "candidates", "runner_up"}
    for ``text`` in a new conversation.

    ``handler`` is the chosen handler's ``name``; ``faq_id`` is set only when the reply is that
    entry's answer; ``score`` is the best FAQ candidate's score when the FAQ was searched, and
    ``decision`` (answer/clarify/unsure) and ``candidates`` (entry ids, the decided ones first)
    say how the FAQ got there (None and [] when another handler took the message); ``runner_up``
    is the entry offered by number after an answer, if any.
    Needs an app context (the handlers read the database).
    """
    openid = "explain-" + secrets.token_hex(8)
    message = Inbound(openid=openid, account="explain", kind="text", create_time=int(time.time()),
                      msg_id=secrets.token_hex(8), text=text.strip())
    session = Session(MemorySessionStore(), f"resident:{openid}", app.config["SESSION_TTL"])
    ctx = Context(app=app, message=message, session=session, request_id="explain", meta={"dry_run": True})
    registry: Registry = app.extensions["fazhi.registry"]
    reply = registry.dispatch(ctx)
    return {
        "text": text,
        "handler": ctx.handler_name or None,
        "faq_id": ctx.meta.get("faq_id"),
        "score": ctx.meta.get("faq_score"),
        "reply": reply.text,
        "later": list(reply.later),
        "decision": ctx.meta.get("faq_decision"),
        "candidates": list(ctx.meta.get("faq_candidates") or []),
        "runner_up": ctx.meta.get("faq_runner_up"),
    }
