"""The handler registry: order matters, the first handler that matches answers.

Adding a conversation = one module + one line here + one test file.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from bot.dispatch import Handler, Registry
from handlers import contacts, crisis, events, faq, help, intake, media, opener, rating, smalltalk, status, statute


def _extra(app: Flask) -> list[Handler]:
    """Handlers named in config (``module:Class``), instantiated and tried first."""
    found: list[Handler] = []
    for path in app.config.get("EXTRA_HANDLERS", []):
        module, _, cls = path.partition(":")
        found.append(getattr(import_module(module), cls)())
    return found


def build_registry(app: Flask) -> Registry:
    handlers: list[Handler] = _extra(app) + [
        events.Subscribe(),
        events.Unsubscribe(),
        crisis.Crisis(),
        *intake.active_forms(), intake.ExpiredForm(),
        rating.PendingRating(),
        events.Scan(),
        events.SilentEvent(),
        events.FaqMenu(),
        *intake.menu_starters(), status.Status(),
        faq.FaqChoice(), faq.StrayNumber(),
        media.UnrecognisedVoice(),
        media.Media(),
        intake.Handoff(), *intake.text_starters(),
        statute.Statute(),
        contacts.Contacts(),
        help.Help(),
        opener.Opener(),
        smalltalk.SmallTalk(),
        faq.Faq(),
        help.Fallback(),
    ]
    return Registry(handlers)
