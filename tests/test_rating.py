"""满意度 after a case is closed: a score (digit or words), then an optional comment."""

from __future__ import annotations

import subprocess

import pytest
from flask import Flask

from bot.cases.models import Case
from bot.cases.service import close_case
from bot.extensions import db
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import WeChatHelper, wait_for
from tests.support.intake import Chat
from tests.test_cases_fixtures import new_case, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


def _closed(openid: str) -> Case:
    case = new_case(openid, "consultation")
    close_case(case, outcome="已电话解答：赡养费可以先找村调委会调解。", author="tester")
    return case


def _fresh(case: Case) -> Case:
    db.session.expire_all()
    found = db.session.get(Case, case.id)
    assert found is not None
    return found


def test_digit_then_comment(wechat: WeChatHelper) -> None:
    case = _closed("o_rate")
    chat = Chat(wechat, "o_rate")
    reply = chat.say("5")
    assert "谢谢您的评价（5分）" in reply and "不用了" in reply
    assert _fresh(case).rating == 5  # kept at once, before any comment
    assert "意见已记下" in chat.say("工作人员很耐心")
    case = _fresh(case)
    assert case.rating == 5 and case.rating_comment == "工作人员很耐心"


@pytest.mark.parametrize(("text", "score", "comment"), [
    ("很满意", 5, None), ("五星", 5, None), ("满意", 4, None), ("一般", 3, None),
    ("3 态度还行，就是慢了点", 3, "态度还行，就是慢了点"), ("１", 1, None), ("还可以吧", 3, None),
    ("满意的，谢谢", 4, "谢谢"),
])
def test_words_and_inline_comments(wechat: WeChatHelper, text: str, score: int, comment: str | None) -> None:
    case = _closed("o_words")
    chat = Chat(wechat, "o_words")
    reply = chat.say(text)
    assert f"（{score}分）" in reply
    if comment is None:
        assert "好的，谢谢" in chat.say("不用了")
    case = _fresh(case)
    assert case.rating == score and case.rating_comment == comment


def test_low_score_asks_what_went_wrong(wechat: WeChatHelper) -> None:
    _closed("o_low")
    assert "哪里做得不好" in Chat(wechat, "o_low").say("不满意")


def test_numbers_that_are_not_ratings_are_left_alone(wechat: WeChatHelper) -> None:
    case = _closed("o_days")
    reply = Chat(wechat, "o_days").say("5天了还没人管")
    assert "评价" not in reply
    assert _fresh(case).rating is None


def test_no_pending_rating_no_capture(wechat: WeChatHelper) -> None:
    new_case("o_open", "consultation")  # open, never asked to rate
    assert "评价" not in Chat(wechat, "o_open").say("5")


def test_a_new_request_after_the_score_is_not_taken_as_the_comment(wechat: WeChatHelper) -> None:
    case = _closed("o_next")
    chat = Chat(wechat, "o_next")
    chat.say("4")
    assert "第1步" in chat.say("我要投诉")
    assert _fresh(case).rating_comment is None


def test_rating_request_from_the_worker_then_the_residents_score(
        app: Flask, wechat: WeChatHelper, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat) -> None:
    case = _closed("o_worker_rate")
    assert wait_for(lambda: any("打个分" in t for t in fake_wechat.sent_texts("o_worker_rate")))
    Chat(wechat, "o_worker_rate").say("4 办得快")
    case = _fresh(case)
    assert case.rating == 4 and case.rating_comment == "办得快"
