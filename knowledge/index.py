"""In-memory FAQ index: BM25 over canonical words and character bigrams, with a calibrated score.

Why this shape:
- Each entry is scored by its *best-matching* question (question or one alt question) blended
  with the whole entry (all questions + tags): a resident's message usually paraphrases one of
  the questions, but the entry's other wordings and tags still tell what it is about.
- IDF is computed per entry, not per question, so an entry's alt questions do not dilute it.
- Raw BM25 depends on query length and corpus size; the decision needs a score that means the
  same thing for a three-word and a thirty-word message.  ``Candidate.score`` is therefore a
  logistic function of length-free features (how much of the query the entry covers and of the
  entry's best question the query covers, how much of the query is unknown, and how far the
  entry leads the next one), fitted on labelled resident messages; candidates are ranked by it.
- The answer text is not searched, but a candidate whose answer mentions the message's words that
  its questions do not (营养费 in "besides medical costs, can I claim 营养费?") is more likely to be
  the one: a resident's details are often what the answer explains.
"""

from __future__ import annotations

import heapq
import logging
import math
import re
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from knowledge.postings import PostingsBuilder
from knowledge.text import SUBWORD_MIN_LEN, Analysis, analyze, is_quantity, lexicon, normalize, salience

log = logging.getLogger(__name__)

_ANSWER_LEAD_RE = re.compile(r"[。！？!?\n]")
ANSWER_LEAD_MAX = 200


@dataclass(frozen=True)
class Doc:
    """What the index needs from one FAQ entry."""

    id: str
    question: str
    alt_questions: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    answer: str = ""
    """Not searched by words (as a field it brought in noise): used to tell whether the entry's
    answer speaks of the message's other words (营养费, 清创) once the entry is a candidate, and
    its first sentence is one of the entry's passages."""

    @property
    def questions(self) -> tuple[str, ...]:
        """The question, then the alt questions, as text (YAML may give a number)."""
        return tuple(str(q) for q in (self.question, *self.alt_questions))

    @property
    def passages(self) -> tuple[str, ...]:
        """What a message's sentence embedding is compared with: the questions, then the answer's
        first sentence, which names the entry's situation in its own words (measured: it helped on
        the tuning and the unseen sets; the whole answer did not, docs/retrieval.md)."""
        lead = _ANSWER_LEAD_RE.split(str(self.answer or ""), maxsplit=1)[0].strip()[:ANSWER_LEAD_MAX]
        return (*self.questions, lead) if lead else self.questions


@dataclass(frozen=True)
class Candidate:
    """One search hit; ``score`` is a calibrated 0..1 confidence, higher is better."""

    id: str
    score: float
    question: str


def _two_largest(values: np.ndarray) -> tuple[float, float]:
    """The largest value and the second largest (the largest again when there is only one)."""
    if len(values) < 2:
        top = float(values[0]) if len(values) else 0.0
        return top, top
    second, first = np.partition(values, -2)[-2:]
    return float(first), float(second)


@dataclass(frozen=True)
class Dense:
    """Sentence embeddings for the ``cos`` feature: one unit row per passage (``Doc.passages``,
    entry by entry; half precision, which keeps 5,000 entries' rows at ~15 MB), where each entry's
    rows start, and the function that embeds a message.

    A big knowledge base (over ``_EXACT_ROWS`` passages) computes the cosines of the entries asked
    about only (the sparse pass's candidates): converting 20,000 half-precision rows per message
    cost ~1 ms, more than the rest of a search, and the entry nearest by meaning is nearly
    always a candidate already (stop 10: adding the nearest ones by cosine changed no ranking).
    The other entries read as -1, so ``cos_lead`` there is the lead over the other candidates."""

    vectors: np.ndarray
    starts: np.ndarray
    embed: Callable[[str], np.ndarray]
    owner: np.ndarray | None = None
    """In a big knowledge base: each row's entry."""
    sizes: np.ndarray | None = None
    """In a big knowledge base: each entry's number of rows."""

    @classmethod
    def from_rows(cls, rows: np.ndarray, owner: np.ndarray, embed: Callable[[str], np.ndarray]) -> Dense:
        """``owner[i]``: the entry of row ``i``, ascending, every entry with at least one row."""
        starts = np.flatnonzero(np.r_[True, owner[1:] != owner[:-1]]) if len(owner) else np.zeros(0, np.int64)
        vectors = np.asarray(rows, dtype=np.float16)
        if len(vectors) <= _EXACT_ROWS:
            return cls(vectors, starts, embed)
        return cls(vectors, starts, embed, np.asarray(owner, dtype=np.int64), np.diff(np.r_[starts, len(vectors)]))

    @classmethod
    def for_docs(cls, docs: list[Doc], vectors: Mapping[str, np.ndarray],
                 embed: Callable[[str], np.ndarray]) -> Dense | None:
        """None when a passage has no vector yet (the index is then sparse only)."""
        rows, owner = [], []
        for i, doc in enumerate(docs):
            for q in doc.passages:
                vec = vectors.get(q)
                if vec is None:
                    return None
                rows.append(vec)
                owner.append(i)
        matrix = np.stack(rows) if rows else np.zeros((0, 1), np.float16)
        return cls.from_rows(matrix, np.asarray(owner, dtype=np.int64), embed)

    def best_cosines(self, text: str, entries: Iterable[int] = ()) -> np.ndarray:
        """Per entry, the cosine between ``text`` and its closest passage: every entry's in a small
        knowledge base, ``entries``' only in a big one."""
        if not len(self.starts):
            return np.zeros(0, np.float32)
        query = self.embed(text).astype(np.float32)
        if self.owner is None or self.sizes is None:
            sims = np.empty(len(self.vectors), dtype=np.float32)
            for i in range(0, len(self.vectors), _DENSE_CHUNK):  # half precision in, single out, in slices
                sims[i : i + _DENSE_CHUNK] = self.vectors[i : i + _DENSE_CHUNK].astype(np.float32) @ query
            best: np.ndarray = np.maximum.reduceat(sims, self.starts)
            return best
        asked = np.fromiter(entries, dtype=np.int64)
        first, count = self.starts[asked], self.sizes[asked]
        rows = np.repeat(first - np.cumsum(count) + count, count) + np.arange(int(count.sum()))
        best = np.full(len(self.starts), -1.0, dtype=np.float32)
        np.maximum.at(best, self.owner[rows], self.vectors[rows].astype(np.float32) @ query)
        return best


@dataclass(frozen=True)
class Params:
    """Scoring knobs (tuned on the dev queries; see benchmarks/faq.py)."""

    k1: float = 2.0
    b: float = 0.75
    bigram_weight: float = 0.2
    best_question_weight: float = 0.3
    tag_weight: float = 1.0
    oov_weight: float = 0.75
    required_cap: float = 0.3
    """Highest score for an entry missing one of the message's required words (required.txt), or
    for a message missing a focus word every question of the entry has (focus.txt): below the
    answer threshold, so at most offered as a choice."""
    unknown_required_cap: float = 0.15
    """Highest score when a required word of the message is one the knowledge base never names
    ("身份证搞掉了去哪里补办" where no entry says 补办): below the band of choices, so the resident
    is told the bot is not sure and offered a person instead of three unrelated questions.
    Quick evaluation (stop 24): tuning +0.6, report +0.3 (out-of-scope messages no longer
    clarified; one long story lost a choice)."""
    calib: tuple[float, ...] = (1.991, 0.851, 1.447, -0.619, 2.076, 2.182, -1.779, -3.796)
    """Logistic weights for CALIB_FEATURES, then the bias.  Fitted (L2 = 1) on the top three
    candidates of the dev messages, of the even lines of benchmarks/data/heldout_bench.jsonl
    (weighted twice) and of heldout_fresh_b.jsonl, and of heldout_fresh_tune.jsonl, label "this
    is the labelled entry", plus near misses at half weight: each
    message searched again with its own entry left out, all candidates negative.  Those teach
    that a sibling covering part of a message is not its answer.  The bias is then shifted so
    that the answer threshold chosen on the same data sits at 0.5.  ``python -m
    benchmarks.fit_calibration`` redoes this fit reproducibly and reports the held-out lines it
    never fits on."""
    calib_dense: tuple[float, ...] = (1.598, 0.347, 0.806, -0.653, 1.571, 1.921, -0.474, 3.98, 4.829, -39.08)
    """The same fit, with the even lines of heldout_fresh_d.jsonl too, with DENSE_FEATURES after
    CALIB_FEATURES, used when the index has question vectors
    (``python -m benchmarks.fit_calibration --embeddings``; the model reads ``standard_words``, a
    message as an e5 query, each entry's ``Doc.passages`` as passages)."""


DEFAULT_PARAMS = Params()
CALIB_FEATURES: tuple[str, ...] = ("cov_w", "strength", "rev", "oov", "lead", "ans_only", "miss_sal")
"""cov_w: share of the query's information (IDF mass, unknown words included) the entry has;
strength: blended BM25 / max IDF; rev: share of the best question the query covers; oov: share of
the query the knowledge base has never seen (an unknown word counts by its ``salience``: 补办 or
社保卡 say the message is about something else, 晚上 or 朋友 do not); lead: BM25 margin over the best *other* entry;
ans_only: share of the query's information the entry's questions and tags lack but its answer has;
miss_sal: share of the query's words, each counted by its ``salience``, that the entry speaks of
nowhere (questions, tags or answer): 年审 or 狗证 missing says "another question", 晚上 does not."""
COS_SCALE = 10.0
"""``cos`` = COS_SCALE x the cosine between the message and the entry's closest question (e5's
cosines sit between 0.75 and 1, so the scaled feature has a range like the others')."""
DENSE_FEATURES: tuple[str, ...] = ("cos", "cos_lead")
"""With sentence embeddings, after CALIB_FEATURES.  cos_lead: ``cos`` minus the best ``cos`` of any
*other* entry in the knowledge base (not only among the candidates; in one of over ``_EXACT_ROWS``
passages, among the candidates, see ``Dense``): an entry that is nearest by meaning by a clear
margin is probably the one, one of several equally near is a guess."""
_DENSE_CHUNK = 4096
_EXACT_ROWS = 4096  # passages up to which a search computes every entry's cosine
_BIGRAM = "\x00"  # key prefix that keeps bigrams apart from words in one inverted index
_RERANK = 30  # entries re-scored by their best question after the first (whole-entry) pass
_MAX_BIGRAM_DF = 64  # in big knowledge bases, bigrams in more entries than this (and 5%) go unindexed


def _unknown_words(a: Analysis, idf: dict[str, float]) -> list[tuple[str, float]]:
    """The words of a message the knowledge base has never seen, each with how much it counts, in
    query-weight units.  An unknown word counts by its ``salience`` (补办 says the message is about
    something else, 晚上 does not); amounts never count.  A long unknown word (农村户口) counts by
    the share of its parts that are unknown too: 权利义务 is represented by its known parts, 户口
    in 农村户口 is not."""
    out = []
    for w, qw in a.terms.items():
        if w in idf or w in a.parts or is_quantity(w):
            continue
        if len(w) < SUBWORD_MIN_LEN:
            out.append((w, qw * salience(w)))
            continue
        subs = [s for s in a.parts if s in w]
        if subs:
            out.append((w, qw * salience(w) * sum(s not in idf for s in subs) / len(subs)))
    return out


def _bm25(tf: float, length: float, avg: float, p: Params) -> float:
    return tf * (p.k1 + 1) / (tf + p.k1 * (1 - p.b + p.b * length / max(avg, 1e-9)))


def _idf(df: int, n: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class FaqIndex:
    """Build once from the knowledge base, then ``search`` many times (read-only, thread-safe).

    Layout (compact, so 5,000 entries fit the memory budget): two inverted indexes as flat
    arrays (``knowledge.postings``): one over whole entries, words and bigrams, with each
    entry's BM25 weights; one over single questions, words only, with each question's BM25
    weight and IDF mass of the word, read for the few best entries.  A search adds up posting
    lists in numpy calls (Python loops over them were most of a search's time).
    """

    def __init__(self, docs: list[Doc], params: Params = DEFAULT_PARAMS, dense: Dense | None = None) -> None:
        self.params = params
        self.dense = dense
        self._docs = docs
        self._answers = [normalize(d.answer) for d in docs]
        self._idf: dict[str, float] = {}
        self._entries = PostingsBuilder().build()
        """Words and bigrams -> entries, each with its BM25 weight in the whole entry."""
        self._questions = PostingsBuilder().build()
        """Words -> questions (numbered entry by entry), each with its BM25 weight in the question
        and its IDF mass there."""
        self._question_mass = np.zeros(0)
        """Per question, the IDF mass of all its words."""
        self._first_question = np.zeros(0, np.int64)
        """Per entry, the number of its first question."""
        self._question_count = np.zeros(0, np.int64)
        self._headlines = PostingsBuilder().build()
        """Words -> the entries whose main question or tags name them (``on_topic``)."""
        self._focus: dict[int, frozenset[str]] = {}
        """Per entry (only those that have any), the focus words every one of its questions has."""
        self._index()

    @classmethod
    def build(cls, docs: Iterable[Doc], params: Params = DEFAULT_PARAMS, dense: Dense | None = None) -> FaqIndex:
        return cls(list(docs), params, dense)

    def __len__(self) -> int:
        return len(self._docs)

    def _index(self) -> None:
        p = self.params
        cache: dict[str, Analysis] = {}

        def an(text: str) -> Analysis:
            text = str(text)  # YAML turns a tag like 12348 into an int
            if text not in cache:
                cache[text] = analyze(text)
            return cache[text]

        questions: list[list[Analysis]] = []
        entry_tf: list[dict[str, float]] = []
        focus_words = lexicon().focus
        headlines = PostingsBuilder()
        for did, doc in enumerate(self._docs):
            tf: dict[str, float] = defaultdict(float)
            qs = [an(t) for t in doc.questions]
            headlines.add(did, list({w: None for a in (qs[0], *map(an, doc.tags)) for w in a.terms}))
            focus = set(focus_words)
            for a in qs:
                focus &= a.terms.keys()
            if focus and qs:
                self._focus[did] = frozenset(focus)
            tagged = [(a, 1.0) for a in qs] + [(an(t), p.tag_weight) for t in doc.tags]
            for a, weight in tagged:
                for w, wt in a.terms.items():
                    tf[w] += weight * wt
                for g in a.bigrams:
                    tf[_BIGRAM + g] += weight
            questions.append(qs)
            entry_tf.append(tf)
        self._headlines = headlines.build()
        n = max(len(self._docs), 1)
        df: dict[str, int] = defaultdict(int)
        for tf in entry_tf:
            for term in tf:
                df[term] += 1
        self._idf = {t: _idf(c, n) for t, c in df.items()}
        self._entry_postings(entry_tf)
        self._question_weights(questions)

    def _entry_postings(self, entry_tf: list[dict[str, float]]) -> None:
        p = self.params
        lengths = []
        for tf in entry_tf:
            len_b = sum(v for t, v in tf.items() if t[0] == _BIGRAM)
            lengths.append((sum(tf.values()) - len_b, len_b))
        avg_w = max(sum(w for w, _ in lengths) / max(len(lengths), 1), 1e-9)
        avg_b = max(sum(b for _, b in lengths) / max(len(lengths), 1), 1e-9)
        k1, b, idf = p.k1, p.b, self._idf
        postings = PostingsBuilder(np.float32)
        for did, tf in enumerate(entry_tf):
            len_w, len_b = lengths[did]
            # BM25's length normalisation, per entry: the same for all its words (and bigrams)
            norm_w = k1 * (1 - b + b * len_w / avg_w)
            norm_b = k1 * (1 - b + b * len_b / avg_b)
            postings.add(did, list(tf), [
                idf[term] * (p.bigram_weight * count * (k1 + 1) / (count + norm_b) if term[0] == _BIGRAM
                             else count * (k1 + 1) / (count + norm_w))
                for term, count in tf.items()
            ])
        too_common = max(_MAX_BIGRAM_DF, len(entry_tf) // 20)
        self._entries = postings.build(lambda term, df: term[0] != _BIGRAM or df <= too_common)

    def _question_weights(self, questions: list[list[Analysis]]) -> None:
        p = self.params
        all_q = [a for qs in questions for a in qs]
        avg = sum(sum(a.terms.values()) for a in all_q) / max(len(all_q), 1)
        postings, totals = PostingsBuilder(np.float64, np.float64), array("d")
        for qid, a in enumerate(all_q):
            length = sum(a.terms.values())
            masses = [wt * self._idf[w] for w, wt in a.terms.items()]
            postings.add(qid, list(a.terms), [self._idf[w] * _bm25(wt, length, avg, p) for w, wt in a.terms.items()],
                         masses)
            totals.append(sum(masses))
        self._questions, self._question_mass = postings.build(), np.frombuffer(totals, np.float64)
        self._question_count = np.asarray([len(qs) for qs in questions], dtype=np.int64)
        self._first_question = np.cumsum(self._question_count) - self._question_count

    def _best(self, scores: np.ndarray, n: int) -> list[int]:
        """The ``n`` entries with the highest scores above 0, best first; ties by entry order."""
        hit = np.flatnonzero(scores)
        if len(hit) > n:
            nth = np.partition(scores[hit], -n)[-n]
            hit = hit[scores[hit] >= nth]  # every entry tied with the n-th stays in the sort
        return [int(i) for i in hit[np.lexsort((hit, -scores[hit]))][:n]]

    def search(self, text: str, k: int = 5) -> list[Candidate]:
        """Top ``k`` entries for a resident's message, best first, with calibrated scores."""
        return [c for c, _ in self._search(text, k, debug=False)]

    def search_debug(self, text: str, k: int = 5) -> list[tuple[Candidate, dict[str, float]]]:
        """Like ``search`` but also returns the features behind each score (for tuning)."""
        return self._search(text, k, debug=True)

    def _search(self, text: str, k: int, debug: bool) -> list[tuple[Candidate, dict[str, float]]]:
        p = self.params
        a = analyze(text)
        max_idf = _idf(0, len(self._docs))
        idf = self._idf
        words = [(w, qw, qw * idf[w]) for w, qw in a.terms.items() if w in idf]
        grams = [(_BIGRAM + g, 1.0) for g in a.bigrams if _BIGRAM + g in idf]
        known_w = sum(m for _, _, m in words)
        oov = p.oov_weight * max_idf
        unknown = [(w, oov * m) for w, m in _unknown_words(a, idf)]
        total_w = known_w + sum(m for _, m in unknown) or 1.0
        # per word: its IDF mass (cov_w, ans_only) and its salience-weighted weight (miss_sal)
        known = [(t, m, qw * salience(t)) for t, qw, m in words]
        unknown_sal = [(t, m, m / oov) for t, m in unknown]  # unknown masses already count salience
        total_q = sum(qw for _, qw, _ in words) + sum(a.terms[t] for t, _ in unknown) or 1.0
        if known_w <= 0 and not grams:
            return []
        scores = np.zeros(len(self._docs))
        self._entries.accumulate(scores, [(t, qw) for t, qw, _ in words] + grams)
        ranked = self._best(scores, max(_RERANK, k))
        required = [w for w in a.terms if w in lexicon().required]
        asked = np.asarray(sorted(ranked), dtype=np.int32)
        best_q, rev_q = (dict(zip(asked.tolist(), m.tolist(), strict=True)) for m in self._question_match(words, asked))
        present = {t: self._entries.having(t, asked) for t in dict.fromkeys([t for t, _, _ in words] + required)}
        feats: dict[int, dict[str, float]] = {}
        for d in ranked:
            best, rev = best_q[d], rev_q[d]
            raw = p.best_question_weight * best + (1 - p.best_question_weight) * float(scores[d])
            covered, explained, missing = self._coverage(d, known, unknown_sal, present)
            feats[d] = {
                "raw": raw,
                "cov_w": covered / total_w,
                "ans_only": explained / total_w,
                "miss_sal": missing / total_q,
                "strength": raw / max_idf,
                "rev": rev,
                "oov": 1 - known_w / total_w,
            }
        first, second = (heapq.nlargest(2, (f["raw"] for f in feats.values())) + [0.0, 0.0])[:2]
        calib, names = p.calib, tuple(CALIB_FEATURES)
        cos = self._cosines(text, feats)
        if cos is not None:
            read = cos if self.dense is None or self.dense.owner is None else cos[list(feats)]  # big KB: candidates
            first_cos, second_cos = _two_largest(read)
            for d, f in feats.items():
                f["cos"] = COS_SCALE * float(cos[d])
                f["cos_lead"] = COS_SCALE * (float(cos[d]) - (second_cos if cos[d] >= first_cos else first_cos))
            calib, names = p.calib_dense, (*CALIB_FEATURES, *DENSE_FEATURES)
        out = []
        cap = math.log(p.required_cap / (1 - p.required_cap))
        if any(w not in idf for w in required):  # a required word no entry names: below the choice band
            cap = math.log(p.unknown_required_cap / (1 - p.unknown_required_cap))
        for d, f in feats.items():
            f["lead"] = (f["raw"] - (second if f["raw"] >= first else first)) / max_idf
            z = calib[-1] + sum(c * f[name] for c, name in zip(calib, names, strict=False))
            f["missing_required"] = float(any(d not in present[w] for w in required)
                                          or any(w not in a.terms for w in self._focus.get(d, ())))
            if f["missing_required"]:
                z = min(z, cap)
            doc = self._docs[d]
            out.append((Candidate(doc.id, 1 / (1 + math.exp(-z)), doc.question), f))
        out.sort(key=lambda cf: (-cf[0].score, -cf[1]["raw"]))
        return out[:k]

    def on_topic(self, text: str, k: int = 5) -> list[str]:
        """For a message that only names a topic ("离婚", "彩礼", "交通事故"): the ids of up to ``k``
        entries about every one of its words, best whole-entry BM25 first; none when a word is
        unknown to the knowledge base.  An entry is about a word its main question or a tag names:
        one alt question among several ("离婚前他借的钱算共同债务吗") is a passing mention.  A bare
        word scores low in ``search`` (it covers little of any question), yet the resident wants
        to see what can be asked about it."""
        a = analyze(text)
        words = [w for w in a.terms if w not in a.parts]
        if not words or any(w not in self._entries for w in words):
            return []
        everyone = np.arange(len(self._docs), dtype=np.int32)
        about = set.intersection(*(self._headlines.having(w, everyone) for w in words))
        scores = np.zeros(len(self._docs))
        self._entries.accumulate(scores, [(w, a.terms[w]) for w in words])
        return [self._docs[d].id for d in sorted(about, key=lambda d: (-scores[d], d))[:k]]

    def _cosines(self, text: str, entries: Iterable[int]) -> np.ndarray | None:
        """Per entry, the message's cosine to its closest question; None without vectors, or if
        the model fails (the resident still gets the words-only answer, and the log says why)."""
        if self.dense is None:
            return None
        try:
            return self.dense.best_cosines(text, entries)
        except (RuntimeError, OSError, ValueError):
            log.exception("sentence embedding failed: searching with words only")
            return None

    def _coverage(self, d: int, known: list[tuple[str, float, float]], unknown: list[tuple[str, float, float]],
                  present: Mapping[str, set[int]]) -> tuple[float, float, float]:
        """Entry ``d``'s share of the message, each word looked up once: IDF mass its questions and
        tags have (covered), mass only its answer has (explained), and salience-weighted words it
        speaks of nowhere (missing).  Unknown words can only be in the answer."""
        answer = self._answers[d]
        covered = explained = missing = 0.0
        for t, mass, sal in known:
            if d in present[t]:
                covered += mass
            elif len(t) > 1 and t in answer:
                explained += mass
            else:
                missing += sal
        for t, mass, sal in unknown:
            if len(t) > 1 and t in answer:
                explained += mass
            else:
                missing += sal
        return covered, explained, missing

    def _question_match(self, words: list[tuple[str, float, float]],
                        entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per entry of ``entries``, its best single question against the query: that question's
        BM25 score, and the largest share of one question's own information that the query
        mentions (a message that leaves out what a question is about, e.g. its 收费 or 咬伤, is
        probably asking something else)."""
        score, mass = np.zeros(len(self._question_mass)), np.zeros(len(self._question_mass))
        self._questions.accumulate(score, [(w, qw) for w, qw, _ in words], column=0)
        self._questions.accumulate(mass, [(w, 1.0) for w, _, _ in words], column=1)
        if not len(entries):
            return score[:0], mass[:0]
        first, count = self._first_question[entries], self._question_count[entries]
        offsets = np.cumsum(count) - count
        rows = np.repeat(first - offsets, count) + np.arange(int(count.sum()))
        total = self._question_mass[rows]
        share = np.minimum(np.divide(mass[rows], total, out=np.zeros(len(rows)), where=total > 0), 1.0)
        return np.maximum.reduceat(score[rows], offsets), np.maximum.reduceat(share, offsets)
