"""Knowledge-base import and export: validation with file/line/reason, all or nothing, formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import func, select

from bot.extensions import db
from knowledge.changes import all_entries, import_files
from knowledge.entries import EntryFileError, load
from knowledge.models import FaqEntry
from tests.support.kb import BENCH_FAQ, entry, import_yaml, write_yaml

BROKEN_YAML = """\
- id: good-one
  question: 问题一
  answer: 答案一
- id: Bad_Slug
  question: 问题二
  answer: 答案二
- id: no-answer
  question: 问题三
- id: empty-answer
  question: 问题四
  answer: ''
- id: bad-status
  question: 问题五
  answer: 答案五
  status: live
- id: bad-date
  question: 问题六
  answer: 答案六
  valid_from: 2024-13-01
- id: orphan-article
  question: 问题七
  answer: 答案七
  article: 第三条
- id: bad-citation
  question: 问题八
  answer: 答案八
  law: 《中华人民共和国民法典》
  article: 第几条吧
- id: good-one
  question: 问题九
  answer: 答案九
- id: typo
  question: 问题十
  answer: 答案十
  tag: [婚姻]
"""


def count() -> int:
    return int(db.session.scalar(select(func.count()).select_from(FaqEntry)) or 0)


def problems_of(paths: list[Path]) -> list[tuple[str, int, str]]:
    with pytest.raises(EntryFileError) as info:
        load(paths)
    return [(Path(p.source).name, p.line, p.en) for p in info.value.problems]


def test_yaml_problems_name_line_and_reason(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_YAML, encoding="utf-8")
    found = problems_of([path])
    expected = [
        (4, "bad id 'Bad_Slug'"),
        (7, "missing field answer"),
        (11, "empty answer"),
        (15, "unknown status live"),
        (19, "bad date '2024-13-01'"),
        (23, "article given without law"),
        (28, "citation does not parse: 第几条吧"),
        (35, "unknown field tag"),
        (29, "duplicate id good-one, first at"),
    ]
    for line, reason in expected:
        assert any(n == "broken.yaml" and ln == line and en.startswith(reason) for n, ln, en in found), (line, found)
    assert len(found) == len(expected)
    with pytest.raises(EntryFileError):
        import_files([path], author="t")
    assert count() == 0


def test_yaml_syntax_error_gives_its_line(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "syntax.yaml"
    path.write_text("- id: a\n  question: q\n  answer: a\n- id: b\n  question: [unclosed\n", encoding="utf-8")
    [(name, line, reason)] = problems_of([path])
    assert name == "syntax.yaml" and line >= 5 and reason.startswith("YAML error")


def test_csv_problems_use_row_lines_even_after_multiline_cells(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text(
        "id,question,answer,law,article,tags\n"
        'ok-row,问题,"第一段\n第二段",,,\n'  # lines 2-3
        "second-row,问题二,,,,\n"  # line 4: empty answer
        "third-row,问题三,答案,,第五条,\n"  # line 5: article without law
        "ok-row,问题四,答案,,,\n",  # line 6: duplicate id
        encoding="utf-8",
    )
    found = problems_of([path])
    assert ("kb.csv", 4, "empty answer") in found
    assert ("kb.csv", 5, "article given without law") in found
    dup = [en for _, ln, en in found if ln == 6]
    assert len(dup) == 1 and dup[0].startswith("duplicate id ok-row, first at") and dup[0].endswith("kb.csv:2")
    assert len(found) == 3


def test_csv_header_must_have_required_columns(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "kb.csv"
    path.write_text("id,question,anwser\nx,问题,答案\n", encoding="utf-8")
    found = problems_of([path])
    assert ("kb.csv", 1, "header lacks column answer") in found
    assert ("kb.csv", 1, "unknown column anwser") in found


@pytest.mark.parametrize("bom", [True, False])
def test_csv_from_excel_with_or_without_bom(app: Flask, tmp_path: Path, bom: bool) -> None:
    text = (
        "id,question,alt_questions,answer,law,article,tags,status,valid_from,valid_to\r\n"
        "wage-arrears,工资被拖欠怎么办？,老板不给工钱咋办|欠薪去哪里投诉,先保留证据……,《保障农民工工资支付条例》,"
        "第三条,工资|欠薪,published,2024/1/1,\r\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    result = import_files([path], author="excel")
    assert result.created == ["wage-arrears"]
    row = db.session.get(FaqEntry, "wage-arrears")
    assert row is not None
    assert row.alt_questions == ["老板不给工钱咋办", "欠薪去哪里投诉"] and row.tags == ["工资", "欠薪"]
    assert row.valid_from is not None and row.valid_from.isoformat() == "2024-01-01" and row.valid_to is None


def test_csv_that_is_not_utf8_is_rejected_with_line(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "gbk.csv"
    path.write_bytes("id,question,answer\nok,问,答\nbad,".encode() + "工资".encode("gbk") + b",x\n")
    assert problems_of([path]) == [("gbk.csv", 3, "file is not UTF-8")]


def test_one_broken_file_stops_the_whole_import(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("kept", "原来的问题", "原来的答案")], name="first.yaml")
    good = tmp_path / "good.yaml"
    good.write_text("- id: kept\n  question: 新问题\n  answer: 新答案\n- id: new-one\n  question: q\n  answer: a\n",
                    encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: other\n  question: q\n", encoding="utf-8")
    with pytest.raises(EntryFileError) as info:
        import_files([good, bad], author="t", replace=True)
    assert [(Path(p.source).name, p.line) for p in info.value.problems] == [("bad.yaml", 1)]
    db.session.expire_all()
    assert [(e.id, e.answer) for e in all_entries()] == [("kept", "原来的答案")]


def test_upsert_by_id_versus_replace(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("a", "问题甲"), entry("b", "问题乙")], name="v1.yaml")
    result = import_yaml(tmp_path, [entry("b", "问题乙", "新的乙答案"), entry("c", "问题丙")], name="v2.yaml")
    assert (result.created, result.updated, result.deleted) == (["c"], ["b"], [])
    assert sorted(e.id for e in all_entries()) == ["a", "b", "c"]
    result = import_yaml(tmp_path, [entry("c", "问题丙")], name="v3.yaml", replace=True)
    assert (result.created, result.updated, result.unchanged, sorted(result.deleted)) == ([], [], ["c"], ["a", "b"])
    assert [e.id for e in all_entries()] == ["c"]


def test_bench_file_imports_and_round_trips_through_yaml_and_csv(app: Flask, tmp_path: Path) -> None:
    if not BENCH_FAQ.is_file():
        pytest.skip("../shared/bench absent")
    result = import_files([BENCH_FAQ], author="t")
    assert len(result.created) == 90
    before = all_entries()
    runner = app.test_cli_runner()
    for name in ("out.yaml", "out.csv"):
        res = runner.invoke(args=["kb", "export", str(tmp_path / name)])
        assert res.exit_code == 0, res.output
        assert [e.data for e in load([tmp_path / name])] == before
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_cli_import_failure_exits_non_zero_with_both_languages(app: Flask, tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text(BROKEN_YAML, encoding="utf-8")
    res = app.test_cli_runner().invoke(args=["kb", "import", str(path)])
    assert res.exit_code != 0
    assert "导入失败" in res.output and "import failed" in res.output
    assert f"{path}:4: id 格式不对" in res.output and "bad id" in res.output
    assert count() == 0


def test_cli_import_directory_then_replace(app: Flask, tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    write_yaml(folder / "a.yaml", [entry("a", "问题甲")])
    (folder / "b.csv").write_text("id,question,answer\nb,问题乙,答案乙\n", encoding="utf-8")
    runner = app.test_cli_runner()
    res = runner.invoke(args=["kb", "import", str(folder)])
    assert res.exit_code == 0 and "created 2" in res.output, res.output
    res = runner.invoke(args=["kb", "import", str(folder / "b.csv"), "--replace"])
    assert res.exit_code == 0 and "deleted 1" in res.output, res.output
    assert [e.id for e in all_entries()] == ["b"]
