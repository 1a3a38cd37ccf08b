"""Foundation models: residents, outbound messages, media kept for cases, session copies, the menu."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class Resident(db.Model):  # type: ignore[name-defined,misc]
    """A WeChat follower, known only by OpenID until they give more for a case."""

    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    subscribed: Mapped[bool] = mapped_column(default=True)
    subscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_message_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, server_default=func.now())


class OutboundMessage(db.Model):  # type: ignore[name-defined,misc]
    """Every customer-service message we send, with its delivery status.

    status: queued → sent | undelivered (window closed or quota; delivered on the
    resident's next message) | failed (gave up after retries).
    """

    __tablename__ = "outbound_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="text")
    content: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(String(40), default="reply")
    # A caller-chosen key that makes "send this once" idempotent across job retries.
    dedup_key: Mapped[str | None] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MediaItem(db.Model):  # type: ignore[name-defined,misc]
    """A photo, voice, video, location or link a resident sent, kept to attach to a case."""

    __tablename__ = "media_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    msg_key: Mapped[str] = mapped_column(String(200), unique=True)
    media_id: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(1000))
    details: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SessionSnapshot(db.Model):  # type: ignore[name-defined,misc]
    """Database copy of a conversation state, read only when Redis is unavailable."""

    __tablename__ = "session_snapshots"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    data: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class MenuVersion(db.Model):  # type: ignore[name-defined,misc]
    """One version of the custom menu saved in the admin console; the newest one is the menu
    (``bot.menu.current_menu``). ``menu`` None means "back to the shipped ``bot/data/menu.yaml``".
    ``number`` is what admins see ("第 3 版"): 1, 2, 3 … with no gaps, unlike the row id (a
    PostgreSQL sequence skips the ids of rolled-back inserts); ``restored_from`` is the number of
    the version an admin restored, if this row is a restore."""

    __tablename__ = "wechat_menu_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    menu: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    saved_by: Mapped[str] = mapped_column(String(60))
    saved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    restored_from: Mapped[int | None] = mapped_column(Integer)
