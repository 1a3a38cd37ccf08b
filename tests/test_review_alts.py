"""Reviewing candidate alt questions: a wording that makes the bot answer a message it should not is
dropped, the others are kept (against the shipped knowledge base, as the review runs)."""

from benchmarks.fit_calibration import shipped_docs
from benchmarks.review_alts import harmful, review

DOG = "dog-bite-owner-liability"
TOO_BROAD = "我去赶场路上被一条黄狗咬了腿，打狂犬疫苗花了八百多，狗主人说不是他家狗咬的，我该怎么办？"
FINE = "遭狗咬了哪个赔"
MESSAGES = [
    {"q": "狂犬疫苗镇上卫生院能打不，好多钱一针", "kind": "oos"},  # where to get a jab: not in the KB
    {"q": "狗咬人主人赔不赔", "id": DOG},
]


def test_a_candidate_that_answers_an_out_of_scope_message_is_dropped_and_the_rest_kept() -> None:
    docs = shipped_docs()
    candidates = {DOG: [TOO_BROAD, FINE]}
    assert harmful(docs, {}, MESSAGES) == []
    assert harmful(docs, candidates, MESSAGES) == [(DOG, MESSAGES[0]["q"])]
    kept, dropped = review(docs, candidates, MESSAGES)
    assert kept == {DOG: [FINE]}
    assert len(dropped) == 1 and dropped[0].startswith(f"{DOG}: {TOO_BROAD}")
    assert harmful(docs, kept, MESSAGES) == []


def test_an_answer_the_knowledge_base_gives_without_the_candidates_is_not_blamed_on_them() -> None:
    docs = shipped_docs()
    # labelled with another entry on purpose: the will entry answers it with or without candidates
    message = [{"q": "自己手写的遗嘱要咋个写才有效", "id": DOG}]
    [(entry, _)] = harmful(docs, {}, message)
    kept, dropped = review(docs, {entry: ["立遗嘱要注意啥子"]}, message)
    assert kept == {entry: ["立遗嘱要注意啥子"]} and dropped == []
