"""Parse statute markdown files (see ../shared/laws/README.md) into plain data.

Pure functions only: the DB importer and the tests both build on this, and a parse
error names file, line and reason so an operator can fix the source text. Law names
are resolved here too, so residents can say 民法典 or 道交法.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from knowledge.numerals import CN_NUMERAL_CLASS, cn_to_int, int_to_cn

PRC = "中华人民共和国"
CIVIL_CODE = "中华人民共和国民法典"
INFO_END = "<!-- INFO END -->"


def _prc(names: str) -> tuple[str, ...]:
    """'宪法 民法典' -> ('中华人民共和国宪法', ...): keeps the registries compact."""
    return tuple(PRC + name for name in names.split())


# Laws residents ask about: the corpus plus common ones we may not have imported, so
# "劳动法第三条" gets "not collected" instead of silently matching 劳动合同法.
REPEALED_CIVIL_LAWS = _prc("婚姻法 继承法 合同法 物权法 侵权责任法 民法总则 民法通则 担保法 收养法")
KNOWN_LAWS: tuple[str, ...] = (
    _prc(
        "宪法 民法典 国家安全法 人民调解法 法律援助法 反电信网络诈骗法 禁毒法 道路交通安全法 "
        "劳动合同法 劳动争议调解仲裁法 农村土地承包法 反家庭暴力法 老年人权益保障法 "
        "突发事件应对法 政府信息公开条例 劳动法 刑法 治安管理处罚法 土地管理法 "
        "村民委员会组织法 未成年人保护法 妇女权益保障法 消费者权益保护法 民事诉讼法 "
        "刑事诉讼法 行政诉讼法 行政复议法 社会保险法 食品安全法 环境保护法 义务教育法 "
        "安全生产法 森林法 草原法"
    )
    + REPEALED_CIVIL_LAWS
    + ("信访工作条例", "保障农民工工资支付条例", "工伤保险条例")
)

# Colloquial names. Each maps to exactly one law; never alias two different laws
# (劳动法 is not 劳动合同法, 婚姻法 is a repealed law, not 民法典).
ALIASES: dict[str, str] = {
    "信访条例": "信访工作条例",
    "农民工工资支付条例": "保障农民工工资支付条例",
    "农民工工资条例": "保障农民工工资支付条例",
    "工伤条例": "工伤保险条例",
    "信息公开条例": PRC + "政府信息公开条例",
    "反诈法": PRC + "反电信网络诈骗法",
    "反电诈法": PRC + "反电信网络诈骗法",
    "道交法": PRC + "道路交通安全法",
    "交通安全法": PRC + "道路交通安全法",
    "交通法": PRC + "道路交通安全法",  # no law has that name; residents mean the road-traffic one
    "老年法": PRC + "老年人权益保障法",
    "老年人法": PRC + "老年人权益保障法",
    "妇女法": PRC + "妇女权益保障法",
    "反家暴法": PRC + "反家庭暴力法",
    "土地承包法": PRC + "农村土地承包法",
    "劳动仲裁法": PRC + "劳动争议调解仲裁法",
    "治安处罚法": PRC + "治安管理处罚法",
    "消法": PRC + "消费者权益保护法",
    "未保法": PRC + "未成年人保护法",
    "村委会组织法": PRC + "村民委员会组织法",
}

# Repealed laws whose content now lives in another law, for a helpful not-found reply.
REPLACED_BY: dict[str, str] = dict.fromkeys(REPEALED_CIVIL_LAWS, CIVIL_CODE)

_NAME_INDEX: dict[str, str] = {
    **{name: name for name in KNOWN_LAWS},
    **{name.removeprefix(PRC): name for name in KNOWN_LAWS},
    **ALIASES,
}
_QUOTES_RE = re.compile(r"[\s《》〈〉<>“”\"'「」『』]")
_ARTICLE_RE = re.compile(rf"^第({CN_NUMERAL_CLASS}+)条[ \u3000]+(\S.*)$")
_HEADING_RE = re.compile(r"^(#{1,6})(?:[ \u3000]+(.*))?$")
_UNIT_HEADING_RE = re.compile(rf"^第{CN_NUMERAL_CLASS}+(分编|编|章|节)")
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


def canonical_law_name(title: str) -> str:
    """Official name for a file title or citation: 宪法 -> 中华人民共和国宪法."""
    name = _QUOTES_RE.sub("", title)
    if name in _NAME_INDEX:
        return _NAME_INDEX[name]
    if not name.startswith(PRC) and name.endswith(("法", "法典")) and not name.endswith("办法"):
        return PRC + name  # a 办法 (社会救助暂行办法) is a State Council regulation: no such prefix
    return name


def resolve_law_name(text: str) -> str | None:
    """Canonical name of a law as a resident may write it, or None if unknown."""
    name = _QUOTES_RE.sub("", text).rstrip("？?。！!，,")
    if name in _NAME_INDEX:
        return _NAME_INDEX[name]
    official = name.startswith(PRC) and name.endswith(("法", "条例"))
    return name if official and len(name) > len(PRC) + 1 else None


class StatuteFormatError(ValueError):
    """A statute file does not follow the expected format."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        super().__init__(f"{path}:{line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass(frozen=True)
class ParsedArticle:
    """One article; ``text`` excludes the 第X条 label, paragraphs joined by newlines."""

    number: int
    label: str
    text: str
    book: str | None = None
    part: str | None = None
    chapter: str | None = None
    section: str | None = None
    source: Path | None = None
    line: int = 0


@dataclass
class ParsedLaw:
    """A law (or, before merging, one 民法典 book) as read from the corpus."""

    name: str
    title: str
    sources: list[Path]
    book: str | None = None
    category: str = ""
    notes: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)


def _clean_heading(text: str) -> str:
    """Collapse typesetting spaces: '第四章  肖 像 权' -> '第四章 肖像权'."""
    text = _CJK_GAP_RE.sub("", " ".join(text.split()))
    match = _UNIT_HEADING_RE.match(text)
    if match and len(text) > match.end():
        text = f"{text[: match.end()]} {text[match.end() :]}"
    return text


def parse_law_file(path: Path, category: str = "") -> ParsedLaw:
    """Parse one statute file; raise StatuteFormatError on anything unexpected."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as exc:
        raise StatuteFormatError(path, 1, f"not valid UTF-8: {exc.reason}") from exc
    titles: list[str] = []
    notes: list[str] = []
    body_start = None
    for index, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line == INFO_END:
            body_start = index
            break
        if not line:
            continue
        heading = _HEADING_RE.match(line)
        if heading and len(heading.group(1)) == 1 and heading.group(2) and not notes:
            titles.append(_clean_heading(heading.group(2)))
        elif not titles:
            raise StatuteFormatError(path, index, "expected a '# title' line")
        else:
            notes.append(line)
    if not 1 <= len(titles) <= 2:
        raise StatuteFormatError(path, 1, "expected a '# title' (and '# book') line")
    if body_start is None:
        raise StatuteFormatError(path, len(lines), f"missing '{INFO_END}' marker")
    law = ParsedLaw(
        name=canonical_law_name(titles[0]),
        title=titles[0],
        sources=[path],
        book=titles[1] if len(titles) == 2 else None,
        category=category,
        notes=notes,
    )
    _parse_body(law, path, lines, body_start)
    return law


@dataclass
class _Context:
    """Headings in force while walking a file body."""

    book: str | None
    part: str | None = None
    chapter: str | None = None
    section: str | None = None
    in_preamble: bool = False

    def enter(self, title: str) -> None:
        unit = _UNIT_HEADING_RE.match(title)
        kind = unit.group(1) if unit else ""
        self.in_preamble = title == "序言"
        if kind == "编":  # a single-file 民法典 marks its books in the body
            self.book, self.part, self.chapter, self.section = title, None, None, None
        elif kind == "分编":
            self.part, self.chapter, self.section = title, None, None
        elif kind == "节":
            self.section = title
        elif title and not self.in_preamble:
            self.chapter, self.section = title, None


def _parse_body(law: ParsedLaw, path: Path, lines: list[str], start: int) -> None:
    """Fill ``law.articles`` and ``law.preamble`` from the lines after INFO END."""
    ctx = _Context(book=law.book)
    head: ParsedArticle | None = None
    paragraphs: list[str] = []

    def flush() -> None:
        if head is not None:
            law.articles.append(replace(head, text="\n".join(paragraphs)))

    for index in range(start + 1, len(lines) + 1):
        line = lines[index - 1].strip()
        if not line or (line.startswith("<!--") and line.endswith("-->")):
            continue
        heading = _HEADING_RE.match(line)
        if heading:
            if len(heading.group(1)) == 1:
                raise StatuteFormatError(path, index, "'#' heading in the body")
            ctx.enter(_clean_heading(heading.group(2) or ""))
            continue
        article = _ARTICLE_RE.match(line)
        if article:
            try:
                number = cn_to_int(article.group(1))
            except ValueError as exc:
                raise StatuteFormatError(path, index, str(exc)) from exc
            expected = head.number + 1 if head else (1 if law.book is None else number)
            if number != expected:
                reason = f"expected article {expected}, found {number}"
                raise StatuteFormatError(path, index, reason)
            flush()
            label = f"第{int_to_cn(number)}条"
            head = ParsedArticle(
                number,
                label,
                "",
                ctx.book,
                ctx.part,
                ctx.chapter,
                ctx.section,
                path,
                index,
            )
            paragraphs = [article.group(2).strip()]
        elif head is not None:
            paragraphs.append(line)
        elif ctx.in_preamble:
            law.preamble.append(line)
        else:
            raise StatuteFormatError(path, index, "text before the first article")
    flush()
    if not law.articles:
        raise StatuteFormatError(path, len(lines), "no articles found")


def parse_corpus(directory: Path) -> list[ParsedLaw]:
    """Parse every ``*.md`` under ``directory``, merging 民法典 books into one law."""
    directory = Path(directory)
    if not directory.is_dir():
        raise FileNotFoundError(directory)
    laws: dict[str, ParsedLaw] = {}
    for path in sorted(directory.rglob("*.md")):
        if path.name.upper().startswith("README"):
            continue
        parts = path.relative_to(directory).parts
        parsed = parse_law_file(path, category=parts[0] if len(parts) > 1 else "")
        existing = laws.get(parsed.name)
        if existing is None:
            laws[parsed.name] = parsed
        elif existing.book and parsed.book:  # another 民法典 book
            existing.sources.extend(parsed.sources)
            existing.notes.extend(n for n in parsed.notes if n not in existing.notes)
            existing.articles.extend(parsed.articles)
        else:
            reason = f"{parsed.name} is also in {existing.sources[0]}"
            raise StatuteFormatError(path, 1, reason)
    for law in laws.values():
        if law.book is not None:
            _finish_merge(law)
    return list(laws.values())


def _finish_merge(law: ParsedLaw) -> None:
    """Order books by article number; together they must run 1, 2, 3... gap-free."""
    law.articles.sort(key=lambda article: article.number)
    law.book = None
    for expected, article in enumerate(law.articles, start=1):
        if article.number != expected:
            reason = f"books give article {article.number} where {expected} is due"
            path = article.source or law.sources[0]
            raise StatuteFormatError(path, article.line, reason)
