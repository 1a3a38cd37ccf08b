"""The admin side's own table: what editors decided about unanswered questions.

Unanswered questions are grouped afresh on every visit (``knowledge.unanswered``), so a
decision cannot be stored on a group; it is stored on each question the group held when the
editor acted. Handled and dismissed questions drop out of the list; questions asked later
form new groups, which is what an editor wants to see.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db
from bot.models import utcnow

OUTCOMES = {"handled": "已处理", "dismissed": "已忽略"}


class UnansweredMark(db.Model):  # type: ignore[name-defined,misc]
    """One unanswered question an editor dealt with: ``handled`` (an entry now answers it,
    ``entry_id``) or ``dismissed`` (not a legal question, spam, …)."""

    __tablename__ = "faq_unanswered_marks"

    question_id: Mapped[int] = mapped_column(ForeignKey("faq_unanswered.id", ondelete="CASCADE"), primary_key=True)
    outcome: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[str | None] = mapped_column(String(80))
    marked_by: Mapped[str] = mapped_column(String(60))
    marked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
