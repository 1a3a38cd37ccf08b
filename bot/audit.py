"""The audit log: who looked at or changed what, when, and from where.

Staff see residents' personal details; every case view, number reveal and change is
recorded so the township can answer "who saw this resident's phone number?". Entries are
only ever added. ``record`` works inside and outside a request (the CLI passes no IP).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context, request
from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db
from bot.models import utcnow
from bot.org.models import User

USER_AGENT_MAX = 300


class AuditEntry(db.Model):  # type: ignore[name-defined,misc]
    """One thing a person did: ``action`` is a dotted verb (``case.view``), ``target`` what it was
    done to (``case:HB-20261126-0001``, ``user:3``)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # The username at the time, kept even if the account is renamed or removed.
    actor: Mapped[str] = mapped_column(String(60))
    action: Mapped[str] = mapped_column(String(40), index=True)
    target: Mapped[str] = mapped_column(String(80), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(USER_AGENT_MAX))

    def __repr__(self) -> str:
        return f"<AuditEntry {self.actor} {self.action} {self.target}>"


def record(actor: User | str | None, action: str, target: str, details: dict[str, Any] | None = None,
           *, commit: bool = True) -> AuditEntry:
    """Add one entry (and commit, unless the caller commits it together with its change).

    ``actor`` is a user, a name for non-staff actors (``"system"``, a failed login's username),
    or None. Never put a full phone or ID number in ``details``.
    """
    if isinstance(actor, User):
        actor_id, name = actor.id, actor.username
    else:
        actor_id, name = None, (actor or "anonymous")
    ip = agent = None
    if has_request_context():
        ip = request.remote_addr
        agent = (request.user_agent.string or "")[:USER_AGENT_MAX] or None
    entry = AuditEntry(actor_id=actor_id, actor=name[:60], action=action, target=target[:80],
                       details=dict(details or {}), ip=ip, user_agent=agent, at=utcnow())
    db.session.add(entry)
    if commit:
        db.session.commit()
    return entry


def entries_for(target: str, limit: int = 200) -> list[AuditEntry]:
    """The latest entries about one target, newest first."""
    return list(db.session.scalars(
        select(AuditEntry).where(AuditEntry.target == target).order_by(AuditEntry.id.desc()).limit(limit)))


def case_target(number: str) -> str:
    """The target string for a case, so every caller spells it the same way."""
    return f"case:{number}"
