"""Moving around a form: 取消, 上一步, 重填, wrong answers, switching forms, timeouts, restarts."""

from __future__ import annotations

import time

import pytest
import redis
from flask import Flask

from bot import config, create_app
from tests.conftest import WeChatHelper
from tests.support.intake import Chat, cases
from tests.test_cases_fixtures import seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")


def _session(redis_conn: redis.Redis, openid: str) -> bytes | None:
    value: bytes | None = redis_conn.get(f"session:resident:{openid}")
    return value


def test_cancel_at_any_step_drops_the_form(wechat: WeChatHelper, redis_conn: redis.Redis) -> None:
    chat = Chat(wechat, "o_cancel")
    chat.click("MENU_COMPLAINT")
    chat.say("村里收卫生费每户两百，没有收据")
    assert "已取消" in chat.say("取消")
    assert b"intake" not in (_session(redis_conn, "o_cancel") or b"")
    assert "同意" not in chat.say("同意")  # no longer read as a form answer
    assert cases("o_cancel") == []


@pytest.mark.parametrize("reply", ["算了不办了", "不办了谢谢", "我不想办了", "不要了嘛", "算了算了", "取消了",
                                   "不用了谢谢", "没事了", "以后再说吧"])
def test_cancel_said_the_way_residents_say_it(wechat: WeChatHelper, redis_conn: redis.Redis, reply: str) -> None:
    chat = Chat(wechat, "o_cancel_words")
    chat.click("MENU_COMPLAINT")
    assert "已取消" in chat.say(reply)  # at the description step: not saved as the complaint
    assert b"intake" not in (_session(redis_conn, "o_cancel_words") or b"")


@pytest.mark.parametrize("yes", ["好嘛", "要得嘛", "可以嘛", "同意嘛", "嗯嗯", "对头", "没得问题嘛"])
def test_consent_and_confirmation_said_the_way_residents_say_it(wechat: WeChatHelper, yes: str) -> None:
    chat = Chat(wechat, "o_yes")
    chat.click("MENU_CONSULT")
    chat.say("儿子不给赡养费，我该怎么办")
    assert "村（社区）" in chat.say(yes)  # consent given: the next step
    chat.say("1")
    assert "确认" in chat.say("13812345678")  # the summary
    chat.say(yes)
    [case] = cases("o_yes")
    assert case.phone == "13812345678"


def test_a_refusal_with_a_particle_is_still_a_refusal(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_no")
    chat.click("MENU_CONSULT")
    chat.say("儿子不给赡养费，我该怎么办")
    assert "村（社区）" not in chat.say("不同意嘛")
    assert cases("o_no") == []


def test_asking_for_a_person_mid_form_is_told_the_form_reaches_one(wechat: WeChatHelper) -> None:
    from handlers.intake.notices import PERSON_AFTER_SUBMIT

    chat = Chat(wechat, "o_person")
    chat.click("MENU_CONSULT")
    chat.say("儿子不给赡养费，我该怎么办")
    reply = chat.say("人工")
    assert reply.startswith(PERSON_AFTER_SUBMIT) and "同意" in reply  # and the consent step again
    assert "村（社区）" in chat.say("同意")


def test_back_goes_one_answer_back_and_can_change_it(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_back")
    assert "已经是第一步" in (chat.click("MENU_CONSULT") and chat.say("上一步"))
    chat.say("儿子不给赡养费，我该怎么办")
    chat.say("同意")
    chat.say("1")  # 黄柏村
    assert "村（社区）" in chat.say("上一步")  # the village is asked again
    chat.say("2")  # 石桥村
    summary = chat.say("13812345678")
    assert "石桥村" in summary
    assert "手机号" in chat.say("上一步")  # from the summary, back to the phone
    assert "13912345678"[-4:] in chat.say("13912345678")
    chat.say("确认")
    [case] = cases("o_back")
    assert case.village is not None and case.village.name == "石桥村" and case.phone == "13912345678"


def test_back_over_consent_can_switch_a_clue_to_anonymous(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_back_anon")
    chat.click("MENU_CLUE")
    chat.say("场口弯道的护栏被车撞坏了")
    chat.say("1")
    assert "手机号" in chat.say("同意")
    assert "个人信息" in chat.say("上一步")
    summary = chat.say("匿名")
    assert "匿名" in summary
    chat.say("确认")
    assert cases("o_back_anon")[0].phone is None


def test_restart_clears_the_answers(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_restart")
    chat.click("MENU_SUGGESTION")
    chat.say("希望村口加一盏路灯，晚上太黑了")
    reply = chat.say("重填")
    assert "从头" in reply and "第1步" in reply and "意见或建议" in reply and "已放弃" not in reply  # not "switched"
    chat.say("建议赶场天多派人管一下停车")
    summary = chat.say("不留")
    assert "停车" in summary and "路灯" not in summary


def _at_the_phone_step(wechat: WeChatHelper, openid: str) -> Chat:
    """A consultation walked up to its phone step."""
    chat = Chat(wechat, openid)
    chat.click("MENU_CONSULT")
    for answer in ("儿子不给赡养费，我该怎么办", "同意", "1"):
        chat.say(answer)
    return chat


def test_wrong_phone_is_asked_again_politely(wechat: WeChatHelper) -> None:
    chat = _at_the_phone_step(wechat, "o_phone")
    for wrong in ("12345", "23812345678"):
        reply = chat.say(wrong)
        assert "11位手机号" in reply and "取消" in reply
    assert "138****5678" in chat.say("138 1234 5678")


def test_a_resident_without_a_mobile_can_still_finish(wechat: WeChatHelper) -> None:
    """A third QA pass: a landline or "没得手机" could only end in 取消, losing what was said."""
    chat = _at_the_phone_step(wechat, "o_landline")
    assert "区号" in chat.say("我没得手机 只有座机")
    assert "*******1148" in chat.say("0838-6201148")
    assert "方便工作人员联系您" in chat.say("上一步")
    summary = chat.say("我没得手机")
    assert "微信里回复您" in summary
    reply = chat.say("确认")
    [case] = cases("o_landline")
    assert case.number in reply and case.phone is None


def test_short_description_is_asked_again(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_short")
    chat.click("MENU_COMPLAINT")
    assert "再多说几句" in chat.say("乱收费")
    assert "个人信息" in chat.say("村里乱收费，每户两百")


def test_declining_consent_ends_the_form_with_another_way(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_decline")
    chat.click("MENU_MEDIATION")
    chat.say("邻居把排水沟堵了，水流到我家院子")
    reply = chat.say("不同意")
    assert "当面办理" in reply and "12348" in reply
    assert cases("o_decline") == []


def test_another_menu_button_switches_forms_and_says_so(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_switch")
    chat.click("MENU_COMPLAINT")
    chat.say("村里收卫生费每户两百，没有收据")
    reply = chat.click("MENU_MEDIATION")
    assert "投诉已放弃" in reply and "调解" in reply


def test_changing_ones_mind_in_words_switches_forms_and_keeps_the_account(wechat: WeChatHelper) -> None:
    """A third QA pass: "我不想投诉了我想找人调解" at the privacy notice got "请回复同意"."""
    chat = Chat(wechat, "o_mind")
    chat.click("MENU_COMPLAINT")
    chat.say("二叔的儿子占了我家老房子，还把猪圈拆了")
    reply = chat.say("我不想投诉了，我想找人调解")
    assert "投诉已放弃" in reply and "申请调解" in reply and "老房子" in reply
    assert "同意请回复" in reply  # the account is kept: on to the privacy notice
    assert "对方是谁" in chat.say("同意")


def test_same_button_again_carries_on_with_the_answers(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_again")
    chat.click("MENU_COMPLAINT")
    chat.say("村里收卫生费每户两百，没有收据")
    # A later click (events are de-duplicated by second, so not within the same one).
    reply = wechat.send("event", "o_again", event="CLICK", key="MENU_COMPLAINT", create_time=int(time.time()) + 5)
    assert reply is not None
    reply = reply["Content"]
    assert "接着填" in reply and "个人信息" in reply and "已放弃" not in reply


def test_status_button_during_a_form_keeps_the_form(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_peek")
    chat.click("MENU_CONSULT")
    chat.say("儿子不给赡养费，我该怎么办")
    assert "还没有提交过" in chat.click("MENU_STATUS")
    assert "村（社区）" in chat.say("同意")  # the form carries on where it was


@pytest.mark.config(SESSION_TTL=1)
def test_timed_out_form_is_announced_then_the_message_handled(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_timeout")
    chat.click("MENU_COMPLAINT")
    time.sleep(1.5)  # the session (TTL 1 s) expires; the marker and the draft live on
    reply = chat.say("我要投诉")
    assert reply.startswith("您上次填写的投诉还没提交") and "继续" in reply
    assert "第1步" in reply  # … and the new request is handled normally


def test_a_timed_out_form_is_kept_and_picked_up_where_it_was(wechat: WeChatHelper, redis_conn: redis.Redis) -> None:
    """A third QA pass: a resident who went to find a phone number came back to find nothing kept."""
    chat = Chat(wechat, "o_expired")
    chat.click("MENU_MEDIATION")
    chat.say("邻居把排水沟堵了，水流到我家院子")
    redis_conn.delete("session:resident:o_expired")  # as if SESSION_TTL had passed
    reply = chat.say("同意")  # an answer on its own: show where the form was
    assert "接着填您的调解申请" in reply and "同意请回复" in reply
    assert "对方是谁" in chat.say("同意")
    redis_conn.delete("session:resident:o_expired")
    reply = chat.say("帮助")  # something else: told once that the draft is kept, then handled
    assert "还没提交" in reply and "继续" in reply and "查法条" in reply
    assert "还没提交" not in chat.say("帮助")
    assert "对方是谁" in chat.say("继续")
    assert "提交成功" in chat.finish(chat.say("隔壁王大爷"))
    [case] = cases("o_expired")
    assert "排水沟" in case.description


def test_restart_after_a_timeout_starts_the_same_form_afresh(wechat: WeChatHelper, redis_conn: redis.Redis) -> None:
    chat = Chat(wechat, "o_restart_late")
    chat.click("MENU_CLUE")
    redis_conn.delete("session:resident:o_restart_late")
    reply = chat.say("重填")
    assert "超时" in reply and "线索" in reply and "第1步" in reply


def test_a_form_survives_a_web_process_restart(
        app: Flask, wechat: WeChatHelper, base_env: dict[str, str]) -> None:
    chat = Chat(wechat, "o_restart_proc")
    chat.click("MENU_COMPLAINT")
    chat.say("村里收卫生费每户两百，没有收据")
    chat.say("同意")
    fresh = create_app(config.TestConfig(base_env))  # a new process: nothing shared but Redis and the database
    with fresh.app_context():
        again = Chat(WeChatHelper(fresh.test_client()), "o_restart_proc")
        assert "手机号" in again.say("1")
        assert "确认" in again.say("13812345678")
        assert "提交成功" in again.say("确认")
    assert len(cases("o_restart_proc")) == 1


@pytest.mark.parametrize("reply", ["不用了", "我要匿名", "电话就不留了", "保密"])
def test_where_the_phone_is_optional_no_thanks_means_anonymous_not_cancel(wechat: WeChatHelper, reply: str) -> None:
    chat = Chat(wechat, "o_anon_words")
    chat.click("MENU_CLUE")
    chat.say("场口弯道的护栏被车撞坏了")
    chat.say("3")  # the village
    summary = chat.say(reply)
    assert "匿名" in summary and "确认" in summary
