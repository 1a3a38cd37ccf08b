"""Knowledge-base file formats: YAML and CSV text to raw records (with line numbers) and back.

No validation here (that is ``knowledge.entries``): this module only knows where each record and
field starts, so every problem found later can name its line, and how to write records back in
the same shapes (YAML like ../shared/bench/faq.yaml; CSV with a header, ``|`` between list items,
and a BOM so Excel opens it as UTF-8).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

FIELDS = ("id", "question", "alt_questions", "answer", "law", "article", "tags", "status", "valid_from", "valid_to")
REQUIRED = ("id", "question", "answer")
LIST_FIELDS = ("alt_questions", "tags")
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}
Reason = tuple[str, str]  # (zh, en)
LineProblem = tuple[int, Reason]


@dataclass
class RawEntry:
    """One record as written: field values, the line it starts on, each field's line."""

    values: dict[str, Any]
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    problems: list[LineProblem] = field(default_factory=list)


def yaml_items(text: str) -> tuple[list[RawEntry], list[LineProblem]]:
    """Entries with the line each starts on (and each field's line), via the composed node tree."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail = getattr(exc, "problem", None) or str(exc)
        return [], [(mark.line + 1 if mark else 1, (f"YAML 格式错误：{detail}", f"YAML error: {detail}"))]
    if root is None:
        return [], []
    if not isinstance(root, yaml.SequenceNode):
        reason = ("文件应是条目列表（每条以“- id:”开头）", "the file must be a list of entries")
        return [], [(root.start_mark.line + 1, reason)]
    items: list[RawEntry] = []
    problems: list[LineProblem] = []
    for node in root.value:
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.MappingNode):
            problems.append((line, ("条目应是“字段: 值”的形式", "an entry must be a mapping of fields")))
            continue
        raw = RawEntry({}, line)
        for key_node, value_node in node.value:
            key = str(key_node.value)
            key_line = key_node.start_mark.line + 1
            if key in raw.field_lines:
                raw.problems.append((key_line, (f"字段 {key} 重复", f"duplicate field {key}")))
            raw.field_lines[key] = key_line
            try:
                raw.values[key] = yaml.SafeLoader("").construct_document(value_node)
            except (yaml.YAMLError, ValueError) as exc:  # e.g. 2024-13-01 looks like a date but is none
                if isinstance(value_node, yaml.ScalarNode):
                    raw.values[key] = value_node.value  # let validation say what is wrong with it
                else:
                    raw.problems.append((key_line, (f"值无法读取：{exc}", f"unreadable value: {exc}")))
        items.append(raw)
    return items, problems


def csv_items(text: str) -> tuple[list[RawEntry], list[LineProblem]]:
    """Rows after the header row; a row's line is where it starts (cells may span lines)."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    except csv.Error as exc:
        return [], [(1, (f"CSV 格式错误：{exc}", f"CSV error: {exc}"))]
    while header and not header[-1]:
        header.pop()
    problems: list[LineProblem] = [(1, (f"表头缺少列 {name}", f"header lacks column {name}"))
                                   for name in REQUIRED if name not in header]
    problems += [(1, (f"表头有未知列 {name or '(空)'}", f"unknown column {name or '(empty)'}"))
                 for name in header if name not in FIELDS]
    if problems:
        return [], problems
    items: list[RawEntry] = []
    last = reader.line_num
    try:
        for row in reader:
            line, last = last + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            raw = RawEntry(dict(zip(header, row, strict=False)), line)
            if any(cell.strip() for cell in row[len(header):]):
                raw.problems.append((line, ("这一行的列比表头多", "more cells than header columns")))
            items.append(raw)
    except csv.Error as exc:
        problems.append((reader.line_num, (f"CSV 格式错误：{exc}", f"CSV error: {exc}")))
    return items, problems


def decode(data: bytes) -> tuple[str | None, LineProblem | None]:
    """UTF-8 with or without BOM; otherwise the line of the first undecodable byte."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, (line, ("文件不是 UTF-8 编码（Excel 请另存为“CSV UTF-8”）", "file is not UTF-8"))


def dump_yaml(records: Sequence[dict[str, Any]]) -> str:
    """Records (field -> value) as YAML; status and dates only when not the defaults."""

    def shaped(r: dict[str, Any]) -> dict[str, Any]:
        return {k: r.get(k, "") for k in FIELDS if k in FIELDS[:7] or r.get(k) not in (None, "", "published")}

    body = yaml.safe_dump([shaped(r) for r in records], allow_unicode=True, sort_keys=False, width=100000)
    return f"# Fazhi knowledge base export: {len(records)} entries.\n" + body


def dump_csv(records: Sequence[dict[str, Any]]) -> str:
    """CSV with a BOM, so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for r in records:
        cells = {k: "|".join(v) if k in LIST_FIELDS else v for k, v in r.items()}
        writer.writerow(["" if cells.get(name) is None else cells[name] for name in FIELDS])
    return "\ufeff" + out.getvalue()
