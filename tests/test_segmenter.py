"""knowledge.segmenter: jieba's dictionary in a trie cuts exactly as jieba does."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jieba
import pytest
import yaml

from knowledge import segmenter, text
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
    tok.FREQ, tok.total, tok.initialized = Frequencies.from_dict({"甲乙": 3}), 3, True
    assert list(tok.cut("甲乙丙", HMM=False)) == ["甲乙", "丙"]


def _counting(build: Callable[[], jieba.Tokenizer]) -> tuple[Callable[[], jieba.Tokenizer], list[int]]:
    calls: list[int] = []

    def counted() -> jieba.Tokenizer:
        calls.append(1)
        return build()

    return counted, calls


def test_the_trie_is_saved_once_and_mapped_by_later_processes(tmp_path: Path) -> None:
    build, calls = _counting(text.jieba_tokenizer)
    first = segmenter.cached("k1", build, str(tmp_path))
    assert calls == [1] and sorted(p.suffix for p in tmp_path.iterdir()) == [".freq", ".trie"]
    again = segmenter.cached("k1", build, str(tmp_path))
    assert calls == [1]  # read from the files, jieba's dict never loaded
    sample = clauses()[::5]
    assert [list(again.cut(c, HMM=False)) for c in sample] == [list(first.cut(c, HMM=False)) for c in sample]
    assert again.total == first.total and again.FREQ.max_len == first.FREQ.max_len
    assert again.FREQ.get("啷个") == first.FREQ.get("啷个") and again.FREQ.get("㐀㐁") is None
    segmenter.cached("k2", build, str(tmp_path))  # another key is another dictionary
    assert calls == [1, 1]


def test_a_damaged_cache_is_rebuilt(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    build, calls = _counting(text.jieba_tokenizer)
    good = segmenter.cached("k", build, str(tmp_path))
    freq = tmp_path / "fazhi-segmenter-k.freq"
    freq.write_bytes(freq.read_bytes()[:-4])  # one frequency short
    tok = segmenter.cached("k", build, str(tmp_path))
    assert calls == [1, 1] and "unreadable" in caplog.text
    assert list(tok.cut("啷个办嘛工钱莫得给", HMM=False)) == list(good.cut("啷个办嘛工钱莫得给", HMM=False))
    assert len(freq.read_bytes()) == 24 + 4 * len(good.FREQ)  # written whole again
    (tmp_path / "fazhi-segmenter-k.trie").write_bytes(b"not a trie")
    segmenter.cached("k", build, str(tmp_path))
    assert calls == [1, 1, 1]


def test_an_unwritable_cache_dir_only_costs_time(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    tok = segmenter.cached("k", text.jieba_tokenizer, str(missing))
    assert list(tok.cut("宅基地", HMM=False)) == ["宅基地"] and not missing.exists()


def test_the_key_follows_the_added_words() -> None:
    assert segmenter.cache_key(["啷个"]) == segmenter.cache_key(["啷个"])
    assert segmenter.cache_key(["啷个"]) != segmenter.cache_key(["啷个", "莫得"])
    assert segmenter.cache_key(["啷个", "莫得"]) != segmenter.cache_key(["莫得", "啷个"])  # order sets frequencies


def test_caches_of_other_keys_are_removed_when_one_is_saved(tmp_path: Path) -> None:
    old = [tmp_path / "fazhi-segmenter-old.trie", tmp_path / "fazhi-segmenter-old.freq"]
    busy = tmp_path / "fazhi-segmenter-other.freq.123-ab.tmp"  # another process writing
    for path in [*old, busy, tmp_path / "unrelated.trie"]:
        path.write_bytes(b"x")
    segmenter.cached("new", text.jieba_tokenizer, str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "fazhi-segmenter-new.freq", "fazhi-segmenter-new.trie", busy.name, "unrelated.trie"]
