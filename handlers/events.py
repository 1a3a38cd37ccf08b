"""Follow, unfollow, QR scans, menu views and menu clicks that need no conversation."""

from __future__ import annotations

from typing import ClassVar

from bot.dispatch import Context, Reply
from bot.extensions import db
from bot.models import Resident, utcnow
from handlers import texts
from handlers.base import EventHandler


def _resident(openid: str) -> Resident:
    resident = db.session.query(Resident).filter_by(openid=openid).one_or_none()
    if resident is None:
        resident = Resident(openid=openid)
        db.session.add(resident)
    return resident


class Subscribe(EventHandler):
    """New follower (directly or by scanning a QR code): welcome with the menu's words."""

    name: ClassVar[str] = "subscribe"
    event = "subscribe"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind == "event" and ctx.message.event in {"subscribe", "subscribe_scan"}

    def handle(self, ctx: Context) -> Reply:
        resident = _resident(ctx.message.openid)
        resident.subscribed, resident.subscribed_at, resident.unsubscribed_at = True, utcnow(), None
        db.session.commit()
        return Reply(texts.welcome(ctx.app.config["TOWNSHIP_NAME"]))


class Unsubscribe(EventHandler):
    """Unfollow: mark the resident so nobody tries to message them; WeChat shows no reply."""

    name: ClassVar[str] = "unsubscribe"
    event = "unsubscribe"

    def handle(self, ctx: Context) -> Reply:
        resident = _resident(ctx.message.openid)
        resident.subscribed, resident.unsubscribed_at = False, utcnow()
        db.session.commit()
        ctx.session.clear()
        return Reply(None)


class Scan(EventHandler):
    """An existing follower scanned a QR code (e.g. a poster at the village office)."""

    name: ClassVar[str] = "scan"
    event = "scan"

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.HELP)


class SilentEvent:
    """Events that need no answer (menu VIEW links, location reports, template receipts)."""

    name: ClassVar[str] = "silent_event"
    events: ClassVar[frozenset[str]] = frozenset(
        {"view", "location", "templatesendjobfinish", "masssendjobfinish", "view_miniprogram"}
    )

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind == "event" and ctx.message.event in self.events

    def handle(self, ctx: Context) -> Reply:
        return Reply(None)


class FaqMenu(EventHandler):
    """The 普法问答 button: tell residents they can simply ask."""

    name: ClassVar[str] = "help"
    event = "click"
    keys = frozenset({"MENU_FAQ"})

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.FAQ_MENU)
