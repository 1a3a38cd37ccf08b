"""Chinese text normalisation and tokenisation for FAQ retrieval.

Residents write Sichuan dialect, voice-input text without punctuation and colloquial words
(工钱, 屋基, 娃儿); FAQ entries use formal words (工资, 宅基地, 孩子).  Both sides go through the
same pipeline so they meet in the middle:

1. ``normalize``: NFKC (full-width -> half-width), lower case, punctuation -> space.
2. jieba (a private ``Tokenizer`` with ``dictionary/userdict.txt`` and every synonym variant
   added, so that dialect words are cut as units) in search mode, which also yields the
   sub-words of long legal terms (人身安全保护令 -> 保护令 ...).
3. ``dictionary/synonyms.tsv`` maps each token to its canonical word(s).
4. ``dictionary/stopwords.txt`` drops words that carry no topic (怎么, 可以, 吗, 镇上 ...).
5. Character bigrams of the remaining surface text catch what the segmenter cut differently.
6. ``dictionary/required.txt`` lists words (补办) an entry must contain to answer a message with them.
7. ``dictionary/concepts.tsv`` adds a word two others say together (饮酒 + 摩托车 -> 酒驾).
8. ``dictionary/focus.txt`` lists words (费用) that, when every question of an entry has one, say
   what the entry asks: it then answers no message without that word.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import tempfile
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jieba

from knowledge import segmenter

DICTIONARY_DIR = Path(__file__).resolve().parent / "dictionary"

_SPLIT_RE = re.compile(r"[^0-9a-z\u3400-\u9fff]+")
_FULL_WIDTH = str.maketrans({c: unicodedata.normalize("NFKC", chr(c)) for c in (*range(0xFF01, 0xFF5F), 0x3000)})
"""Full-width ASCII and the ideographic space, each to its own NFKC form: most Chinese text is
NFKC-normalized but for its full-width punctuation (，？！：), and a table lookup per character is
half the cost of normalizing the whole text."""
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_QUANTITY_RE = re.compile(
    r"^[0-9零〇一二两三四五六七八九十百千万亿几多半来余好]+[块元岁年月天日号个次亩米分斤点层楼十百千万多棵窝株台辆张条头只件套瓶杯盒口把趟回遍位名间栋斤公里倍成折钱根钟小时星期礼拜周户桌胎份]*(前|后|以前|以后|左右|多)?$"
)
_tokenizer: jieba.Tokenizer | None = None
_tokenizer_lock = threading.Lock()


@dataclass(frozen=True)
class Lexicon:
    """Synonym table and stopwords, loaded once from ``dictionary/``."""

    synonyms: dict[str, tuple[str, ...]]
    canonicals: frozenset[str]
    stopwords: frozenset[str]
    user_words: tuple[str, ...]
    required: frozenset[str] = frozenset()
    """Canonical words an entry must contain to answer a message that has them (required.txt)."""
    concepts: tuple[tuple[str, str, frozenset[str]], ...] = ()
    """(concept, word, any of): the concept is said when the word and one of the others are."""
    frequencies: dict[str, int] = field(default_factory=dict)
    """userdict.txt words given a jieba frequency: a word jieba keeps whole alone but cuts in
    context needs a high one (``快手 1000``: 快|手上 in 快手上发视频), a word residents never mean
    that takes a neighbour's character a low one (``书签 1``: 调解|书签 in 调解书签了)."""
    focus: frozenset[str] = frozenset()
    """Canonical words that, when every question of an entry has them, are what the entry asks
    (focus.txt): a message without the word is not answered by it (费用: "找调解员咋个弄" is not
    answered with whether mediation costs money)."""


@dataclass(frozen=True)
class Analysis:
    """What the index needs from a text: weighted canonical words and surface bigrams.

    A word's weight is below 1 when it only came from splitting a longer word, from a synonym
    that expands to several canonicals, or is a single character that is not a known topic
    (mostly generic verbs: 修, 看, 写; topics such as 狗 are synonym canonicals).
    """

    terms: dict[str, float]
    bigrams: tuple[str, ...]
    parts: frozenset[str] = frozenset()
    """Terms that only came from splitting a longer token (东方闪电 -> 东方, 闪电): the token itself
    stands for the message's meaning, so an unknown part says nothing about the topic."""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.terms)


SUBWORD_MIN_LEN = 4
SUBWORD_WEIGHT = 0.5
SINGLE_CHAR_WEIGHT = 0.5


class DictionaryError(ValueError):
    """A dictionary file line the loader cannot read: names the file and line, so whoever edited
    it sees where, instead of an unpacking error from deep inside the first search."""


def _numbered(name: str) -> list[tuple[int, str]]:
    path = DICTIONARY_DIR / name
    text = path.read_text(encoding="utf-8")
    return [(no, ln.strip()) for no, ln in enumerate(text.splitlines(), 1)
            if ln.strip() and not ln.startswith("#")]


def _lines(name: str) -> list[str]:
    return [ln for _, ln in _numbered(name)]


def _rows(name: str, fields: int) -> list[list[str]]:
    """Tab-separated lines with exactly ``fields`` non-empty fields."""
    rows = []
    for no, line in _numbered(name):
        row = line.split("\t")
        if len(row) != fields or not all(f.strip() for f in row):
            raise DictionaryError(f"{name} line {no}: expected {fields} tab-separated fields, got {line!r}")
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the dictionary files (cached for the process)."""
    groups: dict[str, list[str]] = {}
    canonicals: set[str] = set()
    for canonical, variants in _rows("synonyms.tsv", 2):
        canonical = normalize(canonical)
        canonicals.add(canonical)
        for variant in variants.split():
            groups.setdefault(normalize(variant), []).append(canonical)
    synonyms: dict[str, tuple[str, ...]] = {}
    for variant, targets in groups.items():
        if variant in canonicals and variant not in targets:
            targets = [variant, *targets]
        synonyms[variant] = tuple(dict.fromkeys(targets))
    stopwords = frozenset(normalize(w) for w in _lines("stopwords.txt"))
    user_words, frequencies = _user_words()
    required = frozenset(normalize(w) for w in _lines("required.txt"))
    focus = frozenset(normalize(w) for w in _lines("focus.txt"))
    concepts = tuple((concept, word, frozenset(others.split()))
                     for concept, word, others in _rows("concepts.tsv", 3))
    return Lexicon(synonyms, frozenset(canonicals), stopwords, user_words, required, concepts, frequencies, focus)


def _user_words() -> tuple[tuple[str, ...], dict[str, int]]:
    """userdict.txt: a word per line, optionally followed by its jieba frequency."""
    words: list[str] = []
    frequencies: dict[str, int] = {}
    for no, line in _numbered("userdict.txt"):
        fields = line.split()
        if len(fields) > 2 or (len(fields) == 2 and not fields[1].isdigit()):
            raise DictionaryError(f"userdict.txt line {no}: expected a word and an optional frequency, got {line!r}")
        words.append(fields[0])
        if len(fields) == 2:
            frequencies[fields[0]] = int(fields[1])
    return tuple(words), frequencies


def normalize(text: str) -> str:
    """NFKC, lower case, and every run of punctuation/whitespace collapsed to one space."""
    text = text.translate(_FULL_WIDTH)  # a character's NFKC form in its place leaves the text's NFKC as it was
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return _SPLIT_RE.sub(" ", text.lower()).strip()


def _added_words() -> list[tuple[str, int | None]]:
    """The dictionary's words jieba does not cut as one unit unless told, in the order added, each
    with its frequency when userdict.txt gives one (else jieba's own suggestion)."""
    lex = lexicon()
    words = set(lex.user_words) | set(lex.synonyms) | lex.canonicals | set(lex.stopwords)
    return [(w, lex.frequencies.get(w)) for w in sorted(words) if len(w) > 1 and _CJK_RE.search(w)]


def jieba_tokenizer(directory: Path | None = None) -> jieba.Tokenizer:
    """jieba's own tokenizer with our dictionary's words added (its dictionary a Python dict).
    jieba caches its parsed dictionary (a marshal file it loads without checks) in the temp dir;
    here it goes to ``directory`` (the segmenter's ``safe_dir``), or to a throwaway one."""
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    with contextlib.ExitStack() as stack:
        tok.tmp_dir = str(directory or stack.enter_context(tempfile.TemporaryDirectory()))
        tok.initialize()
    for word, freq in _added_words():
        tok.add_word(word, freq)
    return tok


def tokenizer() -> jieba.Tokenizer:
    """The private jieba tokenizer, built once per process (thread-safe): ``jieba_tokenizer``'s
    dictionary moved into a trie, the same cuts in ~55 MB less, saved for the next process to
    map in a few ms (knowledge/segmenter.py; ``FAZHI_CACHE_DIR``, default a private directory in
    the temp dir)."""
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                key = segmenter.cache_key(w if f is None else f"{w} {f}" for w, f in _added_words())
                _tokenizer = segmenter.cached(key, jieba_tokenizer, os.environ.get("FAZHI_CACHE_DIR"))
    return _tokenizer


def _pieces(token: str, tok: jieba.Tokenizer) -> list[tuple[str, float]]:
    """The token and, for long words, its dictionary sub-words (人身安全保护令 -> 保护令)."""
    out = [(token, 1.0)]
    if len(token) >= SUBWORD_MIN_LEN and not is_quantity(token):
        for n in (2, 3):
            for i in range(len(token) - n + 1):
                sub = token[i : i + n]
                if tok.FREQ.get(sub):
                    out.append((sub, SUBWORD_WEIGHT))
    return out


def analyze(text: str) -> Analysis:
    """Weighted canonical content words (in order of appearance) and surface bigrams."""
    terms: dict[str, float] = {}
    whole: set[str] = set()
    bigrams: dict[str, None] = {}
    for clause in normalize(text).split():
        run = prev = ""
        for token in _cut(clause):
            token, prev = _positive(prev, token), token
            found = _token_terms(token) if token else None
            if found is None:
                run = _add_bigrams(run, bigrams)
                continue
            run += token
            for word, w, is_whole in found:
                if is_whole:
                    whole.add(word)
                if w > terms.get(word, 0.0):
                    terms[word] = w
        _add_bigrams(run, bigrams)
    for concept, word, others in lexicon().concepts:
        if word in terms:
            other = max((terms[o] for o in others if o in terms), default=0.0)
            w = min(terms[word], other)
            if w > terms.get(concept, 0.0):
                terms[concept] = w
                whole.add(concept)
    return Analysis(terms, tuple(bigrams), frozenset(terms.keys() - whole))


def _positive(prev: str, token: str) -> str:
    """The asking form "X不X" / "X没X" (给不给, 还要不要我出, 收没收) is a question, not a
    negation: jieba cuts it 给 | 不给 or 还要 | 不要我, and 不给 read as 拖欠 (不要我 as 辞退, 没收 as
    confiscation) put a topic into the message that it does not have.  Such a token stands for
    its positive half when that is a word (不同意 -> 同意), and for nothing otherwise."""
    if len(token) > 1 and token[0] in "不没" and prev and prev[-1] == token[1]:
        rest, lex = token[1:], lexicon()
        known = rest in lex.synonyms or rest in lex.canonicals or tokenizer().FREQ.get(rest)
        return rest if known else ""
    return token


def clear_caches() -> None:
    """Forget cached cuts and token analyses (benchmarks time a cold build with this)."""
    _cut.cache_clear()
    _token_terms.cache_clear()
    salience.cache_clear()


@lru_cache(maxsize=100_000)
def _cut(clause: str) -> tuple[str, ...]:
    """jieba's cut of one clause, cached: it is most of an index build's time, and a rebuild
    after an admin's edit (or a re-import) cuts the same clauses again."""
    return tuple(tokenizer().cut(clause, HMM=False))


@lru_cache(maxsize=200_000)
def _token_terms(token: str) -> tuple[tuple[str, float, bool], ...] | None:
    """One token's weighted canonical words, and whether each came from the whole token; None
    for a stopword. Cached: tokens repeat across texts, and an index build analyses thousands."""
    lex = lexicon()
    if all(w in lex.stopwords for w in lex.synonyms.get(token, (token,))):
        return None
    out: list[tuple[str, float, bool]] = []
    for piece, weight in _pieces(token, tokenizer()):
        targets = lex.synonyms.get(piece, (piece,))
        for word in targets:
            if word in lex.stopwords:
                continue
            w = weight / math.sqrt(len(targets))
            if len(word) == 1 and word not in lex.canonicals:
                w *= SINGLE_CHAR_WEIGHT
            out.append((word, w, piece == token))
    return tuple(out)


def _add_bigrams(run: str, out: dict[str, None]) -> str:
    """Add the bigrams of a run of content characters to ``out``; return an empty run."""
    for i in range(len(run) - 1):
        out[run[i : i + 2]] = None
    return ""


GENERAL_COMMON_IDF = 9.0
GENERAL_RARE_IDF = 13.0


@lru_cache(maxsize=50_000)
def salience(word: str) -> float:
    """0..1: how much an unknown word says about what a message is about, from its frequency in
    jieba's general-language dictionary.  Everyday words (晚上, 朋友, 跑) say little and are
    near 0; rare, specific ones (补办, 营业执照, 社保卡) are near 1."""
    tok = tokenizer()
    general_idf = math.log(tok.total / (tok.FREQ.get(word, 0) + 1))
    return min(1.0, max(0.0, (general_idf - GENERAL_COMMON_IDF) / (GENERAL_RARE_IDF - GENERAL_COMMON_IDF)))


def is_quantity(word: str) -> bool:
    """Amounts, ages and dates (两万块, 75岁, 八年): residents add them freely, they name no topic."""
    return bool(_QUANTITY_RE.match(word))


def standard_words(text: str) -> str:
    """The text with each word the synonym table maps to one entry word replaced by it (啷个 ->
    怎么, 屋基 -> 宅基地), clauses joined by a comma: what the sentence-embedding model reads.  The
    model learnt standard written Chinese; Sichuan dialect and everyday words it seldom saw moved
    its vectors away from the entries' (docs/retrieval.md).  A word with several readings stays."""
    syn = lexicon().synonyms
    clauses = []
    for clause in normalize(text).split():
        words = []
        for token in _cut(clause):
            targets = syn.get(token)
            words.append(targets[0] if targets is not None and len(targets) == 1 else token)
        clauses.append("".join(words))
    return "，".join(clauses)


def content_words(text: str) -> tuple[str, ...]:
    """Shortcut for callers that only need canonical words (tests, debugging)."""
    return analyze(text).words
