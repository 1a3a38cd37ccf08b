"""jieba with its dictionary in a trie: the same cuts in a fraction of the memory.

jieba keeps its dictionary as a Python dict of ~500,000 strings (every word and every prefix of
one), ~60 MB in every web process.  Here the words are a marisa trie and their frequencies one
array (~3 MB); the two jieba methods that read the dictionary while cutting are redone on it:
``get_DAG`` asks the trie for the words starting at each character (one C call instead of a
dict lookup per prefix) and ``calc`` looks frequencies up by the trie's ids.  Cuts are the same
as jieba's (tests/test_segmenter.py compares them); cutting takes ~1.6 times as long, and cuts
are cached (knowledge/text.py).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from math import log

import jieba
import marisa_trie


class Frequencies:
    """Word -> frequency for the words jieba knows (frequency above 0), read-only."""

    def __init__(self, freq: Mapping[str, int]) -> None:
        words = [w for w, f in freq.items() if f > 0]
        self.trie = marisa_trie.Trie(words)
        self._freqs = array("I", bytes(4 * len(self.trie)))
        for word in words:
            self._freqs[self.trie[word]] = freq[word]
        self.max_len = max(map(len, words), default=1)

    def get(self, word: str, default: int | None = None) -> int | None:
        i = self.trie.get(word)
        return default if i is None else self._freqs[i]

    def __contains__(self, word: object) -> bool:
        return word in self.trie

    def __len__(self) -> int:
        return len(self.trie)


class TrieTokenizer(jieba.Tokenizer):  # type: ignore[misc]
    """A jieba tokenizer reading ``Frequencies`` instead of jieba's dict; built by ``compact``."""

    FREQ: Frequencies

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 - jieba's name
        """For each position, the last positions of the dictionary words starting there."""
        prefixes, longest = self.FREQ.trie.prefixes, self.FREQ.max_len
        dag = {}
        for k in range(len(sentence)):
            dag[k] = [k + len(w) - 1 for w in prefixes(sentence[k : k + longest])] or [k]
        return dag

    def calc(self, sentence: str, dag: dict[int, list[int]], route: dict[int, tuple[float, int]]) -> None:
        """jieba's best path by word frequencies, unchanged but for where they are read."""
        n = len(sentence)
        route[n] = (0, 0)
        logtotal = log(self.total)
        get = self.FREQ.get
        for idx in range(n - 1, -1, -1):
            route[idx] = max((log(get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x) for x in dag[idx])


def compact(tok: jieba.Tokenizer) -> TrieTokenizer:
    """An initialised tokenizer's dictionary (user words included) moved into a trie; ``tok``
    can be dropped afterwards."""
    out = TrieTokenizer()
    out.FREQ = Frequencies(tok.FREQ)
    out.total = tok.total
    out.initialized = True
    return out
