"""Photos, voice, video, locations and links: kept so a case can carry them, and acknowledged."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy.exc import IntegrityError

from bot.dispatch import Context, Reply
from bot.extensions import db
from bot.messages import MEDIA_KINDS, Inbound
from bot.models import MediaItem
from handlers import texts


def keep_media(message: Inbound, case_id: int | None = None) -> MediaItem | None:
    """Store the item once (retries share the message key); return it for attaching to a case."""
    existing = db.session.query(MediaItem).filter_by(msg_key=message.dedup_key).one_or_none()
    if existing is not None:
        return existing
    details = {k: v for k, v in {
        "label": message.label, "latitude": message.latitude, "longitude": message.longitude,
        "title": message.title, "format": message.format,
        "recognition": message.text if message.kind == "voice" else "",
    }.items() if v}
    item = MediaItem(openid=message.openid, kind=message.kind, msg_key=message.dedup_key,
                     media_id=message.media_id or None, url=message.url or None, details=details, case_id=case_id)
    db.session.add(item)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return db.session.query(MediaItem).filter_by(msg_key=message.dedup_key).one_or_none()
    return item


class UnrecognisedVoice:
    """Voice without WeChat's speech recognition text: ask the resident to type."""

    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind == "voice" and not ctx.message.text

    def handle(self, ctx: Context) -> Reply:
        keep_media(ctx.message)
        return Reply(texts.VOICE_NOT_RECOGNISED)


class Media:
    """Any other media kind outside a conversation: keep it and say what it can be used for."""

    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind in MEDIA_KINDS and ctx.message.kind != "voice"

    def handle(self, ctx: Context) -> Reply:
        keep_media(ctx.message)
        return Reply(texts.MEDIA_RECEIVED.get(ctx.message.kind, texts.UNSUPPORTED_KIND))
