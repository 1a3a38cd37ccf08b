"""The calibration fit script's pieces: logistic regression by Newton's method and the threshold grid."""

import math

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
