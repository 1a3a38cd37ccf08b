"""Review candidate alt questions against residents' messages before they go into a knowledge base.

    python -m benchmarks.review_alts [--kb knowledge/data]
        [--candidates benchmarks/data/alt_candidates/shipped.yaml]
        [--tune benchmarks/data/tune_shipped.jsonl] [--report benchmarks/data/heldout_shipped.jsonl]
        [--write kept.yaml]

Why: more wordings per entry find far more of what residents ask, but a wording can also pull in
a message the knowledge base does not answer ("网上买的衣服不给退" answered by a refund-scam
entry through its new "客服说要退款给我"); docs/retrieval.md has the figures.  So every
candidate is added, then the tuning messages are run, and each wrong answer or out-of-scope
message answered is traced to the candidate that caused it: the fewest candidates (the most to blame first) whose
removal brings the answered entry's score below the answer threshold, if it is not answered without them.  Those
candidates are dropped and the run repeated until no such answer is left.  The report messages
(never used for dropping) then show what the kept candidates do to messages they were not
chosen on.  The kept ones are still for an editor to read before they ship.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from benchmarks.faq import REPO, load_queries
from benchmarks.fit_calibration import evaluate, shipped_docs
from knowledge.decision import DEFAULT as THRESHOLDS
from knowledge.decision import decide
from knowledge.index import Doc, FaqIndex
from knowledge.intent import detect_intent

Query = dict[str, Any]
Alts = dict[str, list[str]]


def with_alts(docs: Sequence[Doc], alts: Alts) -> list[Doc]:
    """``docs`` with each entry's candidates added after its own alt questions (once)."""
    return [replace(d, alt_questions=tuple(dict.fromkeys((*d.alt_questions, *alts.get(d.id, ()))))) for d in docs]


def harmful(docs: Sequence[Doc], alts: Alts, queries: Sequence[Query]) -> list[tuple[str, str]]:
    """(entry id, message) for each tuning message answered with an entry it is not labelled with."""
    index = FaqIndex.build(with_alts(docs, alts))
    out = []
    for q in queries:
        if q.get("kind") == "intake" or detect_intent(q["q"]) is not None:
            continue
        d = decide(index.search(q["q"], 5))
        if d.kind == "answer" and d.candidates[0].id != q.get("id"):
            out.append((d.candidates[0].id, q["q"]))
    return out


def _score(docs: Sequence[Doc], alts: Alts, entry: str, text: str) -> float:
    cands = FaqIndex.build(with_alts(docs, alts)).search(text, 5)
    return next((c.score for c in cands if c.id == entry), 0.0)


def culprits(docs: Sequence[Doc], alts: Alts, entry: str, text: str) -> list[str]:
    """The fewest candidates of ``entry`` (removed greedily, the most to blame first) without which
    ``text`` is no longer answered by it; none if it would be answered without any of them."""
    if _score(docs, {**alts, entry: []}, entry, text) >= THRESHOLDS.answer:
        return []
    left, out = list(alts.get(entry, ())), []
    while left:
        score, alt = min((_score(docs, {**alts, entry: [a for a in left if a != c]}, entry, text), c)
                         for c in left)
        left.remove(alt)
        out.append(alt)
        if score < THRESHOLDS.answer:
            break
    return out


def review(docs: Sequence[Doc], candidates: Alts, queries: Sequence[Query]) -> tuple[Alts, list[str]]:
    """The candidates that cause no wrong or out-of-scope answer on ``queries``, and the dropped ones."""
    alts = {k: list(v) for k, v in candidates.items()}
    dropped: list[str] = []
    while True:
        found = False
        for entry, text in harmful(docs, alts, queries):
            blamed = culprits(docs, alts, entry, text)
            for alt in blamed:
                alts[entry].remove(alt)
                dropped.append(f"{entry}: {alt}  <- {text}")
            if blamed:
                found = True
                break  # re-run: one drop can settle several messages
        if not found:
            return alts, dropped


def main(argv: Sequence[str] | None = None) -> int:
    data = REPO / "benchmarks" / "data"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--candidates", type=Path, default=data / "alt_candidates" / "shipped.yaml")
    ap.add_argument("--tune", type=Path, default=data / "tune_shipped.jsonl")
    ap.add_argument("--report", type=Path, default=data / "heldout_shipped.jsonl")
    ap.add_argument("--write", type=Path, help="write the kept candidates here (YAML, id -> list)")
    args = ap.parse_args(argv)
    docs = shipped_docs()
    candidates: Alts = yaml.safe_load(args.candidates.read_text(encoding="utf-8"))
    tune, held = load_queries(args.tune), load_queries(args.report)
    kept, dropped = review(docs, candidates, tune)
    for line in dropped:
        print("dropped", line)
    for name, alts in (("without", {}), ("all", candidates), ("kept", kept)):
        index = FaqIndex.build(with_alts(docs, alts))
        for set_name, queries in (("tune", tune), ("report", held)):
            r = evaluate(index, queries)
            print(f"{name:<8} {set_name:<6} " + " ".join(f"{k}={v}" for k, v in r.items()))
    print(f"kept {sum(map(len, kept.values()))} of {sum(map(len, candidates.values()))} candidates")
    if args.write:
        args.write.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
