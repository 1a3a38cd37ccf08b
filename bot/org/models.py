"""Offices, villages and staff accounts are data, editable by command and in the console."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.extensions import db
from bot.models import utcnow

user_offices = Table(
    "user_offices",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("office_id", ForeignKey("offices.id", ondelete="CASCADE"), primary_key=True),
)


class Office(db.Model):  # type: ignore[name-defined,misc]
    """A desk that handles cases: 司法所, 派出所, 综治办, 信访办, 经发办, 社保所, or a village's 调委会."""

    __tablename__ = "offices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    # judicial | police | safety | petition | economic | social | village_mediation | other
    kind: Mapped[str] = mapped_column(String(30), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("villages.id"))
    phone: Mapped[str | None] = mapped_column(String(30))
    active: Mapped[bool] = mapped_column(default=True)

    village: Mapped[Village | None] = relationship(foreign_keys=[village_id])
    staff: Mapped[list[User]] = relationship(secondary=user_offices, back_populates="offices")


class Village(db.Model):  # type: ignore[name-defined,misc]
    """A village (村) or community (社区); residents choose it by number or name."""

    __tablename__ = "villages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(default=True)


class User(db.Model):  # type: ignore[name-defined,misc]
    """A staff member, office lead or admin. Staff see only their offices' cases."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20), default="staff")  # staff | lead | admin
    password_hash: Mapped[str | None] = mapped_column(String(255))
    # Staff who follow the account get new-case and overdue notices in WeChat.
    wechat_openid: Mapped[str | None] = mapped_column(String(64), index=True)
    on_duty: Mapped[bool] = mapped_column(default=True)
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    api_token_hash: Mapped[str | None] = mapped_column(String(128), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    settings: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)

    offices: Mapped[list[Office]] = relationship(secondary=user_offices, back_populates="staff")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_lead(self) -> bool:
        return self.role in {"lead", "admin"}
