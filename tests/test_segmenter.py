"""knowledge.segmenter: jieba's dictionary in a trie cuts exactly as jieba does."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from knowledge import text
from knowledge.segmenter import Frequencies, TrieTokenizer, compact

ROOT = Path(__file__).resolve().parents[1]


def clauses() -> list[str]:
    """Every clause of the shipped knowledge base and of the repository's resident messages."""
    texts: list[str] = []
    for path in sorted((ROOT / "knowledge" / "data").glob("*.yaml")):
        for e in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts += [str(e.get("question", "")), str(e.get("answer", "")), *map(str, e.get("alt_questions") or [])]
    for path in sorted((ROOT / "benchmarks" / "data").glob("*.jsonl")):
        texts += [json.loads(line)["q"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [c for t in texts for c in text.normalize(t).split()]


def test_cuts_are_jiebas() -> None:
    ref = text.jieba_tokenizer()  # jieba's own dict, the same user words
    ours = compact(ref)
    sample = clauses()
    assert len(sample) > 10_000
    differ = [c for c in sample if list(ours.cut(c, HMM=False)) != list(ref.cut(c, HMM=False))]
    assert differ == []
    # the words and their frequencies, a word's prefix that is no word, and an unknown word
    assert ours.FREQ.get("宅基地") == ref.FREQ["宅基地"] and "宅基地" in ours.FREQ
    assert ref.FREQ.get("AT&") == 0 and ours.FREQ.get("AT&") is None and ours.FREQ.get("AT&", 0) == 0
    assert ours.FREQ.get("啷个") == ref.FREQ["啷个"]  # a user word
    assert ours.FREQ.get("㐀㐁㐂") is None and ours.total == ref.total


def test_the_service_tokenizer_is_the_compact_one() -> None:
    tok = text.tokenizer()
    assert isinstance(tok, TrieTokenizer) and isinstance(tok.FREQ, Frequencies)
    assert len(tok.FREQ) > 300_000


def test_an_empty_dictionary_cuts_into_characters() -> None:
    tok = TrieTokenizer()
    tok.FREQ, tok.total, tok.initialized = Frequencies({"甲乙": 3}), 3, True
    assert list(tok.cut("甲乙丙", HMM=False)) == ["甲乙", "丙"]
