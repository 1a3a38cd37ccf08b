"""Case numbers like ``HB-20261126-0042``: config prefix, township date, per-day counter.

The counter is one row per day bumped by ``INSERT … ON CONFLICT DO UPDATE … RETURNING``, a
single atomic statement on both SQLite (≥ 3.35) and PostgreSQL. It runs inside the caller's
transaction, so the row stays locked until the case is committed: concurrent creators in
any number of processes queue on it and never see the same value, and a rolled-back
creation gives its number back.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import current_app

from bot.cases.clock import local
from bot.cases.models import CaseCounter
from bot.extensions import db


def _insert(dialect: str) -> Any:
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert
    raise RuntimeError(f"case numbering supports SQLite and PostgreSQL, not {dialect}")


def next_value(day: str) -> int:
    dialect = db.session.get_bind().dialect.name
    stmt = _insert(dialect)(CaseCounter).values(day=day, value=1)
    stmt = stmt.on_conflict_do_update(index_elements=[CaseCounter.day], set_={"value": CaseCounter.value + 1})
    value: int = db.session.execute(stmt.returning(CaseCounter.value)).scalar_one()
    return value


def next_number(at: datetime) -> str:
    """Take the next number for the township day of ``at`` (inside the caller's transaction)."""
    day = local(at).strftime("%Y%m%d")
    prefix = current_app.config.get("CASE_PREFIX", "HB")
    return f"{prefix}-{day}-{next_value(day):04d}"
