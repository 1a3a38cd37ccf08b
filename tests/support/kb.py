"""Helpers for the knowledge-base tests: small entry files, a statute subset, imports."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from knowledge.changes import ImportResult, import_files
from knowledge.statute_store import import_statutes

ROOT = Path(__file__).resolve().parents[2]
LAWS_DIR = ROOT.parent / "shared" / "laws"
BENCH_FAQ = ROOT.parent / "shared" / "bench" / "faq.yaml"
KB_DATA = ROOT / "knowledge" / "data"
# Enough of the corpus for lookups and "法条": the Constitution (a long article), the Civil Code,
# and the People's Mediation Law.
STATUTE_SUBSET = ("宪法", "民法典", "诉讼与非诉讼程序法")


def entry(entry_id: str, question: str, answer: str = "", **fields: Any) -> dict[str, Any]:
    """One entry in the import format, with harmless defaults."""
    return {"id": entry_id, "question": question, "alt_questions": fields.pop("alt_questions", []),
            "answer": answer or f"{question}的答案。", "law": fields.pop("law", ""),
            "article": fields.pop("article", ""), "tags": fields.pop("tags", []), **fields}


def write_yaml(path: Path, entries: list[dict[str, Any]]) -> Path:
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def import_yaml(tmp_path: Path, entries: list[dict[str, Any]], name: str = "kb.yaml", **kw: Any) -> ImportResult:
    return import_files([write_yaml(tmp_path / name, entries)], author=kw.pop("author", "test"), **kw)


def statute_subset(target: Path) -> Path:
    """Copy part of ../shared/laws (skips the test when the corpus is absent)."""
    if not LAWS_DIR.is_dir():
        pytest.skip("../shared/laws absent")
    for name in STATUTE_SUBSET:
        shutil.copytree(LAWS_DIR / name, target / name, dirs_exist_ok=True)
    return target


def import_statute_subset(target: Path) -> None:
    report = import_statutes(statute_subset(target))
    assert report.ok, report.errors
