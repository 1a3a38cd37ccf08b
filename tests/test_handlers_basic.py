"""Foundation handlers: welcome, unfollow, voice, media, help, fallback, errors."""

from __future__ import annotations

from flask import Flask

from bot.dispatch import APOLOGY, Context, Reply
from bot.extensions import db
from bot.models import MediaItem, Resident
from tests.conftest import WeChatHelper


def test_subscribe_welcomes_with_menu_words(wechat: WeChatHelper) -> None:
    text = wechat.event("subscribe", "o_new")
    assert text and "欢迎关注" in text and "我要投诉" in text and "办理进度" in text
    assert "1. " not in text  # a numbered welcome had residents reply "1", which opens nothing
    resident = db.session.query(Resident).filter_by(openid="o_new").one()
    assert resident.subscribed


def test_unsubscribe_marks_resident_and_sends_nothing(wechat: WeChatHelper) -> None:
    wechat.event("subscribe", "o_bye")
    assert wechat.event("unsubscribe", "o_bye") is None
    db.session.expire_all()
    assert db.session.query(Resident).filter_by(openid="o_bye").one().subscribed is False


def test_voice_with_recognition_is_treated_as_text(wechat: WeChatHelper) -> None:
    reply = wechat.send("voice", "o_v", media_id="m1", format="amr", recognition="帮助")
    assert reply and "查法条" in reply["Content"]


def test_voice_without_recognition_asks_to_type(wechat: WeChatHelper) -> None:
    reply = wechat.send("voice", "o_v", media_id="m2", format="amr")
    assert reply and "文字" in reply["Content"]


def test_image_and_location_are_kept_and_acknowledged(wechat: WeChatHelper) -> None:
    assert "照片收到了" in wechat.send("image", "o_m", url="http://x/p.jpg", media_id="img1")["Content"]  # type: ignore[index]
    assert "位置收到了" in wechat.send("location", "o_m", latitude="30.1", longitude="104.2", scale="15",
                                      label="场口弯道")["Content"]  # type: ignore[index]
    kinds = sorted(m.kind for m in db.session.query(MediaItem).filter_by(openid="o_m"))
    assert kinds == ["image", "location"]


def test_unknown_text_gets_fallback_offering_a_person(wechat: WeChatHelper) -> None:
    text = wechat.text("zzzz qqqq")
    assert text and "人工" in text


def test_menu_faq_click(wechat: WeChatHelper) -> None:
    assert "直接把您的问题" in (wechat.click("MENU_FAQ") or "")


def test_unknown_message_kind_gets_short_help(wechat: WeChatHelper) -> None:
    xml = ("<xml><ToUserName><![CDATA[gh]]></ToUserName><FromUserName><![CDATA[o_u]]></FromUserName>"
           "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[miniprogrampage]]></MsgType>"
           "<Title><![CDATA[t]]></Title><MsgId>99</MsgId></xml>")
    reply = wechat.post_xml(xml)
    assert reply and "看不懂" in reply["Content"]


class _Boom:
    name = "boom"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.text == "boom"

    def handle(self, ctx: Context) -> Reply:
        raise RuntimeError("handler bug")


def test_handler_exception_becomes_polite_apology(app: Flask, wechat: WeChatHelper) -> None:
    app.extensions["fazhi.registry"].handlers.insert(0, _Boom())
    assert wechat.text("boom") == APOLOGY
    assert wechat.last_status == 200
