"""Article lookups through the real webhook, in both numeral styles; long articles continue later."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.simulator.fake_api import FakeWeChat
from handlers.faq import MAX_REPLY
from knowledge.statute_store import find_article, import_statutes
from tests.conftest import WeChatHelper, wait_for
from tests.support.kb import LAWS_DIR, import_statute_subset, statute_subset

DIVORCE = ("《中华人民共和国民法典》第一千零七十九条\n"
           "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。")


@pytest.fixture
def statutes(app: Flask, tmp_path: Path) -> None:
    import_statute_subset(tmp_path / "laws")


@pytest.mark.parametrize("text", ["民法典第一千零七十九条", "民法典1079条", "请问民法典第1079条是什么？"])
def test_article_lookup_in_chinese_or_arabic_numerals(statutes: None, wechat: WeChatHelper, text: str) -> None:
    reply = wechat.text(text, "o_lookup")
    assert reply and reply.startswith(DIVORCE)


def test_question_form_and_short_article(statutes: None, wechat: WeChatHelper) -> None:
    reply = wechat.text("人民调解法第四条是什么", "o_lookup")
    assert reply == "《中华人民共和国人民调解法》第四条\n人民调解委员会调解民间纠纷，不收取任何费用。"


def test_missing_article_and_uncollected_law_say_so(statutes: None, wechat: WeChatHelper) -> None:
    assert "没有找到您要查的第九千条" in (wechat.text("民法典第9000条", "o_lookup") or "")
    assert "暂时没有收录" in (wechat.text("劳动法第三条", "o_lookup") or "")
    # an added article (之一) is a lookup too, never article N itself (a third QA pass: it was searched)
    assert "第一百三十三条之一" in (wechat.text("刑法第133条之一", "o_lookup") or "")
    reply = wechat.text("民法典第1079条之一", "o_lookup") or ""
    assert "第一千零七十九条之一暂时没有收录" in reply and "夫妻一方要求离婚" not in reply


def test_everyday_short_names_and_names_no_law_has(app: Flask, wechat: WeChatHelper, tmp_path: Path) -> None:
    """A fourth QA pass: "交通法第九十一条" was told 《中华人民共和国交通法》 is not collected — a law
    name the bot made up.  交通法 / 老年法 are what residents call two real laws; a name no law has
    is repeated as written, never dressed up as an official title."""
    laws = statute_subset(tmp_path / "laws")
    shutil.copytree(LAWS_DIR / "行政法", laws / "行政法", dirs_exist_ok=True)  # 道路交通安全法
    assert import_statutes(laws).ok
    assert find_article("交通法", 91) is not None and find_article("交通法", 91) == find_article("道路交通安全法", 91)
    reply = wechat.text("交通法第九十一条", "o_names") or ""
    assert reply.startswith("《中华人民共和国道路交通安全法》第九十一条\n")
    assert "中华人民共和国老年人权益保障法" in (wechat.text("老年法第十九条", "o_names") or "")
    reply = wechat.text("农药法第三条", "o_names") or ""
    assert "没有找到叫“农药法”的法律" in reply and "中华人民共和国农药法" not in reply
    assert "民法典" in (wechat.text("婚姻法第三十二条", "o_names") or "")  # repealed: still pointed to its successor


def test_long_article_passive_part_then_worker_sends_the_rest(statutes: None, wechat: WeChatHelper, worker: object,
                                                              fake_wechat: FakeWeChat) -> None:
    article = find_article("宪法", 67)
    assert article is not None and len(article.text) > MAX_REPLY
    first = wechat.text("宪法第六十七条", "o_long")
    assert first and first.startswith("《中华人民共和国宪法》第六十七条\n") and len(first) <= MAX_REPLY
    rest = wait_for(lambda: fake_wechat.sent_texts("o_long"))
    assert all(len(part) <= MAX_REPLY for part in rest)
    whole = "《中华人民共和国宪法》第六十七条" + article.text
    assert "".join([first, *rest]).replace("\n", "") == whole.replace("\n", "")


def test_lookup_wins_over_the_faq(app: Flask, statutes: None) -> None:
    result = explain(app, "民法典1079条")
    assert result["handler"] == "statute" and result["faq_id"] is None
    assert result["reply"].startswith(DIVORCE)


def test_statutes_import_command_reports_counts_or_file_and_line(app: Flask, tmp_path: Path) -> None:
    from tests.support.kb import statute_subset

    runner = app.test_cli_runner()
    good = statute_subset(tmp_path / "laws")
    res = runner.invoke(args=["kb", "statutes", "import", str(good)])
    assert res.exit_code == 0 and "imported 4 laws" in res.output, res.output
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "坏文件.md").write_text("没有标题的文件\n", encoding="utf-8")
    res = runner.invoke(args=["kb", "statutes", "import", str(broken)])
    assert res.exit_code != 0 and "法条导入失败" in res.output and "statute import failed" in res.output
    assert f"{broken / '坏文件.md'}:1:" in res.output
    res = runner.invoke(args=["kb", "statutes", "import", str(tmp_path / "missing")])
    assert res.exit_code != 0 and "directory not found" in res.output


def test_seed_fills_an_empty_statute_store_once(app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from knowledge.cli import seed_statutes
    from tests.support.kb import statute_subset

    monkeypatch.setenv("FAZHI_STATUTES_DIR", str(statute_subset(tmp_path / "laws")))
    assert seed_statutes() == "4 laws, 1492 articles"
    assert seed_statutes() == "already imported"
    assert find_article("人民调解法", 4) is not None
