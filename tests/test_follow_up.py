"""A follow-up right after an answer ("那去哪里告他") is searched with the question just answered."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from handlers import follow_up
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml

SUPPORT = "子女不赡养老人，老人该怎么办？"
SUPPORT_ANSWER = "可以先请村人民调解委员会调解，也可以向法院起诉，要求子女给赡养费。"
LOAN_ANSWER = "借钱不还的，可以向对方住的地方的基层人民法院起诉，带上借条和转账记录。"


@pytest.fixture
def kb(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [
        entry("support", SUPPORT, SUPPORT_ANSWER, alt_questions=["儿子不给生活费咋个办", "儿女不养老人"],
              tags=["赡养"]),
        entry("loan-suit", "借钱不还，去哪里起诉？", LOAN_ANSWER, alt_questions=["借给别人的钱要不回来去哪里告"],
              tags=["借款"]),
    ])


def test_a_follow_up_is_about_the_question_just_answered(app: Flask, kb: None, wechat: WeChatHelper) -> None:
    # alone (a new conversation) the follow-up reads as the loan question: the QA pass's wrong answer
    assert explain(app, "那去哪里告他")["faq_id"] == "loan-suit"
    assert SUPPORT_ANSWER in (wechat.text("儿子不给生活费咋个办", "o_follow") or "")
    reply = wechat.text("那去哪里告他", "o_follow") or ""
    assert reply.startswith(follow_up.LEAD.format(question=SUPPORT.rstrip("？")))
    assert SUPPORT_ANSWER in reply and LOAN_ANSWER not in reply


def test_a_question_with_its_own_topic_is_searched_alone(app: Flask, kb: None, wechat: WeChatHelper) -> None:
    wechat.text("儿子不给生活费咋个办", "o_new")
    reply = wechat.text("借给别人的钱要不回来去哪里告", "o_new") or ""
    assert LOAN_ANSWER in reply and "接着您刚才问的" not in reply
    assert "接着您刚才问的" not in (wechat.text("那个我想问一下借钱不还去哪里起诉", "o_new") or "")


def test_an_old_answer_is_not_followed_up(app: Flask, kb: None, wechat: WeChatHelper,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    wechat.text("儿子不给生活费咋个办", "o_old")
    monkeypatch.setattr(follow_up, "TOPIC_TTL", -1)  # as if the answer was long ago
    reply = wechat.text("那去哪里告他", "o_old") or ""
    assert LOAN_ANSWER in reply and "接着您刚才问的" not in reply


@pytest.mark.parametrize(("text", "follows"), [
    ("要好多钱", True), ("去哪里办", True), ("要带些啥子证件", True), ("那去哪里告他", True), ("那要罚好多钱", True),
    ("会坐牢不", False),
    ("那个我想问一下去哪里告", False), ("离婚", False), ("邻居家的狗把我咬了找哪个赔", False),
    ("那边那个人天天在我家门口骂人，我想问一下这种情况去哪里告他", False),
])
def test_what_reads_as_a_follow_up(text: str, follows: bool) -> None:
    session: dict[str, object] = {}
    follow_up.remember(session, SUPPORT)
    assert (follow_up.topic_of(session, text) == SUPPORT) is follows
