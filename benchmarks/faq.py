"""FAQ retrieval benchmark: accuracy, out-of-scope refusals, intake intents, speed and memory,
for our engine and for a plain BM25 baseline on the same data.

    python -m benchmarks.faq [--shared ../shared] [--json] [--no-perf]

``run(entries, queries)`` holds the evaluation; loading is separate so the benchmark can later be
fed from the app's database instead of the YAML file.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jieba
import yaml

from knowledge.decision import decide
from knowledge.index import Doc, FaqIndex
from knowledge.intent import detect_intent

Entry = dict[str, Any]
Query = dict[str, Any]
REPO = Path(__file__).resolve().parent.parent
SYNTHETIC_SIZE = 5000
_PUNCT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def load_entries(path: Path) -> list[Entry]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_queries(path: Path) -> list[Query]:
    """One dict per JSONL line, with its 0-based ``line`` number (for the even/odd split)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(json.loads(ln), line=i) for i, ln in enumerate(lines) if ln.strip()]


def to_doc(e: Entry) -> Doc:
    return Doc(str(e["id"]), str(e["question"]), tuple(e.get("alt_questions") or ()), tuple(e.get("tags") or ()))


class PlainBM25:
    """Baseline: Okapi BM25 over jieba default tokens of question + alts + tags; no synonyms,
    stopwords or calibration, so it "answers" every message sharing any token with an entry."""

    def __init__(self, docs: Sequence[Doc], k1: float = 1.2, b: float = 0.75) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._tok = jieba.Tokenizer()
        self._ids = [d.id for d in docs]
        self._postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        bags = [Counter(self._tokens(" ".join((d.question, *d.alt_questions, *d.tags)))) for d in docs]
        avg = sum(sum(b_.values()) for b_ in bags) / max(len(bags), 1)
        df = Counter(t for bag in bags for t in bag)
        n = len(bags)
        for i, bag in enumerate(bags):
            length = sum(bag.values())
            for t, tf in bag.items():
                idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
                self._postings[t].append((i, idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))))

    def _tokens(self, text: str) -> list[str]:
        return [t for t in self._tok.cut(_PUNCT.sub(" ", text)) if t.strip()]

    def search(self, text: str, k: int = 5) -> list[str]:
        scores: dict[int, float] = defaultdict(float)
        for t in set(self._tokens(text)):
            for i, w in self._postings.get(t, ()):
                scores[i] += w
        ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:k]
        return [self._ids[i] for i in ranked]


def _share(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_engine(index: FaqIndex, queries: Sequence[Query]) -> dict[str, Any]:
    """Our engine: search + calibrated decision + intake detection."""
    labelled = [q for q in queries if q.get("id")]
    oos = [q for q in queries if q.get("kind") == "oos"]
    intake = [q for q in queries if q.get("kind") == "intake"]
    c = dict.fromkeys(("answer_ok", "answer_wrong", "clarify_ok", "rank1", "top3", "oos_ans", "oos_clarify"), 0)
    for q in labelled:
        cands = index.search(q["q"], k=5)
        d = decide(cands)
        ids = [x.id for x in cands]
        c["rank1"] += ids[:1] == [q["id"]]
        c["top3"] += q["id"] in ids[:3]
        if d.kind == "answer":
            c["answer_ok" if d.candidates[0].id == q["id"] else "answer_wrong"] += 1
        elif d.kind == "clarify" and d.candidates[0].id == q["id"]:
            c["clarify_ok"] += 1
    for q in oos:
        d = decide(index.search(q["q"], k=5))
        c["oos_ans"] += d.kind == "answer"
        c["oos_clarify"] += d.kind == "clarify"
    intake_ok = sum(detect_intent(q["q"]) == q.get("intent") for q in intake)
    others = [q for q in queries if q.get("kind") != "intake"]
    flagged = sum(detect_intent(q["q"]) is not None for q in others)
    n = len(labelled)
    return {
        "labelled": n,
        "top1": _share(c["answer_ok"], n),
        "clarify_right_first": _share(c["clarify_ok"], n),
        "wrong_answer": _share(c["answer_wrong"], n),
        "rank1": _share(c["rank1"], n),
        "top3": _share(c["top3"], n),
        "oos": len(oos),
        "oos_answered": _share(c["oos_ans"], len(oos)),
        "oos_clarified": _share(c["oos_clarify"], len(oos)),
        "intake": len(intake),
        "intake_recognised": _share(intake_ok, len(intake)),
        "non_intake_flagged": _share(flagged, len(others)),
    }


def evaluate_baseline(base: PlainBM25, queries: Sequence[Query]) -> dict[str, Any]:
    """Plain BM25: top-1 = argmax, answered = any result, no intake detection."""
    labelled = [q for q in queries if q.get("id")]
    oos = [q for q in queries if q.get("kind") == "oos"]
    top1 = top3 = wrong = oos_ans = 0
    for q in labelled:
        ids = base.search(q["q"], 3)
        top1 += ids[:1] == [q["id"]]
        wrong += bool(ids) and ids[0] != q["id"]
        top3 += q["id"] in ids
    oos_ans = sum(bool(base.search(q["q"], 1)) for q in oos)
    n = len(labelled)
    return {
        "labelled": n,
        "top1": _share(top1, n),
        "wrong_answer": _share(wrong, n),
        "rank1": _share(top1, n),
        "top3": _share(top3, n),
        "oos": len(oos),
        "oos_answered": _share(oos_ans, len(oos)),
        "intake_recognised": 0.0 if any(q.get("kind") == "intake" for q in queries) else None,
    }


def splits(entries: Sequence[Entry], queries: Sequence[Query]) -> dict[str, list[Query]]:
    """All queries; even/odd lines; and queries of even/odd-numbered entries (OOS/intake by line)."""
    entry_half = {str(e["id"]): i % 2 for i, e in enumerate(entries)}

    def by_entry(q: Query, half: int) -> bool:
        return entry_half.get(q["id"], -1) == half if q.get("id") else q["line"] % 2 == half

    return {
        "all": list(queries),
        "even_lines": [q for q in queries if q["line"] % 2 == 0],
        "odd_lines": [q for q in queries if q["line"] % 2 == 1],
        "even_entries": [q for q in queries if by_entry(q, 0)],
        "odd_entries": [q for q in queries if by_entry(q, 1)],
    }


def synthetic_docs(entries: Sequence[Entry], size: int, seed: int = 7) -> list[Doc]:
    """Entries made by recombining the words of real questions (a larger, realistic vocabulary)."""
    from knowledge.text import tokenizer

    rng = random.Random(seed)
    tok = tokenizer()
    pools = [[list(tok.cut(t, HMM=False)) for t in (e["question"], *(e.get("alt_questions") or ()))] for e in entries]
    tags = [t for e in entries for t in (e.get("tags") or ())]
    docs = []
    for i in range(size):
        a, b = rng.sample(pools, 2)

        def mix(x: list[str], y: list[str]) -> str:
            cut_x, cut_y = rng.randint(1, max(len(x) - 1, 1)), rng.randint(0, max(len(y) - 1, 0))
            return "".join(x[:cut_x] + y[cut_y:])

        qs = [mix(rng.choice(a), rng.choice(b)) for _ in range(rng.randint(2, 4))]
        docs.append(Doc(f"syn-{i}", qs[0], tuple(qs[1:]), tuple(rng.sample(tags, 3))))
    return docs


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    return fn(), time.perf_counter() - t0


def perf(entries: Sequence[Entry], queries: Sequence[Query], shared: Path | None = None) -> dict[str, Any]:
    """Build time, query latency and process RSS with a synthetic 5,000-entry index."""
    docs = synthetic_docs(entries, SYNTHETIC_SIZE)
    index, build_s = _timed(lambda: FaqIndex.build(docs))
    texts = [q["q"] for q in queries] * max(1, math.ceil(2000 / max(len(queries), 1)))
    lat: list[float] = []
    for t in texts:
        t0 = time.perf_counter()
        decide(index.search(t, 5))
        lat.append((time.perf_counter() - t0) * 1000)
    lat.sort()
    out: dict[str, Any] = {
        "entries": len(index),
        "build_s": round(build_s, 3),
        "query_ms_p50": round(lat[len(lat) // 2], 3),
        "query_ms_p99": round(lat[int(len(lat) * 0.99)], 3),
        "query_ms_max": round(lat[-1], 3),
        "queries_timed": len(lat),
    }
    if shared is not None:
        out.update(_cold_process(shared))
    return out


def _cold_process(shared: Path) -> dict[str, Any]:
    """A fresh process: jieba init and 5,000-entry build times, then its absolute VmRSS."""
    cmd = [sys.executable, "-m", "benchmarks.faq", "--shared", str(shared), "--rss-probe"]
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    try:
        return dict(json.loads(res.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"cold_process_error": res.stderr[-500:]}


def _rss_probe(entries: Sequence[Entry]) -> None:
    from knowledge.text import tokenizer

    _, init_s = _timed(tokenizer)
    docs = synthetic_docs(entries, SYNTHETIC_SIZE)
    index, build_s = _timed(lambda: FaqIndex.build(docs))
    index.search("老板拖起工钱不给咋个办")
    status = Path("/proc/self/status").read_text()
    kb = next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS:"))
    out = {"tokenizer_init_s": round(init_s, 3), "cold_build_s": round(build_s, 3), "rss_mb": round(kb / 1024, 1)}
    print(json.dumps(out))


def run(entries: Sequence[Entry], queries: Sequence[Query]) -> dict[str, Any]:
    """Every figure of the benchmark, for our engine and the baseline, per split."""
    docs = [to_doc(e) for e in entries]
    index = FaqIndex.build(docs)
    base = PlainBM25(docs)
    result: dict[str, Any] = {"entries": len(docs), "queries": len(queries), "splits": {}}
    for name, qs in splits(entries, queries).items():
        ours, theirs = evaluate_engine(index, qs), evaluate_baseline(base, qs)
        ratios = {k: round(ours[k] / theirs[k], 3) for k in theirs if k in ours and theirs[k] and ours[k] is not None}
        result["splits"][name] = {"ours": ours, "baseline": theirs, "ratio": ratios}
    return result


def _row(name: str, ours: Any, base: Any, ratio: Any = None) -> str:
    def fmt(v: Any) -> str:
        return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))

    return f"  {name:<22}{fmt(ours):>10}{fmt(base):>10}{fmt(ratio):>8}"


def report(result: dict[str, Any]) -> str:
    """A readable table of ``run``'s result."""
    lines = [f"FAQ benchmark: {result['entries']} entries, {result['queries']} queries"]
    keys = "top1 clarify_right_first wrong_answer rank1 top3 oos_answered oos_clarified intake_recognised".split()
    keys.append("non_intake_flagged")
    for name, sp in result["splits"].items():
        o, b, r = sp["ours"], sp["baseline"], sp["ratio"]
        lines.append(f"[{name}] labelled={o['labelled']} oos={o['oos']} intake={o['intake']}")
        lines.append(_row("metric", "ours", "baseline", "ratio"))
        lines += [_row(k, o.get(k), b.get(k), r.get(k)) for k in keys]
    if "perf" in result:
        lines.append("[perf, synthetic index]")
        lines += [f"  {k:<22}{v}" for k, v in result["perf"].items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared/ folder (default ../shared)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--no-perf", action="store_true", help="skip the 5,000-entry speed and memory checks")
    ap.add_argument("--rss-probe", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    entries = load_entries(args.shared / "bench" / "faq.yaml")
    if args.rss_probe:
        _rss_probe(entries)
        return 0
    queries = load_queries(args.shared / "bench" / "queries_dev.jsonl")
    result = run(entries, queries)
    if not args.no_perf:
        result["perf"] = perf(entries, queries, args.shared)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
