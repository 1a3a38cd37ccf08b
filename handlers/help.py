"""Help and the last-resort fallback, so the bot always says something useful."""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts

_HELP_WORDS = re.compile(
    r"^\s*(帮助|菜单|help|\?|？|你好|您好|在吗|你好在吗|hi|hello|功能|怎么用)\s*[!！。.?？]*\s*$", re.IGNORECASE
)


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
