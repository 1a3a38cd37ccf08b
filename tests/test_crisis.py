"""A resident who says they want to die gets the emergency numbers first, even in the middle of a form."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.extensions import db
from handlers.crisis import REPLY
from knowledge.models import UnansweredQuestion
from tests.conftest import WeChatHelper
from tests.support.intake import Chat, cases
from tests.support.kb import entry, import_yaml
from tests.test_cases_fixtures import seeded  # noqa: F401


@pytest.mark.parametrize("message", [
    "我不想活了", "老公天天打我，我真的活不下去了", "想喝农药算了", "我妈说她要跳河", "活着没得意思",
])
def test_the_emergency_numbers_come_first_and_nothing_is_logged(app: Flask, wechat: WeChatHelper, tmp_path: Path,
                                                                message: str) -> None:
    # an entry that shares words with the messages: it must not be what they get
    import_yaml(tmp_path, [entry("dv", "老公打我怎么办？", "可以报警。", tags=["家暴"])])
    reply = wechat.text(message)
    assert reply == REPLY and "110" in reply and "12356" in reply and "人工" in reply
    assert db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.usefixtures("seeded")
def test_a_form_in_progress_goes_on_after_it(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_form")
    chat.click("MENU_CONSULT")
    assert chat.say("我不想活了") == REPLY
    assert "同意" in chat.say("儿子不给赡养费，我该怎么办")  # the form's first step, answered now
    chat.say("同意")
    chat.say("1")
    chat.say("13812345678")
    chat.say("确认")
    [case] = cases("o_form")
    assert "赡养费" in case.description


def test_someone_elses_death_in_a_legal_question_is_a_question(app: Flask) -> None:
    assert explain(app, "邻居喝农药自杀了，家属说是我家逼的，要我赔钱")["reply"] != REPLY
