"""Thanks, "好的", goodbyes: a resident closing a conversation politely gets a polite word back,
not "I'm not sure how to answer" (and the message is not logged as an unanswered question).

Only a whole message of such words matches: "谢谢，我还想问彩礼的事" is a question.  Active forms,
a pending rating and numbered choices come earlier in the registry, so "好的" there still answers
them.  ``name`` is ``help``: to ``bot explain`` this is the bot talking about itself.
"""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply
from handlers import texts
from handlers.help import PUNCT

_THANKS = r"(谢谢|多谢|感谢|谢了|谢谢啦|谢谢哈|麻烦了|麻烦你们了|辛苦了|辛苦你们了|辛苦|费心了)"
_ACK = r"(好的|好|好嘞|行|要得|晓得了|知道了|明白了|懂了|收到|嗯|嗯嗯|哦|噢|ok|okay|可以了|没得事了|没事了|没有了)"
_BYE = r"(再见|拜拜|88|下次再问|先这样)"
_WHO = r"(你们|你|您|大家|同志|领导|老师)?"
_PART = rf"({_THANKS}{_WHO}|{_ACK}|{_BYE}|{_WHO}{_THANKS})"
_WHOLE = re.compile(rf"^{PUNCT}{_PART}({PUNCT}{_PART})*{PUNCT}$", re.IGNORECASE)
_THANKED = re.compile(_THANKS)


class SmallTalk:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        text = ctx.message.text
        return bool(text) and len(text) <= 30 and bool(_WHOLE.match(text or ""))

    def handle(self, ctx: Context) -> Reply:
        return Reply(texts.YOU_ARE_WELCOME if _THANKED.search(ctx.message.text or "") else texts.OK_ANYTHING_ELSE)
