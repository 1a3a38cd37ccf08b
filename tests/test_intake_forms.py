"""Each intake form end to end through the real webhook: from the menu, from free text, and the
case it leaves in the database (and, with a real worker, the routing that follows)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask import Flask

from bot.cases.models import CaseEvent, Outbox, RoutingRule
from bot.extensions import db
from bot.models import MediaItem
from bot.org.models import Office
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import WeChatHelper, wait_for
from tests.support.intake import MENU_ANSWERS, Chat, cases
from tests.test_cases_fixtures import running_worker, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


@pytest.mark.parametrize("case_type", list(MENU_ANSWERS))
def test_each_form_from_the_menu_makes_one_case(wechat: WeChatHelper, case_type: str) -> None:
    chat = Chat(wechat, f"o_menu_{case_type}")
    summary = chat.fill_from_menu(case_type)
    assert "13812345678" not in summary  # the phone is masked wherever it is shown
    done = chat.say("确认")
    assert "提交成功" in done and "编号：HB-" in done and "办理" in done and "内有人接手（受理）" in done
    [case] = cases(chat.openid)
    assert case.case_type == case_type and case.number in done and case.number[-4:] in done
    assert case.idempotency_key  # keyed on the confirming message


def test_complaint_answers_are_stored_where_they_belong(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_complaint")
    assert "第1步" in chat.click("MENU_COMPLAINT")
    chat.say("村里收卫生费每户两百，没有收据")
    notice = chat.say("  ")  # an empty answer at the consent step is asked again
    assert "同意" in notice
    assert "石桥村" in chat.say("同意")  # the village list
    assert "手机号" in chat.say("2")
    summary = chat.say("１３８-１２３４-５６７８")
    assert "138****5678" in summary and "石桥村" in summary and "没有收据" in summary
    chat.say("确认")
    [case] = cases("o_complaint")
    assert case.phone == "13812345678" and case.village is not None and case.village.name == "石桥村"
    assert case.description == "村里收卫生费每户两百，没有收据"
    assert case.details["consent"]["answer"] == "yes"


def test_privacy_notice_says_who_why_how_long_and_how_we_answer(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_notice")
    chat.click("MENU_CONSULT")
    notice = chat.say("儿子不给赡养费，我该怎么办")
    for words in ("黄柏乡人民政府", "只用来办您这件事", "保存3年", "通过这个公众号", "回复“同意”", "取消"):
        assert words in notice, words


def test_mediation_relationship_sets_the_routing_category(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_mediation")
    chat.click("MENU_MEDIATION")
    chat.say("他家砌墙占了我家的宅基地")
    chat.say("同意")
    chat.say("隔壁李二")
    assert "请回复1到6" in chat.say("9")  # out of range: asked again politely
    chat.say("宅基地")
    chat.say("青龙")
    summary = chat.say("13812345678")
    assert "双方关系：土地" in summary and "对方：隔壁李二" in summary and "青龙村" in summary
    chat.say("确认")
    [case] = cases("o_mediation")
    assert case.category == "土地" and case.details["other_party"] == "隔壁李二"
    assert case.details["relationship"] == "土地"


def test_anonymous_clue_has_no_phone_and_suggestion_no_village(wechat: WeChatHelper) -> None:
    clue, suggestion = Chat(wechat, "o_clue"), Chat(wechat, "o_sugg")
    summary = clue.fill_from_menu("clue")
    assert "匿名" in summary and "联系电话：1" not in summary
    clue.say("确认")
    summary = suggestion.fill_from_menu("suggestion")
    assert "村（社区）" not in summary and "意见建议：" in summary and "事情经过" not in summary
    suggestion.say("确认")
    assert cases("o_clue")[0].phone is None
    assert cases("o_sugg")[0].village_id is None and cases("o_sugg")[0].phone is None


def test_a_resident_who_does_not_know_the_village_goes_on(wechat: WeChatHelper) -> None:
    """A third QA pass: "不晓得是哪个村" was asked again and again."""
    chat = Chat(wechat, "o_no_village")
    chat.click("MENU_CONSULT")
    chat.say("儿子不给赡养费，我该怎么办")
    assert "不晓得" in chat.say("同意")  # the village question says what to reply when unsure
    assert "手机号" in chat.say("不晓得是哪个村")
    summary = chat.say("13812345678")
    assert "村（社区）：不清楚" in summary
    chat.say("确认")
    [case] = cases("o_no_village")
    assert case.village_id is None


def test_a_complaint_may_be_anonymous_and_a_worry_is_answered(wechat: WeChatHelper) -> None:
    """A third QA pass: "我怕他晓得是我告的" got "请回复同意", and "不同意" threw the complaint away."""
    chat = Chat(wechat, "o_anon_complaint")
    chat.click("MENU_COMPLAINT")
    chat.say("村会计做假账，修路的钱对不上")
    assert "不会告诉对方" in chat.say("我怕他晓得是我告的")
    summary = chat.say("匿名")
    assert "村会计做假账" in summary and "村（社区）：" not in summary and "联系电话：1" not in summary
    chat.say("确认")
    [case] = cases("o_anon_complaint")
    assert case.phone is None and case.village_id is None and case.case_type == "complaint"


@pytest.mark.parametrize(
    ("text", "first_question", "described"),
    [
        ("我要投诉村里乱收费，每户要交两百", "个人信息", True),
        ("想找人调解一下和邻居的事", "什么纠纷", False),
        ("黄柏场口弯道护栏坏了", "哪个村", True),
        ("我有个建议", "意见或建议", False),
        ("我想咨询", "想问什么事", False),
        ("反映情况", "什么情况", False),
    ],
)
def test_free_text_starts_the_form_and_asks_only_what_is_missing(
    wechat: WeChatHelper, text: str, first_question: str, described: bool
) -> None:
    reply = Chat(wechat, "o_free").say(text)
    assert first_question in reply, reply
    assert ("已记下您说的" in reply) is described
    assert ("第2步" in reply) is described


@pytest.mark.parametrize(("text", "case_type"), [
    ("我要投诉村里乱收费，每户要交两百", "complaint"), ("想找人调解一下和邻居的事", "mediation"),
    ("黄柏场口弯道护栏坏了", "clue"), ("我有个建议", "suggestion"), ("我想咨询", "consultation"),
    ("村口有人聚众赌博", "clue"),
])
def test_each_type_from_free_text_makes_a_case_of_that_type(wechat: WeChatHelper, text: str, case_type: str) -> None:
    chat = Chat(wechat, "o_free_done")
    done = chat.finish(chat.say(text), anonymous=True)
    [case] = cases("o_free_done")
    assert case.case_type == case_type and case.number in done


def test_free_text_mediation_with_neighbour_skips_the_relationship(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_free_med")
    chat.say("想找人调解一下和邻居的事")
    chat.say("邻居家的狗天天晚上叫，说了也不管")
    chat.say("同意")
    after_party = chat.say("邻居刘大姐")
    assert "村（社区）" in after_party  # relationship already known: 邻里
    chat.say("1")
    assert "双方关系：邻里" in chat.say("13812345678")
    chat.say("确认")
    assert cases("o_free_med")[0].category == "邻里"


def test_clue_from_free_text_keeps_the_words_as_description(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_free_clue")
    chat.say("黄柏场口弯道护栏坏了")
    chat.say("1")
    chat.say("匿名")
    chat.say("确认")
    [case] = cases("o_free_clue")
    assert case.case_type == "clue" and case.description == "黄柏场口弯道护栏坏了" and case.phone is None


def test_photo_voice_and_location_during_the_form_are_attached(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_media")
    chat.click("MENU_CLUE")
    assert "照片收到了" in chat.photo("p1") and "第1步" in chat.photo("p2")
    chat.voice(recognition="场口弯道护栏被撞坏了一大段", media_id="v1")  # the voice's words are the answer
    assert "位置收到了" in chat.location()
    chat.say("黄柏村")
    summary = chat.say("匿名")
    assert "附件：4件" in summary and "护栏被撞坏了一大段" in summary
    chat.say("确认")
    [case] = cases("o_media")
    items = db.session.query(MediaItem).filter_by(openid="o_media").all()
    assert sorted(i.kind for i in items) == ["image", "image", "location", "voice"]
    assert all(i.case_id == case.id for i in items)


def test_untranscribed_voice_can_be_the_description(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_voice_only")
    chat.click("MENU_CONSULT")
    assert "个人信息" in chat.voice(media_id="dialect-1")
    chat.say("同意")
    chat.say("1")
    chat.say("13812345678")
    chat.say("确认")
    [case] = cases("o_voice_only")
    assert "语音" in case.description
    assert db.session.query(MediaItem).filter_by(openid="o_voice_only").one().case_id == case.id


def test_worker_routes_the_new_case_and_does_not_tell_the_resident_twice(
    app: Flask, wechat: WeChatHelper, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat
) -> None:
    chat = Chat(wechat, "o_worker")
    chat.fill_from_menu("mediation")  # 邻里 in 黄柏村: the village mediation committee
    done = chat.say("确认")
    case = wait_for(lambda: next((c for c in cases("o_worker") if c.acknowledged_at is not None), None))
    assert case.office is not None and case.office.name in done and case.number in done
    # the chat reply named the office routing chose, so no second "已登记" message follows
    assert wait_for(lambda: db.session.query(Outbox).filter(Outbox.done_at.is_(None)).count() == 0)
    assert fake_wechat.sent_texts("o_worker") == []


def test_resident_is_told_again_when_routing_differs_from_the_chat_reply(
    app: Flask, wechat: WeChatHelper, base_env: dict[str, str], tmp_root: Path, fake_wechat: FakeWeChat
) -> None:
    chat = Chat(wechat, "o_rerouted")
    chat.fill_from_menu("mediation")
    done = chat.say("确认")  # no worker yet: the job waits in Redis
    [case] = cases("o_rerouted")
    event = db.session.query(CaseEvent).filter_by(case_id=case.id, kind="created").one()
    told = db.session.get(Office, event.data["told_office_id"])
    assert told is not None and told.name in done
    # an admin changes the rules before the worker routes it: the resident hears of the new office
    other = db.session.query(Office).filter(Office.code == "sfs").one()
    db.session.add(RoutingRule(case_type="mediation", office_id=other.id, priority=1000))
    db.session.commit()
    with running_worker(base_env, tmp_root):
        ack = wait_for(lambda: [t for t in fake_wechat.sent_texts("o_rerouted") if case.number in t])
    assert other.name in ack[0] and told.name not in ack[0]


def test_a_request_that_speaks_of_violence_puts_safety_first(wechat: WeChatHelper) -> None:
    from handlers.intake.notices import SAFETY_FIRST

    reply = Chat(wechat, "o_violence").say("我男人天天打我，想找人调解一下")
    assert reply.startswith(SAFETY_FIRST) and "调解" in reply
    assert SAFETY_FIRST not in Chat(wechat, "o_calm").say("想找人调解一下和邻居的地界")
