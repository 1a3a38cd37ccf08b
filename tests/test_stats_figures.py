"""The figures on the known dataset of ``test_stats_fixtures``, computed in SQL (SQLite and
PostgreSQL), and the case lists behind them agreeing with them."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask

from bot.cases.models import Case
from bot.console_stats.caselist import Selection
from bot.console_stats.figures import Figures, compute
from bot.console_stats.scope import StatsFilter, parse
from bot.console_stats.sql import median
from tests.test_console_fixtures import office, user
from tests.test_stats_fixtures import NOW, dataset, people, seeded  # noqa: F401

YEAR = StatsFilter(date(2026, 1, 1), date(2026, 12, 31))


def _bars(bars: list) -> dict[str, int]:  # type: ignore[type-arg]
    return {b.label: b.value for b in bars}


@pytest.fixture
def admin_figures(dataset: dict[str, Case]) -> Figures:  # noqa: F811
    return compute(YEAR, user("admin"), NOW)


def test_counts_by_type_office_village_month(admin_figures: Figures) -> None:
    fig = admin_figures
    assert fig.total == 6
    assert _bars(fig.by_type) == {"法律咨询": 1, "投诉/举报": 0, "矛盾纠纷调解申请": 2, "问题线索": 3, "意见建议": 0}
    assert _bars(fig.by_office) == {"黄柏乡综治办（平安办）": 3, "黄柏乡司法所": 2, "黄柏村人民调解委员会": 1}
    assert _bars(fig.by_village) == {"青龙村": 3, "黄柏村": 2, "石桥村": 1}
    assert [b.value for b in fig.by_month] == [1, 1, 1, 1, 1, 1]  # up to June: "now" is 06-30
    assert fig.by_month[0].label == "1月"
    assert _bars(fig.by_category) == {"环境": 3, "劳动": 1, "邻里": 1}


def test_on_time_median_mediation_and_satisfaction(admin_figures: Figures) -> None:
    fig = admin_figures
    assert (fig.accepted.part, fig.accepted.whole, fig.accepted.percent) == (3, 5, 60.0)
    assert (fig.closed.part, fig.closed.whole) == (3, 5)
    assert fig.closed_count == 4
    assert fig.median_days == 9.0
    assert (fig.mediation.part, fig.mediation.whole, fig.mediation.percent) == (1, 2, 50.0)
    assert fig.rating_average == round(11 / 3, 2)
    assert [b.value for b in fig.ratings] == [0, 1, 0, 1, 1]


def test_faq_answered_unanswered_and_top_tags(admin_figures: Figures) -> None:
    fig = admin_figures
    assert (fig.faq_answered, fig.faq_unanswered) == (6, 2)
    assert fig.faq_rate.percent == 75.0
    assert _bars(fig.faq_tags) == {"劳动": 4, "工资": 4, "婚姻": 2}


def test_a_question_whose_resident_opened_an_offered_entry_is_not_unanswered(dataset: dict[str, Case]) -> None:  # noqa: F811
    from bot.extensions import db
    from knowledge.models import UnansweredQuestion

    row = next(r for r in db.session.query(UnansweredQuestion) if r.asked_at.year == 2026)
    row.chosen = "wage"  # answered by the entry they picked, which counted as answered
    db.session.commit()
    assert compute(YEAR, user("admin"), NOW).faq_unanswered == 1


def test_lead_counts_only_their_offices(dataset: dict[str, Case]) -> None:  # noqa: F811
    fig = compute(YEAR, user("sfs_lead"), NOW)
    assert fig.total == 2 and _bars(fig.by_type)["矛盾纠纷调解申请"] == 1
    assert (fig.mediation.part, fig.mediation.whole) == (1, 1)
    assert fig.median_days == round((16 + 0.25) / 2, 1)


def test_filters_narrow_every_figure(dataset: dict[str, Case]) -> None:  # noqa: F811
    admin = user("admin")
    clue = compute(StatsFilter(YEAR.start, YEAR.end, case_type="clue"), admin, NOW)
    assert clue.total == 3 and (clue.closed.part, clue.closed.whole) == (1, 2) and clue.mediation.whole == 0
    village = compute(StatsFilter(YEAR.start, YEAR.end, village_id=dataset["B"].village_id), admin, NOW)
    assert village.total == 2  # A and B are both 黄柏村
    spring = compute(StatsFilter(date(2026, 1, 1), date(2026, 3, 31), office_id=office("sfs").id), admin, NOW)
    assert spring.total == 2 and [b.value for b in spring.by_month] == [1, 0, 1]
    last_year = compute(StatsFilter(date(2025, 1, 1), date(2025, 12, 31)), admin, NOW)
    assert last_year.total == 1 and last_year.faq_unanswered == 1 and last_year.faq_answered == 0


@pytest.mark.parametrize("subset,expected", [
    ("accepted-on-time", {"A", "C", "G"}), ("accepted-late", {"B", "D"}),
    ("closed-on-time", {"A", "C", "G"}), ("closed-late", {"B", "D"}), ("closed", {"A", "B", "C", "G"}),
    ("mediated", {"A"}), ("mediation-failed", {"B"}), ("rated", {"A", "B", "C"}), ("rating-2", {"B"}),
    (None, {"A", "B", "C", "D", "E", "G"}),
])
def test_case_lists_match_the_figures(dataset: dict[str, Case], subset: str | None,  # noqa: F811
                                      expected: set[str]) -> None:
    names = {c.number: k for k, c in dataset.items()}
    found = Selection(YEAR, subset).cases(user("admin"), NOW)
    assert {names[c.number] for c in found} == expected
    assert Selection(YEAR, subset).count(user("admin"), NOW) == len(expected)


def test_median_of_even_odd_and_no_rows(app: Flask) -> None:
    from sqlalchemy import literal, select, union_all

    def values(*numbers: float) -> object:
        return union_all(*(select(literal(n).label("v")) for n in numbers)).subquery().select()

    assert median(values(3.0, 1.0, 2.0)) == 2.0  # type: ignore[arg-type]
    assert median(values(4.0, 1.0, 3.0, 2.0)) == 2.5  # type: ignore[arg-type]
    assert median(select(literal(1.0).label("v")).where(literal(1) == 0)) is None


def test_bad_filter_values_are_dropped_with_a_note(dataset: dict[str, Case]) -> None:  # noqa: F811
    lead = user("sfs_lead")
    flt, problems = parse({"start": "2026-13-01", "office": str(office("pcs").id), "type": "x", "village": "99999"},
                          lead, date(2026, 6, 30))
    assert flt == StatsFilter(date(2026, 1, 1), date(2026, 12, 31))
    assert len(problems) == 4
    swapped, problems = parse({"start": "2026-03-01", "end": "2026-02-01"}, lead, date(2026, 6, 30))
    assert (swapped.start, swapped.end) == (date(2026, 2, 1), date(2026, 3, 1)) and problems
