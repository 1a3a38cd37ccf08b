"""Help and the last-resort fallback, so the bot always says something useful."""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts

GREET = r"(喂|你好|您好|你们好|在吗|在不在|有人吗|有没得人|有没有人|hi|hello)"
"""A greeting, alone or in a row ("你好，在不在"); also what may open an announced question (opener)."""
PUNCT = r"[\s,，.。!！?？~～…、:：😊🙏👍]*"
"""Punctuation, spaces and the emoji residents add, between and around whole-message words."""
_HELP_WORDS = re.compile(
    rf"^\s*(帮助|菜单|help|功能|怎么用|{GREET}({PUNCT}{GREET})*){PUNCT}$|^[\s,，.。!！?？~～…、:：;；·-]+$",
    re.IGNORECASE,
)
"""Help words and greetings, or punctuation alone ("？", "。。。": a resident unsure what to send)."""


class Help:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return bool(ctx.message.text) and bool(_HELP_WORDS.match(ctx.message.text))

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.HELP)


class Fallback:
    """Matches everything: text we could not place, and message kinds we do not understand."""

    name: ClassVar[str] = "fallback"

    def matches(self, ctx: Context) -> bool:
        return True

    def handle(self, ctx: Context) -> Reply:
        if ctx.message.kind == "event":
            # A menu key nobody handles yet still deserves directions; other events need no answer.
            return Reply(texts.HELP if ctx.message.event == "click" else None)
        if ctx.message.text:
            return Reply(texts.NOT_UNDERSTOOD)
        return Reply(texts.UNSUPPORTED_KIND)
