"""SQL pieces the figures need that SQLite and PostgreSQL spell differently.

Figures are computed in the database (a township's years of cases should not be loaded to
count them), so date arithmetic has to be written per dialect: the month of a timestamp in
township time, the days between two timestamps, and a median (neither database has one that
both understand; window functions they share).

Timestamps are stored in UTC (SQLite: as text without a zone). SQLite has no zone database,
so there the township's UTC offset at the given moment is applied; the township's zone
(Asia/Shanghai) has no daylight saving, so that is exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, Select, and_, cast, func, literal, select

from bot.cases.clock import local, local_zone
from bot.extensions import db


def dialect() -> str:
    return str(db.session.get_bind().dialect.name)


def month_of(column: Any, at: datetime) -> ColumnElement[str]:
    """"YYYY-MM" of a UTC timestamp column in township time (``at`` fixes SQLite's offset)."""
    if dialect() == "postgresql":
        return func.to_char(func.timezone(str(local_zone()), column), "YYYY-MM")
    offset = local(at).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return func.strftime("%Y-%m", column, f"{minutes:+d} minutes")


def days_between(start: Any, end: Any) -> ColumnElement[float]:
    """Days (with fractions) from ``start`` to ``end``."""
    if dialect() == "postgresql":
        return cast(func.extract("epoch", end - start) / 86400.0, Float)
    return cast(func.julianday(end) - func.julianday(start), Float)


def median(values: Select[Any]) -> float | None:
    """The median of a one-column select (None when it has no rows).

    Rows are numbered in order; the middle one (odd count) or the two middle ones (even count)
    are those whose number ``rn`` satisfies ``n <= 2·rn <= n + 2``; their average is the median.
    """
    inner = values.subquery()
    value = inner.c[0]
    ranked = select(value.label("v"), func.row_number().over(order_by=value).label("rn"),
                    func.count().over().label("n")).where(value.is_not(None)).subquery()
    twice = ranked.c.rn * literal(2)
    found = db.session.scalar(select(func.avg(ranked.c.v)).where(and_(twice >= ranked.c.n, twice <= ranked.c.n + 2)))
    return float(found) if found is not None else None
