"""In-memory FAQ index: BM25 over canonical words and character bigrams, with a calibrated score.

Why this shape:
- Each entry is scored by its *best-matching* question (question or one alt question) blended
  with the whole entry (all questions + tags): a resident's message usually paraphrases one of
  the questions, but the entry's other wordings and tags still tell what it is about.
- IDF is computed per entry, not per question, so an entry's alt questions do not dilute it.
- Raw BM25 depends on query length and corpus size; the decision needs a score that means the
  same thing for a three-word and a thirty-word message.  ``Candidate.score`` is therefore a
  logistic function of length-free features (the share of the query's information the entry
  covers, in words and in bigrams), fitted on labelled resident messages.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from knowledge.text import Analysis, analyze


@dataclass(frozen=True)
class Doc:
    """What the index needs from one FAQ entry."""

    id: str
    question: str
    alt_questions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Candidate:
    """One search hit; ``score`` is a calibrated 0..1 confidence, higher is better."""

    id: str
    score: float
    question: str


@dataclass(frozen=True)
class Params:
    """Scoring knobs (tuned on the dev queries; see benchmarks/faq.py)."""

    k1: float = 2.0
    b: float = 0.75
    bigram_weight: float = 0.2
    best_question_weight: float = 0.3
    tag_weight: float = 1.0
    oov_weight: float = 0.5
    calib: tuple[float, ...] = (6.0, 3.0, 0.0, -4.5)
    """Logistic weights: word coverage, bigram coverage, best-question coverage, bias."""


DEFAULT_PARAMS = Params()
Posting = list[tuple[int, float]]


@dataclass
class _Field:
    """Inverted index of one text field (questions or whole entries), words and bigrams apart."""

    words: dict[str, Posting] = field(default_factory=lambda: defaultdict(list))
    bigrams: dict[str, Posting] = field(default_factory=lambda: defaultdict(list))


def _bm25(tf: float, length: float, avg: float, p: Params) -> float:
    return tf * (p.k1 + 1) / (tf + p.k1 * (1 - p.b + p.b * length / max(avg, 1e-9)))


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class FaqIndex:
    """Build once from the knowledge base, then ``search`` many times (read-only, thread-safe)."""

    def __init__(self, docs: list[Doc], params: Params = DEFAULT_PARAMS) -> None:
        self.params = params
        self._docs = docs
        self._passage_doc: list[int] = []
        self._questions = _Field()
        self._entries = _Field()
        self._idf_w: dict[str, float] = {}
        self._idf_b: dict[str, float] = {}
        self._index()

    @classmethod
    def build(cls, docs: Iterable[Doc], params: Params = DEFAULT_PARAMS) -> FaqIndex:
        return cls(list(docs), params)

    def __len__(self) -> int:
        return len(self._docs)

    def _index(self) -> None:
        p = self.params
        passages: list[Analysis] = []
        entry_tf_w: list[dict[str, float]] = []
        entry_tf_b: list[dict[str, float]] = []
        for i, doc in enumerate(self._docs):
            tf_w: dict[str, float] = defaultdict(float)
            tf_b: dict[str, float] = defaultdict(float)
            for text in (doc.question, *doc.alt_questions):
                a = analyze(text)
                passages.append(a)
                self._passage_doc.append(i)
                for w, wt in a.terms.items():
                    tf_w[w] += wt
                for g in a.bigrams:
                    tf_b[g] += 1.0
            for tag in doc.tags:
                a = analyze(tag)
                for w, wt in a.terms.items():
                    tf_w[w] += p.tag_weight * wt
                for g in a.bigrams:
                    tf_b[g] += p.tag_weight
            entry_tf_w.append(tf_w)
            entry_tf_b.append(tf_b)
        n = max(len(self._docs), 1)
        self._idf_w = _idfs(entry_tf_w, n)
        self._idf_b = _idfs(entry_tf_b, n)
        self._postings(passages, entry_tf_w, entry_tf_b)

    def _postings(self, passages: list[Analysis], tf_w: list[dict[str, float]], tf_b: list[dict[str, float]]) -> None:
        p = self.params
        avg_pw = sum(sum(a.terms.values()) for a in passages) / max(len(passages), 1)
        avg_pb = sum(len(a.bigrams) for a in passages) / max(len(passages), 1)
        for pid, a in enumerate(passages):
            length = sum(a.terms.values())
            for w, wt in a.terms.items():
                sat = _bm25(wt, length, avg_pw, p)
                self._questions.words[w].append((pid, self._idf_w[w] * sat))
            for g in a.bigrams:
                sat = _bm25(1.0, len(a.bigrams), avg_pb, p)
                self._questions.bigrams[g].append((pid, self._idf_b[g] * sat))
        for tfs, idfs, target in ((tf_w, self._idf_w, self._entries.words), (tf_b, self._idf_b, self._entries.bigrams)):
            avg = sum(sum(t.values()) for t in tfs) / max(len(tfs), 1)
            for did, tf in enumerate(tfs):
                length = sum(tf.values())
                for term, count in tf.items():
                    target[term].append((did, idfs[term] * _bm25(count, length, avg, p)))
        self._questions.words = dict(self._questions.words)
        self._questions.bigrams = dict(self._questions.bigrams)
        self._entries.words = dict(self._entries.words)
        self._entries.bigrams = dict(self._entries.bigrams)

    def search(self, text: str, k: int = 5) -> list[Candidate]:
        """Top ``k`` entries for a resident's message, best first, with calibrated scores."""
        return [c for c, _ in self.search_debug(text, k)]

    def search_debug(self, text: str, k: int = 5) -> list[tuple[Candidate, dict[str, float]]]:
        """Like ``search`` but also returns the features behind each score (for tuning)."""
        p = self.params
        a = analyze(text)
        max_w = _idf(0, len(self._docs))
        words = [(w, qw, self._idf_w.get(w)) for w, qw in a.terms.items()]
        total_w = sum(qw * (i if i is not None else p.oov_weight * max_w) for _, qw, i in words)
        grams = [(g, 1.0, self._idf_b.get(g)) for g in a.bigrams]
        total_b = sum(i if i is not None else p.oov_weight * max_w for _, _, i in grams)
        if total_w <= 0 and total_b <= 0:
            return []
        entry, cov_w = _accumulate(self._entries.words, words, 1.0)
        entry_b, cov_b = _accumulate(self._entries.bigrams, grams, p.bigram_weight)
        for d, s in entry_b.items():
            entry[d] = entry.get(d, 0.0) + s
        quest, _ = _accumulate(self._questions.words, words, 1.0)
        quest_b, _ = _accumulate(self._questions.bigrams, grams, p.bigram_weight)
        for q, s in quest_b.items():
            quest[q] = quest.get(q, 0.0) + s
        best: dict[int, tuple[float, int]] = {}
        for pid, s in quest.items():
            d = self._passage_doc[pid]
            if d not in best or s > best[d][0]:
                best[d] = (s, pid)
        w_best = p.best_question_weight
        raw = {d: w_best * best.get(d, (0.0, 0))[0] + (1 - w_best) * s for d, s in entry.items()}
        top = sorted(raw, key=raw.__getitem__, reverse=True)[: max(k, 1)]
        out = []
        for d in top:
            feats = {
                "raw": raw[d],
                "cov_w": cov_w.get(d, 0.0) / total_w if total_w else 0.0,
                "cov_b": cov_b.get(d, 0.0) / total_b if total_b else 0.0,
            }
            feats["q_share"] = best.get(d, (0.0, 0))[0] / max(raw[d], 1e-9)
            z = p.calib[0] * feats["cov_w"] + p.calib[1] * feats["cov_b"] + p.calib[2] * feats["q_share"] + p.calib[3]
            doc = self._docs[d]
            out.append((Candidate(doc.id, 1 / (1 + math.exp(-z)), doc.question), feats))
        out.sort(key=lambda cf: cf[0].score, reverse=True)
        return out


def _idfs(tfs: list[dict[str, float]], n: int) -> dict[str, float]:
    df: dict[str, int] = defaultdict(int)
    for tf in tfs:
        for term in tf:
            df[term] += 1
    return {t: _idf(c, n) for t, c in df.items()}


def _accumulate(
    postings: dict[str, Posting], terms: list[tuple[str, float, float | None]], weight: float
) -> tuple[dict[int, float], dict[int, float]]:
    """Sum BM25 weights per id, and the IDF mass of the query terms each id contains."""
    scores: dict[int, float] = {}
    cover: dict[int, float] = {}
    for term, qw, idf in terms:
        if idf is None:
            continue
        qw_idf = qw * idf
        qw *= weight
        for i, w in postings.get(term, ()):
            scores[i] = scores.get(i, 0.0) + qw * w
            cover[i] = cover.get(i, 0.0) + qw_idf
    return scores, cover
