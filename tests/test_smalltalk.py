"""Thanks and "好的" get a polite word back, not "I'm not sure", and are not logged as unanswered;
a question that starts with thanks is still a question."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.extensions import db
from handlers import texts
from knowledge.models import UnansweredQuestion
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml

THANKS = ["谢谢", "谢谢你们，辛苦了！", "好的谢谢", "多谢同志🙏", "麻烦你们了", "辛苦了 再见", "麻烦你了",
          "好人一生平安"]


@pytest.mark.parametrize("message", THANKS)
def test_thanks_get_you_are_welcome(wechat: WeChatHelper, message: str) -> None:
    assert wechat.text(message) == texts.YOU_ARE_WELCOME
    assert db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.parametrize("message", ["好的", "晓得了", "嗯嗯", "OK", "要得。", "拜拜", "好嘛", "行吧", "晓得了哈",
                                     "好滴", "确认"])  # 确认 with no form open had got the judicial-confirmation entry
def test_acknowledgements_get_a_short_ok(wechat: WeChatHelper, message: str) -> None:
    assert wechat.text(message) == texts.OK_ANYTHING_ELSE


@pytest.mark.parametrize("message", ["[微笑]", "👍👍", "[抱拳][抱拳]", "🙏🏻", "取消", "算了", "不用了，谢谢",
                                     "没事了", "哈哈哈", "你吃了没"])
def test_emoji_and_nothing_to_cancel_get_a_short_ok_and_are_not_logged(app: Flask, wechat: WeChatHelper,
                                                                        tmp_path: Path, message: str) -> None:
    # "取消" had been searched as a question and answered with a refund-scam entry that says 取消
    import_yaml(tmp_path, [entry("refund-scam", "客服打电话说帮我取消会员扣费，让我转账，是不是诈骗？",
                                 "是诈骗，请挂断。", tags=["诈骗"])])
    assert wechat.text(message) in (texts.OK_ANYTHING_ELSE, texts.YOU_ARE_WELCOME)
    assert db.session.query(UnansweredQuestion).count() == 0


def test_emoji_around_a_question_leave_it_a_question(app: Flask, wechat: WeChatHelper, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("gift", "没结成婚，彩礼能不能要回来？", "可以要回来。", tags=["彩礼"])])
    reply = wechat.text("[疑问]没结成婚彩礼能不能要回来")
    assert reply and "可以要回来" in reply


def test_a_question_that_starts_with_thanks_is_a_question(app: Flask, wechat: WeChatHelper, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("gift", "没结成婚，彩礼能不能要回来？", "可以要回来。", tags=["彩礼"])])
    reply = wechat.text("谢谢，我还想问一下没结成婚彩礼能不能要回来")
    assert reply not in (texts.YOU_ARE_WELCOME, texts.OK_ANYTHING_ELSE)
    assert reply and "可以要回来" in reply


def test_explain_calls_it_help_with_no_entry(app: Flask) -> None:
    result = explain(app, "谢谢你们")
    assert result["handler"] == "help" and result["faq_id"] is None and result["reply"] == texts.YOU_ARE_WELCOME
