"""Small building blocks shared by handlers."""

from __future__ import annotations

from typing import ClassVar

from bot.dispatch import Context, Reply


class EventHandler:
    """Matches one event type (``subscribe``, ``click`` …), optionally only some keys."""

    name: ClassVar[str] = "event"
    event: ClassVar[str] = ""
    keys: ClassVar[frozenset[str]] = frozenset()

    def matches(self, ctx: Context) -> bool:
        msg = ctx.message
        return msg.kind == "event" and msg.event == self.event and (not self.keys or msg.event_key in self.keys)

    def handle(self, ctx: Context) -> Reply:  # pragma: no cover - abstract
        raise NotImplementedError
