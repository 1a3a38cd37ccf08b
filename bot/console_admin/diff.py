"""A line diff of two versions of an entry, for the history page.

Versions are stored as ``content()`` dicts; each becomes labelled lines (one per alternative
question and per answer line), so a change shows up as the few lines it touched. Text stays
plain and Jinja escapes it: entries are typed by people and may contain anything.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from bot.console_admin.entry_form import STATUS_LABELS
from knowledge.models import CONTENT_FIELDS

LABELS = {"question": "问题", "alt_questions": "其他问法", "answer": "答案", "law": "法律", "article": "条文",
          "tags": "标签", "status": "状态", "valid_from": "生效日期", "valid_to": "失效日期"}
KINDS = {"  ": "same", "+ ": "add", "- ": "del"}
OPTIONAL = frozenset({"law", "article", "tags", "valid_from", "valid_to"})
CONTEXT = 1
"""Unchanged lines kept around each change of an update; longer unchanged runs fold into "…"."""


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | add | del | gap
    text: str


def content_lines(content: dict[str, Any] | None) -> list[str]:
    """An entry's content as labelled lines (nothing for "no content": before a create, after a delete)."""
    if content is None:
        return []
    out: list[str] = []
    for key in CONTENT_FIELDS:
        label, value = LABELS[key], content.get(key)
        if key in OPTIONAL and not value:
            continue
        if key == "alt_questions":
            out += [f"{label}：{q}" for q in value or []]
        elif key == "answer":
            out += [f"{label}：{line}" for line in str(value or "").splitlines() if line.strip()]
        elif key == "tags":
            out.append(f"{label}：{'、'.join(value or [])}")
        elif key == "status":
            out.append(f"{label}：{STATUS_LABELS.get(str(value), value)}")
        else:
            out.append(f"{label}：{value or ''}")
    return out


def diff(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[DiffLine]:
    """The lines of both versions marked as kept, added or removed; for an update, unchanged
    lines away from any change fold into one "…" line (a create or delete shows everything)."""
    lines = [DiffLine(KINDS[line[:2]], line[2:])
             for line in difflib.ndiff(content_lines(before), content_lines(after)) if line[:2] in KINDS]
    if before is None or after is None:
        return lines
    near = {i + d for i, line in enumerate(lines) if line.kind != "same" for d in range(-CONTEXT, CONTEXT + 1)}
    shown: list[DiffLine] = []
    for i, line in enumerate(lines):
        if line.kind != "same" or i in near:
            shown.append(line)
        elif not shown or shown[-1].kind != "gap":
            shown.append(DiffLine("gap", "…"))
    return shown
