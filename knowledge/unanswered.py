"""Questions the FAQ could not answer: logged, then grouped so editors see what to write next.

Residents ask the same missing question in many wordings; a list of raw messages hides that,
so questions are clustered greedily on the retrieval tokenizer's words (Jaccard similarity),
with a lower bar when two questions' best candidate is the same entry.  Questions answered only
by a choice are logged too; when the resident then opens one of the entries offered, that entry
is recorded with the question (``record_choice``): it is the best hint of where the wording belongs.
No OpenID is stored (PIPL): only a keyed hash that tells "several questions, one person"; mobile
and identity-card numbers residents type into a question are masked before it is stored.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update

from bot.extensions import db
from bot.models import utcnow
from bot.privacy import mask_text
from knowledge.index import Candidate
from knowledge.models import UnansweredQuestion
from knowledge.text import analyze, normalize

SAME_WORDS = 0.5
"""Jaccard similarity of two questions' words that puts them in one group."""
SAME_WORDS_SAME_ENTRY = 0.25
"""The lower similarity that suffices when both questions' best candidate is the same entry."""
MAX_EXAMPLES = 3


def resident_key(openid: str) -> str:
    """A keyed hash of an OpenID: stable within one deployment, useless outside it."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, openid.encode(), hashlib.sha256).hexdigest()[:32]


def log_unanswered(text: str, candidates: Sequence[Candidate], openid: str | None = None) -> UnansweredQuestion:
    """Store one unanswered question with its best candidates (committed)."""
    row = UnansweredQuestion(
        text=mask_text(text.strip())[:2000],
        asked_at=utcnow(),
        resident=resident_key(openid) if openid else None,
        candidates=[{"id": c.id, "score": round(c.score, 4)} for c in candidates[:3]],
        top_score=round(candidates[0].score, 4) if candidates else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def record_choice(question_id: int, entry_id: str) -> None:
    """Note the entry a resident opened by number from those offered (committed); the first pick counts."""
    db.session.execute(update(UnansweredQuestion)
                       .where(UnansweredQuestion.id == question_id, UnansweredQuestion.chosen.is_(None))
                       .values(chosen=entry_id))
    db.session.commit()


@dataclass
class UnansweredGroup:
    """Similar unanswered questions: how often, examples, and the entry that came closest."""

    count: int = 0
    examples: list[str] = field(default_factory=list)
    residents: int = 0
    first_asked: datetime | None = None
    last_asked: datetime | None = None
    closest: str | None = None
    chosen: int = 0
    """How many of the questions' residents then opened an offered entry themselves; the entry
    they opened counts before the search's best guess for ``closest``."""
    ids: list[int] = field(default_factory=list)
    """The questions' row ids, oldest first, so the console can mark a group as dealt with."""
    _words: frozenset[str] = frozenset()
    _closest_votes: Counter[str] = field(default_factory=Counter)
    _residents: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {
            "count": self.count,
            "examples": list(self.examples),
            "residents": self.residents,
            "first_asked": self.first_asked.isoformat() if self.first_asked else None,
            "last_asked": self.last_asked.isoformat() if self.last_asked else None,
            "closest": self.closest,
            "chosen": self.chosen,
        }


def _similarity(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _words(text: str) -> frozenset[str]:
    words = frozenset(analyze(text).terms)
    return words or frozenset({normalize(text)})


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _best(row: UnansweredQuestion) -> str | None:
    """The entry the resident opened, else the search's best candidate."""
    if row.chosen:
        return row.chosen
    return str(row.candidates[0]["id"]) if row.candidates else None


def group_questions(rows: Sequence[UnansweredQuestion]) -> list[UnansweredGroup]:
    """Greedy clustering, oldest question first; groups ordered by size, then recency."""
    groups: list[UnansweredGroup] = []
    for row in sorted(rows, key=lambda r: (_aware(r.asked_at), r.id)):
        words, best = _words(row.text), _best(row)
        home: UnansweredGroup | None = None
        top = 0.0
        for group in groups:
            sim = _similarity(words, group._words)
            bar = SAME_WORDS_SAME_ENTRY if best and best == group.closest else SAME_WORDS
            if sim >= bar and sim > top:
                home, top = group, sim
        if home is None:
            home = UnansweredGroup(_words=words, first_asked=_aware(row.asked_at))
            groups.append(home)
        home.count += 1
        home.ids.append(row.id)
        home.last_asked = _aware(row.asked_at)
        if row.text not in home.examples and len(home.examples) < MAX_EXAMPLES:
            home.examples.append(row.text)
        if row.chosen:
            home.chosen += 1
        if best:
            home._closest_votes[best] += 2 if row.chosen else 1  # a resident's pick outweighs a guess
            home.closest = home._closest_votes.most_common(1)[0][0]
        if row.resident:
            home._residents.add(row.resident)
            home.residents = len(home._residents)
    return sorted(groups, key=lambda g: (-g.count, -(g.last_asked.timestamp() if g.last_asked else 0.0)))


def unanswered_groups(days: int = 30, limit: int = 2000) -> list[UnansweredGroup]:
    """Groups of the questions of the last ``days`` days (at most ``limit`` newest), for CLI and console."""
    since = utcnow() - timedelta(days=days)
    query = (select(UnansweredQuestion).where(UnansweredQuestion.asked_at >= since)
             .order_by(UnansweredQuestion.asked_at.desc()).limit(limit))
    return group_questions(list(db.session.scalars(query)))
