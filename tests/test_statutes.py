"""Statute file parsing against the real corpus in ../shared/laws and broken samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.statutes import (
    CIVIL_CODE,
    ParsedLaw,
    StatuteFormatError,
    canonical_law_name,
    parse_corpus,
    parse_law_file,
    resolve_law_name,
)

LAWS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "laws"
needs_corpus = pytest.mark.skipif(not LAWS_DIR.is_dir(), reason="../shared/laws absent")

# Article counts measured from the corpus files (and matching the official texts).
EXPECTED_COUNTS = {
    "中华人民共和国宪法": 143,
    "中华人民共和国民法典": 1260,
    "中华人民共和国国家安全法": 84,
    "中华人民共和国人民调解法": 35,
    "中华人民共和国法律援助法": 71,
    "中华人民共和国反电信网络诈骗法": 50,
    "中华人民共和国禁毒法": 71,
    "中华人民共和国道路交通安全法": 124,
    "中华人民共和国劳动合同法": 98,
    "中华人民共和国劳动争议调解仲裁法": 54,
    "中华人民共和国农村土地承包法": 70,
    "中华人民共和国反家庭暴力法": 38,
    "中华人民共和国老年人权益保障法": 85,
    "中华人民共和国突发事件应对法": 106,
    "中华人民共和国政府信息公开条例": 56,
    "信访工作条例": 50,
    "保障农民工工资支付条例": 64,
    "工伤保险条例": 67,
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, ParsedLaw]:
    if not LAWS_DIR.is_dir():
        pytest.skip("../shared/laws absent")
    return {law.name: law for law in parse_corpus(LAWS_DIR)}


@needs_corpus
def test_corpus_article_counts(corpus: dict[str, ParsedLaw]) -> None:
    assert {name: len(law.articles) for name, law in corpus.items()} == EXPECTED_COUNTS


@needs_corpus
def test_articles_are_numbered_from_one_without_gaps(corpus: dict[str, ParsedLaw]) -> None:
    for law in corpus.values():
        assert [a.number for a in law.articles] == list(range(1, len(law.articles) + 1))


@needs_corpus
def test_civil_code_books_merge_into_one_law(corpus: dict[str, ParsedLaw]) -> None:
    code = corpus[CIVIL_CODE]
    assert code.category == "民法典"
    assert len(code.sources) == 8
    article = code.articles[1079 - 1]
    assert article.label == "第一千零七十九条"
    assert article.text.startswith("夫妻一方要求离婚的")
    assert "（四）因感情不和分居满二年；" in article.text.split("\n")
    assert article.text.endswith("一方再次提起离婚诉讼的，应当准予离婚。")
    assert (article.book, article.chapter, article.section) == ("婚姻家庭编", "第四章 离婚", None)
    assert code.articles[0].book == "总则"
    assert code.articles[-1].book == "附则"
    assert code.articles[-1].chapter is None  # 附则 has an empty '##' heading


@needs_corpus
def test_civil_code_parts_chapters_and_sections(corpus: dict[str, ParsedLaw]) -> None:
    code = corpus[CIVIL_CODE]
    sale = code.articles[601 - 1]
    assert (sale.book, sale.part, sale.chapter) == ("合同编", "第二分编 典型合同", "第九章 买卖合同")
    registration = code.articles[210 - 1]
    assert registration.section == "第一节 不动产登记"
    guardian = code.articles[27 - 1]
    assert guardian.section == "第二节 监护"  # '监  护' in the source


@needs_corpus
def test_constitution_preamble_and_sections(corpus: dict[str, ParsedLaw]) -> None:
    constitution = corpus["中华人民共和国宪法"]
    assert constitution.preamble[0].startswith("中国是世界上历史最悠久的国家之一")
    assert not any("FORCE BREAK" in line for line in constitution.preamble)
    assert len(constitution.notes) == 7
    art33 = constitution.articles[33 - 1]
    assert art33.chapter == "第二章 公民的基本权利和义务"
    assert art33.text.startswith("凡具有中华人民共和国国籍的人都是中华人民共和国公民。")
    assert constitution.articles[62 - 1].section == "第一节 全国人民代表大会"


@needs_corpus
def test_law_names_and_headings_are_normalised(corpus: dict[str, ParsedLaw]) -> None:
    wages = corpus["保障农民工工资支付条例"]
    assert wages.category == "行政法规"
    assert wages.articles[0].chapter == "第一章 总则"  # full-width space in the source
    traffic = corpus["中华人民共和国道路交通安全法"]
    assert traffic.articles[0].chapter == "第一章 总则"  # '总 则' in the source
    mediation = corpus["中华人民共和国人民调解法"]
    assert mediation.articles[4 - 1].text == "人民调解委员会调解民间纠纷，不收取任何费用。"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("民法典", CIVIL_CODE),
        ("《中华人民共和国民法典》", CIVIL_CODE),
        ("宪法", "中华人民共和国宪法"),
        ("人民调解法", "中华人民共和国人民调解法"),
        ("信访条例", "信访工作条例"),
        ("信访工作条例", "信访工作条例"),
        ("反诈法", "中华人民共和国反电信网络诈骗法"),
        ("道交法", "中华人民共和国道路交通安全法"),
        ("劳动合同法", "中华人民共和国劳动合同法"),
        ("劳动法", "中华人民共和国劳动法"),  # a different law, not 劳动合同法
        ("婚姻法", "中华人民共和国婚姻法"),  # repealed, not silently 民法典
        ("政府信息公开条例", "中华人民共和国政府信息公开条例"),
        ("中华人民共和国公司法", "中华人民共和国公司法"),
        ("看法", None),
        ("公司", None),
        ("", None),
    ],
)
def test_resolve_law_name(text: str, expected: str | None) -> None:
    assert resolve_law_name(text) == expected


def test_canonical_law_name() -> None:
    assert canonical_law_name("宪法") == "中华人民共和国宪法"
    assert canonical_law_name("工伤保险条例") == "工伤保险条例"
    assert canonical_law_name("村规民约") == "村规民约"
    assert canonical_law_name("《社会救助暂行办法》") == "社会救助暂行办法"  # a regulation, though it ends in 法


GOOD = "# 中华人民共和国测试法\n\n2024年1月1日 通过\n\n<!-- INFO END -->\n\n## 第一章 总则\n\n"


def write(tmp_path: Path, text: str, name: str = "测试法.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_parse_small_file_with_continuation(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD + "第一条 甲。\n\n（一）乙；\n\n第二条 丙。\n")
    law = parse_law_file(path)
    assert law.name == "中华人民共和国测试法"
    assert law.notes == ["2024年1月1日 通过"]
    assert [(a.number, a.text) for a in law.articles] == [(1, "甲。\n（一）乙；"), (2, "丙。")]


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("第一条 甲。\n", 1, "title"),
        ("# 中华人民共和国测试法\n\n第一条 甲。\n", 3, "INFO END"),
        (GOOD + "第一条 甲。\n\n第三条 丙。\n", 11, "expected article 2, found 3"),
        (GOOD + "第二条 甲。\n", 9, "expected article 1, found 2"),
        (GOOD + "本法说明。\n\n第一条 甲。\n", 9, "before the first article"),
        (GOOD + "第一条 甲。\n\n# 另一部法\n", 11, "heading in the body"),
        (GOOD + "第十十条 甲。\n", 9, "units out of order"),
        (GOOD, 8, "no articles"),
    ],
)
def test_malformed_files_report_line_and_reason(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(StatuteFormatError) as info:
        parse_law_file(path)
    assert info.value.path == path
    assert info.value.line == line
    assert reason in info.value.reason


def test_article_label_without_space_is_continuation_then_gap(tmp_path: Path) -> None:
    # '第二条甲' lacks the separating space, so it cannot open an article; the
    # following 第三条 then reveals the gap instead of being silently accepted.
    path = write(tmp_path, GOOD + "第一条 甲。\n\n第二条乙。\n\n第三条 丙。\n")
    with pytest.raises(StatuteFormatError, match="expected article 2, found 3"):
        parse_law_file(path)


def test_corpus_rejects_duplicate_law(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", GOOD + "第一条 甲。\n")
    write(tmp_path / "b", GOOD + "第一条 甲。\n")
    with pytest.raises(StatuteFormatError, match="also in"):
        parse_corpus(tmp_path)


def test_corpus_rejects_incomplete_civil_code(tmp_path: Path) -> None:
    book = "# 中华人民共和国民法典\n\n# 附则\n\n<!-- INFO END -->\n\n第一千二百六十条 施行。\n"
    write(tmp_path, book, "附则.md")
    with pytest.raises(StatuteFormatError, match="article 1260 where 1 is due"):
        parse_corpus(tmp_path)


def test_corpus_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        parse_corpus(tmp_path / "nope")
