"""办理进度 through the real webhook: own cases only, numbers typed or spoken, adding material."""

from __future__ import annotations

import subprocess

import pytest
from flask import Flask

from bot.cases.jobs import process_new_case
from bot.cases.models import Case, CaseEvent
from bot.cases.service import close_case, staff_reply
from bot.extensions import db
from bot.models import MediaItem
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import WeChatHelper, wait_for
from tests.support.intake import Chat
from tests.test_cases_fixtures import new_case, seeded, staff  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


def _spoken(number: str) -> str:
    digits = "零一二三四五六七八九"
    return "查询 H B " + "".join(digits[int(d)] for d in number if d.isdigit())


def _messages(case: Case) -> list[CaseEvent]:
    db.session.expire_all()
    return [e for e in db.session.get(Case, case.id).events if e.kind == "resident_message"]  # type: ignore[union-attr]


def test_progress_lists_only_the_residents_own_cases(wechat: WeChatHelper) -> None:
    mine = [new_case("o_me", "complaint"), new_case("o_me", "consultation")]
    theirs = new_case("o_neighbour", "mediation")
    staff_reply(mine[0], "已联系村委会，明天上门核实。", author="tester")
    chat = Chat(wechat, "o_me")
    for reply in (chat.say("办理进度"), chat.click("MENU_STATUS")):
        assert all(c.number in reply for c in mine) and theirs.number not in reply
        assert "已联系村委会" in reply and "补充" in reply


def test_progress_with_no_cases_says_how_to_start(wechat: WeChatHelper) -> None:
    assert "还没有提交过" in Chat(wechat, "o_nobody").say("办理进度")


@pytest.mark.parametrize("text", [
    "我上个月报的那个事情办得咋样了",
    "我们前几天反映的路灯的事处理得怎么样了？",
    "我投诉的那个事有结果没",
    "我的案子编号是多少来着",
    "我的案子咋样了",
    "我那个调解弄得咋样了嘛",
    "事情到哪了",
    "我那个电线杆的事情办得咋样了",
    "我前几天报的事有消息没得",
    "我家的事情有结果没",
    "那个事情办得咋样了",
    # a third QA pass: these had opened a new form or got the FAQ
    "我投诉的事有人管没", "上次登记的事咋个还没得人联系我", "我那个调解申请到哪一步了", "我反映的路灯修好没",
    "我上个月反映的事有人管没得",
])
def test_asking_after_ones_case_in_a_sentence_lists_it(wechat: WeChatHelper, text: str) -> None:
    case = new_case("o_sentence", "clue")
    assert case.number in Chat(wechat, "o_sentence").say(text)


@pytest.mark.parametrize("text", ["我反映的问题多久会处理", "信访事项交上去了多久有结果", "我申请的法律援助有结果没",
                                  "我交的诉状法院处理得怎么样了", "反映的问题一般好久有人管", "我借给他的钱还没还我"])
def test_a_question_about_the_procedure_is_not_a_progress_query(wechat: WeChatHelper, text: str) -> None:
    case = new_case("o_asking", "clue")
    assert case.number not in Chat(wechat, "o_asking").say(text)


@pytest.mark.parametrize("form", ["plain", "lower", "spaced", "spoken", "tail"])
def test_query_by_number_in_any_form(wechat: WeChatHelper, form: str) -> None:
    case = new_case("o_query", "complaint")
    text = {
        "plain": f"查询 {case.number}",
        "lower": f"查询{case.number.lower()}",
        "spaced": "查询 " + case.number.replace("-", " "),
        "spoken": _spoken(case.number),
        "tail": f"查询{case.number[-4:]}",
    }[form]
    reply = Chat(wechat, "o_query").say(text)
    assert case.number in reply and "状态：待受理" in reply and "类型：投诉/举报" in reply


def test_someone_elses_number_is_not_found(wechat: WeChatHelper) -> None:
    other = new_case("o_owner", "mediation")
    reply = Chat(wechat, "o_snoop").say(f"查询 {other.number}")
    assert "没有找到" in reply and "邻居" not in reply and other.number not in reply
    assert "没有找到" in Chat(wechat, "o_snoop").say(f"补充{other.number[-4:]}")


def test_add_text_photo_and_voice_to_the_one_open_case(wechat: WeChatHelper) -> None:
    case = new_case("o_add", "mediation")
    chat = Chat(wechat, "o_add")
    assert case.number in chat.say("补充")
    assert "已补充到" in chat.say("他昨天又把水沟堵上了")
    assert "已补充到" in chat.photo("evidence-1")
    assert "已补充到" in chat.voice(recognition="水都流到堂屋了", media_id="v-add")
    assert "已转给" in chat.say("好了")
    events = _messages(case)
    assert [e.text for e in events] == ["他昨天又把水沟堵上了", None, "水都流到堂屋了"]
    items = db.session.query(MediaItem).filter_by(openid="o_add").all()
    assert len(items) == 2 and all(i.case_id == case.id for i in items)
    chat.say("谢谢你们")  # after "好了" nothing more is added
    assert len(_messages(case)) == 3


def test_add_with_tail_and_words_in_one_message(wechat: WeChatHelper) -> None:
    first, second = new_case("o_two", "complaint"), new_case("o_two", "mediation")
    chat = Chat(wechat, "o_two")
    reply = chat.say("补充")
    assert first.number[-4:] in reply and second.number[-4:] in reply  # which one?
    assert second.number in chat.say(f"补充{second.number[-4:]} 他又来闹了")
    assert [e.text for e in _messages(second)] == ["他又来闹了"] and _messages(first) == []


def test_a_staff_reply_says_how_to_answer_it_and_the_answer_reaches_the_case(wechat: WeChatHelper) -> None:
    """A third QA pass: "好久来嘛" after a staff reply went to the FAQ and never reached staff."""
    case = new_case("o_answer", "mediation")
    msg = staff_reply(case, "王大爷您好，我们明天到您家看看水沟。", author="tester")
    assert "补充 明天上午我在家" in msg.content
    chat = Chat(wechat, "o_answer")
    assert "已补充到" in chat.say("补充：明天几点来嘛，我上午在家")
    assert [e.text for e in _messages(case)] == ["明天几点来嘛，我上午在家"]
    assert "已转给" in chat.say("好了")
    assert "已补充到" not in chat.say("补充协议有法律效力吗")  # no separator: still a question


def test_closed_case_takes_no_more_material(wechat: WeChatHelper) -> None:
    case = new_case("o_closed", "consultation")
    close_case(case, outcome="已电话解答。", author="tester")
    reply = Chat(wechat, "o_closed").say(f"补充{case.number[-4:]}")
    assert "已经办结" in reply and _messages(case) == []


def test_added_material_reaches_the_office_through_the_worker(
        app: Flask, wechat: WeChatHelper, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat) -> None:
    staff("mediator", "huangbai-tw", openid="o_staff_mediator")
    case = new_case("o_forward", "mediation")
    process_new_case(case.id)  # routed to 黄柏村 committee
    chat = Chat(wechat, "o_forward")
    chat.say("补充")
    chat.say("对方今天又把路堵了")
    assert wait_for(lambda: any("对方今天又把路堵了" in t and case.number in t
                                for t in fake_wechat.sent_texts("o_staff_mediator")))


@pytest.mark.parametrize("text", ["补发工资怎么算", "补交社保可以吗", "补充协议有法律效力吗"])
def test_a_question_that_starts_with_bu_is_not_added_to_the_case(wechat: WeChatHelper, text: str) -> None:
    case = new_case("o_bu", "mediation")
    reply = Chat(wechat, "o_bu").say(text)
    assert "已补充到" not in reply and "补充给" not in reply and "不用补充" not in reply
    db.session.expire_all()
    assert not [e for e in db.session.get(Case, case.id).events if e.kind == "resident_message"]
