"""The handler registry: order matters, the first handler that matches answers.

Adding a conversation = one module + one line here + one test file.
"""

from __future__ import annotations

from flask import Flask

from bot.dispatch import Handler, Registry
from handlers import events, help, media


def build_registry(app: Flask) -> Registry:
    handlers: list[Handler] = [
        events.Subscribe(),
        events.Unsubscribe(),
        events.Scan(),
        events.SilentEvent(),
        events.FaqMenu(),
        media.UnrecognisedVoice(),
        media.Media(),
        help.Help(),
        help.Fallback(),
    ]
    return Registry(handlers)
