"""Answering residents from the knowledge base: the per-process search index and its hot reload.

Each web or worker process keeps one ``FaqIndex`` of the published, currently valid entries.
Admins edit entries while the bot runs, and every process must see an edit within seconds
without a restart, so:

- every committed change bumps a knowledge version (the newest history row id, kept in Redis
  under ``kb:version``; the database is the fallback when Redis is unavailable or was flushed);
- a process compares that version with its index's at most once a second and rebuilds on a
  difference (and on a new day, because validity dates are days).

A rebuild happens in the request that notices the change; other threads keep answering from
the old index meanwhile.

With sentence embeddings on (``FAQ_EMBEDDINGS``), a rebuild reads the questions' stored vectors.
A few missing ones (an admin's edit) are embedded in place; more (a big import) are left to the
worker, and the index stays sparse until the worker's ``embed_questions`` bumps ``kb:vectors``.
Command-line tools (``kb import``, ``bot explain``) embed everything first with ``embed_all``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import redis
from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from bot.extensions import db
from knowledge import distilled as distilled_table
from knowledge import embedding, heap
from knowledge.decision import Decision, decide
from knowledge.index import Candidate, Dense, Doc, FaqIndex
from knowledge.models import FaqEntry, FaqEntryVersion

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

CHECK_INTERVAL = 1.0
"""Seconds between version checks; changes reach every process within this plus a rebuild."""
REDIS_RETRY_AFTER = 15.0
"""After Redis fails, read the version from the database for this long (a failing call is slow)."""
REDIS_KEY = "kb:version"
VECTORS_KEY = "kb:vectors"
"""Raised by the worker after embedding questions: a sparse-only index rebuilds when it changes."""
EMBED_LOCK_KEY = "kb:embedding:queued"
EMBED_JOB = "knowledge.service.embed_questions"
CHINA_TZ = timezone(timedelta(hours=8))
SEARCH_K = 5
# Raise the Redis copy of the version, never lower it (two admins saving at once).
_RAISE_TO = (
    "local v = tonumber(redis.call('GET', KEYS[1]) or '0') "
    "if tonumber(ARGV[1]) > v then redis.call('SET', KEYS[1], ARGV[1]) return ARGV[1] end "
    "return tostring(v)"
)


@dataclass(frozen=True)
class LiveEntry:
    """What answering needs from an entry, copied out of the database when the index is built."""

    id: str
    question: str
    answer: str
    law: str
    article: str


@dataclass(frozen=True)
class Snapshot:
    """One built index and the entries it can return, as of knowledge version ``token``."""

    index: FaqIndex
    entries: dict[str, LiveEntry]
    token: int
    day: date
    waiting_for: str | None = None
    """``kb:vectors`` as it was when question vectors were missing (None: nothing missing)."""


@dataclass(frozen=True)
class Outcome:
    """The decision for a message, with the decided candidates' entries (same order)."""

    decision: Decision
    entries: tuple[LiveEntry, ...]
    candidates: tuple[Candidate, ...]
    runner_up: LiveEntry | None = None
    """The decision's runner-up's entry (offered after an answer), if any."""

    @property
    def top_score(self) -> float | None:
        return round(self.candidates[0].score, 4) if self.candidates else None


def today() -> date:
    """The township's date: validity dates are days in China time."""
    return datetime.now(CHINA_TZ).date()


def db_version() -> int:
    """The newest change in the database (0 for a knowledge base never changed)."""
    return int(db.session.scalar(select(func.max(FaqEntryVersion.id))) or 0)


def _redis(app: Flask) -> redis.Redis:
    conn: redis.Redis = app.redis  # type: ignore[attr-defined]
    return conn


def notify_changed(app: Flask | None = None) -> int:
    """Publish the database's version to Redis; call after committing any change to entries."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    version = db_version()
    try:
        _redis(app).eval(_RAISE_TO, 1, REDIS_KEY, version)
    except redis.RedisError as exc:
        log.warning("could not publish knowledge version %s to Redis (processes use the database): %s", version, exc)
    index_cache(app).invalidate()
    return version


def current_version(app: Flask) -> int:
    """The knowledge version every process should be on: Redis, else the database."""
    try:
        return _redis_version(app)
    except redis.RedisError as exc:
        log.warning("knowledge version not readable from Redis, using the database: %s", exc)
        return db_version()


def _redis_version(app: Flask) -> int:
    raw = _redis(app).get(REDIS_KEY)
    if raw is not None:
        return int(raw)
    return notify_changed(app)  # key lost (flush, restart): put the database's value back


def _live(day: date) -> list[FaqEntry]:
    rows = db.session.scalars(select(FaqEntry).where(FaqEntry.status == "published").order_by(FaqEntry.id))
    return [row for row in rows if row.is_live(day)]


def _docs(rows: Sequence[FaqEntry]) -> list[Doc]:
    return [Doc(r.id, r.question, tuple(r.alt_questions or ()), tuple(r.tags or ()), r.answer) for r in rows]


def _questions(docs: Sequence[Doc]) -> list[str]:
    """The texts to embed: every entry's passages (its questions and its answer's first sentence)."""
    return [q for d in docs for q in d.passages]


def embeddings_on(app: Flask) -> bool:
    return bool(app.config.get("FAQ_EMBEDDINGS")) and embedding.available()


def _encoder(app: Flask) -> embedding.Encoder:
    return embedding.encoder(int(app.config.get("FAQ_EMBED_THREADS", 1)))


def _message_encoder(app: Flask) -> Callable[[str], np.ndarray]:
    """What embeds a resident's message: the distilled table (a search within 5 ms), or the model
    (``FAQ_DISTILLED`` off)."""
    if app.config.get("FAQ_DISTILLED", True) and distilled_table.available():
        return distilled_table.distilled()
    return _encoder(app)


def _vectors_mark(app: Flask) -> str:
    try:
        raw = _redis(app).get(VECTORS_KEY)
    except redis.RedisError:
        return "?"
    return raw.decode() if isinstance(raw, bytes) else str(raw or "0")


def _dense(app: Flask, docs: list[Doc]) -> tuple[Dense | None, str | None]:
    """Question vectors for the index, or (None, mark) while the worker still has to embed some."""
    if not embeddings_on(app):
        return None, None
    mark = _vectors_mark(app)
    enc = _encoder(app)
    try:
        vectors = embedding.ensure(_questions(docs), enc, limit=int(app.config.get("FAQ_EMBED_SYNC_LIMIT", 40)))
    except (SQLAlchemyError, RuntimeError, OSError):  # database, or the model failing to load
        log.exception("question vectors not readable, writable or computable: the index is sparse only")
        return None, mark
    if vectors is None:
        _queue_embedding(app)
        return None, mark
    try:
        embed = _message_encoder(app)
    except (OSError, ValueError, KeyError):  # an unreadable table: the model embeds messages
        log.exception("distilled table not readable: messages are embedded by the model")
        embed = enc
    return Dense.for_docs(docs, vectors, embed), None


def _queue_embedding(app: Flask) -> None:
    """Ask the worker to embed the missing questions (once, however many processes ask)."""
    from bot.jobs import enqueue

    try:
        if _redis(app).set(EMBED_LOCK_KEY, "1", nx=True, ex=3600):
            enqueue(EMBED_JOB, job_timeout=3600)
            log.info("question vectors missing: queued %s for the worker", EMBED_JOB)
    except redis.RedisError as exc:
        log.warning("could not queue the embedding job (the index stays sparse): %s", exc)


def embed_all(app: Flask | None = None) -> int:
    """Embed every live question that has no stored vector yet, and delete the vectors no entry
    reads any more; returns how many were embedded."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    if not embeddings_on(app):
        return 0
    texts = set(_questions(_docs(_live(today()))))
    missing = texts - set(embedding.load(texts))
    embedding.embed_and_store(sorted(missing), _encoder(app))
    # every entry's passages are kept (a draft or an expired entry may come back); the rest go
    embedding.prune(_questions(_docs(db.session.scalars(select(FaqEntry)).all())))
    return len(missing)


def embed_questions() -> int:
    """rq job: embed the missing questions, then let every process rebuild with them."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        count = embed_all(app)
        _redis(app).incr(VECTORS_KEY)
    finally:
        _redis(app).delete(EMBED_LOCK_KEY)
    return count


def _vectors_ready(app: Flask, snap: Snapshot) -> bool:
    """Has the worker embedded questions since this sparse-only snapshot was built?"""
    return snap.waiting_for is not None and snap.waiting_for != _vectors_mark(app)


def build_snapshot(token: int, app: Flask | None = None) -> Snapshot:
    """Index the published entries valid today."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    day = today()
    live = _live(day)
    docs = _docs(live)
    entries = {r.id: LiveEntry(r.id, r.question, r.answer, r.law or "", r.article or "") for r in live}
    dense, waiting = _dense(app, docs)
    return Snapshot(FaqIndex.build(docs, dense=dense), entries, token, day, waiting)


class IndexCache:
    """The process's current snapshot, checked against the knowledge version at most once a second."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._checked = 0.0
        self._redis_down_until = 0.0

    def _version(self, app: Flask) -> int:
        if time.monotonic() >= self._redis_down_until:
            try:
                return _redis_version(app)
            except redis.RedisError as exc:
                self._redis_down_until = time.monotonic() + REDIS_RETRY_AFTER
                log.warning("knowledge version not readable from Redis, using the database: %s", exc)
        return db_version()

    def get(self, app: Flask) -> Snapshot:
        snap = self._snapshot
        if snap is not None and time.monotonic() - self._checked < CHECK_INTERVAL:
            return snap
        if not self._lock.acquire(blocking=snap is None):
            assert snap is not None  # only a first build blocks; later ones serve the old index
            return snap
        try:
            snap = self._snapshot
            if snap is None or time.monotonic() - self._checked >= CHECK_INTERVAL:
                token = self._version(app)
                if snap is None or snap.token != token or snap.day != today() or _vectors_ready(app, snap):
                    snap = self._snapshot = build_snapshot(token, app)
                    heap.trim()  # the build's garbage (and the old index, once no thread reads it)
                    log.info("knowledge index built: %d entries, version %d%s", len(snap.entries), token,
                             "" if snap.index.dense is None else ", with question vectors")
                self._checked = time.monotonic()
            return snap
        finally:
            self._lock.release()

    @property
    def built(self) -> Snapshot | None:
        """The snapshot in use, without checking the version (None before the first build)."""
        return self._snapshot

    def invalidate(self) -> None:
        """Check the version on the next use (after a change made by this process)."""
        self._checked = 0.0


def index_cache(app: Flask | None = None) -> IndexCache:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    cache: IndexCache = app.extensions.setdefault("fazhi.kb_index", IndexCache())
    return cache


def snapshot(app: Flask | None = None) -> Snapshot:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    return index_cache(app).get(app)


def consult(text: str, app: Flask | None = None) -> Outcome:
    """Search the live entries for ``text`` and decide: answer, clarify or unsure."""
    snap = snapshot(app)
    candidates = snap.index.search(text, SEARCH_K)
    decision = decide(candidates)
    entries = tuple(snap.entries[c.id] for c in decision.candidates)
    runner_up = snap.entries[decision.runner_up.id] if decision.runner_up else None
    return Outcome(decision, entries, tuple(candidates), runner_up)


def on_topic(text: str, app: Flask | None = None, k: int = 5) -> tuple[LiveEntry, ...]:
    """The live entries about a message that only names a topic (``FaqIndex.on_topic``)."""
    snap = snapshot(app)
    return tuple(snap.entries[i] for i in snap.index.on_topic(text, k))


def live_entry(entry_id: str, app: Flask | None = None) -> LiveEntry | None:
    """A live entry by id (e.g. the one a resident picked by number), None if since withdrawn."""
    return snapshot(app).entries.get(entry_id)


def candidates_json(candidates: Sequence[Candidate]) -> list[dict[str, Any]]:
    return [{"id": c.id, "score": round(c.score, 4), "question": c.question} for c in candidates]


def preload(app: Flask) -> None:
    """Preload hook: load jieba's dictionary and build the index before the first resident writes."""
    from knowledge.text import tokenizer

    tokenizer()
    with app.app_context():
        try:
            snapshot(app)
        except SQLAlchemyError:
            log.exception("knowledge index not preloaded (is the database migrated?)")
