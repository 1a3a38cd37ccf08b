"""Distil the sentence-embedding model's message vectors into a table of word vectors.

    pip install torch==2.13.0      # training only; the service never imports torch
    python -m benchmarks.distill [--shared ../shared] [--out knowledge/distilled.npz]
    python -m benchmarks.distill --folds   # five tables for ``fit_calibration --cross-fitted``

Why: embedding a resident's message with multilingual-e5-small costs 30-110 ms on one core (the
model's compute floor), far over the issue's 5 ms per search.  The entries' passages are embedded
once, at import, so only the message is the problem.  A message's vector is here predicted from
its words: the mean of one learnt vector per word, character and character pair of
``standard_words(text)`` (what the model reads), plus a learnt offset, made unit length.  Trained
to match the model's own query vectors (squared error) and the model's ranking of the benchmark
knowledge bases' passages (KL divergence of softmax(cos / 0.02)), on texts the model embedded:
the tuning messages (the even lines of the held-out files, ``heldout_fresh_tune.jsonl``,
``tune_shipped.jsonl``) and the entries' questions read as messages.  Never on the dev file or on
any report set (docs/retrieval.md lists them), so both stay unseen by the table.

Unlike word vectors embedded alone (tried at stop 14: no gain over words only), vectors learnt
from whole messages learn what the model makes of a word among others.

The table keeps the words seen in training (unknown words are skipped; the sparse index still
reads them), int8 per row with a scale, and ``stretch``: a mean of fitted vectors is a shrunk
estimate for a message unlike those it learnt from, so its distance from the mean direction is
stretched by 1.2 (the mean best cosine of unseen messages to a passage then matches the model's;
docs/retrieval.md, stop 25, for the alternatives measured).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from benchmarks import fit_calibration as fc
from benchmarks.faq import REPO
from knowledge.distilled import features

EPOCHS = 30
BATCH = 128
LR = 0.01
KL_WEIGHT = 3.0
TEMPERATURE = 0.02
TOKEN_DROP = 0.1
STRETCH = 1.2
SEED = 0
FOLDS = 5
"""``--folds``: tables that each leave out a fifth of the training texts, so the calibration can be
fitted on vectors of messages the table did not learn (``fit_calibration --cross-fitted``)."""


def fold_of(text: str) -> int:
    """The fold a training text is left out of (by what the model reads, so that two texts read
    alike are in one fold)."""
    from knowledge.text import standard_words

    return int(hashlib.sha256(standard_words(text).encode()).hexdigest(), 16) % FOLDS


def fold_path(k: int) -> Path:
    return REPO / "benchmarks" / ".cache" / f"distilled-fold{k}.npz"


def is_tuning(name: str) -> bool:
    """The sets the calibration and the dictionary are tuned on, dev excepted (kept unseen here)."""
    return name.endswith("_even") or name in ("fresh_tune", "tune_shipped")


def training_texts(sets: dict[str, fc.Dataset]) -> tuple[list[str], list[str]]:
    """(texts to learn from, passages to rank): tuning messages and entry questions, minus any
    text that is also a dev or report message."""
    from knowledge.text import standard_words

    unseen = {standard_words(q["q"]) for name, ds in sets.items() if not is_tuning(name) for q in ds.queries}
    texts: dict[str, None] = {}
    for name, ds in sets.items():
        if is_tuning(name):
            texts.update(dict.fromkeys(q["q"] for q in ds.queries))
    passages: dict[str, None] = {}
    for ds in sets.values():
        for d in ds.docs:
            texts.update(dict.fromkeys((d.question, *d.alt_questions)))
            passages.update(dict.fromkeys(d.passages))
    return [t for t in texts if standard_words(t) not in unseen], list(passages)


def train(tokens: list[list[str]], targets: np.ndarray,
          passages: np.ndarray) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(vocabulary, table, offset) fitted with torch (sparse Adam on the table)."""
    import torch

    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    vocab: dict[str, int] = {}
    for ts in tokens:
        for t in ts:
            vocab.setdefault(t, len(vocab))
    ids = [[vocab[t] for t in ts] for ts in tokens]
    target, keys = torch.tensor(targets), torch.tensor(passages)
    table = torch.nn.EmbeddingBag(len(vocab), targets.shape[1], mode="sum", sparse=True)
    torch.nn.init.zeros_(table.weight)
    offset = torch.nn.Parameter(target.mean(0).clone())
    opt_table, opt_offset = torch.optim.SparseAdam([table.weight], lr=LR), torch.optim.Adam([offset], lr=LR)
    for _ in range(EPOCHS):
        order = rng.permutation(len(ids))
        for i in range(0, len(order), BATCH):
            batch = order[i : i + BATCH]
            flat: list[int] = []
            starts: list[int] = []
            weights: list[float] = []
            for j in batch:
                kept = [x for x in ids[j] if rng.random() > TOKEN_DROP] or ids[j]
                starts.append(len(flat))
                flat += kept
                weights += [1.0 / max(len(kept), 1)] * len(kept)
            pred = table(torch.tensor(flat), torch.tensor(starts), per_sample_weights=torch.tensor(weights)) + offset
            want = target[batch]
            loss = ((pred - want) ** 2).sum(1).mean() * 10
            got = torch.nn.functional.normalize(pred, dim=1) @ keys.T / TEMPERATURE
            ranked = (want @ keys.T / TEMPERATURE).log_softmax(1)
            loss = loss + KL_WEIGHT * torch.nn.functional.kl_div(got.log_softmax(1), ranked, log_target=True,
                                                                 reduction="batchmean")
            opt_table.zero_grad()
            opt_offset.zero_grad()
            loss.backward()
            opt_table.step()
            opt_offset.step()
    words = sorted(vocab, key=vocab.__getitem__)
    return words, table.weight.detach().numpy(), offset.detach().numpy()


def save(path: Path, words: list[str], table: np.ndarray, offset: np.ndarray, targets: np.ndarray) -> None:
    """int8 rows with a scale each: a quarter of single precision, and a mean of ~60 rows hides
    the rounding.  ``mean``: the model's query vectors' mean direction, from which a message's
    predicted vector is stretched by ``stretch``."""
    from knowledge.embedding import MODEL_ID

    scale = np.maximum(np.abs(table).max(1), 1e-12) / 127
    mean = targets.mean(0)
    mean /= np.linalg.norm(mean)
    np.savez_compressed(path, words=np.array("\n".join(words)), table=np.round(table / scale[:, None]).astype(np.int8),
                        scale=scale.astype(np.float32), offset=offset.astype(np.float32),
                        mean=mean.astype(np.float32), stretch=np.float32(STRETCH), teacher=np.array(MODEL_ID))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=REPO / "knowledge" / "distilled.npz")
    ap.add_argument("--folds", action="store_true",
                    help=f"instead, {FOLDS} tables each without one fold of the texts, into benchmarks/.cache/")
    args = ap.parse_args(argv)
    t0 = time.time()
    save_cache = fc.use_embeddings(model_messages=True)
    assert fc.EMBED is not None and fc.EMBED_QUESTION is not None
    try:
        texts, passages = training_texts(fc.datasets(args.shared))
        targets = np.stack([np.asarray(fc.EMBED(t), np.float32) for t in texts])
        keys = np.stack([np.asarray(fc.EMBED_QUESTION(p), np.float32) for p in passages])
    finally:
        save_cache()
    print(f"{len(texts)} texts, {len(passages)} passages embedded in {time.time() - t0:.0f} s", file=sys.stderr)
    tokens = [features(t) for t in texts]
    runs = [(args.out, np.ones(len(texts), bool))]
    if args.folds:
        folds = np.asarray([fold_of(t) for t in texts])
        runs = [(fold_path(k), folds != k) for k in range(FOLDS)]
    for out, kept in runs:
        words, table, offset = train([t for t, k in zip(tokens, kept, strict=True) if k], targets[kept], keys)
        out.parent.mkdir(exist_ok=True)
        save(out, words, table, offset, targets[kept])
        print(f"{len(words)} words -> {out} ({out.stat().st_size / 1e6:.1f} MB) in {time.time() - t0:.0f} s",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
