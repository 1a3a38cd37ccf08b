"""The calibration fit script's pieces: logistic regression by Newton's method and the threshold grid."""

import math
from pathlib import Path

from benchmarks.fit_calibration import best_threshold, fit_logistic


def test_fit_logistic_finds_the_direction_that_separates_the_labels() -> None:
    data = [([x / 10, 0.5], int(x > 5), 1.0) for x in range(11)] * 3
    w = fit_logistic(data, l2=0.1)
    assert len(w) == 3 and w[0] > 1.0
    p = lambda x: 1 / (1 + math.exp(-(w[0] * x + w[1] * 0.5 + w[2])))  # noqa: E731
    assert p(0.0) < 0.2 < 0.8 < p(1.0)


def test_sample_weights_count_like_repeated_samples() -> None:
    once = [([0.0], 0, 2.0), ([1.0], 1, 1.0), ([0.5], 1, 1.0)]
    twice = [([0.0], 0, 1.0), ([0.0], 0, 1.0), ([1.0], 1, 1.0), ([0.5], 1, 1.0)]
    assert all(abs(a - b) < 1e-6 for a, b in zip(fit_logistic(once), fit_logistic(twice), strict=True))


def test_best_threshold_prefers_the_best_score_then_the_one_nearest_one_half() -> None:
    assert best_threshold(lambda t: -abs(t - 0.62)) == 0.62
    assert best_threshold(lambda t: 1.0) == 0.5


def test_dense_sets_add_the_candidate_alt_questions_and_keep_the_messages(tmp_path: Path) -> None:
    from benchmarks.fit_calibration import Dataset, with_dense
    from knowledge.index import Doc

    alts = tmp_path / "alts.yaml"
    alts.write_text("a:\n- 甲的新问法\n- 甲的又一问法\n", encoding="utf-8")
    docs = [Doc("a", "甲", ("甲吗",)), Doc("b", "乙")]
    queries = [{"q": "甲", "id": "a"}]
    sets = with_dense({"dev": Dataset("dev", docs, queries),
                       "heldout_shipped": Dataset("heldout_shipped", docs, queries)}, alts)
    assert set(sets) == {"dev", "dev_dense", "heldout_shipped"}
    dense = {d.id: d.alt_questions for d in sets["dev_dense"].docs}
    assert dense == {"a": ("甲吗", "甲的新问法", "甲的又一问法"), "b": ()}
    assert sets["dev_dense"].queries is queries and sets["dev"].docs is docs


def test_cross_fitting_folds_split_texts_by_what_the_model_reads() -> None:
    from benchmarks.distill import FOLDS, fold_of
    from knowledge.text import standard_words

    texts = [f"第{i}个问题：老板拖欠工资{i}天怎么办" for i in range(200)]
    folds = [fold_of(t) for t in texts]
    assert set(folds) == set(range(FOLDS)) and folds == [fold_of(t) for t in texts]
    assert all(folds.count(k) > 200 / FOLDS / 2 for k in range(FOLDS))  # roughly even
    # read alike (工钱 -> 工资, 啷个 -> 怎么, end punctuation dropped): one fold, so no fold table learns a
    # twin of a text it scores
    twins = ["工钱不给啷个办", "工资不给怎么办！", "工钱不给咋个办?"]
    assert len({standard_words(t) for t in twins}) == 1 and len({fold_of(t) for t in twins}) == 1
    assert len({fold_of(f"{t}{i}") for i in range(20) for t in twins}) == FOLDS
