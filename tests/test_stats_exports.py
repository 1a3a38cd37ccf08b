"""Downloads: CSV (UTF-8 with BOM, for Excel) and XLSX of the figures and of the case list,
read back with the csv module and openpyxl; phones masked; every download audited."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from openpyxl import load_workbook

from bot.cases.models import Case
from tests.test_console_fixtures import audits, logged_in
from tests.test_stats_fixtures import dataset, people, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("dataset")
RANGE = "start=2026-01-01&end=2026-12-31"


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_figures_csv_reads_back(app: Flask) -> None:
    res = logged_in(app, "admin").get(f"/console/stats/export/figures.csv?{RANGE}")
    assert res.status_code == 200 and res.mimetype == "text/csv"
    assert 'filename="fazhi-figures-2026-01-01-2026-12-31.csv"' in res.headers["Content-Disposition"]
    rows = _csv(res.data)
    assert rows[0] == ["分组", "项目", "数值"]
    table = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert table[("总数", "收到事项（件）")] == "6"
    assert table[("受理", "按时受理率（%）")] == "60.0"
    assert table[("办结", "办理时长中位数（天）")] == "9.0"
    assert table[("调解", "调解成功（件）")] == "1" and table[("调解", "调解成功率（%）")] == "50.0"
    assert table[("群众评价", "平均分")] == "3.67" and table[("群众评价分布", "5 分")] == "1"
    assert table[("智能问答", "已解答（人次）")] == "6" and table[("智能问答", "未能解答（人次）")] == "2"
    assert table[("问答热点标签（前十）", "劳动")] == "4"
    assert table[("按月份", "6月")] == "1"
    assert [a.details["format"] for a in audits("stats.export", "stats:figures")] == ["csv"]


def test_figures_xlsx_reads_back(app: Flask) -> None:
    res = logged_in(app, "admin").get(f"/console/stats/export/figures.xlsx?{RANGE}&type=mediation")
    assert res.status_code == 200 and res.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(res.data))["统计"]
    table = {(r[0], r[1]): r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert table[("总数", "收到事项（件）")] == 2 and table[("调解", "调解成功率（%）")] == 50.0


def test_case_list_csv_and_xlsx_mask_phones_and_follow_the_subset(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    client = logged_in(app, "admin")
    rows = _csv(client.get(f"/console/stats/export/cases.csv?{RANGE}&subset=closed-late").data)
    header, body = rows[0], rows[1:]
    assert header[0] == "编号" and "联系电话" in header
    assert {r[0] for r in body} == {dataset["B"].number, dataset["D"].number}
    by_number = {r[0]: dict(zip(header, r, strict=True)) for r in body}
    assert by_number[dataset["B"].number]["联系电话"] == "139****1111"
    assert by_number[dataset["B"].number]["按时办结"] == "否" and by_number[dataset["D"].number]["办结时间"] == ""
    book = load_workbook(io.BytesIO(client.get(f"/console/stats/export/cases.xlsx?{RANGE}").data))
    values = list(book["事项"].iter_rows(values_only=True))
    assert len(values) == 7 and "13800138000" not in str(values) and "138****8000" in str(values)
    a_row = dict(zip(values[0], next(v for v in values if v[0] == dataset["A"].number), strict=True))
    assert a_row["办理天数"] == 16 and a_row["按时受理"] == "是" and a_row["评价"] == 5
    entries = audits("stats.export", "stats:cases")
    assert [(e.details["format"], e.details["count"]) for e in entries] == [("csv", 2), ("xlsx", 6)]


def test_lead_export_has_only_their_cases(app: Flask, dataset: dict[str, Case]) -> None:  # noqa: F811
    rows = _csv(logged_in(app, "sfs_lead").get(f"/console/stats/export/cases.csv?{RANGE}").data)
    assert {r[0] for r in rows[1:]} == {dataset["A"].number, dataset["C"].number}


def test_formula_like_text_is_defused() -> None:
    from bot.console_stats.exports import _safe

    assert _safe("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")" and _safe("-5") == "'-5" and _safe(-5) == -5
