"""The statistics pages: who may see them, what they show, and where their numbers link to."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.cases.models import Case
from bot.console.headers import CSP
from tests.test_console_fixtures import logged_in
from tests.test_stats_fixtures import dataset, people, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("dataset")


def _numbers(html: str) -> set[str]:
    return set(re.findall(r"HB-\d{8}-\d{4}", html))


def _links(html: str, text: str) -> list[str]:
    """hrefs of the links whose text contains ``text``."""
    found = []
    for href, inner in re.findall(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S):
        if text in re.sub(r"<[^>]+>", "", inner):
            found.append(unescape(href))
    return found


@pytest.mark.parametrize("path", ["/console/stats/", "/console/stats/cases", "/console/stats/annual",
                                  "/console/stats/export/figures.csv", "/console/stats/export/cases.xlsx"])
def test_staff_get_403_and_strangers_the_login_page(app: Flask, path: str) -> None:
    assert logged_in(app, "sfs_li").get(path).status_code == 403
    assert app.test_client().get(path).status_code == 302


def test_nav_shows_statistics_to_leads_and_admins_only(app: Flask) -> None:
    staff_page = logged_in(app, "sfs_li").get("/console/").get_data(as_text=True)
    assert "统计" not in re.sub(r"<main.*", "", staff_page, flags=re.S)
    for name in ("sfs_lead", "admin"):
        html = logged_in(app, name).get("/console/").get_data(as_text=True)
        assert 'href="/console/stats/"' in html


def test_page_shows_figures_charts_and_console_headers(app: Flask) -> None:
    res = logged_in(app, "admin").get("/console/stats/?start=2026-01-01&end=2026-12-31")
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and res.headers["Content-Security-Policy"] == CSP
    assert "<svg" in html and "<script" not in html.split("<main", 1)[1].split("</main>")[0]
    assert " style=" not in html  # CSP: no inline styles
    for text in ("60.0", "9.0", "50.0", "3.67", "6<small>人次"):
        assert text in html, text
    assert "stats.css" in html


def test_total_and_rate_links_open_the_cases_behind_them(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    client = logged_in(app, "admin")
    html = client.get("/console/stats/?start=2026-01-01&end=2026-12-31").get_data(as_text=True)
    late = [h for h in _links(html, "超期") if "accepted-late" in h]
    assert len(late) == 1
    listed = client.get(late[0]).get_data(as_text=True)
    assert _numbers(listed) == {dataset["B"].number, dataset["D"].number}
    clue_bar = [h for h in re.findall(r'<a href="([^"]+)"><title>问题线索', html)]
    assert len(clue_bar) == 1 and parse_qs(urlsplit(unescape(clue_bar[0])).query)["type"] == ["clue"]
    clues = client.get(unescape(clue_bar[0])).get_data(as_text=True)
    assert _numbers(clues) == {dataset[k].number for k in "DEG"}


def test_case_list_masks_phones_and_respects_office(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    html = logged_in(app, "sfs_lead").get("/console/stats/cases?start=2026-01-01&end=2026-12-31").get_data(
        as_text=True)
    assert _numbers(html) == {dataset["A"].number, dataset["C"].number}
    assert "138****8000" in html and "13800138000" not in html


def test_annual_report_numbers_link_to_their_cases(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    client = logged_in(app, "admin")
    html = client.get("/console/stats/annual?year=2026").get_data(as_text=True)
    expected = {"提供法律咨询": {"C"}, "排查矛盾纠纷": {"A", "B"}, "其中调解成功": {"A"},
                "矛盾纠纷已办结": {"A", "B"}, "群众反映隐患和问题线索": {"D", "E", "G"}, "其中已整改办结": {"G"}}
    for label, keys in expected.items():
        block = html.split(f"<dt>{label}</dt>", 1)[1].split("</dd>", 1)[0]
        href = unescape(re.search(r'href="([^"]+)"', block).group(1))  # type: ignore[union-attr]
        number = re.search(r'class="report-number"[^>]*>(\d+)<', block).group(1)  # type: ignore[union-attr]
        listed = _numbers(client.get(href).get_data(as_text=True))
        assert listed == {dataset[k].number for k in keys}, label
        assert int(number) == len(keys), label
    assert "50.0" in html.split("<dt>调解成功率</dt>", 1)[1].split("</dd>", 1)[0]
    answered = html.split("<dt>智能问答解答群众提问</dt>", 1)[1].split("</dd>", 1)[0]
    assert ">6<" in answered and "href" not in answered
    last_year = client.get("/console/stats/annual?year=2025").get_data(as_text=True)
    assert "2025 年度" in last_year


def test_annual_report_for_a_lead_counts_their_offices(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    lead_html = logged_in(app, "sfs_lead").get("/console/stats/annual?year=2026").get_data(as_text=True)
    block = lead_html.split("<dt>排查矛盾纠纷</dt>", 1)[1].split("</dd>", 1)[0]
    assert re.search(r'class="report-number"[^>]*>1<', block)


def test_bad_filters_are_explained_not_errors(app: Flask) -> None:
    client: FlaskClient = logged_in(app, "sfs_lead")
    res = client.get("/console/stats/?start=yesterday&office=99999&type=nonsense")
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and "日期格式应为" in html and "不在您的统计范围内" in html
    assert client.get("/console/stats/cases?page=abc&subset=nope").status_code == 200
    assert client.get("/console/stats/export/figures.pdf").status_code == 404
