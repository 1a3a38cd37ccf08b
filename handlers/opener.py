"""A message that only announces a question ("我想问个事", "请问一下", "你好，有个法律问题想咨询"):
the resident is asked to go ahead.

Residents, elderly ones especially, often open with such a line and wait.  Searched as a
question it got "抱歉，这个问题我没有把握答准" (nothing was asked yet) or, worse, an entry's
answer ("我有个事想问问" matched the 12348 hotline entry), and it was logged for editors as an
unanswered question.  Only a whole message of greetings and announcement words matches: any
topic in it ("我想问个离婚的事") leaves it to the FAQ.  ``name`` is ``help``: to ``bot explain``
this is the bot talking about itself.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts
from handlers.help import GREET, PUNCT

_GREETING = (rf"({GREET}|同志|领导|老师|师傅|小同志|打扰(一下|了)?|麻烦(一下|你|您)?|那个|就是|嗯|呃|额|"
             r"我是.{1,8}?(村|社区|组|场镇|街上)的?(人|村民|居民)?)")
"""What may come before the announcement: greetings, forms of address, voice-input fillers, and
saying where one is from ("你好我是石桥村的想问个事情")."""
_I = r"(我|我们|我这|我这里|我这边|俺)?"
_WANT = r"(想|要|想要|能|可以|有)?"
_ASK = r"(问|问问|请问|咨询|请教|打听|了解)"
_YOU = r"(你们|你|您)?"
_SOME = r"(一下|一哈|下|个|一个|点|几个|点儿|哈子|哈)?"
_THING = r"(法律|法律上的|法律方面的|法律上|法律方面)?(问题|事|事情|事儿|情况)?"
_HAVE = r"(有|有个|有一个|有件|有点|有些)(法律|法律上的|法律方面的)?(问题|事|事情|事儿)"
_ANNOUNCE = (
    rf"({_I}{_WANT}{_ASK}{_YOU}{_SOME}{_THING}{_SOME}"  # 我想问个事, 请问一下, 想咨询点法律问题
    rf"|{_I}{_HAVE}{_WANT}({_ASK}{_SOME}|要{_ASK}{_SOME})?"  # 我有个问题, 我有个事想问问
    rf"|{_ASK}{_SOME}{_I}{_HAVE})"  # 请问一下我有个事
    r"(吗|可以吗|行吗|行不行|方便吗)?"
)
_WHOLE = re.compile(rf"^{PUNCT}({_GREETING}{PUNCT})*{_ANNOUNCE}{PUNCT}(呢|哈|嘛|啊|呀)?{PUNCT}$")
MAX_LEN = 30


def announces_a_question(text: str) -> bool:
    """Is the whole message a greeting and "I have a question", with nothing asked yet?"""
    t = unicodedata.normalize("NFKC", text or "").strip()
    return 0 < len(t) <= MAX_LEN and bool(_WHOLE.match(t))


class Opener:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind in {"text", "voice"} and announces_a_question(ctx.message.text)

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.ASK_AWAY)
