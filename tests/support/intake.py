"""Helpers for the intake, status and rating tests: a resident chatting through the real webhook."""

from __future__ import annotations

from typing import Any

from bot.cases.models import Case
from bot.extensions import db
from tests.conftest import WeChatHelper

# Answers that walk each form from its menu button to the summary (village 1 = 黄柏村).
MENU_ANSWERS: dict[str, tuple[str, list[str]]] = {
    "consultation": ("MENU_CONSULT", ["儿子不给赡养费，我该怎么办", "同意", "1", "13812345678"]),
    "complaint": ("MENU_COMPLAINT", ["村里收卫生费每户两百，没有收据", "同意", "石桥村", "138 1234 5678"]),
    "mediation": (
        "MENU_MEDIATION",
        ["邻居把排水沟堵了，水流到我家院子", "同意", "隔壁王大爷", "1", "1", "13812345678"],
    ),
    "clue": ("MENU_CLUE", ["场口弯道的护栏被车撞坏了", "3", "匿名"]),
    "suggestion": ("MENU_SUGGESTION", ["希望村口加一盏路灯，晚上太黑了", "不留"]),
}


class Chat:
    """One resident's side of the conversation; every call returns the bot's reply text."""

    def __init__(self, wechat: WeChatHelper, openid: str = "o_resident_1") -> None:
        self.wechat, self.openid = wechat, openid

    def say(self, text: str, **kw: Any) -> str:
        reply = self.wechat.text(text, self.openid, **kw)
        assert reply, f"no reply to {text!r}"
        return reply

    def click(self, key: str) -> str:
        reply = self.wechat.click(key, self.openid)
        assert reply, f"no reply to click {key}"
        return reply

    def photo(self, media_id: str = "photo-1") -> str:
        reply = self.wechat.send("image", self.openid, url=f"http://img.example/{media_id}.jpg", media_id=media_id)
        assert reply
        return str(reply["Content"])

    def voice(self, recognition: str = "", media_id: str = "voice-1") -> str:
        reply = self.wechat.send("voice", self.openid, media_id=media_id, format="amr", recognition=recognition)
        assert reply
        return str(reply["Content"])

    def location(self, label: str = "黄柏场口弯道") -> str:
        reply = self.wechat.send("location", self.openid, latitude="30.1", longitude="104.2", scale="15", label=label)
        assert reply
        return str(reply["Content"])

    def finish(self, reply: str, anonymous: bool = False) -> str:
        """Answer whatever the form asks (known by its question's words) up to the summary, then confirm."""
        consent = "匿名" if anonymous else "同意"
        answers = (("回复“同意”", consent), ("什么关系", "1"), ("对方是谁", "隔壁王大爷"), ("数字或村名", "1"),
                   ("手机号", "13812345678"))
        for _ in range(10):
            if "回复“确认”提交" in reply:
                return self.say("确认")
            answer = next((a for words, a in answers if words in reply), "事情是这样的：邻居占了我家的路")
            reply = self.say("同意" if answer == "匿名" and "“匿名”" not in reply else answer)
        raise AssertionError(f"form did not reach the summary: {reply}")

    def fill_from_menu(self, case_type: str) -> str:
        """Walk a form from its menu button to the summary; returns the summary."""
        key, answers = MENU_ANSWERS[case_type]
        reply = self.click(key)
        for answer in answers:
            reply = self.say(answer)
        assert "确认" in reply, reply
        return reply


def cases(openid: str | None = None) -> list[Case]:
    db.session.expire_all()
    query = db.session.query(Case)
    if openid is not None:
        query = query.filter_by(openid=openid)
    return list(query.order_by(Case.id))
