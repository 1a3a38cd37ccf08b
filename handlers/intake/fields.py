"""One validator per form field: what to ask, how to read the answer, how to show it back.

Residents type on phones, speak through WeChat's speech recognition and often mix full-width
digits, spaces and dialect words; each field accepts the forgiving forms of its answer and, when
it cannot, says politely what it needs instead of failing the form. Fields are pure (no Flask,
no database); the fields that pick from a list are in :mod:`handlers.intake.choices`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.privacy import mask_phone
from handlers.help import PARTICLE
from handlers.intake import notices
from handlers.smalltalk import is_small_talk

# Punctuation and spaces a resident adds around a one-word answer ("同意。" "  3 ").
_NOISE = re.compile(r"[\s\u3000,，.。!！?？~～、;；:：\"'“”‘’()（）【】\[\]…·-]+")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九幺两", "0012345678912")


def squash(text: str) -> str:
    """NFKC (full-width → half-width), lower case, and no punctuation or spaces at all."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


_PARTICLES = re.compile(rf"{PARTICLE}+$")
_THANKS_TAIL = re.compile(r"(谢谢(你们|你|您)?|谢了|麻烦了|辛苦了)+$")


def word_of(text: str) -> str:
    """A one-word reply without what residents add around it: "要得嘛" -> 要得, "不办了谢谢" -> 不办了."""
    t = squash(text)
    for tail in (_THANKS_TAIL, _PARTICLES):
        t = tail.sub("", t) or t
    return t


@lru_cache(maxsize=32)
def _words_pattern(words: frozenset[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True))) + ")+")


def is_one_of(text: str, words: frozenset[str]) -> bool:
    """The whole reply is one of ``words``, perhaps said twice or two together ("算了算了", "算了不办了",
    "嗯嗯"), with particles or thanks around it: dialect replies the forms had asked again and again."""
    return bool(_words_pattern(words).fullmatch(word_of(text)))


def choice_number(text: str) -> int | None:
    """A list choice written as 3, ３, 三, 第三个, 3号, 选3 or 是第二个吧; None otherwise."""
    t = squash(text)
    t = re.sub(r"^(就是|是|我要看|要看|看|我选|选|就|我要|要)?(第)?", "", t)
    t = re.sub(rf"(个|号|项|条)?{PARTICLE}?$", "", t)
    if len(t) == 1 and t in "〇零一二三四五六七八九两":
        t = t.translate(_CN_DIGITS)
    if t == "十":
        return 10
    return int(t) if t.isdigit() and len(t) <= 3 else None


@dataclass(frozen=True)
class Answer:
    """What the resident sent at a step: text (typed, or WeChat's speech recognition) and its kind."""

    text: str
    kind: str = "text"

    @property
    def is_voice_only(self) -> bool:
        return self.kind == "voice" and not self.text.strip()


@dataclass(frozen=True)
class Outcome:
    """A field's verdict: a value to store, a polite re-ask, or a reason to end the form."""

    value: Any = None
    error: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # more values to store (e.g. category)
    stop: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.stop is None


class Field:
    """Base of all fields: ``key`` in the form values, ``label`` in the summary."""

    key: str = ""
    label: str = ""

    def prompt(self, values: Mapping[str, Any]) -> str:
        raise NotImplementedError

    def parse(self, answer: Answer) -> Outcome:
        raise NotImplementedError

    def show(self, value: Any) -> str:
        return str(value)


@dataclass
class DescriptionField(Field):
    """What happened / what the resident wants; at least ``min_chars`` meaningful characters.

    A voice message WeChat could not transcribe still counts: the recording is attached to the
    case, and for a resident who speaks only dialect that recording *is* the description.
    """

    ask: str
    key: str = "description"
    label: str = "事情经过"
    min_chars: int = 5
    max_chars: int = 1000

    def prompt(self, values: Mapping[str, Any]) -> str:
        return self.ask

    def parse(self, answer: Answer) -> Outcome:
        if answer.is_voice_only:
            return Outcome(notices.VOICE_DESCRIPTION)
        text = answer.text.strip()
        if len(substance(text, FILLERS)) < 2 or is_small_talk(text):  # "我要投诉一下", "好的谢谢你们"
            return Outcome(error=notices.DESCRIPTION_WHAT_HAPPENED.format(n=self.min_chars))
        if len(text) <= 30 and _WORRY.search(text) and _ASKS.search(text):  # "对方会不会晓得是我": answer it
            return Outcome(error=notices.KEPT_CONFIDENTIAL)
        if _WHO_ARE_YOU.match(text):
            return Outcome(error=notices.WHO_WE_ARE)
        if len(squash(text)) < self.min_chars:
            return Outcome(error=notices.DESCRIPTION_TOO_SHORT.format(n=self.min_chars))
        if len(text) > self.max_chars:
            return Outcome(error=notices.DESCRIPTION_TOO_LONG.format(n=self.max_chars))
        return Outcome(text)

    SHOWN = 120
    """A long account is shortened in the summary: the whole of it would pass WeChat's 2,048-byte
    limit for a reply (a third QA pass: a 960-character description was echoed whole)."""

    def show(self, value: Any) -> str:
        text = str(value)
        if len(text) <= self.SHOWN:
            return text
        return text[: self.SHOWN - 20] + notices.SHOWN_SHORTER.format(n=len(text))


_WORRY = re.compile(r"(晓得|知道|发现)(是)?我|保密|泄露|打击报复|报复|穿小鞋|找我麻烦|(电话|号码|名字)(给|告诉)")
"""A worry about being found out, asked instead of a description (a third QA pass: it became the case)."""
_ASKS = re.compile(r"[吗？?]|(要不要|收不收|要钱|多少钱|好多钱|咋个|怎么|啷个|能不能|可不可以|会不会)|不[嘛哦]?$")
"""A reply at a form step that asks something instead of answering it (a worry, "调解要钱不")."""
_WHO_ARE_YOU = re.compile(r"^(你们|你|您)(是)?(哪个|哪里|什么|啥子?)(单位|部门|地方)的?[吗嘛呢？?。.]*$")


def substance(text: str, fillers: re.Pattern[str]) -> str:
    """``text`` without request words and fillers: what is left describes the matter itself."""
    return fillers.sub("", squash(text))


# Words that ask for help rather than say what happened ("我想找人调解一下和邻居的事" → "邻居").
FILLERS = re.compile(
    r"(我们|我要|我想|我有|想要|想|要|请|麻烦|帮忙|帮我|帮|你们|工作人员|领导|找人|找个人|找|人工|"
    r"投诉|举报|反映|调解|咨询|建议|意见|提|一下|一哈|下子|个|一个|一件|情况|问题|线索|事情|事儿|事|"
    r"的|了|啊|呀|吧|嘛|哦|和|跟|与|同|处理|说说|说|问问|问|给|能不能|可以|能|关于)"
)


@dataclass
class ConsentField(Field):
    """The privacy notice and the resident's answer to it.

    ``collects`` names the personal details the notice covers. ``optional`` forms (clues,
    suggestions) can go on without contact details: "匿名"/"不留" (and a plain "不同意") mean no
    phone is collected. For the others, declining ends the form with directions to be served in
    person instead.
    """

    collects: str
    optional: bool = False
    key: str = "consent"
    label: str = "个人信息"

    def prompt(self, values: Mapping[str, Any]) -> str:
        from flask import current_app

        cfg = current_app.config
        notice = notices.NOTICE.format(township=cfg.get("TOWNSHIP_NAME", ""), collects=self.collects,
                                       years=cfg.get("CASE_RETENTION_YEARS", 3))
        return notice + (notices.CONSENT_OPTIONAL if self.optional else notices.CONSENT_REQUIRED)

    _YES = frozenset({"同意", "我同意", "同意的", "同意了", "愿意", "可以", "可以的", "好", "好的", "行", "行的",
                      "要得", "是", "是的", "嗯", "ok", "yes", "没问题", "没得问题", "没有问题", "确认", "晓得了",
                      "知道了", "对", "对头", "中"})
    _NO = frozenset({"不同意", "不愿意", "不要", "不", "不行", "拒绝", "不好"})
    _ANON = re.compile(r"^(匿名|不留|不想留|不用留|不留电话|不留名|不方便留?|不用|不需要|不要回电话?|不用回电话?)|"
                       r"匿名|不留|别留|保密|不要电话|不必|(没得|没有)电话|电话就算了|不愿意留")

    def parse(self, answer: Answer) -> Outcome:
        t = squash(answer.text)
        if is_one_of(t, self._YES):
            return Outcome("yes")
        if self.optional and (self._ANON.search(t) or is_one_of(t, self._NO)):
            return Outcome("anonymous")
        if _WORRY.search(t):  # "你们会不会把我的电话给村主任": reassure, then ask again
            again = notices.CONSENT_AGAIN_OPTIONAL if self.optional else notices.CONSENT_AGAIN
            return Outcome(error=notices.NOT_PASSED_ON + again)
        if is_one_of(t, self._NO):
            return Outcome(stop=notices.CONSENT_DECLINED)
        return Outcome(error=notices.CONSENT_AGAIN_OPTIONAL if self.optional else notices.CONSENT_AGAIN)

    def show(self, value: Any) -> str:
        return "同意" if value == "yes" else "匿名（不留电话）"


_PHONE_SEPARATORS = re.compile(r"[\s\-－—–_.·()（）]")
_MOBILE = re.compile(r"(?<!\d)(?:0086|\+?86)?(1[3-9]\d{9})(?!\d)")


def normalise_phone(text: str) -> str | None:
    """The 11-digit mainland mobile number in ``text``, or None.

    Accepts full-width digits, spaces and dashes (138 1234-5678), a +86 prefix, spoken digits
    from speech recognition (幺三八…), and words around it (我的电话是…). Two different numbers
    are refused rather than guessed.
    """
    t = unicodedata.normalize("NFKC", text).translate(_CN_DIGITS)
    t = _PHONE_SEPARATORS.sub("", t)
    found = set(_MOBILE.findall(t))
    return found.pop() if len(found) == 1 else None


_LANDLINE = re.compile(r"(?<!\d)(0\d{2,3})(\d{7,8})(?!\d)")
_NO_PHONE = re.compile(r"(没得|没有|莫得|没)(手机|电话|号码)|(不晓得|不知道|记不(得|住|到))(号码|电话|手机号)?$|"
                       r"不会用手机|(不想|不愿意|不方便)留")


def normalise_landline(text: str) -> str | None:
    """A fixed-line number with its area code (0838-6201234), as "0838-6201234"; None otherwise."""
    t = _PHONE_SEPARATORS.sub("", unicodedata.normalize("NFKC", text).translate(_CN_DIGITS))
    found = {f"{a}-{b}" for a, b in _LANDLINE.findall(t)}
    return found.pop() if len(found) == 1 else None


@dataclass
class PhoneField(Field):
    """A number the office can call back: a mobile (1[3-9] and nine more digits) or a fixed line
    with its area code.  A resident with neither, or who does not know it, goes on without one:
    staff then answer in WeChat (a third QA pass: the form could only be cancelled, losing it)."""

    ask: str = notices.ASK_PHONE
    key: str = "phone"
    label: str = "联系电话"

    def prompt(self, values: Mapping[str, Any]) -> str:
        return self.ask

    def parse(self, answer: Answer) -> Outcome:
        phone = normalise_phone(answer.text) or normalise_landline(answer.text)
        if phone is not None:
            return Outcome(phone)
        if "座机" in answer.text:  # "我没得手机 只有座机": ask for it
            return Outcome(error=notices.ASK_LANDLINE)
        if _NO_PHONE.search(squash(answer.text)):
            return Outcome("")
        return Outcome(error=notices.PHONE_INVALID)

    def show(self, value: Any) -> str:
        return mask_phone(value) if value else notices.NO_PHONE_SHOWN


@dataclass
class OtherPartyField(Field):
    """Who the dispute is with: a name or just how the resident calls them (隔壁张大爷)."""

    key: str = "other_party"
    label: str = "对方"

    def prompt(self, values: Mapping[str, Any]) -> str:
        return notices.ASK_OTHER_PARTY

    _WHY = re.compile(r"(为什么|为啥|做啥|干啥|干什么|干嘛|凭什么).{0,6}(问|说|要|告诉)|^(为什么|为啥)|"
                      r"(问|要)(这个|这些|这).{0,3}(做啥|干啥|干什么|干嘛|有啥用|有什么用)")

    def parse(self, answer: Answer) -> Outcome:
        text = answer.text.strip()
        if self._WHY.search(text):  # "为啥要问这个": say why, then ask again
            return Outcome(error=notices.OTHER_PARTY_WHY)
        if _ASKS.search(text):  # "调解要钱不": a question, not who the other side is
            return Outcome(error=notices.OTHER_PARTY_QUESTION)
        if len(squash(text)) < 2 or is_small_talk(text):
            return Outcome(error=notices.OTHER_PARTY_AGAIN)
        if len(text) > 100:
            return Outcome(error=notices.OTHER_PARTY_TOO_LONG)
        return Outcome(text)
