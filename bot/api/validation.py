"""Checking request bodies and parameters against the JSON schemas the OpenAPI document shows.

The document is the contract, so input is validated with the very schemas it publishes:
what the schema allows is accepted and what it forbids is refused with a 4xx, never passed
on to fail deeper down (a wrong type, a NUL character PostgreSQL cannot store). Only the
keywords the API's schemas use are implemented: type, nullable, enum, minLength,
maxLength, pattern, format (date, date-time), minimum, maximum, items, maxItems,
properties, required, additionalProperties and ``$ref`` to ``#/components/schemas``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from functools import lru_cache
from typing import Any

Problem = tuple[str, str]  # (field path, Chinese message)

TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,), "array": (list,),
    "object": (dict,),
}
TYPE_WORDS = {"string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false", "array": "列表",
              "object": "对象"}


@lru_cache(maxsize=256)
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _is_type(value: Any, name: str) -> bool:
    if isinstance(value, bool) and name in {"integer", "number"}:
        return False
    return isinstance(value, TYPES[name])


def _storable(text: str) -> bool:
    """No NUL (PostgreSQL text cannot hold it) and no lone surrogate (not encodable as UTF-8)."""
    if "\x00" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _format_ok(value: str, fmt: str | None) -> bool:
    try:
        if fmt == "date":
            date.fromisoformat(value)
        elif fmt == "date-time":
            parse_datetime(value)
    except ValueError:
        return False
    return True


def parse_datetime(value: str) -> datetime:
    """RFC 3339 date-time with a zone ("Z" or an offset); ValueError for anything else."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})", value):
        raise ValueError(value)
    parsed = datetime.fromisoformat(value.replace("z", "Z").replace("t", "T"))
    if parsed.tzinfo is None:
        raise ValueError(value)
    return parsed


def _string(value: str, schema: Mapping[str, Any], where: str) -> list[Problem]:
    if not _storable(value):
        return [(where, "含有无法保存的字符（如空字符）")]
    if "enum" in schema and value not in schema["enum"]:
        return [(where, "应为以下之一：" + "、".join(map(str, schema["enum"])))]
    if len(value) < schema.get("minLength", 0):
        return [(where, "不能为空" if schema.get("minLength") == 1 else f"至少 {schema['minLength']} 个字")]
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return [(where, f"最多 {schema['maxLength']} 个字")]
    if "pattern" in schema and not _regex(schema["pattern"]).search(value):
        return [(where, schema.get("x-pattern-message", "格式不对"))]
    if not _format_ok(value, schema.get("format")):
        what = "日期格式不对（应为 YYYY-MM-DD）" if schema["format"] == "date" else "时间格式不对（应为 RFC 3339）"
        return [(where, what)]
    return []


def _number(value: float, schema: Mapping[str, Any], where: str) -> list[Problem]:
    if "minimum" in schema and value < schema["minimum"]:
        return [(where, f"不能小于 {schema['minimum']}")]
    if "maximum" in schema and value > schema["maximum"]:
        return [(where, f"不能大于 {schema['maximum']}")]
    if "enum" in schema and value not in schema["enum"]:
        return [(where, "应为以下之一：" + "、".join(map(str, schema["enum"])))]
    return []


def _object(value: dict[str, Any], schema: Mapping[str, Any], where: str,
            components: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    props: Mapping[str, Any] = schema.get("properties", {})
    for name in schema.get("required", []):
        if name not in value:
            problems.append((_join(where, name), "缺少这一项"))
    for name, item in value.items():
        if name in props:
            problems += validate(item, props[name], _join(where, name), components)
        elif schema.get("additionalProperties", True) is False:
            problems.append((_join(where, name), "不认识这一项"))
    return problems


def _join(where: str, name: str) -> str:
    return f"{where}.{name}" if where else name


def validate(value: Any, schema: Mapping[str, Any], where: str = "", components: Mapping[str, Any] | None = None
             ) -> list[Problem]:
    """Every problem of ``value`` against ``schema`` (empty when it is valid)."""
    components = components or {}
    if "$ref" in schema:
        return validate(value, components[schema["$ref"].rsplit("/", 1)[-1]], where, components)
    if value is None:
        return [] if schema.get("nullable") else [(where, "不能为空值（null）")]
    kind = schema.get("type")
    if kind is not None and not _is_type(value, kind):
        return [(where, f"应为{TYPE_WORDS[kind]}")]
    if isinstance(value, str):
        return _string(value, schema, where)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number(value, schema, where)
    if isinstance(value, list):
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return [(where, f"最多 {schema['maxItems']} 项")]
        return [p for i, item in enumerate(value) for p in validate(item, schema.get("items", {}), f"{where}[{i}]",
                                                                    components)]
    if isinstance(value, dict):
        return _object(value, schema, where, components)
    return []
