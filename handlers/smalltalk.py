"""Thanks, "好的", goodbyes, "算了 / 取消" with nothing to cancel, and a row of emoji ("[微笑]",
"👍"): a resident closing a conversation gets a short polite word back, not "I'm not sure how to
answer" (and the message is not logged as an unanswered question).  "取消" had been searched as a
question and answered with the refund-scam entry ("取消会员扣费").

Only a whole message of such words matches: "谢谢，我还想问彩礼的事" is a question.  Active forms,
a pending rating and numbered choices come earlier in the registry, so "好的" there still answers
them.  ``name`` is ``help``: to ``bot explain`` this is the bot talking about itself.
"""

from __future__ import annotations

import re
import unicodedata
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts
from handlers.help import PARTICLE, PUNCT

_THANKS = (r"(谢谢了|谢谢|多谢|感谢|谢了|谢谢啦|谢谢哈|麻烦了|麻烦你们了|麻烦你了|麻烦您了|辛苦了|辛苦你们了|"
           r"辛苦|费心了|你们真好|你真好|好人一生平安|好人有好报)")
_ACK = (r"(好的|好|好嘞|好滴|好哒|行|要得|晓得了|知道了|明白了|明白|懂了|收到|嗯|嗯嗯|哦|噢|ok|okay|可以了|可以|是的|"
        r"确认|确定|没得事了|没事了|没有了)")
_BYE = r"(再见|拜拜|88|下次再问|先这样)"
_CLOSE = r"(取消|算了|不用了|不问了|不办了|不要了|不需要了|退出|没事|没得事|莫得事)"
"""Cancelling with no form open (an open form takes these first, handlers/intake/engine.py)."""
_CHAT = r"(哈哈+|呵呵+|嘿嘿+|吃了没|吃饭了没|吃了吗|吃饭没|吃了饭没|忙不忙|在忙啥)"
"""Laughing and everyday pleasantries: "吃了没" had got (words only) entries about livestock."""
_WHO = r"(你们|你|您|大家|同志|领导|老师)?"
_PART = rf"({_THANKS}{_WHO}|{_ACK}|{_BYE}|{_CLOSE}|{_WHO}{_CHAT}|{_WHO}{_THANKS})"
_WHOLE = re.compile(rf"^{PUNCT}{_PART}({PUNCT}{_PART})*{PUNCT}$", re.IGNORECASE)
_THANKED = re.compile(_THANKS)
_ONLY_PUNCT = re.compile(rf"^{PUNCT}$")
_PARTICLES = re.compile(rf"{PARTICLE}(?=[\s,，.。!！?？~～…]*$|[\s,，.。!！?？~～…])")
""""好嘛", "行吧", "晓得了哈", "谢谢了哈": a particle after the word (a second QA pass: logged as unanswered)."""
_EMOJI_CODE = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,6}\]")
"""WeChat's own emoji arrive as text in brackets: [微笑], [抱拳], [OK]."""
_JOINERS = frozenset("\u200d\ufe0f\ufe0e")


def without_emoji(text: str) -> str:
    """``text`` without WeChat's bracketed emoji and Unicode pictographs (and their joiners)."""
    text = _EMOJI_CODE.sub("", text)
    return "".join(c for c in text if c not in _JOINERS and unicodedata.category(c) not in ("So", "Sk"))


def is_small_talk(text: str) -> bool:
    """Thanks, acknowledgements, goodbyes, pleasantries or emoji, and nothing else."""
    if not text or len(text) > 30:
        return False
    plain = without_emoji(text)
    if plain != text and _ONLY_PUNCT.match(plain):
        return True
    return bool(_WHOLE.match(plain) or _WHOLE.match(_PARTICLES.sub("", plain)))


class SmallTalk:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return is_small_talk(ctx.message.text)

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.YOU_ARE_WELCOME if _THANKED.search(ctx.message.text or "") else texts.OK_ANYTHING_ELSE)
