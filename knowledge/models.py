"""Knowledge-base tables: FAQ entries, their change history, and questions the bot could not answer.

Entries are edited by admins while residents use the bot, so every change keeps the full
previous content (who, when, what) and a restore is just another change. The history's
auto-increment id doubles as the knowledge base's change counter that web processes
compare to know when to rebuild their search index.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Float, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.extensions import db
from bot.models import utcnow

STATUSES = ("draft", "published")
CONTENT_FIELDS = ("question", "alt_questions", "answer", "law", "article", "tags", "status", "valid_from", "valid_to")


class FaqEntry(db.Model):  # type: ignore[name-defined,misc]
    """One question-and-answer entry; ``id`` is a stable slug used in links, logs and imports.

    Answered only while ``status`` is published and ``valid_from <= today < valid_to``
    (China time): ``valid_to`` is the day an amendment takes effect, when the entry expires.
    """

    __tablename__ = "faq_entries"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    alt_questions: Mapped[list[str]] = mapped_column(JSON, default=list)
    answer: Mapped[str] = mapped_column(Text)
    law: Mapped[str] = mapped_column(String(200), default="")
    article: Mapped[str] = mapped_column(String(500), default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(20), default="published", index=True)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(60), default="")

    def content(self) -> dict[str, Any]:
        """The editable fields as JSON-ready values (dates as ISO strings), for history rows."""
        return {
            "question": self.question,
            "alt_questions": list(self.alt_questions or []),
            "answer": self.answer,
            "law": self.law or "",
            "article": self.article or "",
            "tags": list(self.tags or []),
            "status": self.status,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }

    def set_content(self, content: dict[str, Any]) -> None:
        """Overwrite the editable fields from a ``content()``-shaped dict."""
        self.question = content["question"]
        self.alt_questions = list(content.get("alt_questions") or [])
        self.answer = content["answer"]
        self.law = content.get("law") or ""
        self.article = content.get("article") or ""
        self.tags = list(content.get("tags") or [])
        self.status = content.get("status") or "published"
        self.valid_from = _date(content.get("valid_from"))
        self.valid_to = _date(content.get("valid_to"))

    def is_live(self, today: date) -> bool:
        """Published and inside its validity window on ``today``."""
        if self.status != "published":
            return False
        if self.valid_from is not None and today < self.valid_from:
            return False
        return self.valid_to is None or today < self.valid_to


class FaqEntryVersion(db.Model):  # type: ignore[name-defined,misc]
    """One change to one entry: the content before and after, who made it and when.

    ``version`` is the entry's version number after the change (a deleted entry's number keeps
    counting if it is created again). Rows are never updated or deleted.
    """

    __tablename__ = "faq_entry_versions"
    __table_args__ = (UniqueConstraint("entry_id", "version", name="uq_faq_entry_versions_entry_id_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(80), index=True)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # create | update | delete | restore
    content: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    previous: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    changed_by: Mapped[str] = mapped_column(String(60), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(String(200), default="")


class UnansweredQuestion(db.Model):  # type: ignore[name-defined,misc]
    """A message the FAQ could not answer confidently, so editors know what to write next.

    ``resident`` is a keyed hash of the OpenID (PIPL: no identifier in clear); it only lets
    editors see that several questions came from one person.
    """

    __tablename__ = "faq_unanswered"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    resident: Mapped[str | None] = mapped_column(String(32))
    candidates: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    top_score: Mapped[float | None] = mapped_column(Float)
    chosen: Mapped[str | None] = mapped_column(String(80))
    """The entry the resident then opened by number from those offered (a choice, or the related
    questions of "not sure"), if any: what they were asking in their own words, so an editor can
    add the wording to it; such a question got its answer."""


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


class QuestionVector(db.Model):  # type: ignore[name-defined,misc]
    """A question's sentence embedding, computed once and shared by every process.

    Keyed by a hash of the model and the question's text, so an edited question gets a new row and
    a process never embeds the whole knowledge base when it starts (2,000 questions take ~20 s).
    Rows are never updated; rows of deleted wordings stay (768 bytes each).
    """

    __tablename__ = "faq_question_vector"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
