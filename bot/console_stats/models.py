"""The statistics' own table: how many resident questions the FAQ answered, per day and entry.

Nothing else records an answered question (only unanswered ones are kept, for editors), and
the webhook must stay fast, so answers are counted in Redis first (``answered``) and copied
here by a periodic job; this table is what the statistics read.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db


class FaqAnswerCount(db.Model):  # type: ignore[name-defined,misc]
    """Answers given from one FAQ entry on one day (township time). ``count`` is the day's total
    so far, written as a whole (never added to), so copying it again is harmless."""

    __tablename__ = "stats_faq_answers"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
