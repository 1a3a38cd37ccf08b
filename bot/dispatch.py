"""Handler registry: each handler says whether it ``matches`` and then ``handle``s.

Handlers are tried in registration order (python-telegram-bot style); the first
match wins. Any exception goes to one error hook, which logs it with the request
id and gives the resident a polite apology instead of an error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

from flask import Flask

from bot.messages import Inbound
from bot.session import Session

log = logging.getLogger(__name__)

APOLOGY = "抱歉，系统刚才出了点问题，请稍后再发一次。急事请拨打 12348 公共法律服务热线。"


@dataclass
class Reply:
    """What the resident gets: a passive reply now, and messages the worker sends later."""

    text: str | None = None
    later: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "later": list(self.later)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Reply:
        return cls(text=data.get("text"), later=list(data.get("later") or []))


@dataclass
class Context:
    """Everything a handler may use for one message."""

    app: Flask
    message: Inbound
    session: Session
    request_id: str = "-"
    handler_name: str = ""
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return self.message.text

    def enqueue(self, func: str, *args: Any, **kwargs: Any) -> None:
        """Queue a job by dotted path (rq finds plain functions that way)."""
        from bot.jobs import enqueue

        enqueue(func, *args, **kwargs)


class Handler(Protocol):
    name: ClassVar[str]

    def matches(self, ctx: Context) -> bool: ...

    def handle(self, ctx: Context) -> Reply: ...


class Registry:
    """Ordered handlers plus the one error hook."""

    def __init__(self, handlers: Sequence[Handler]) -> None:
        self.handlers = list(handlers)

    def pick(self, ctx: Context) -> Handler | None:
        for handler in self.handlers:
            if handler.matches(ctx):
                return handler
        return None

    def dispatch(self, ctx: Context) -> Reply:
        try:
            handler = self.pick(ctx)
            if handler is None:
                return Reply(None)
            ctx.handler_name = handler.name
            reply = handler.handle(ctx)
            ctx.session.save()
            lead = ctx.meta.get("lead")  # a line an earlier handler asked to put first (handlers/crisis.py)
            if lead and reply.text:
                reply = Reply(f"{lead}\n{reply.text}", later=reply.later)
            return reply
        except Exception:  # the one error hook: log it, apologise, never a 500
            log.exception("handler failed request_id=%s handler=%s", ctx.request_id, ctx.handler_name)
            return Reply(APOLOGY)
