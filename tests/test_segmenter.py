"""knowledge.segmenter: jieba's dictionary in a trie cuts exactly as jieba does."""

from __future__ import annotations

import json
import os
import stat
import tempfile
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
    # jieba's other modes go through get_DAG and calc, which the cut above no longer calls
    for mode in (lambda tok, c: tok.cut(c), lambda tok, c: tok.cut_for_search(c, HMM=False)):
        assert [c for c in sample[::7] if list(mode(ours, c)) != list(mode(ref, c))] == []
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


Build = Callable[[Path | None], jieba.Tokenizer]


def _counting(build: Build) -> tuple[Build, list[int]]:
    calls: list[int] = []

    def counted(directory: Path | None) -> jieba.Tokenizer:
        calls.append(1)
        return build(directory)

    return counted, calls


def test_the_trie_is_saved_once_and_mapped_by_later_processes(tmp_path: Path) -> None:
    build, calls = _counting(text.jieba_tokenizer)
    first = segmenter.cached("k1", build, str(tmp_path))
    assert calls == [1] and sorted(p.suffix for p in tmp_path.iterdir()) == [".cache", ".freq", ".trie"]
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
        "fazhi-segmenter-new.freq", "fazhi-segmenter-new.trie", busy.name, "jieba.cache", "unrelated.trie"]


def test_the_default_cache_dir_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    directory = segmenter.safe_dir(None)
    assert directory == tmp_path / f"fazhi-{os.geteuid()}"
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_a_link_planted_in_the_temp_dir_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    shared_tmp = tmp_path / "tmp"
    shared_tmp.mkdir()
    (shared_tmp / f"fazhi-{os.geteuid()}").symlink_to(elsewhere)
    monkeypatch.setattr(tempfile, "tempdir", str(shared_tmp))
    assert segmenter.safe_dir(None) is None
    segmenter.cached("k", text.jieba_tokenizer)
    assert list(elsewhere.iterdir()) == []


def _plant(directory: Path, key: str) -> None:
    """A well-formed cache under ``key`` whose dictionary cuts 宅基地 as 宅基 + 地."""
    planted = compact(_small_tokenizer({"宅基": 100, "地": 100}))
    segmenter._save(planted, directory / f"fazhi-segmenter-{key}.trie", directory / f"fazhi-segmenter-{key}.freq")


def _small_tokenizer(words: dict[str, int]) -> jieba.Tokenizer:
    tok = jieba.Tokenizer()
    tok.FREQ, tok.total, tok.initialized = dict(words), sum(words.values()), True
    for word in list(words):  # jieba's dict holds every prefix, at frequency 0
        for i in range(1, len(word)):
            tok.FREQ.setdefault(word[:i], 0)
    return tok


def test_a_cache_in_a_safe_dir_is_read(tmp_path: Path) -> None:
    # the counterpart of the next test: the planted cache is what a safe directory would serve
    tmp_path.chmod(0o700)
    _plant(tmp_path, "k")
    assert list(segmenter.cached("k", text.jieba_tokenizer, str(tmp_path)).cut("宅基地", HMM=False)) == ["宅基", "地"]


@pytest.mark.parametrize("mode", [0o777, 0o1777, 0o770])
def test_a_dir_others_can_write_to_is_neither_read_nor_written(tmp_path: Path, mode: int) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    _plant(shared, "k")
    shared.chmod(mode)
    before = sorted(p.name for p in shared.iterdir())
    tok = segmenter.cached("k", text.jieba_tokenizer, str(shared))
    assert list(tok.cut("宅基地", HMM=False)) == ["宅基地"]
    assert sorted(p.name for p in shared.iterdir()) == before


def test_a_dir_owned_by_another_user_is_not_used(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only root can give a directory to another user")
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o700)
    _plant(theirs, "k")
    os.chown(theirs, 54321, 54321)
    assert segmenter.safe_dir(str(theirs)) is None
    assert list(segmenter.cached("k", text.jieba_tokenizer, str(theirs)).cut("宅基地", HMM=False)) == ["宅基地"]


def test_jiebas_own_cache_goes_to_the_private_dir(tmp_path: Path) -> None:
    tmp_path.chmod(0o700)
    segmenter.cached("k", text.jieba_tokenizer, str(tmp_path))
    assert (tmp_path / "jieba.cache").is_file()


def test_an_unsafe_dir_is_judged_and_reported_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """jieba's cache and the trie share the one verdict: one warning, and nothing saved in it."""
    tmp_path.chmod(0o777)
    build, calls = _counting(text.jieba_tokenizer)
    segmenter.cached("k", build, str(tmp_path))
    assert calls == [1] and list(tmp_path.iterdir()) == []
    assert [r.getMessage() for r in caplog.records if "cache directory" in r.getMessage()] == [
        f"cache directory {tmp_path} not used: other users can write to it"]
