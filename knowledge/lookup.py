"""Recognise "民法典第一千零七十九条"-style lookups and knowledge-base citations.

Pure text handling, no DB. A resident's message counts as an article lookup only
when it is a law name plus an article number and filler ("是什么", "说的啥"); a real
question that merely cites an article is left to the Q&A matcher.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from knowledge.numerals import CN_NUMERAL_CLASS, int_to_cn, parse_number
from knowledge.statutes import CIVIL_CODE, canonical_law_name, resolve_law_name

_NUM = rf"(?:[0-9]+|{CN_NUMERAL_CLASS}+)"
# 第N条 / N条 / 第N (no 条) / a bare Arabic N (not a year) at the end; optional 之一 (an added article), 第M款.
_BARE = r"(?!(?:19|20)[0-9]{2}$)[0-9]{1,4}"
_QUERY_RE = re.compile(rf"(?:第({_NUM})条?|({_NUM})条|({_BARE})$)(之[一二三四五六七八九十]+)?(?:第({_NUM})款)?")
_LEAD_FILLER_RE = re.compile(
    r"^(?:请问|请|你好|您好|麻烦|帮我|帮忙|我想知道|我想问|想知道|想问|问一下|问下|"
    r"查询|查一下|查下|查查|查|搜一下|搜索|看看|看一下|一下|[,，.。:：!！?？、])+"
)
_TAIL_FILLER_RE = re.compile(
    r"^的?(?:内容|原文|全文|条文|规定)?"
    r"(?:是什么意思|是什么|是啥|说的是什么|说的是啥|说的什么|说的啥|说了什么|说了啥|"
    r"讲的是什么|讲的什么|讲的啥|讲了什么|讲了啥|写的是什么|写的什么|写了啥|"
    r"怎么规定的|怎么说的|怎么写的|规定了什么|规定的是什么|有哪些内容)?"
    r"(?:呢|呀|啊|哈|嘛)?[,，.。!！?？~～]*$"
)
_BOOK_NO = "第[一二三四五六七]编"
_CIVIL_BOOK_RE = re.compile(rf"(?:{_BOOK_NO}|(?:{_BOOK_NO})?(?:总则|物权|合同|人格权|婚姻家庭|继承|侵权责任)编?|附则)$")
_LAW_SHAPE_RE = re.compile(r"^[\u4e00-\u9fff]{1,30}(?:法|法典|条例|规定|办法)$")
_NOT_LAWS = (
    "看法",
    "说法",
    "想法",
    "做法",
    "方法",
    "写法",
    "用法",
    "算法",
    "手法",
    "语法",
)
_RANGE_RE = re.compile(rf"第?({_NUM})条?\s*(?:至|到|~|～|-|—|–)\s*第?({_NUM})条")
_SINGLE_RE = re.compile(rf"第?({_NUM})条")
_MAX_RANGE = 300
_SPLITTERS = (
    re.compile(r"[^。；;！!？?]*[。；;！!？?]+|[^。；;！!？?]+"),
    re.compile(r"[^，,、：:]*[，,、：:]+|[^，,、：:]+"),
)


@dataclass(frozen=True)
class ArticleQuery:
    """A lookup: ``law`` is canonical, or None when the name is not one we know."""

    law: str | None
    law_text: str
    number: int
    paragraph: int | None = None
    added: str = ""
    """"之一" for 刑法第一百三十三条之一: an article added between two others, not article 133."""


def format_citation(law: str, number: int) -> str:
    """'《中华人民共和国民法典》第一千零七十九条' — the header residents see."""
    return f"《{law}》第{int_to_cn(number)}条"


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", text)


def _resolve_prefix(prefix: str) -> tuple[str | None, str] | None:
    """Map the text before the article number to (canonical law, law as written)."""
    prefix = _LEAD_FILLER_RE.sub("", prefix).removesuffix("的")
    bracketed = re.fullmatch(r"《([^《》]+)》", prefix)
    name = bracketed.group(1) if bracketed else prefix
    if not name:
        return None
    law = resolve_law_name(name)
    if law is None:
        book = _CIVIL_BOOK_RE.search(name)
        if book and resolve_law_name(name[: book.start()]) == CIVIL_CODE:
            return CIVIL_CODE, name[: book.start()]
    if law is not None:
        return law, name
    if bracketed or (_LAW_SHAPE_RE.match(name) and len(name) >= 3 and not name.endswith(_NOT_LAWS)):
        return None, name
    return None


def parse_article_query(text: str) -> ArticleQuery | None:
    """Recognise "民法典第1079条是什么" and friends; None for any other message."""
    text = _normalise(text)
    for match in _QUERY_RE.finditer(text):
        if match.start() == 0 or not _TAIL_FILLER_RE.match(text[match.end() :]):
            continue
        resolved = _resolve_prefix(text[: match.start()])
        number = parse_number(match.group(1) or match.group(2) or match.group(3))
        if resolved is None or not number:
            continue
        paragraph = parse_number(match.group(5)) if match.group(5) else None
        return ArticleQuery(resolved[0], resolved[1], number, paragraph, match.group(4) or "")
    return None


def parse_citation(law: str, article: str) -> list[tuple[str, int]]:
    """Expand a knowledge-base citation into (canonical law, article number) pairs.

    '第一千零七十六条、第一千零七十七条' gives two pairs, '第三十三条至第五十六条' every
    article in the range, '第二十二条第一款' just article 22, and '' nothing.
    """
    names = re.findall(r"《([^《》]+)》", law) or [law]
    name = resolve_law_name(names[0]) or canonical_law_name(names[0])
    if not name:
        return []
    text = unicodedata.normalize("NFKC", article)
    numbers: list[int] = []
    for first, last in _RANGE_RE.findall(text):
        low, high = parse_number(first), parse_number(last)
        if low and high and low <= high and high - low <= _MAX_RANGE:
            numbers.extend(range(low, high + 1))
        else:
            numbers.extend(n for n in (low, high) if n)
    for single in _SINGLE_RE.findall(_RANGE_RE.sub("", text)):
        number = parse_number(single)
        if number:
            numbers.append(number)
    return [(name, number) for number in dict.fromkeys(numbers)]


def _pieces(text: str, limit: int, level: int = 0) -> list[str]:
    """Cut text into pieces ≤ limit: at sentences, then clauses, then hard cuts."""
    if len(text) <= limit:
        return [text]
    if level == len(_SPLITTERS):
        return [text[i : i + limit] for i in range(0, len(text), limit)]
    pieces = _SPLITTERS[level].findall(text)
    return [part for piece in pieces for part in _pieces(piece, limit, level + 1)]


def split_for_wechat(text: str, limit: int = 600) -> list[str]:
    """Split a long reply into messages ≤ limit chars, preferring paragraph breaks.

    WeChat rejects over-long text replies, and a cut in mid-sentence is hard to read
    for residents, so whole paragraphs move to the next message when they fit there.
    """
    if limit < 1:
        raise ValueError("limit must be positive")
    parts: list[str] = []
    current = ""
    for paragraph in filter(None, (line.strip() for line in text.split("\n"))):
        for index, piece in enumerate(_pieces(paragraph, limit)):
            joiner = "\n" if index == 0 and current else ""
            if current and len(current) + len(joiner) + len(piece) > limit:
                parts.append(current)
                current = piece
            else:
                current += joiner + piece
    if current:
        parts.append(current)
    return parts
