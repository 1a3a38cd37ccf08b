"""knowledge.postings: flat posting lists add up exactly as a Python loop over them does."""

from __future__ import annotations

import random

import numpy as np

from knowledge.postings import Postings, PostingsBuilder


def _random_lists(seed: int) -> dict[str, list[tuple[int, float, float]]]:
    rng = random.Random(seed)
    return {f"t{t}": sorted((d, rng.uniform(0.01, 9.0), rng.uniform(0.0, 3.0))
                            for d in rng.sample(range(300), rng.randint(1, 120))) for t in range(40)}


def _by_doc(lists: dict[str, list[tuple[int, float, float]]]) -> list[tuple[int, list[str], list[float], list[float]]]:
    """The lists turned around: per document in ascending order, its terms and both weights."""
    docs: dict[int, tuple[list[str], list[float], list[float]]] = {}
    for term, postings in lists.items():
        for doc, a, b in postings:
            terms, first, second = docs.setdefault(doc, ([], [], []))
            terms.append(term)
            first.append(a)
            second.append(b)
    return [(doc, *docs[doc]) for doc in sorted(docs)]


def _built(lists: dict[str, list[tuple[int, float, float]]]) -> Postings:
    builder = PostingsBuilder(np.float32, np.float64)
    for doc, terms, first, second in _by_doc(lists):
        builder.add(doc, terms, first, second)
    return builder.build()


def test_sums_are_the_python_loops_to_the_last_bit() -> None:
    lists = _random_lists(1)
    postings = _built(lists)
    query = [(f"t{i}", random.Random(i).uniform(0.1, 2.0)) for i in (3, 7, 7, 12, 39)] + [("unknown", 5.0)]
    for column in (0, 1):
        expected: dict[int, float] = {}
        for term, factor in query:
            for doc, *weights in lists.get(term, []):
                # column 0 was stored in single precision: the loop reads it back as a double
                w = float(np.float32(weights[0])) if column == 0 else weights[1]
                expected[doc] = expected.get(doc, 0.0) + factor * w
        out = np.zeros(300)
        postings.accumulate(out, query, column)
        assert {int(d): float(out[d]) for d in np.flatnonzero(out)} == expected  # exact, not approximate


def test_having_finds_exactly_the_listed_ids() -> None:
    lists = _random_lists(2)
    postings = _built(lists)
    asked = np.arange(0, 300, 3, dtype=np.int32)
    for term, listed in lists.items():
        assert postings.having(term, asked) == {d for d, _, _ in listed if d % 3 == 0}
    assert postings.having("t1", np.zeros(0, np.int32)) == set()
    assert postings.having("unknown", asked) == set() and "unknown" not in postings and "t1" in postings


def test_build_keeps_what_the_filter_accepts() -> None:
    lists = _random_lists(3)
    kept = PostingsBuilder(np.float32)
    for doc, terms, first, _ in _by_doc(lists):
        kept.add(doc, terms, first)
    short = kept.build(lambda term, df: df <= 50)
    assert isinstance(short, Postings)
    for term, listed in lists.items():
        assert (term in short) == (len(listed) <= 50)
        out = np.zeros(300)
        short.accumulate(out, [(term, 1.0)])
        assert set(np.flatnonzero(out).tolist()) == ({d for d, _, _ in listed} if len(listed) <= 50 else set())


def test_an_empty_index_adds_nothing() -> None:
    empty = PostingsBuilder(np.float32).build()
    out = np.zeros(3)
    empty.accumulate(out, [("any", 1.0)])
    assert not out.any() and empty.having("any", np.arange(3, dtype=np.int32)) == set()
