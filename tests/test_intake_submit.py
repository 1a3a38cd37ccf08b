"""Submitting: one case however often "确认" is delivered, nothing written in a dry run, and the
FAQ's "人工" handoff turning the unanswered question into a consultation."""

from __future__ import annotations

import threading
import time

import pytest
import redis
from flask import Flask

from bot.cases.models import Case, Outbox
from bot.explain import explain
from bot.extensions import db
from bot.inbox import make_context
from bot.messages import Inbound
from bot.models import MediaItem, SessionSnapshot
from tests.conftest import WeChatHelper
from tests.support.intake import Chat, cases
from tests.test_cases_fixtures import seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("seeded")
DEAD_REDIS = "redis://127.0.0.1:1/0"


def _deliver_concurrently(app: Flask, openid: str, text: str, copies: int = 3) -> list[str]:
    """WeChat's retries: the identical signed request (same MsgId) posted from separate clients at once."""
    sim = WeChatHelper(app.test_client()).sim
    signed = sim.sign(sim.build_xml("text", openid, create_time=int(time.time()), msg_id=990001, text=text))
    replies: list[str] = [""] * copies
    errors: list[Exception] = []
    barrier = threading.Barrier(copies)

    def post(i: int) -> None:
        try:
            client = app.test_client()
            barrier.wait()
            res = client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
            reply = sim.read_reply(res.data, encrypted=True)
            replies[i] = reply["Content"] if reply else ""
        except Exception as exc:  # noqa: BLE001 - surfaced by the assert below
            errors.append(exc)

    threads = [threading.Thread(target=post, args=(i,)) for i in range(copies)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return replies


def test_three_concurrent_deliveries_of_confirm_make_one_case(app: Flask, wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_triple")
    chat.fill_from_menu("complaint")
    replies = _deliver_concurrently(app, "o_triple", "确认")
    [case] = cases("o_triple")
    assert replies[0] and "提交成功" in replies[0] and case.number in replies[0]
    assert replies == [replies[0]] * 3


@pytest.mark.config(REDIS_URL=DEAD_REDIS)
def test_with_redis_down_repeated_confirm_still_makes_one_case(app: Flask, wechat: WeChatHelper) -> None:
    """No dedup in Redis: the idempotency key (and the session's record of it) carry the guarantee."""
    chat = Chat(wechat, "o_noredis")
    chat.fill_from_menu("consultation")
    sim = wechat.sim
    xml = sim.build_xml("text", "o_noredis", create_time=int(time.time()), msg_id=990002, text="确认")
    first, again = wechat.post_xml(xml), wechat.post_xml(xml)
    [case] = cases("o_noredis")
    assert first and again and first["Content"] == again["Content"] and case.number in first["Content"]
    assert "不用再确认" in chat.say("确认")  # the resident's own second "确认"
    assert len(cases("o_noredis")) == 1


def test_dry_run_confirm_decides_and_replies_but_writes_nothing(app: Flask, wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_dry")
    chat.fill_from_menu("mediation")
    outbox_before = db.session.query(Outbox).count()
    message = Inbound(openid="o_dry", account="gh", kind="text", create_time=int(time.time()), msg_id="dry-1",
                      text="确认")
    ctx = make_context(app, message)
    ctx.meta["dry_run"] = True
    reply = app.extensions["fazhi.registry"].dispatch(ctx)
    assert ctx.handler_name == "mediation"
    assert reply.text and "演示" in reply.text and "黄柏村人民调解委员会" in reply.text and "内有人接手" in reply.text
    assert cases("o_dry") == [] and db.session.query(Outbox).count() == outbox_before
    assert app.task_queue.count == 0  # type: ignore[attr-defined]


def test_dry_run_photo_keeps_nothing(app: Flask, wechat: WeChatHelper) -> None:
    Chat(wechat, "o_dry_photo").click("MENU_CLUE")
    message = Inbound(openid="o_dry_photo", account="gh", kind="image", create_time=int(time.time()),
                      msg_id="dry-2", media_id="m-dry", url="http://img.example/x.jpg")
    ctx = make_context(app, message)
    ctx.meta["dry_run"] = True
    reply = app.extensions["fazhi.registry"].dispatch(ctx)
    assert reply.text and "照片收到了" in reply.text
    assert db.session.query(MediaItem).count() == 0


def test_explain_names_the_form_and_leaves_no_trace(app: Flask, redis_conn: redis.Redis) -> None:
    snapshots = db.session.query(SessionSnapshot).count()
    result = explain(app, "我要投诉村里乱收费，每户要交两百")
    assert result["handler"] == "complaint" and "已记下您说的" in str(result["reply"])
    assert list(redis_conn.scan_iter("session:intake-open:*")) == []
    assert db.session.query(SessionSnapshot).count() == snapshots
    assert db.session.query(Case).count() == 0


def test_handoff_from_the_faq_uses_the_question_as_the_description(app: Flask, wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_handoff")
    question = "我家猫昨天晚上跑丢了，附近谁能帮我找一下"
    assert "人工" in chat.say(question)
    reply = chat.say("转人工")
    assert "法律问题" in reply and question[:10] in reply and "第2步" in reply
    chat.say("同意")
    chat.say("柳溪村")
    chat.say("13812345678")
    assert "提交成功" in chat.say("确认")
    [case] = cases("o_handoff")
    assert case.case_type == "consultation" and case.description == question


def test_a_report_word_after_the_faq_could_not_answer_takes_that_message(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_report_after")
    told = "村里修的健身器材坏了，老年人天天在那里锻炼，怕伤到人"
    assert "反映情况" in chat.say(told)
    reply = chat.say("反映情况")
    assert "登记线索" in reply and f"已记下您说的：“{told}”" in reply and "第2步" in reply


def test_a_report_word_on_its_own_still_asks_what_happened(wechat: WeChatHelper) -> None:
    reply = Chat(wechat, "o_report_plain").say("反映情况")
    assert "第1步" in reply and "请说说是什么情况" in reply


def test_handoff_without_a_question_asks_for_one(wechat: WeChatHelper) -> None:
    reply = Chat(wechat, "o_handoff_plain").say("人工")
    assert "第1步" in reply and "想问什么事" in reply


@pytest.mark.config(REDIS_URL=DEAD_REDIS)
def test_with_redis_down_concurrent_confirms_make_one_case(app: Flask, wechat: WeChatHelper) -> None:
    """All three read the form from the database copy before any has finished: only the
    idempotency key on the case keeps it to one."""
    Chat(wechat, "o_noredis_3").fill_from_menu("suggestion")
    replies = _deliver_concurrently(app, "o_noredis_3", "确认")
    [case] = cases("o_noredis_3")
    assert replies == [replies[0]] * 3 and case.number in replies[0]


def test_after_a_submission_ok_and_thanks_are_not_a_second_confirmation(wechat: WeChatHelper) -> None:
    """"好了" ends adding material even right after the form was sent; "好的谢谢" is small talk (a third QA pass:
    both were told "不用再确认", and the questions after "好了" went on into the case)."""
    chat = Chat(wechat, "o_after")
    chat.fill_from_menu("clue")
    chat.say("确认")
    [case] = cases("o_after")
    assert case.number in chat.say("补充")
    assert "已补充到" in chat.say("路灯旁边的电线也垂下来了")
    assert "不用再确认" not in (done := chat.say("好了")) and "已转给" in done
    assert "已补充到" not in chat.say("彩礼能退不")
    assert "不用再确认" not in chat.say("好的谢谢")
    assert "不用再确认" in chat.say("确认")  # an explicit second confirmation is still told
