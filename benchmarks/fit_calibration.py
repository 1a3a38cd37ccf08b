"""Refit the index's logistic calibration (``Params.calib``) and report what it does, reproducibly.

    python -m benchmarks.fit_calibration [--shared ../shared] [--eval-only] [--embeddings]
                                         [--features cov_w,strength,...] [--rounds 2]

``--embeddings`` fits and reports ``Params.calib_dense`` instead: the index with sentence
embeddings (``knowledge/embedding.py``; vectors cached in ``benchmarks/.cache``).
``--features`` fits another feature set (any key ``FaqIndex.search_debug`` reports), to try a
new feature before wiring it into ``CALIB_FEATURES``.  The candidates sampled depend on the
ranking, which depends on the calibration, so the fit is repeated ``--rounds`` times.

Fits on the dev messages, the *even* lines of ``benchmarks/data/heldout_bench.jsonl``, of
``heldout_fresh_b.jsonl`` and (with ``--embeddings``, since stop 13) of ``heldout_fresh_d.jsonl``,
and ``heldout_fresh_tune.jsonl`` only (all against ``<shared>/bench/faq.yaml``) and reports those,
the *odd* lines of those three files, ``heldout_fresh_report.jsonl``, ``heldout_fresh_e.jsonl``,
the odd lines of ``heldout_fresh_c.jsonl``, ``heldout_fresh_g.jsonl``, ``heldout_fresh_h.jsonl``,
``heldout_fresh_i.jsonl``, ``heldout_fresh_j.jsonl``, ``heldout_fresh_k.jsonl``, ``heldout_fresh_m.jsonl``,
``heldout_fresh_n.jsonl``, ``heldout_fresh_t.jsonl``, ``heldout_fresh_u.jsonl`` and
``heldout_fresh_v.jsonl`` (whose even lines are for tuning rules and the dictionary, not this fit),
``heldout_fresh_w.jsonl`` and ``heldout_fresh_x.jsonl`` (whole: report only) and
``benchmarks/data/heldout_shipped.jsonl`` (against ``knowledge/data``), which it never fits on; and
``tune_shipped.jsonl`` (against ``knowledge/data``), on which ``benchmarks.review_alts`` chose the
shipped entries' alt questions (not fitted on either), and ``heldout_shipped_s.jsonl``'s even and odd
lines (against ``knowledge/data``, never fitted on).

Training samples, as in the original calibration: the top three candidates of every message,
labelled "this is the message's entry"; OOS messages give negatives only; and near misses: each
labelled message searched again with its own entry left out of the index, all candidates
negative (a sibling that covers part of a message is not its answer).  The held-out lines
weigh twice (they are colloquial, unseen phrasings), near misses half.  Logistic regression
with an L2 penalty, fitted by Newton's method (a handful of features: no numpy needed).  The
bias is then shifted so that the answer threshold that scores best on the fit data (right
answer +1, right clarification +0.5, wrong answer -3, OOS answered -1, OOS clarified -0.1)
sits at ``Thresholds.answer``.

The quick evaluation here calls ``FaqIndex`` + ``decide`` directly and treats a message that
``detect_intent`` flags as taken by an intake handler; ``benchmarks.faq`` (the real handler
path) is the reference for reported figures.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import knowledge.index as kindex
from benchmarks.faq import REPO, load_entries, load_queries, select_lines, to_doc
from knowledge.decision import DEFAULT as DEFAULT_THRESHOLDS
from knowledge.decision import Thresholds, decide
from knowledge.index import DEFAULT_PARAMS, Dense, Doc, FaqIndex, Params
from knowledge.intent import detect_intent

Query = dict[str, Any]
HELDOUT_BENCH = REPO / "benchmarks" / "data" / "heldout_bench.jsonl"
HELDOUT_SHIPPED = REPO / "benchmarks" / "data" / "heldout_shipped.jsonl"
FRESH_TUNE = REPO / "benchmarks" / "data" / "heldout_fresh_tune.jsonl"
FRESH_REPORT = REPO / "benchmarks" / "data" / "heldout_fresh_report.jsonl"
FRESH_B = REPO / "benchmarks" / "data" / "heldout_fresh_b.jsonl"
FRESH_C = REPO / "benchmarks" / "data" / "heldout_fresh_c.jsonl"  # even lines tuned intents only
FRESH_D = REPO / "benchmarks" / "data" / "heldout_fresh_d.jsonl"  # measured whole once, then even lines tune
FRESH_E = REPO / "benchmarks" / "data" / "heldout_fresh_e.jsonl"  # report only: measured once at stop 10
FRESH_G = REPO / "benchmarks" / "data" / "heldout_fresh_g.jsonl"  # measured whole once at stop 16, then even lines tune
FRESH_H = REPO / "benchmarks" / "data" / "heldout_fresh_h.jsonl"  # dev-styled; measured whole at stop 17, as G
FRESH_I = REPO / "benchmarks" / "data" / "heldout_fresh_i.jsonl"  # written as H; measured whole at stop 18, as G
FRESH_J = REPO / "benchmarks" / "data" / "heldout_fresh_j.jsonl"  # written as I; measured whole at stop 19, as G
FRESH_K = REPO / "benchmarks" / "data" / "heldout_fresh_k.jsonl"  # written as J; measured whole at stop 20, as G
FRESH_M = REPO / "benchmarks" / "data" / "heldout_fresh_m.jsonl"  # the dev file's style; measured whole at stop 21
FRESH_N = REPO / "benchmarks" / "data" / "heldout_fresh_n.jsonl"  # the same, one writer; measured whole at stop 21
FRESH_T = REPO / "benchmarks" / "data" / "heldout_fresh_t.jsonl"  # as M, measured whole at the end of stop 21
FRESH_U = REPO / "benchmarks" / "data" / "heldout_fresh_u.jsonl"  # as M, measured whole early in stop 22
FRESH_V = REPO / "benchmarks" / "data" / "heldout_fresh_v.jsonl"  # as M, measured whole early in stop 23
FRESH_W = REPO / "benchmarks" / "data" / "heldout_fresh_w.jsonl"  # as H (no wording rule); stop 24, report only
FRESH_X = REPO / "benchmarks" / "data" / "heldout_fresh_x.jsonl"  # as W, end of stop 24, report only
TUNE_SHIPPED = REPO / "benchmarks" / "data" / "tune_shipped.jsonl"  # chose the shipped KB's alt questions
SHIPPED_S = REPO / "benchmarks" / "data" / "heldout_shipped_s.jsonl"  # the 230-entry shipped KB, dev style; stop 21
SHIPPED_KB = REPO / "knowledge" / "data"
DENSE_ALTS = REPO / "benchmarks" / "data" / "alt_candidates" / "bench.yaml"
L2 = 1.0
TOP = 3
WEIGHTS = {"dev": 1.0, "heldout_even": 2.0, "fresh_tune": 1.0, "fresh_b_even": 1.0}
DENSE_WEIGHTS = {**WEIGHTS, "fresh_d_even": 1.0}
"""``--embeddings`` fits on set D's even lines too (stop 13: report sets' gain 638.5 -> 646.2, no
more wrong or out-of-scope answers on any); the words-only fit with them answered more
out-of-scope messages on five report sets, so ``Params.calib`` is fitted without them."""
NEAR_MISS_WEIGHT = 0.5
GAINS = {"ok": 1.0, "clarify_ok": 0.5, "wrong": -3.0, "oos_answer": -1.0, "oos_clarify": -0.1}


CACHE = REPO / "benchmarks" / ".cache" / "embeddings.pkl"
EMBED: Callable[[str], Any] | None = None
"""Set by ``--embeddings``: the cached message embedder; indexes then get question vectors."""
EMBED_QUESTION: Callable[[str], Any] | None = None
"""Set with ``EMBED``: the cached question embedder (questions are passages, knowledge/embedding.py)."""


def use_embeddings(model_messages: bool = False) -> Callable[[], None]:
    """Turn on the dense feature for this run; returns the function that saves the vector cache.
    Messages are embedded by the distilled table, as the service does, or by the model itself
    (``model_messages``: what the table is trained on, ``benchmarks.distill``)."""
    import pickle

    from knowledge.embedding import encoder
    from knowledge.text import standard_words

    global EMBED, EMBED_QUESTION
    cache: dict[str, Any] = pickle.loads(CACHE.read_bytes()) if CACHE.exists() else {}
    size = len(cache)
    enc = encoder()

    def cached(prefix: str, compute: Callable[[str], Any]) -> Callable[[str], Any]:
        """A cached embedder: keyed by what the model reads (knowledge/embedding.py), and
        by ``prefix`` because the model embeds a query and a passage differently."""

        def embed(text: str) -> Any:
            key = prefix + standard_words(text)
            vec = cache.get(key)
            if vec is None:
                vec = cache[key] = compute(text)
            return vec

        return embed

    def save() -> None:
        if len(cache) > size:
            CACHE.parent.mkdir(exist_ok=True)
            CACHE.write_bytes(pickle.dumps(cache))

    if model_messages:
        EMBED = cached("", enc)
    else:  # as the service embeds messages (knowledge/distilled.py): nothing to cache
        from knowledge.distilled import distilled

        EMBED = distilled()
    EMBED_QUESTION = cached("passage\n", lambda text: enc.questions([text])[0])
    return save


def use_cross_fitted(shared: Path) -> None:
    """Messages embedded as the shipped table embeds an unseen one: a text it learnt from by the
    fold table that did not (fitting the calibration on the shipped table's vectors of its own
    training messages would learn from vectors closer to the model's than an unseen message gets)."""
    from benchmarks import distill
    from knowledge.distilled import Distilled, distilled
    from knowledge.text import standard_words

    global EMBED
    learnt = {standard_words(t) for t in distill.training_texts(datasets(shared))[0]}
    tables, shipped = [Distilled(distill.fold_path(k)) for k in range(distill.FOLDS)], distilled()

    def embed(text: str) -> Any:
        return tables[distill.fold_of(text)](text) if standard_words(text) in learnt else shipped(text)

    EMBED = embed


def feature_names() -> tuple[str, ...]:
    return (*kindex.CALIB_FEATURES, *kindex.DENSE_FEATURES) if EMBED else kindex.CALIB_FEATURES


def fit_weights() -> dict[str, float]:
    return DENSE_WEIGHTS if EMBED else WEIGHTS


def calib_of(params: Params) -> tuple[float, ...]:
    return params.calib_dense if EMBED else params.calib


def with_calib(params: Params, calib: Sequence[float]) -> Params:
    return replace(params, **{"calib_dense" if EMBED else "calib": tuple(calib)})


def make_index(docs: list[Doc], params: Params = DEFAULT_PARAMS) -> FaqIndex:
    if EMBED is None:
        return FaqIndex.build(docs, params)
    assert EMBED_QUESTION is not None
    vectors = {q: EMBED_QUESTION(q) for d in docs for q in d.passages}
    return FaqIndex.build(docs, params, Dense.for_docs(docs, vectors, EMBED))


@dataclass
class Dataset:
    name: str
    docs: list[Doc]
    queries: list[Query]


def shipped_docs() -> list[Doc]:
    from knowledge.entries import load

    return [Doc(e.data.id, e.data.question, tuple(e.data.alt_questions), tuple(str(t) for t in e.data.tags),
                e.data.answer)
            for e in load([SHIPPED_KB]) if e.data.status == "published"]


def datasets(shared: Path) -> dict[str, Dataset]:
    bench = [to_doc(e) for e in load_entries(shared / "bench" / "faq.yaml")]
    shipped = shipped_docs()
    sets = [Dataset("dev", bench, load_queries(shared / "bench" / "queries_dev.jsonl"))]

    def halves(name: str, path: Path, which: tuple[str, ...] = ("even", "odd")) -> None:
        """A held-out file's even lines (tuning) and odd lines (report), read once."""
        queries = load_queries(path)
        sets.extend(Dataset(f"{name}_{split}", bench, select_lines(queries, split)) for split in which)

    halves("heldout", HELDOUT_BENCH)
    sets += [Dataset("fresh_tune", bench, load_queries(FRESH_TUNE)),
             Dataset("fresh_report", bench, load_queries(FRESH_REPORT))]
    halves("fresh_b", FRESH_B)
    halves("fresh_c", FRESH_C, ("odd",))  # its even lines tuned the intake rules only
    halves("fresh_d", FRESH_D)
    sets.append(Dataset("fresh_e", bench, load_queries(FRESH_E)))
    for name, path in (("fresh_g", FRESH_G), ("fresh_h", FRESH_H), ("fresh_i", FRESH_I), ("fresh_j", FRESH_J),
                       ("fresh_k", FRESH_K), ("fresh_m", FRESH_M), ("fresh_n", FRESH_N),
                       ("fresh_t", FRESH_T), ("fresh_u", FRESH_U), ("fresh_v", FRESH_V)):
        halves(name, path)
    sets += [Dataset("fresh_w", bench, load_queries(FRESH_W)), Dataset("fresh_x", bench, load_queries(FRESH_X))]
    sets += [Dataset("heldout_shipped", shipped, load_queries(HELDOUT_SHIPPED)),
             Dataset("tune_shipped", shipped, load_queries(TUNE_SHIPPED))]
    shipped_s = load_queries(SHIPPED_S)
    sets.extend(Dataset(f"shipped_s_{split}", shipped, select_lines(shipped_s, split)) for split in ("even", "odd"))
    return {ds.name: ds for ds in sets}


def with_dense(sets: dict[str, Dataset], alts_path: Path = DENSE_ALTS) -> dict[str, Dataset]:
    """Each bench-KB set again as ``<name>_dense``: the same messages against faq.yaml with five more
    alt questions per entry (``alt_candidates/bench.yaml``), to see how the engine and its
    calibration behave when a knowledge base is written more richly than the one it was fitted on."""
    import yaml

    extra: dict[str, list[str]] = yaml.safe_load(alts_path.read_text(encoding="utf-8"))
    out = dict(sets)
    for name, ds in sets.items():
        if name in ("heldout_shipped", "tune_shipped"):
            continue
        docs = [replace(d, alt_questions=(*d.alt_questions, *extra.get(d.id, ()))) for d in ds.docs]
        out[f"{name}_dense"] = Dataset(f"{name}_dense", docs, ds.queries)
    return out


def _answerable(q: Query) -> bool:
    """Messages the FAQ sees: not intake-labelled and not taken by an intake handler."""
    return q.get("kind") != "intake" and detect_intent(q["q"]) is None


def evaluate(index: FaqIndex, queries: Sequence[Query], thresholds: Thresholds = DEFAULT_THRESHOLDS) -> dict[str, Any]:
    n = oos = 0
    c = dict.fromkeys(("ok", "wrong", "clarify_ok", "rank1", "oos_answer", "oos_clarify"), 0)
    for q in queries:
        if q.get("kind") == "intake":
            continue
        gold = q.get("id")
        n += bool(gold)
        oos += q.get("kind") == "oos"
        if detect_intent(q["q"]) is not None:
            continue
        cands = index.search(q["q"], 5)
        d = decide(cands, thresholds)
        first = d.candidates[0].id if d.candidates else None
        if gold:
            c["rank1"] += bool(cands) and cands[0].id == gold
            c["ok"] += d.kind == "answer" and first == gold
            c["wrong"] += d.kind == "answer" and first != gold
            c["clarify_ok"] += d.kind == "clarify" and first == gold
        elif q.get("kind") == "oos":
            c["oos_answer"] += d.kind == "answer"
            c["oos_clarify"] += d.kind == "clarify"
    r = lambda k, t: round(c[k] / t, 3) if t else None  # noqa: E731
    return {"n": n, "top1": r("ok", n), "wrong": r("wrong", n), "clarify_ok": r("clarify_ok", n),
            "rank1": r("rank1", n), "oos": oos, "oos_answered": r("oos_answer", oos),
            "oos_clarified": r("oos_clarify", oos), "gain": round(sum(GAINS[k] * c[k] for k in GAINS), 2)}


Sample = tuple[list[float], int, float]


def samples(docs: list[Doc], queries: Sequence[Query], params: Params, weight: float) -> list[Sample]:
    """(features, label, weight) for the top candidates, plus leave-own-entry-out near misses."""
    index = make_index(docs, params)
    names = feature_names()
    out = []
    by_entry: dict[str, list[str]] = {}
    for q in queries:
        if not _answerable(q):
            continue
        gold = q.get("id")
        for cand, f in index.search_debug(q["q"], TOP):
            out.append(([f[k] for k in names], int(cand.id == gold), weight))
        if gold:
            by_entry.setdefault(gold, []).append(q["q"])
    for gold, texts in by_entry.items():
        without = make_index([d for d in docs if d.id != gold], params)
        for t in texts:
            for _, f in without.search_debug(t, TOP):
                out.append(([f[k] for k in names], 0, weight * NEAR_MISS_WEIGHT))
    return out


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (a is small and positive definite)."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(n):
            if r != col and m[col][col]:
                f = m[r][col] / m[col][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit_logistic(data: Sequence[Sample], l2: float = L2, iters: int = 50) -> list[float]:
    """Weights (one per feature) then bias; the bias is not penalised."""
    k = len(data[0][0])
    w = [0.0] * (k + 1)
    for _ in range(iters):
        grad = [0.0] * (k + 1)
        hess = [[0.0] * (k + 1) for _ in range(k + 1)]
        for x, y, sw in data:
            xb = [*x, 1.0]
            z = sum(a * b for a, b in zip(w, xb, strict=True))
            p = 1 / (1 + math.exp(-max(min(z, 30), -30)))
            g, h = sw * (p - y), sw * p * (1 - p)
            for i in range(k + 1):
                grad[i] += g * xb[i]
                for j in range(k + 1):
                    hess[i][j] += h * xb[i] * xb[j]
        for i in range(k):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = _solve(hess, grad)
        w = [a - s for a, s in zip(w, step, strict=True)]
        if max(abs(s) for s in step) < 1e-7:
            break
    return w


def best_threshold(score: Callable[[float], float]) -> float:
    """The answer threshold in 0.30..0.80 that maximises ``score``."""
    grid = [round(0.30 + 0.01 * i, 2) for i in range(51)]
    return max(grid, key=lambda t: (score(t), -abs(t - 0.5)))


def fit(sets: dict[str, Dataset], params: Params = DEFAULT_PARAMS) -> Params:
    data = []
    weights = fit_weights()
    for name, weight in weights.items():
        ds = sets[name]
        data += samples(ds.docs, ds.queries, params, weight)
    w = fit_logistic(data)
    fitted = with_calib(params, [round(float(x), 3) for x in w])
    indexes = {name: make_index(sets[name].docs, fitted) for name in weights}

    def gain(t: float) -> float:
        th = replace(DEFAULT_THRESHOLDS, answer=t)
        return sum(weights[n] * evaluate(indexes[n], sets[n].queries, th)["gain"] for n in weights)

    t = best_threshold(gain)
    shift = math.log(t / (1 - t)) - math.log(DEFAULT_THRESHOLDS.answer / (1 - DEFAULT_THRESHOLDS.answer))
    calib = calib_of(fitted)
    return with_calib(fitted, (*calib[:-1], round(calib[-1] - shift, 3)))


def report(sets: dict[str, Dataset], params: Params) -> str:
    lines = [f"calib {calib_of(params)} over {feature_names()}"]
    for name, ds in sets.items():
        r = evaluate(make_index(ds.docs, params), ds.queries)
        lines.append(f"  {name:<19} " + " ".join(f"{k}={v}" for k, v in r.items()))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--eval-only", action="store_true", help="only report the current calibration")
    ap.add_argument("--rounds", type=int, default=2, help="fit, re-rank with the fit, fit again")
    ap.add_argument("--dense", action="store_true",
                    help="also report every bench set with five more alt questions per entry (never fitted on)")
    ap.add_argument("--features", default=None,
                    help="comma-separated features to fit instead of CALIB_FEATURES (for trying new ones)")
    ap.add_argument("--embeddings", action="store_true",
                    help="the index with sentence embeddings: fit and report Params.calib_dense")
    ap.add_argument("--model-messages", action="store_true",
                    help="with --embeddings: messages embedded by the model, not the distilled table")
    ap.add_argument("--cross-fitted", action="store_true",
                    help="with --embeddings: a message the table learnt from embedded by the fold table that "
                         "left it out (python -m benchmarks.distill --folds), as if unseen")
    args = ap.parse_args(argv)
    save = use_embeddings(args.model_messages) if args.embeddings else (lambda: None)
    if args.embeddings and args.cross_fitted:
        use_cross_fitted(args.shared)
    try:
        return _run(args)
    finally:
        save()


def _run(args: argparse.Namespace) -> int:
    sets = datasets(args.shared)
    if args.dense:
        sets = with_dense(sets)
    if args.features is None:
        print("current " + report(sets, DEFAULT_PARAMS))
        start = DEFAULT_PARAMS
    else:
        old = dict(zip(feature_names(), calib_of(DEFAULT_PARAMS), strict=False))
        kindex.CALIB_FEATURES = tuple(args.features.split(","))
        start = with_calib(DEFAULT_PARAMS, (*(old.get(f, 0.0) for f in feature_names()),
                                            calib_of(DEFAULT_PARAMS)[-1]))
    if not args.eval_only:
        params = start
        for _ in range(args.rounds):  # the candidates sampled depend on the ranking, hence on calib
            params = fit(sets, params)
        print("refit   " + report(sets, params))
    return 0


if __name__ == "__main__":
    sys.exit(main())
