"""Article lookup queries, knowledge-base citations and WeChat message splitting."""

from __future__ import annotations

import pytest

from knowledge.lookup import (
    ArticleQuery,
    format_citation,
    parse_article_query,
    parse_citation,
    split_for_wechat,
)

CIVIL = "中华人民共和国民法典"
CONSTITUTION = "中华人民共和国宪法"


@pytest.mark.parametrize(
    ("text", "law", "number"),
    [
        ("民法典第一千零七十九条", CIVIL, 1079),
        ("民法典1079条", CIVIL, 1079),
        ("民法典 第1079条", CIVIL, 1079),
        ("民法典第１０７９条", CIVIL, 1079),
        ("民法典第1079", CIVIL, 1079),
        ("民法典 1079", CIVIL, 1079),
        ("《中华人民共和国民法典》第一千零七十九条", CIVIL, 1079),
        ("《民法典》第一千零七十九条的内容", CIVIL, 1079),
        ("民法典婚姻家庭编第1079条", CIVIL, 1079),
        ("民法典第五编第一千零七十九条", CIVIL, 1079),
        ("请问民法典第1079条是什么？", CIVIL, 1079),
        ("人民调解法第四条是什么", "中华人民共和国人民调解法", 4),
        ("宪法第三十三条说的啥", CONSTITUTION, 33),
        ("宪法的第十条原文", CONSTITUTION, 10),
        ("信访条例第十条", "信访工作条例", 10),
        ("反诈法第二条讲了啥", "中华人民共和国反电信网络诈骗法", 2),
        ("道交法第47条", "中华人民共和国道路交通安全法", 47),
        ("劳动法第三条", "中华人民共和国劳动法", 3),
        ("劳动合同法第三条", "中华人民共和国劳动合同法", 3),
    ],
)
def test_article_queries(text: str, law: str, number: int) -> None:
    query = parse_article_query(text)
    assert query is not None
    assert (query.law, query.number) == (law, number)


def test_query_keeps_law_as_written_and_paragraph() -> None:
    assert parse_article_query("道交法第四十七条第二款") == ArticleQuery(
        law="中华人民共和国道路交通安全法", law_text="道交法", number=47, paragraph=2
    )


def test_an_added_article_keeps_its_suffix() -> None:
    assert parse_article_query("刑法第一百三十三条之一是什么") == ArticleQuery(
        law="中华人民共和国刑法", law_text="刑法", number=133, added="之一")
    query = parse_article_query("民法典第1079条之一第二款")
    assert query is not None and (query.number, query.added, query.paragraph) == (1079, "之一", 2)


def test_unknown_law_is_still_a_lookup() -> None:
    # So the bot can say "not collected" instead of answering from a different law.
    query = parse_article_query("公司法第十条")
    assert query == ArticleQuery(law=None, law_text="公司法", number=10)
    bracketed = parse_article_query("《村规民约》第三条")
    assert bracketed is not None and bracketed.law_text == "村规民约"


@pytest.mark.parametrize(
    "text",
    [
        "民法典规定彩礼要退吗",
        "民法典第一千零四十二条规定彩礼要退吗",
        "离婚要满足民法典第1079条吗",
        "宪法第三十三条和第三十四条",
        "第一千零七十九条",
        "民法典第几条讲离婚",
        "民法典第一百一条",  # ambiguous numeral
        "民法典第0条",
        "宪法2018",  # a year, not an article
        "民法典12345",
        "我的看法第三条",
        "你好",
        "",
    ],
)
def test_non_queries(text: str) -> None:
    assert parse_article_query(text) is None


def test_format_citation() -> None:
    assert format_citation(CIVIL, 1079) == "《中华人民共和国民法典》第一千零七十九条"


@pytest.mark.parametrize(
    ("law", "article", "expected"),
    [
        ("《中华人民共和国民法典》", "第一千零七十六条、第一千零七十七条", [1076, 1077]),
        ("《中华人民共和国宪法》", "第二十二条第一款", [22]),
        ("《中华人民共和国宪法》", "第十条、十一条", [10, 11]),
        ("《中华人民共和国宪法》", "第33条", [33]),
        ("《中华人民共和国宪法》", "第五条、第五条", [5]),
        ("《中华人民共和国宪法》", "", []),
        ("", "第五条", []),
    ],
)
def test_parse_citation(law: str, article: str, expected: list[int]) -> None:
    assert parse_citation(law, article) == [(resolved_or(law), n) for n in expected]


def resolved_or(law: str) -> str:
    return law.strip("《》")


def test_parse_citation_range_expands() -> None:
    pairs = parse_citation("《中华人民共和国宪法》", "第三十三条至第五十六条")
    assert [n for _, n in pairs] == list(range(33, 57))
    assert {law for law, _ in pairs} == {CONSTITUTION}


def test_parse_citation_resolves_aliases_and_unknown_laws() -> None:
    assert parse_citation("民法典", "第十条") == [(CIVIL, 10)]
    decision = "《全国人民代表大会常务委员会关于设立国家宪法日的决定》"
    assert parse_citation(decision, "") == []
    assert parse_citation(decision, "第一条") == [(decision.strip("《》"), 1)]


def test_split_short_text_is_one_message() -> None:
    assert split_for_wechat("甲。\n乙。") == ["甲。\n乙。"]
    assert split_for_wechat("  ") == []


def test_split_prefers_paragraph_breaks() -> None:
    paragraphs = ["甲" * 300 + "。", "乙" * 300 + "。", "丙" * 100 + "。"]
    parts = split_for_wechat("\n".join(paragraphs))
    assert parts == [paragraphs[0], paragraphs[1] + "\n" + paragraphs[2]]


def test_split_long_paragraph_at_sentences() -> None:
    sentence = "一二三四五六七八九十" * 5 + "；"
    text = sentence * 30  # 1530 chars, one paragraph
    parts = split_for_wechat(text)
    assert "".join(parts) == text
    assert all(len(part) <= 600 and part.endswith("；") for part in parts)
    assert len(parts) == 3


def test_split_without_punctuation_still_respects_limit() -> None:
    text = "字" * 1300
    parts = split_for_wechat(text, limit=500)
    assert [len(part) for part in parts] == [500, 500, 300]
    assert "".join(parts) == text


@pytest.mark.parametrize("limit", [50, 120, 600])
def test_split_limit_property(limit: int) -> None:
    text = "\n".join("，".join("条文内容" * (i % 7 + 1) for _ in range(i % 5 + 1)) + "。" for i in range(60))
    parts = split_for_wechat(text, limit=limit)
    assert all(0 < len(part) <= limit for part in parts)
    assert "".join(parts).replace("\n", "") == text.replace("\n", "")
