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


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same | add | del
    text: str


def content_lines(content: dict[str, Any] | None) -> list[str]:
    """An entry's content as labelled lines (nothing for "no content": before a create, after a delete)."""
    if content is None:
        return []
    out: list[str] = []
    for key in CONTENT_FIELDS:
        label, value = LABELS[key], content.get(key)
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
    """Every line of both versions, marked as kept, added or removed."""
    lines = difflib.ndiff(content_lines(before), content_lines(after))
    return [DiffLine(KINDS[line[:2]], line[2:]) for line in lines if line[:2] in KINDS]
