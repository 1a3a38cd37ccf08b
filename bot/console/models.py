"""The console's own tables: quick-reply templates and what each staff member has read."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db
from bot.models import utcnow


class QuickReply(db.Model):  # type: ignore[name-defined,misc]
    """A reply staff often send (常用回复), maintained by admins.

    ``body`` may contain ``{编号}`` and ``{部门}``, filled in for the case at hand.
    """

    __tablename__ = "quick_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class CaseRead(db.Model):  # type: ignore[name-defined,misc]
    """The newest case event a staff member has seen, for "new message" marks and the nav badge."""

    __tablename__ = "console_case_reads"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    last_event_id: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
