"""A resident's message's sentence vector, predicted from its words in microseconds.

Why: the model (multilingual-e5-small, ``knowledge/embedding.py``) takes 30-110 ms to embed a
message on one core, and a search has 5 ms.  The entries' passages are still embedded by the
model, once, at import; only the message's vector comes from here: the mean of learnt vectors
of its words, characters and character pairs (of ``standard_words``, what the model reads),
plus an offset, made unit length and stretched away from the model's mean direction
(``stretch``, 1.2: a mean of fitted vectors is a shrunk estimate of a message's vector).  The
table was fitted to the model's own vectors by ``python -m benchmarks.distill`` and ships as
``knowledge/distilled.npz``; it is a few MB, int8 per row, and read once per process.
Measured in docs/retrieval.md (stop 25): on the report sets nobody tuned on, the calibrated
decision scores as with the model's own message vectors.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from knowledge.text import _cut, standard_words

if TYPE_CHECKING:
    import numpy as np

TABLE = Path(__file__).with_name("distilled.npz")


def features(text: str) -> list[str]:
    """What a message's vector is the mean of: its words (``w:``), characters (``c:``) and
    character pairs within a clause (``b:``), read as the model reads the message."""
    out: list[str] = []
    for clause in standard_words(text).split("，"):
        if not clause:
            continue
        out += ["w:" + w for w in _cut(clause)]
        out += ["c:" + c for c in clause]
        out += ["b:" + clause[i : i + 2] for i in range(len(clause) - 1)]
    return out


def available(path: Path = TABLE) -> bool:
    return path.exists()


class Distilled:
    """The table, loaded on first use; a callable like ``embedding.Encoder`` for messages."""

    def __init__(self, path: Path = TABLE) -> None:
        self.path = path
        self._loaded: tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray, float] | None = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray, np.ndarray, float]:
        loaded = self._loaded
        if loaded is not None:  # every message after the first: no lock
            return loaded
        with self._lock:
            if self._loaded is None:
                import numpy as np

                with np.load(self.path) as z:
                    words = str(z["words"]).split("\n")
                    self._loaded = ({w: i for i, w in enumerate(words)}, z["table"], z["scale"],
                                    z["offset"], z["mean"], float(z["stretch"]))
            return self._loaded

    def __call__(self, text: str) -> np.ndarray:
        """The message's unit vector (float32), comparable with the model's passage vectors."""
        import numpy as np

        vocab, table, scale, offset, mean, stretch = self._load()
        feats = features(text)
        rows = [i for i in (vocab.get(f) for f in feats) if i is not None]
        vec = offset.copy()
        if rows:
            idx = np.asarray(rows)
            vec += (scale[idx] / len(idx)) @ table[idx].astype(np.float32)  # the rows' mean, one product
        vec /= np.linalg.norm(vec)
        vec = mean + stretch * (vec - mean)
        out: np.ndarray = (vec / np.linalg.norm(vec)).astype(np.float32)
        return out


_SHARED: Distilled | None = None
_SHARED_LOCK = threading.Lock()


def distilled() -> Distilled:
    """The process's table (one per process, shared by its threads), loaded."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = Distilled()
            _SHARED._load()
        return _SHARED
