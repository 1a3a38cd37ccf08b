"""A message that only announces a question is asked to go on, is not searched and not logged
as unanswered; a greeting gets the help text; any topic leaves the message to the FAQ."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.extensions import db
from handlers import texts
from handlers.opener import announces_a_question
from knowledge.models import UnansweredQuestion
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml

OPENERS = ["我想问个问题", "请问一下", "问个事", "我有个事想问问", "想咨询点法律问题", "我想问一下法律方面的事情",
           "我有个问题", "想问下", "你好，我想咨询一下", "喂你好我想问个事情", "打听个事", "我想问哈子",
           "同志你好，问一下", "你好在吗？我有个问题想咨询一下", "咨询个事可以吗",
           # voice input: fillers first, no punctuation
           "那个我想问一下", "嗯我想问个事情", "那个就是我想咨询一下", "我想问你个事", "能问个问题吗",
           # saying where one is from first
           "你好我是石桥村的想问个事情", "我是三组的村民，有个事想问问"]
TOPICS = ["那个我想问一下离婚的事", "就是说彩礼能退吗",
          "我想问个离婚的问题", "请问彩礼能退吗", "问一下宅基地", "我有个问题，老板不给工资", "我想了解一下电诈",
          "想问问土地的事", "你好", "我是石桥村的，我家宅基地被占了"]


@pytest.mark.parametrize("message", OPENERS)
def test_an_announced_question_is_asked_for_and_not_logged(wechat: WeChatHelper, tmp_path: Path,
                                                           message: str) -> None:
    # an entry the words 法律/咨询/问题 could otherwise reach with confidence
    import_yaml(tmp_path, [entry("hotline-12348", "遇到法律问题想免费咨询，可以打什么电话？", "拨打12348。")])
    assert wechat.text(message) == texts.ASK_AWAY
    assert db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.parametrize("message", TOPICS)
def test_a_message_with_a_topic_is_not_an_opener(message: str) -> None:
    assert not announces_a_question(message)


def test_a_long_message_is_never_an_opener() -> None:
    assert announces_a_question("你好" * 3 + "我想问个问题")
    assert not announces_a_question("你好" * 13 + "我想问个问题")


@pytest.mark.parametrize("message", ["有人吗", "你好，在不在", "喂 有没有人", "在吗？", "？", "。。。", "…", "??",
                                     "早上好", "晚上好！"])
def test_a_greeting_gets_the_help_text(wechat: WeChatHelper, message: str) -> None:
    assert wechat.text(message) == texts.HELP


def test_the_next_message_is_answered_as_a_question(wechat: WeChatHelper, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("gift", "没结成婚，彩礼能不能要回来？", "可以要回来。", tags=["彩礼"])])
    assert wechat.text("我想问个事", "o_opener") == texts.ASK_AWAY
    reply = wechat.text("没结成婚彩礼能不能要回来", "o_opener")
    assert reply and reply.startswith("可以要回来")


def test_explain_calls_it_help_with_no_entry(app: Flask) -> None:
    result = explain(app, "我有个事想问问")
    assert result["handler"] == "help" and result["faq_id"] is None and result["reply"] == texts.ASK_AWAY


@pytest.mark.parametrize("message", ["你是机器人吗", "你是谁？", "是真人吗", "你能做什么", "你叫啥子名字",
                                     "你是机器人还是真人", "你们是哪个单位的"])
def test_asking_who_answers_is_told_plainly(app: Flask, wechat: WeChatHelper, message: str) -> None:
    reply = wechat.text(message)
    assert reply and reply.startswith(f"我是{app.config['TOWNSHIP_NAME']}法治助手") and "不是真人" in reply
    assert texts.HELP in reply and db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.parametrize(("message", "reply"), [("你说的我看不懂", texts.CANT_READ), ("好长哦看不懂", texts.CANT_READ),
                                              ("我不会打字", texts.CANT_TYPE)])
def test_a_resident_who_cannot_read_or_type_is_told_what_to_do(wechat: WeChatHelper, message: str, reply: str) -> None:
    # "你说的我看不懂" had been answered with who interprets the constitution
    assert wechat.text(message) == reply
    assert db.session.query(UnansweredQuestion).count() == 0


def test_not_understanding_a_document_is_still_a_question(app: Flask) -> None:
    assert explain(app, "我看不懂判决书")["handler"] == "faq"
