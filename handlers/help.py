"""Help and the last-resort fallback, so the bot always says something useful."""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts

GREET = r"(喂|你好|您好|你们好|在吗|在不在|有人吗|有没得人|有没有人|早上好|上午好|中午好|下午好|晚上好|早安|hi|hello)"
"""A greeting, alone or in a row ("你好，在不在"); also what may open an announced question (opener)."""
PUNCT = r"[\s,，.。!！?？~～…、:：😊🙏👍]*"
"""Punctuation, spaces and the emoji residents add, between and around whole-message words."""
PARTICLE = "[嘛吧哈哦噻啊呀呢咯喽哟嘞哇]"
"""A sentence-final particle residents add to a one-word reply: 好嘛, 行吧, 要得哈, 还可以吧."""
_HELP_WORDS = re.compile(
    rf"^\s*(帮助|菜单|help|功能|怎么用|{GREET}({PUNCT}{GREET})*){PUNCT}$|^[\s,，.。!！?？~～…、:：;；·-]+$",
    re.IGNORECASE,
)
"""Help words and greetings, or punctuation alone ("？", "。。。": a resident unsure what to send)."""
_WHO_ASK = re.compile(
    r"^\s*(你|您|你们)?(是谁|是哪个|是哪位|是不是机器人|是机器人吗?|是不是真人|是真人吗?|是人还是机器人?|是不是人工|"
    r"是人工吗?|能做什么|能干什么|能干啥|会做什么|会干啥|有什么用|叫什么名字|叫啥子?名字|叫啥|名字叫啥子?|"
    r"是机器人还是真人|是真人还是机器人?|是哪个单位的?|是哪里的|是政府的吗?|是哪个部门的?)"
    r"(啊|呀|哦|嘛)?[\s?？!！。.]*$"
)
"""Asking who or what answers: "你是机器人吗" had got "not sure"."""
_CANT_READ = re.compile(
    r"^\s*(你|您)?(说|讲|发|写)?的?(我|我们)?(看不懂|看不明白|没看懂|没看明白|听不懂|不懂|搞不懂|不明白)(哦|啊|呀|嘛)?[\s?？!！。.]*$|"
    r"^\s*(好长|太长了?|字太多了?)(哦|啊|呀|嘛)?.{0,4}(看不懂|看不完)?[\s?？!！。.]*$"
)
"""The last answer was too hard: "你说的我看不懂" had been answered with who interprets the constitution."""
_CANT_TYPE = re.compile(r"^\s*(我)?(不会|不晓得咋个|不知道怎么|打不来)(打字|写字|拼音)(哦|啊|呀|嘛)?[\s?？!！。.，,]*$")


class Help:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        text = ctx.message.text
        return bool(text) and any(p.match(text) for p in (_HELP_WORDS, _WHO_ASK, _CANT_READ, _CANT_TYPE))

    def handle(self, ctx: Context) -> Reply:
        text = ctx.message.text or ""
        if _WHO_ASK.match(text):
            return Reply(texts.who_am_i(ctx.app.config["TOWNSHIP_NAME"]))
        if _CANT_READ.match(text):
            return Reply(texts.CANT_READ)
        if _CANT_TYPE.match(text):
            return Reply(texts.CANT_TYPE)
        return Reply(texts.HELP)


class Fallback:
    """Matches everything: text we could not place, and message kinds we do not understand."""

    name: ClassVar[str] = "fallback"

    def matches(self, ctx: Context) -> bool:
        return True

    def handle(self, ctx: Context) -> Reply:
        if ctx.message.kind == "event":
            # A menu key nobody handles yet still deserves directions; other events need no answer.
            return Reply(texts.HELP if ctx.message.event == "click" else None)
        if ctx.message.text:
            return Reply(texts.NOT_UNDERSTOOD)
        return Reply(texts.UNSUPPORTED_KIND)
