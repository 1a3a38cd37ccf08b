"""An entry's legal basis: split ``law`` + ``article`` into per-law article lists.

Most entries cite one law ("《…民法典》", "第一千零七十六条、第一千零七十七条"), but some cite
several ("《…民法典》《…刑法》", "民法典第1254条；刑法第291条之二"). ``lookup.parse_citation``
gives every number to the first law, which would show residents the wrong article, so this
module splits the article text at "；" and attributes each part to the law it names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.lookup import parse_citation
from knowledge.numerals import CN_NUMERAL_CLASS
from knowledge.statutes import canonical_law_name, resolve_law_name

_NUM = rf"(?:[0-9]+|{CN_NUMERAL_CLASS}+)"
_ADDED_ARTICLE_RE = re.compile(rf"第{_NUM}条之{CN_NUMERAL_CLASS}+")  # 第291条之二: its own article
_PART_RE = re.compile(r"[；;]")
PREAMBLE = "序言"

# Laws and decisions entries may cite that are not in the statute corpus (checked by the tests
# over the shipped knowledge base; anything else must be imported as a statute first).
LAWS_OUTSIDE_CORPUS = frozenset(
    {
        "全国人民代表大会常务委员会关于设立国家宪法日的决定",
        "全国人民代表大会常务委员会关于取缔邪教组织、防范和惩治邪教活动的决定",
        "最高人民法院关于审理涉彩礼纠纷案件适用法律若干问题的规定",
        "最高人民法院关于审理民间借贷案件适用法律若干问题的规定",
        "中华人民共和国土地管理法",
        "中华人民共和国城乡规划法",
        "中华人民共和国刑法",
        "中华人民共和国劳动法",
        "中华人民共和国消费者权益保护法",
        "中华人民共和国民事诉讼法",
        "中华人民共和国刑事诉讼法",
        "中华人民共和国治安管理处罚法",
        "中华人民共和国社会保险法",
        "社会救助暂行办法",
        "中华人民共和国行政复议法",
        "中华人民共和国行政诉讼法",
        "中华人民共和国野生动物保护法",
    }
)


@dataclass(frozen=True)
class CitedLaw:
    """One law of a citation: its name as written, the article text, and plain article numbers."""

    law: str
    articles: str = ""
    numbers: tuple[int, ...] = ()
    parsed: bool = True
    """False when ``articles`` is not empty but names no article we can recognise."""

    @property
    def canonical(self) -> str:
        return resolve_law_name(self.law) or canonical_law_name(self.law)

    def text(self) -> str:
        return f"《{self.law}》{self.articles}"


def law_names(law: str) -> list[str]:
    """The names in a ``law`` field: "《甲》《乙》" -> ["甲", "乙"]; a bare name is kept."""
    names = re.findall(r"《([^《》]+)》", law)
    return names or ([law.strip()] if law.strip() else [])


def _match_law(prefix: str, names: list[str]) -> str | None:
    wanted = canonical_law_name(prefix)
    for name in names:
        if name == prefix or name.endswith(prefix) or canonical_law_name(name) == wanted:
            return name
    return resolve_law_name(prefix)


def _part(law: str, text: str) -> CitedLaw:
    if not text or text == PREAMBLE:
        return CitedLaw(law, text, ())
    plain = _ADDED_ARTICLE_RE.sub("", text)
    numbers = tuple(n for _, n in parse_citation(f"《{law}》", plain)) if "第" in plain else ()
    return CitedLaw(law, text, numbers, parsed=bool(numbers) or plain != text)


def split_citation(law: str, article: str) -> list[CitedLaw]:
    """Per-law parts of a citation, in order; laws named only in ``law`` get empty articles."""
    names = law_names(law)
    if not names:
        return []
    parts: list[CitedLaw] = []
    current = names[0]
    for segment in filter(None, (s.strip() for s in _PART_RE.split(article.strip()))):
        cut = segment.find("第")
        prefix = segment[:cut] if cut > 0 else ("" if cut == 0 else segment)
        named = _match_law(prefix, names) if prefix and prefix != PREAMBLE else None
        if named:
            current = named
            segment = segment[len(prefix) :]
        parts.append(_part(current, segment))
    cited = {p.law for p in parts}
    parts += [CitedLaw(name) for name in names if name not in cited]
    return parts


def citation_line(law: str, article: str) -> str:
    """"法律依据：《…》第…条" for the end of an answer, or "" when the entry cites nothing."""
    parts = split_citation(law, article)
    return "法律依据：" + "；".join(p.text() for p in parts) if parts else ""


def citation_problem(law: str, article: str) -> tuple[str, str] | None:
    """Why a citation is unusable (zh, en), or None when it is fine."""
    if not article.strip():
        return None
    if not law_names(law):
        return ("写了条号但没有写法律名称", "article given without law")
    bad = [p.articles for p in split_citation(law, article) if not p.parsed]
    if bad:
        return (f"条号无法识别：{bad[0]}", f"citation does not parse: {bad[0]}")
    return None
