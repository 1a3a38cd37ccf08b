"""The unanswered question kept for "人工"/"反映情况": taken once, and only while fresh."""

from __future__ import annotations

import pytest
from flask import Flask

from bot.inbox import session_store
from handlers import handoff
from tests.conftest import WeChatHelper
from tests.support.intake import Chat
from tests.test_cases_fixtures import seeded  # noqa: F401


def test_a_kept_question_is_taken_once() -> None:
    session: dict[str, object] = {}
    handoff.keep(session, " 我家猫跑丢了 ", now=1000.0)
    assert handoff.take(session, now=1000.0 + handoff.TTL - 1) == "我家猫跑丢了"
    assert handoff.take(session, now=1001.0) == "" and handoff.KEY not in session


def test_a_stale_question_is_dropped_not_taken() -> None:
    session: dict[str, object] = {}
    handoff.keep(session, "我家猫跑丢了", now=1000.0)
    assert handoff.take(session, now=1000.0 + handoff.TTL) == ""
    assert handoff.KEY not in session


def test_a_malformed_or_dropped_value_gives_nothing() -> None:
    session: dict[str, object] = {handoff.KEY: "an old plain string"}
    assert handoff.take(session) == "" and handoff.KEY not in session
    handoff.keep(session, "问题")
    handoff.drop(session)
    assert handoff.take(session) == ""


@pytest.mark.usefixtures("seeded")
def test_a_report_word_long_after_the_unanswered_message_asks_afresh(app: Flask, wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_report_late")
    told = "村里修的健身器材坏了，老年人天天在那里锻炼，怕伤到人"
    assert "反映情况" in chat.say(told)
    store = session_store(app)
    key = "resident:o_report_late"
    saved = store.get(key) or {}
    kept = saved[handoff.KEY]
    assert isinstance(kept, dict) and kept["text"] == told
    kept["at"] = float(kept["at"]) - handoff.TTL  # the resident comes back after the window
    store.set(key, saved, app.config["SESSION_TTL"])
    reply = chat.say("反映情况")
    assert "第1步" in reply and told not in reply
