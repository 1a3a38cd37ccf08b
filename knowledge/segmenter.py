"""jieba with its dictionary in a trie: the same cuts in a fraction of the memory.

jieba keeps its dictionary as a Python dict of ~500,000 strings (every word and every prefix of
one), ~60 MB in every web process.  Here the words are a marisa trie and their frequencies one
array (~3 MB); the two jieba methods that read the dictionary while cutting are redone on it:
the cut this service uses (no HMM) finds each block's best path in one backward pass that asks
the trie for the words starting at each character (one C call instead of a dict lookup per
prefix) and reads their frequencies by the trie's ids as it goes; jieba's other modes get
``get_DAG`` from the trie and ``calc`` from the same pass.  Cuts are the same as jieba's
(tests/test_segmenter.py compares them); cutting takes ~0.8 times jieba's time (1.6 times when
a DAG was built and every word looked up again), and cuts are cached (knowledge/text.py).

Building the trie means loading jieba's dict first (~1.2 s per process).  ``cached`` saves the
trie and its frequencies to files named by a hash of everything they are built from, and every
later process memory-maps them (a few ms; the pages are shared between the processes).
The files are read only from a directory no other user can write to (``safe_dir``): whoever
can replace them changes every cut.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import mmap
import os
import secrets
import stat
import struct
import sys
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from math import log
from pathlib import Path

import jieba
import marisa_trie

from knowledge import heap

log_ = logging.getLogger(__name__)

_MAGIC = b"FZSEG001"
_HEADER = struct.Struct("<8sQII")  # magic, total frequency, longest word, number of words


class Frequencies:
    """Word -> frequency for the words jieba knows (frequency above 0), read-only."""

    def __init__(self, trie: marisa_trie.Trie, freqs: Sequence[int], max_len: int) -> None:
        self.trie, self._freqs, self.max_len = trie, freqs, max_len

    @classmethod
    def from_dict(cls, freq: Mapping[str, int]) -> Frequencies:
        words = [w for w, f in freq.items() if f > 0]
        trie = marisa_trie.Trie(words)
        freqs = array("I", bytes(4 * len(trie)))
        for word in words:
            freqs[trie[word]] = freq[word]
        return cls(trie, freqs, max(map(len, words), default=1))

    def get(self, word: str, default: int | None = None) -> int | None:
        i = self.trie.get(word)
        return default if i is None else self._freqs[i]

    def __contains__(self, word: object) -> bool:
        return word in self.trie

    def __len__(self) -> int:
        return len(self.trie)

    def by_id_view(self) -> Sequence[int]:
        """The frequencies by trie id, not copied (every one above 0)."""
        return self._freqs

    def by_id(self) -> array[int]:
        """The frequencies in the trie's id order (what a cache file holds)."""
        return array("I", self._freqs)


class TrieTokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """A jieba tokenizer reading ``Frequencies`` instead of jieba's dict; built by ``compact``."""

    FREQ: Frequencies

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
        """For each position, the last positions of the dictionary words starting there (jieba's
        full and search modes read it)."""
        prefixes, longest = self.FREQ.trie.prefixes, self.FREQ.max_len
        return {k: [k + len(w) - 1 for w in prefixes(sentence[k : k + longest])] or [k] for k in range(len(sentence))}

    def calc(self, sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        """jieba's best path over ``get_DAG``'s words, found by ``_path`` (the same words)."""
        scores, ends = self._path(sentence)
        route.update({i: (scores[i], ends[i]) for i in range(len(sentence))})
        route[len(sentence)] = (0, 0)

    def cut(self, sentence: str, cut_all: bool = False, HMM: bool = True,  # noqa: N803 - jieba's name
            use_paddle: bool = False) -> Iterator[str]:
        """jieba's cut; without its HMM (how this service cuts) each block's best path is found
        in one backward pass (``_path``) rather than a DAG and then ``calc`` over it."""
        if cut_all or HMM or use_paddle:
            yield from super().cut(sentence, cut_all, HMM, use_paddle)
            return
        han, skip = jieba.re_han_default, jieba.re_skip_default
        for block in han.split(jieba.strdecode(sentence)):
            if not block:
                continue
            if han.match(block):
                yield from self._cut_block(block)
                continue
            for piece in skip.split(block):
                if skip.match(piece):
                    yield piece
                else:
                    yield from piece  # character by character, as jieba does

    def _cut_block(self, block: str) -> Iterator[str]:
        """jieba's ``__cut_DAG_NO_HMM``: the best path's words, runs of single ASCII letters and
        digits joined."""
        ends, x, buf = self._path(block)[1], 0, ""
        while x < len(block):
            y = ends[x] + 1
            word = block[x:y]
            if y - x == 1 and jieba.re_eng.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def _path(self, sentence: str) -> tuple[list[float], list[int]]:
        """Per position, the best path's log probability from there and the last position of
        the word it takes there: jieba's ``calc`` over ``get_DAG``, computed from the end in one
        pass over the trie's prefixes, each word's frequency read by its trie id."""
        walk, longest, freqs = self.FREQ.trie.iter_prefixes_with_ids, self.FREQ.max_len, self.FREQ.by_id_view()
        logtotal = log(self.total)
        n = len(sentence)
        score, ends = [0.0] * (n + 1), [0] * n
        for idx in range(n - 1, -1, -1):
            best: tuple[float, int] | None = None
            for word, i in walk(sentence[idx : idx + longest]):
                x = idx + len(word) - 1
                option = (log(freqs[i]) - logtotal + score[x + 1], x)
                if best is None or option > best:
                    best = option
            if best is None:  # no dictionary word starts here: the character alone, frequency 1
                best = (0.0 - logtotal + score[idx + 1], idx)
            score[idx], ends[idx] = best
        return score, ends


def compact(tok: jieba.Tokenizer) -> TrieTokenizer:
    """An initialised tokenizer's dictionary (user words included) moved into a trie; ``tok``
    can be dropped afterwards."""
    return _tokenizer(Frequencies.from_dict(tok.FREQ), tok.total)


def _tokenizer(freq: Frequencies, total: int) -> TrieTokenizer:
    out = TrieTokenizer()
    out.FREQ, out.total, out.initialized = freq, total, True
    return out


def cache_key(user_words: Iterable[str]) -> str:
    """A hash of what the trie is built from: jieba's dictionary and version, the words added to
    it (in the order they are added), marisa's version and this file format."""
    h = hashlib.sha256(_MAGIC + sys.byteorder.encode())
    h.update(f"jieba {jieba.__version__} marisa {importlib.metadata.version('marisa-trie')}".encode())
    h.update(Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME).read_bytes())
    for word in user_words:
        h.update(word.encode() + b"\n")
    return h.hexdigest()[:24]


def safe_dir(configured: str | None = None) -> Path | None:
    """Where caches are saved and read: ``configured`` (``FAZHI_CACHE_DIR``), else a private
    directory in the temp dir, created 0700.  None when it is missing or another user could write
    to it (owned by someone else but root, or group- or world-writable like /tmp itself): a
    planted file would change the cuts, so the process then builds its own and saves nothing."""
    if configured:
        path = Path(configured)
    else:
        path = Path(tempfile.gettempdir()) / f"fazhi-{os.geteuid()}"
        try:
            path.mkdir(mode=0o700, exist_ok=True)
        except OSError as exc:
            log_.warning("cache directory %s not created (%s)", path, exc)
            return None
        if path.is_symlink():  # planted in the shared temp dir, pointing anywhere
            log_.warning("cache directory %s not used: it is a symbolic link", path)
            return None
    try:
        st = path.stat()
    except OSError as exc:
        log_.warning("cache directory %s unusable (%s)", path, exc)
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid not in (os.geteuid(), 0) or st.st_mode & 0o022:
        log_.warning("cache directory %s not used: other users can write to it", path)
        return None
    return path


def cached(key: str, build: Callable[[Path | None], jieba.Tokenizer], cache_dir: str | None = None) -> TrieTokenizer:
    """The compact tokenizer saved under ``key`` in ``safe_dir(cache_dir)``, or
    ``compact(build(directory))`` saved there for the next process (``build`` gets the same safe
    directory, or None, for its own caches).  A missing, unreadable or damaged cache is rebuilt;
    an unwritable or unsafe directory only costs time."""
    directory = safe_dir(cache_dir)
    if directory is None:
        return _build(build, None)
    base = directory / f"fazhi-segmenter-{key}"
    trie_path, freq_path = base.with_suffix(".trie"), base.with_suffix(".freq")
    try:
        return _load(trie_path, freq_path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, RuntimeError, struct.error) as exc:  # damaged or half-written
        log_.warning("segmenter cache %s unreadable (%s); rebuilding", base, exc)
    tok = _build(build, directory)
    try:
        _save(tok, trie_path, freq_path)
    except (OSError, RuntimeError) as exc:  # a full disk, a read-only dir
        log_.warning("segmenter cache %s not written (%s)", base, exc)
    else:
        _remove_stale(base)
    return tok


def _build(build: Callable[[Path | None], jieba.Tokenizer], directory: Path | None) -> TrieTokenizer:
    tok = compact(build(directory))
    heap.trim()  # jieba's dict of ~500,000 strings, garbage once compacted
    return tok


def _remove_stale(base: Path) -> None:
    """Delete caches saved under other keys (an older dictionary, 2.7 MB each); a process still
    mapping one keeps its pages, and another's half-written ``.tmp`` files are left alone."""
    for path in base.parent.glob("fazhi-segmenter-*"):
        if path.stem != base.name and path.suffix in (".trie", ".freq"):
            path.unlink(missing_ok=True)


def _load(trie_path: Path, freq_path: Path) -> TrieTokenizer:
    with open(freq_path, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    magic, total, max_len, n = _HEADER.unpack_from(mm)
    freqs = memoryview(mm)[_HEADER.size :].cast("I")
    trie = marisa_trie.Trie()
    trie.mmap(str(trie_path))
    if magic != _MAGIC or len(freqs) != n or len(trie) != n:
        raise ValueError(f"{n} words in the header, {len(freqs)} frequencies, {len(trie)} in the trie")
    return _tokenizer(Frequencies(trie, freqs, max_len), total)


def _save(tok: TrieTokenizer, trie_path: Path, freq_path: Path) -> None:
    """Both files written under temporary names and renamed: a reader sees whole files only."""
    freq = tok.FREQ
    freqs = freq.by_id()
    suffix = f".{os.getpid()}-{secrets.token_hex(4)}.tmp"
    tmp_freq, tmp_trie = Path(str(freq_path) + suffix), Path(str(trie_path) + suffix)
    try:
        with open(tmp_freq, "wb") as f:
            f.write(_HEADER.pack(_MAGIC, tok.total, freq.max_len, len(freqs)))
            f.write(freqs.tobytes())
        freq.trie.save(str(tmp_trie))
        os.replace(tmp_freq, freq_path)
        os.replace(tmp_trie, trie_path)
    finally:
        tmp_freq.unlink(missing_ok=True)
        tmp_trie.unlink(missing_ok=True)
