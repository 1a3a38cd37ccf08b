"""Unanswered questions as editors work through them: open groups, and marking them done.

Grouping is ``knowledge.unanswered.group_questions`` over the questions nobody has marked
yet. A group is addressed by its first question's id (``UnansweredGroup.ids[0]``), which stays
the same while the list is read and acted on; actions carry the ids the editor saw, so a
question that arrives in between is not marked unseen.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from sqlalchemy import select

from bot.console_admin.models import UnansweredMark
from bot.extensions import db
from bot.models import utcnow
from knowledge.models import UnansweredQuestion
from knowledge.unanswered import UnansweredGroup, group_questions

DEFAULT_DAYS = 30
DAY_CHOICES = (7, 30, 90, 365)
LIMIT = 2000


def days_from(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and int(raw) in DAY_CHOICES else DEFAULT_DAYS


def open_groups(days: int = DEFAULT_DAYS) -> list[UnansweredGroup]:
    """Groups of the last ``days`` days' questions that nobody handled or dismissed yet."""
    marked = select(UnansweredMark.question_id)
    since = utcnow() - timedelta(days=days)
    query = (select(UnansweredQuestion).where(UnansweredQuestion.asked_at >= since,
                                              UnansweredQuestion.id.not_in(marked))
             .order_by(UnansweredQuestion.asked_at.desc()).limit(LIMIT))
    return group_questions(list(db.session.scalars(query)))


def group_of(question_id: int, days: int = DEFAULT_DAYS) -> UnansweredGroup | None:
    """The open group whose first question is ``question_id``."""
    return next((g for g in open_groups(days) if g.ids and g.ids[0] == question_id), None)


def parse_ids(raw: str | None) -> list[int]:
    return [int(p) for p in (raw or "").split(",") if p.strip().isdigit()]


def mark(ids: Iterable[int], outcome: str, by: str, entry_id: str | None = None) -> int:
    """Record the editor's decision on these questions (not committed); how many were new."""
    wanted = set(ids)
    existing = set(db.session.scalars(select(UnansweredQuestion.id).where(UnansweredQuestion.id.in_(wanted))))
    done = set(db.session.scalars(select(UnansweredMark.question_id).where(UnansweredMark.question_id.in_(wanted))))
    fresh = sorted(existing - done)
    for question_id in fresh:
        db.session.add(UnansweredMark(question_id=question_id, outcome=outcome, entry_id=entry_id,
                                      marked_by=by[:60], marked_at=utcnow()))
    return len(fresh)
