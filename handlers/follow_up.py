"""A follow-up to an answer ("那去哪里告他", "要好多钱", "去哪里办") is about that answer's topic.

Searched alone such a message carries no topic, and a fourth QA pass saw what that costs: "那去哪里
告他" right after a question about a son who pays his mother nothing was answered, confidently, with
how to sue for an unpaid loan; "那要罚好多钱" after the no-licence answer got a list led by lorry
overloading.  So the question last answered is kept for a few minutes, and a message that reads as a
follow-up (short, often led by 那, and asking only where / how much / how long / what to bring) is
searched together with it.  A message that names a topic of its own is searched alone.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import MutableMapping
from typing import Any

from knowledge.text import analyze

TOPIC = "faq_topic"
TOPIC_TTL = 10 * 60
"""A follow-up comes right after the answer; ten minutes later a short question is a new one."""
MAX_LEN = 12
"""A topic-less follow-up is short ("去哪里办", "要带些啥子证件"); a long message is a question of its own."""
MAX_LEN_THEN = 20
"""Led by 那 ("那我们要准备些啥子材料才去得成") it may run longer, still naming no topic of its own."""
LEAD = "接着您刚才问的“{question}”：\n"
"""Says which question the reply takes the follow-up to be about, so a wrong guess is visible."""

_THAT = re.compile(r"^那(?![个些边天年时种里块家位次儿会阵样])")
"""那 as "then" (那要好多钱, 那我咋办), not 那个 / 那些 / 那边 (那个我想问一下 opens a new question)."""
_ASKS_ONLY = frozenset({
    "地点", "部门", "电话", "材料", "带", "写", "费用", "多久", "办好", "管", "手续", "起诉", "处罚", "赔偿",
})
"""Words (after synonyms) that ask about a matter without naming one: where, who, what to bring,
how much, how long, what fine or compensation.  Not 坐牢 / 违法: "会坐牢不" after an answer on a
dog bite's compensation asks what that answer does not say, and is better searched alone."""
_PUNCT = re.compile(r"[\s,，.。!！?？~～、…]+")


def remember(session: MutableMapping[str, Any], question: str) -> None:
    """Keep the question of the entry just answered, for a follow-up to it."""
    session[TOPIC] = {"question": question, "at": time.time()}


def forget(session: MutableMapping[str, Any]) -> None:
    session.pop(TOPIC, None)


def topic_of(session: MutableMapping[str, Any], text: str) -> str | None:
    """The question ``text`` follows up, or None when it is a question of its own (or the last
    answer is too old)."""
    kept = session.get(TOPIC)
    if not kept or time.time() - float(kept.get("at", 0)) > TOPIC_TTL:
        return None
    plain = _PUNCT.sub("", unicodedata.normalize("NFKC", text))
    if not plain:
        return None
    limit = MAX_LEN_THEN if _THAT.match(plain) else MAX_LEN
    if len(plain) <= limit and set(analyze(plain).terms) <= _ASKS_ONLY:
        return str(kept["question"])
    return None
