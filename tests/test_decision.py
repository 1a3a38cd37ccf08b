"""answer / clarify / unsure from calibrated candidates, and end to end with a small index."""

from pathlib import Path

import pytest

from knowledge.decision import DEFAULT, Thresholds, decide
from knowledge.index import Candidate, Doc, FaqIndex


def c(id_: str, score: float) -> Candidate:
    return Candidate(id_, score, f"question {id_}")


def test_confident_and_clear_answers() -> None:
    d = decide([c("a", 0.95), c("b", 0.2)])
    assert d.kind == "answer" and [x.id for x in d.candidates] == ["a"]


def test_close_call_clarifies_with_numbered_options() -> None:
    d = decide([c("b", 0.80), c("a", 0.82), c("z", 0.01)])
    assert d.kind == "clarify"
    assert [x.id for x in d.candidates] == ["a", "b"]


def test_clarify_offers_at_most_three() -> None:
    d = decide([c(str(i), 0.7 - i * 0.01) for i in range(6)])
    assert d.kind == "clarify" and len(d.candidates) == 3


def test_low_scores_are_unsure_and_keep_candidates_for_the_log() -> None:
    d = decide([c("a", 0.05), c("b", 0.04), c("c", 0.03), c("d", 0.02)])
    assert d.kind == "unsure" and len(d.candidates) == DEFAULT.unsure_keep
    assert decide([]).kind == "unsure"


def test_an_answer_keeps_a_runner_up_worth_offering() -> None:
    """The next entry rides along with an answer when it scores ``runner_up`` or more (it is
    offered by number); a weak one, a clarification or an unsure decision carries none."""
    d = decide([c("a", 0.9), c("b", 0.15), c("z", 0.12)])
    assert d.kind == "answer" and d.runner_up is not None and d.runner_up.id == "b"
    assert decide([c("a", 0.9), c("b", 0.05)]).runner_up is None
    assert decide([c("a", 0.9)]).runner_up is None
    assert decide([c("a", 0.82), c("b", 0.80)]).runner_up is None  # a close call is a clarification
    assert decide([c("a", 0.9), c("b", 0.15)], Thresholds(runner_up=0.2)).runner_up is None


def test_thresholds_are_configurable() -> None:
    strict = Thresholds(answer=0.99, clarify=0.98)
    assert decide([c("a", 0.95)], strict).kind == "unsure"


DOCS = [
    Doc("mediation-fee", "人民调解要收费吗？", ("请调解员来调解需要出多少钱？",), ("人民调解", "调解收费")),
    Doc("mediation-apply", "怎么申请人民调解？", ("和邻居闹矛盾了，去哪里找人调解？",), ("人民调解", "申请调解")),
    Doc("gift", "没结成婚，彩礼能不能要回来？", ("退婚了女方要不要退彩礼？",), ("婚姻家庭", "彩礼")),
    Doc("dui", "酒驾和醉驾怎么区分，分别怎么处罚？", ("喝了酒开车算酒驾还是醉驾？",), ("交通", "酒驾", "醉驾")),
]


def test_end_to_end_answer_clarify_unsure() -> None:
    index = FaqIndex.build(DOCS)
    assert decide(index.search("订婚给了聘金 后来婚没结成 彩礼钱退不退")).kind == "answer"
    ambiguous = decide(index.search("调解"))
    assert ambiguous.kind == "clarify"
    assert {x.id for x in ambiguous.candidates} == {"mediation-fee", "mediation-apply"}
    for oos in ("你好在吗", "明天天气咋样", "社保卡掉了咋补办", "物业费能不能不交"):
        assert decide(index.search(oos)).kind != "answer", oos


SHARED_BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


@pytest.mark.skipif(not (SHARED_BENCH / "faq.yaml").exists(), reason="needs ../shared/bench")
def test_dev_benchmark_stays_near_its_measured_figures() -> None:
    from benchmarks.faq import load_entries, load_queries, run

    result = run(load_entries(SHARED_BENCH / "faq.yaml"), load_queries(SHARED_BENCH / "queries_dev.jsonl"))
    ours, base = result["splits"]["all"]["ours"], result["splits"]["all"]["baseline"]
    assert ours["top1"] >= 0.9 > base["top1"]
    assert ours["top3"] >= 0.97
    assert ours["wrong_answer"] <= 0.05
    assert ours["oos_answered"] <= 0.07
    assert ours["intake_recognised"] >= 0.9
    assert ours["non_intake_flagged"] <= 0.02
