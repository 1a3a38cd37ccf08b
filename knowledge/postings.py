"""An inverted index as a few flat numpy arrays, so that a search adds up a term's whole posting
list in one call.

Why: the FAQ index first kept its posting lists as Python arrays and added them up entry by entry
in a Python loop; with 5,000 entries that loop, and the one over each candidate's questions, were
most of a search's time (docs/retrieval.md).  Here every posting list lies in one array of ids
(ascending) and one array per weight column, and a dict maps each term to its span; a numpy
scatter-add (``out[ids] += factor * weights``) replaces the loop.  Weights are multiplied and
added in double precision, in the order the terms are given: the sums are the ones the Python
loop computed, to the last bit.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Sequence

import numpy as np


class PostingsBuilder:
    """Collects each document's terms and weights, documents in ascending order, then
    ``build``s; one array append per document and column, not one per posting."""

    def __init__(self, *dtypes: type[np.floating]) -> None:
        """``dtypes``: one numpy type per weight column (``np.float32`` halves its memory)."""
        self._dtypes = dtypes
        self._term_ids: dict[str, int] = {}
        self._terms, self._docs = array("I"), array("I")
        self._columns = tuple(array("d") for _ in dtypes)

    def add(self, doc: int, terms: Sequence[str], *weights: Sequence[float]) -> None:
        """``doc``'s ``terms``, and per column their weights in the same order."""
        ids = self._term_ids
        self._terms.extend([ids.setdefault(t, len(ids)) for t in terms])
        self._docs.extend([doc] * len(terms))
        for column, values in zip(self._columns, weights, strict=True):
            column.extend(values)

    def build(self, keep: Callable[[str, int], bool] = lambda term, df: True) -> Postings:
        """The terms ``keep(term, number of documents)`` accepts, laid out flat."""
        term = np.frombuffer(self._terms, np.uint32)
        df = np.bincount(term, minlength=len(self._term_ids))
        counts = df.tolist()  # term ids are the dict's order
        kept = [keep(t, n) for t, n in zip(self._term_ids, counts, strict=True)]
        rows = np.argsort(term, kind="stable")  # by term, each term's documents still ascending
        rows = rows[np.asarray(kept, dtype=bool)[term[rows]]]
        spans, end = {}, 0
        for t, n, k in zip(self._term_ids, counts, kept, strict=True):
            if k:
                spans[t] = (end, end + n)
                end += n
        ids = np.frombuffer(self._docs, np.uint32)[rows].astype(np.int32)
        columns = tuple(np.frombuffer(c, np.float64)[rows].astype(d) for c, d in zip(self._columns, self._dtypes,
                                                                                        strict=True))
        return Postings(spans, ids, columns)


class Postings:
    """Read-only after ``PostingsBuilder.build``; safe to share between threads."""

    def __init__(self, spans: dict[str, tuple[int, int]], ids: np.ndarray, columns: tuple[np.ndarray, ...]) -> None:
        self._spans, self._ids, self._columns = spans, ids, columns

    def __contains__(self, term: object) -> bool:
        return term in self._spans

    def accumulate(self, out: np.ndarray, terms: Iterable[tuple[str, float]], column: int = 0) -> None:
        """``out[id] += factor * weight`` for every ``(term, factor)`` and every id in its list,
        term by term in the order given; terms not indexed add nothing."""
        weights = self._columns[column]
        for term, factor in terms:
            span = self._spans.get(term)
            if span is not None:
                lo, hi = span
                out[self._ids[lo:hi]] += np.multiply(weights[lo:hi], factor, dtype=np.float64)

    def having(self, term: str, ids: np.ndarray) -> set[int]:
        """Which of ``ids`` the term's list holds (none for a term not indexed)."""
        span = self._spans.get(term)
        if span is None or not len(ids):
            return set()
        listed = self._ids[span[0] : span[1]]
        at = np.minimum(np.searchsorted(listed, ids), len(listed) - 1)
        return set(ids[listed[at] == ids].tolist())
