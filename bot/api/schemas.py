"""The JSON schemas of the API (``components.schemas`` of the OpenAPI document).

Request schemas are also what :mod:`bot.api.validation` checks input against, so they say
exactly what is accepted: lengths fit the database columns, free text may not hold a NUL,
and required text must have something besides blanks.
"""

from __future__ import annotations

from typing import Any

from bot.cases.actions import STATUS_CHOICES
from bot.cases.labels import CASE_TYPES, STATUSES
from bot.console.forms import REPLY_MAX
from knowledge.entries import MAX_ID_LENGTH
from knowledge.models import STATUSES as ENTRY_STATUSES

NO_NUL = r"^[^\x00]*$"
# At least one character that is not a blank (Python and ECMAScript agree on \s except for
# \x1c-\x1f, which Python strips too), and no NUL.
NON_BLANK = r"^[^\x00]*[^\s\x1c-\x1f\x00][^\x00]*$"
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
CASE_NUMBER = r"^[A-Za-z0-9-]{1,32}$"

Schema = dict[str, Any]


def text(max_length: int, *, required: bool = False, description: str = "") -> Schema:
    schema: Schema = {"type": "string", "maxLength": max_length, "pattern": NON_BLANK if required else NO_NUL}
    if required:
        schema["minLength"] = 1
        schema["x-pattern-message"] = "不能为空"
    else:
        schema["x-pattern-message"] = "含有无法保存的字符"
    if description:
        schema["description"] = description
    return schema


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    return {**schema, "nullable": True}


STRING: Schema = {"type": "string"}
TIME: Schema = {"type": "string", "format": "date-time"}
DAY: Schema = {"type": "string", "format": "date"}


def _obj(properties: dict[str, Schema], required: list[str] | None = None, *, closed: bool = False,
         description: str = "") -> Schema:
    schema: Schema = {"type": "object", "properties": properties}
    names = list(properties) if required is None else required
    if names:  # OpenAPI 3.0 (JSON Schema draft 4) does not allow an empty "required"
        schema["required"] = names
    if closed:
        schema["additionalProperties"] = False
    if description:
        schema["description"] = description
    return schema


NAMED = _obj({"code": STRING, "name": STRING})
PERSON = _obj({"username": STRING, "display_name": STRING})

CASE_SUMMARY = _obj({
    "number": STRING,
    "type": {"type": "string", "enum": list(CASE_TYPES)},
    "type_label": STRING,
    "category": nullable(STRING),
    "status": {"type": "string", "enum": list(STATUSES)},
    "status_label": STRING,
    "office": nullable(ref("Named")),
    "village": nullable(ref("Named")),
    "assignee": nullable(ref("Person")),
    "summary": {"type": "string", "description": "内容摘要，电话号码和身份证号已隐藏"},
    "phone": {"type": "string", "description": "联系电话（默认隐藏中间四位）"},
    "overdue": {"type": "boolean", "description": "已超过受理或办结期限"},
    "created_at": TIME, "updated_at": TIME,
    "accepted_at": nullable(TIME), "accept_due": nullable(TIME), "resolve_due": nullable(TIME),
    "closed_at": nullable(TIME),
})

EVENT = _obj({
    "id": {"type": "integer"},
    "kind": {"type": "string", "description": "created, routed, resident_message, staff_reply, status, note, "
                                               "transfer, assigned, closed, rating, overdue, merged, reopened …"},
    "author": {"type": "string", "description": "resident、system 或工作人员用户名"},
    "at": TIME,
    "text": nullable(STRING),
    "data": {"type": "object", "additionalProperties": True},
    "delivery": nullable({"type": "string", "enum": ["queued", "sent", "undelivered", "failed"],
                          "description": "回复群众的消息的发送状态"}),
})

CASE = {"allOf": [ref("CaseSummary"), _obj({
    "description": STRING,
    "details": {"type": "object", "additionalProperties": {"type": "string"}},
    "phone_revealed": {"type": "boolean"},
    "outcome": nullable(STRING),
    "rating": nullable({"type": "integer", "minimum": 1, "maximum": 5}),
    "rating_comment": nullable(STRING),
    "events": {"type": "array", "items": ref("Event")},
})]}


def page_of(item: str) -> Schema:
    return _obj({"items": {"type": "array", "items": ref(item)}, "page": {"type": "integer"},
                 "per_page": {"type": "integer"}, "total": {"type": "integer"}})


ENTRY_FIELDS: dict[str, Schema] = {
    "question": text(500, required=True),
    "alt_questions": {"type": "array", "maxItems": 50, "items": text(500)},
    "answer": text(5000, required=True),
    "law": text(200, description="法律名称，如《中华人民共和国民法典》"),
    "article": text(500, description="条号，如 第一千零七十六条"),
    "tags": {"type": "array", "maxItems": 20, "items": text(40)},
    "status": {"type": "string", "enum": list(ENTRY_STATUSES)},
    "valid_from": nullable(DAY),
    "valid_to": nullable({**DAY, "description": "失效日期（修订生效之日），须晚于 valid_from"}),
}
ENTRY_ID: Schema = {"type": "string", "pattern": SLUG, "minLength": 1, "maxLength": MAX_ID_LENGTH,
                    "x-pattern-message": "只能用小写字母、数字和连字符"}

ENTRY = _obj({
    "id": STRING,
    **{k: v for k, v in ENTRY_FIELDS.items() if k not in {"valid_from", "valid_to"}},
    "valid_from": nullable(DAY), "valid_to": nullable(DAY),
    "version": {"type": "integer"}, "updated_at": TIME, "updated_by": STRING,
    "live": {"type": "boolean", "description": "现在是否会用来回答群众"},
})

SCHEMAS: dict[str, Schema] = {
    "Error": _obj({"code": STRING, "message": STRING,
                   "errors": {"type": "array", "items": _obj({"field": STRING, "message": STRING})}},
                  ["code", "message"]),
    "Named": NAMED,
    "Person": PERSON,
    "CaseSummary": CASE_SUMMARY,
    "Event": EVENT,
    "Case": CASE,
    "CaseList": page_of("CaseSummary"),
    "ReplyInput": _obj({"text": text(REPLY_MAX, required=True)}, closed=True),
    "StatusInput": _obj({"status": {"type": "string", "enum": [c.code for c in STATUS_CHOICES],
                                    "description": "mediated、mediation_failed 只用于调解申请"},
                         "note": text(300)}, ["status"], closed=True),
    "CloseInput": _obj({"outcome": text(500, required=True, description="办理结果，会发给群众")}, closed=True),
    "ReopenInput": _obj({"reason": text(500, required=True)}, closed=True),
    "Entry": ENTRY,
    "EntryList": page_of("Entry"),
    "EntryCreate": _obj({"id": ENTRY_ID, **ENTRY_FIELDS}, ["id", "question", "answer"], closed=True),
    "EntryReplace": _obj(dict(ENTRY_FIELDS), ["question", "answer"], closed=True),
    "EntryPatch": _obj(dict(ENTRY_FIELDS), [], closed=True),
}
