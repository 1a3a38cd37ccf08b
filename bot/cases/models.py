"""Case tables: the case itself, its history, the outbox, numbering, routing rules and holidays.

Times are stored timezone-aware in UTC; SQLite hands them back naive, so readers go
through :func:`bot.cases.clock.aware` before comparing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.cases.labels import status_label, type_label
from bot.extensions import db
from bot.models import utcnow
from bot.org.models import Office, User, Village
from bot.privacy import mask_phone


class Case(db.Model):  # type: ignore[name-defined,misc]
    """One matter a resident handed in: a consultation, complaint, mediation request, clue or suggestion."""

    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    case_type: Mapped[str] = mapped_column(String(20), index=True)
    category: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="new", index=True)
    openid: Mapped[str] = mapped_column(String(64), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    description: Mapped[str] = mapped_column(Text)
    # Stored in full for the office to call back; shown and logged only through mask_phone.
    phone: Mapped[str | None] = mapped_column(String(30))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    routed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When the resident was told which office has their matter.
    acknowledged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    accept_due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolve_due: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Set when the overdue alert went to the office lead(s); also the "overdue" flag shown in lists.
    accept_overdue_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolve_overdue_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    outcome: Mapped[str | None] = mapped_column(Text)
    # Set when the resident was asked to rate; the rating handler looks for it.
    rating_requested_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)

    village: Mapped[Village | None] = relationship(foreign_keys=[village_id])
    office: Mapped[Office | None] = relationship(foreign_keys=[office_id])
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.id")

    @property
    def type_label(self) -> str:
        return type_label(self.case_type)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def overdue(self) -> bool:
        return self.accept_overdue_at is not None or self.resolve_overdue_at is not None

    @property
    def awaiting_rating(self) -> bool:
        return self.rating_requested_at is not None and self.rating is None

    def __repr__(self) -> str:  # never the phone or the description: reprs end up in logs
        return f"<Case {self.number} {self.case_type} {self.status}>"


class CaseEvent(db.Model):  # type: ignore[name-defined,misc]
    """History and conversation of a case, both ways.

    kind: created | routed | resident_message | staff_reply | status | note | transfer | assigned |
    closed | rating | overdue.
    """

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    # "resident", "system", or a staff member's username; author_id is set for staff.
    author: Mapped[str] = mapped_column(String(60), default="system")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str | None] = mapped_column(Text)
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media_items.id"))
    outbound_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbound_messages.id"))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    case: Mapped[Case] = relationship(back_populates="events")


class Outbox(db.Model):  # type: ignore[name-defined,misc]
    """Work to hand to the queue, written in the same transaction as the change that causes it.

    ``sent_at`` is when it was last enqueued, ``done_at`` when the job finished. A row enqueued
    but not done after a lease is enqueued again (the worker may have died), so jobs must be
    idempotent.
    """

    __tablename__ = "case_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class CaseCounter(db.Model):  # type: ignore[name-defined,misc]
    """The per-day sequence behind case numbers, bumped with one atomic upsert."""

    __tablename__ = "case_counters"

    day: Mapped[str] = mapped_column(String(8), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class RoutingRule(db.Model):  # type: ignore[name-defined,misc]
    """Which office gets a case. Empty match columns match anything; the highest priority wins.

    The target is either a fixed office or an office kind; the kind ``village_mediation`` means
    the case's own village's mediation committee.
    """

    __tablename__ = "routing_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_type: Mapped[str | None] = mapped_column(String(20))
    category: Mapped[str | None] = mapped_column(String(20))
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    office_kind: Mapped[str | None] = mapped_column(String(30))
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Holiday(db.Model):  # type: ignore[name-defined,misc]
    """A calendar override: a public holiday (is_workday False) or a make-up working day (True)."""

    __tablename__ = "holidays"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean, default=False)
    name: Mapped[str | None] = mapped_column(String(60))


class TimeLimit(db.Model):  # type: ignore[name-defined,misc]
    """An admin's setting of one case type's time limit, made in the console (on top of the
    defaults in ``bot.cases.sla`` and the ``CASE_TIME_LIMITS`` config): ``which`` is accept or
    resolve, ``unit`` days or workdays."""

    __tablename__ = "case_time_limits"

    case_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    which: Mapped[str] = mapped_column(String(10), primary_key=True)
    amount: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(10))
    updated_by: Mapped[str] = mapped_column(String(60), default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
