"""Knowledge-base files: read and validate YAML or CSV, and write them back out.

The YAML format is that of ../shared/bench/faq.yaml (a list of entries with id, question,
alt_questions, answer, law, article, tags; optionally status, valid_from, valid_to). The CSV
format has a header row with the same field names, ``|`` between alt questions and tags, and
may start with the BOM Excel writes. Editors fix files by line number, so every problem names
file, line and reason; nothing is imported from a file that has any problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from knowledge.citations import citation_problem
from knowledge.formats import (
    FIELDS,
    LIST_FIELDS,
    REQUIRED,
    SUFFIXES,
    Reason,
    csv_items,
    decode,
    dump_csv,
    dump_yaml,
    yaml_items,
)
from knowledge.models import STATUSES, FaqEntry

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_ID_LENGTH = 80
UNSUPPORTED: Reason = ("只支持 .yaml、.yml 和 .csv 文件", "only .yaml, .yml and .csv files are supported")


@dataclass(frozen=True)
class EntryData:
    """One entry's content as files and the console hand it over (validated)."""

    id: str
    question: str
    answer: str
    alt_questions: tuple[str, ...] = ()
    law: str = ""
    article: str = ""
    tags: tuple[str, ...] = ()
    status: str = "published"
    valid_from: date | None = None
    valid_to: date | None = None

    def content(self) -> dict[str, Any]:
        """Same shape as ``FaqEntry.content()``, so changes can be compared and stored."""
        return {
            "question": self.question,
            "alt_questions": list(self.alt_questions),
            "answer": self.answer,
            "law": self.law,
            "article": self.article,
            "tags": list(self.tags),
            "status": self.status,
            "valid_from": self.valid_from.isoformat() if self.valid_from else None,
            "valid_to": self.valid_to.isoformat() if self.valid_to else None,
        }

    @classmethod
    def from_model(cls, entry: FaqEntry) -> EntryData:
        c = entry.content()
        return cls(entry.id, c["question"], c["answer"], tuple(c["alt_questions"]), c["law"], c["article"],
                   tuple(c["tags"]), c["status"], entry.valid_from, entry.valid_to)


@dataclass(frozen=True)
class Problem:
    """Why (part of) a file cannot be imported: where, and a reason in Chinese and English."""

    source: str
    line: int
    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.zh} / {self.en}"


@dataclass(frozen=True)
class SourceEntry:
    data: EntryData
    source: str
    line: int


class EntryFileError(ValueError):
    """Raised with every problem found, so one run shows the editor all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


# -- validation ---------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _list(value: Any) -> list[str] | None:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [p.strip() for p in value.split("|") if p.strip()]
    if isinstance(value, list):
        items = [_text(v) for v in value]
        return None if any(i is None for i in items) else [i for i in items if i]
    return None


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip().replace("/", "-")
    y, _, rest = text.partition("-")
    m, _, d = rest.partition("-")
    return date(int(y), int(m), int(d))  # ValueError for anything else


def parse_entry(values: Mapping[str, Any]) -> tuple[EntryData | None, list[tuple[str | None, Reason]]]:
    """Validate one entry's fields; problems are (field or None, reason). Used by files and the console."""
    problems: list[tuple[str | None, Reason]] = []
    for name in values:
        if name not in FIELDS:
            problems.append((name, (f"未知字段 {name}", f"unknown field {name}")))
    texts: dict[str, str] = {}
    for name in ("id", "question", "answer", "law", "article", "status"):
        value = _text(values.get(name))
        if value is None:
            problems.append((name, (f"字段 {name} 应为文字", f"field {name} must be text")))
        texts[name] = value or ""
    for name in REQUIRED:
        if name not in values:
            problems.append((None, (f"缺少字段 {name}", f"missing field {name}")))
        elif not texts[name] and _text(values.get(name)) is not None:
            zh = {"id": "id 为空", "question": "问题为空", "answer": "答案为空"}[name]
            problems.append((name, (zh, f"empty {name}")))
    entry_id = texts["id"]
    if entry_id and (not SLUG_RE.match(entry_id) or len(entry_id) > MAX_ID_LENGTH):
        problems.append(("id", (f"id 格式不对：{entry_id}（只能用小写字母、数字和连字符，最长 {MAX_ID_LENGTH}）",
                                f"bad id {entry_id!r}: use lowercase letters, digits and hyphens")))
    lists: dict[str, list[str]] = {}
    for name in LIST_FIELDS:
        items = _list(values.get(name))
        if items is None:
            problems.append((name, (f"字段 {name} 应为文字列表", f"field {name} must be a list of texts")))
        lists[name] = items or []
    status = texts["status"] or "published"
    if status not in STATUSES:
        problems.append(("status", (f"未知状态 {status}（应为 draft 或 published）", f"unknown status {status}")))
    days: dict[str, date | None] = {}
    for name in ("valid_from", "valid_to"):
        raw = values.get(name)
        days[name] = None
        if raw not in (None, ""):
            try:
                days[name] = _day(raw)
            except ValueError:
                problems.append((name, (f"日期不对：{raw}（应为 YYYY-MM-DD）", f"bad date {raw!r}, use YYYY-MM-DD")))
    if days["valid_from"] and days["valid_to"] and days["valid_to"] <= days["valid_from"]:
        problems.append(("valid_to", ("失效日期应晚于生效日期", "valid_to must be after valid_from")))
    cited = citation_problem(texts["law"], texts["article"])
    if cited:
        problems.append(("article", cited))
    if problems:
        return None, problems
    data = EntryData(entry_id, texts["question"], texts["answer"], tuple(lists["alt_questions"]), texts["law"],
                     texts["article"], tuple(lists["tags"]), status, days["valid_from"], days["valid_to"])
    return data, []


def read_text(text: str, source: str, fmt: str) -> tuple[list[SourceEntry], list[Problem]]:
    """Validated entries of one file's text (``fmt`` is "yaml" or "csv"), and its problems."""
    items, found_in_text = (yaml_items if fmt == "yaml" else csv_items)(text)
    problems = [Problem(source, line, *reason) for line, reason in found_in_text]
    entries: list[SourceEntry] = []
    for raw in items:
        problems += [Problem(source, line, *reason) for line, reason in raw.problems]
        data, found = parse_entry(raw.values)
        problems += [Problem(source, raw.field_lines.get(name or "", raw.line), *reason) for name, reason in found]
        if data is not None and not raw.problems:
            entries.append(SourceEntry(data, source, raw.line))
    return entries, problems


def read_bytes(data: bytes, source: str) -> tuple[list[SourceEntry], list[Problem]]:
    """One uploaded or stored file; the format comes from ``source``'s extension."""
    fmt = SUFFIXES.get(Path(source).suffix.lower())
    if fmt is None:
        return [], [Problem(source, 0, *UNSUPPORTED)]
    text, problem = decode(data)
    if text is None:
        return [], [Problem(source, problem[0], *problem[1])] if problem else []
    return read_text(text, source, fmt)


def files_in(path: Path) -> list[Path]:
    """The knowledge files a path means: itself, or every YAML/CSV file below a directory."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    return [path]


def load(paths: Iterable[Path | str]) -> list[SourceEntry]:
    """Every entry of the given files/directories, or ``EntryFileError`` listing all problems."""
    entries: list[SourceEntry] = []
    problems: list[Problem] = []
    for given in paths:
        path = Path(given)
        if not path.exists():
            problems.append(Problem(str(path), 0, "文件或目录不存在", "file or directory not found"))
            continue
        for file in files_in(path):
            found, bad = read_bytes(file.read_bytes(), str(file))
            entries += found
            problems += bad
    problems += duplicate_problems(entries)
    if problems:
        raise EntryFileError(problems)
    return entries


def duplicate_problems(entries: Sequence[SourceEntry]) -> list[Problem]:
    first: dict[str, SourceEntry] = {}
    problems = []
    for e in entries:
        seen = first.setdefault(e.data.id, e)
        if seen is not e:
            where = f"{seen.source}:{seen.line}"
            problems.append(Problem(e.source, e.line, f"id 重复：{e.data.id}（第一次出现在 {where}）",
                                    f"duplicate id {e.data.id}, first at {where}"))
    return problems


def write(path: Path | str, entries: Sequence[EntryData]) -> None:
    """Write ``entries`` to ``path`` as YAML or CSV, chosen by the extension."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise EntryFileError([Problem(str(path), 0, *UNSUPPORTED)])
    records = [{"id": e.id, **e.content()} for e in entries]
    text = dump_yaml(records) if fmt == "yaml" else dump_csv(records)
    path.write_text(text, encoding="utf-8", newline="")
