"""FAQ entry endpoints: list, read, create, replace, patch (e.g. unpublish), delete.

Reading is open to every account; changing is for admins. Changes go through
``knowledge.changes`` (history, version, index reload in every process) after the same
validation as a file import (``knowledge.entries.parse_entry``), whose problems come back as
422 field errors; every change is audited like the admin console's (``faq.<verb>``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot import audit
from bot.api.blueprint import Param, current_user, operation
from bot.api.errors import ApiError
from bot.api.schemas import ENTRY_ID, NO_NUL
from bot.api.serialize import entry as entry_json
from bot.extensions import db
from knowledge.changes import delete_entry, save_entry
from knowledge.entries import EntryData, parse_entry
from knowledge.models import STATUSES, FaqEntry

TAG = "faq"
ENTRY = Param("entry_id", ENTRY_ID, "条目 id（小写字母、数字和连字符）", "path", True)
WRITE_ERRORS = (400, 401, 403, 404, 409, 415, 422)


def _target(entry_id: str) -> str:
    return f"faq:{entry_id}"


def _entry(entry_id: str) -> FaqEntry:
    row = db.session.get(FaqEntry, entry_id)
    if row is None:
        raise ApiError(404, "没有这个问答条目。")
    return row


def _validated(values: dict[str, Any]) -> EntryData:
    data, problems = parse_entry(values)
    if data is None:
        raise ApiError(422, errors=[(name or "-", zh) for name, (zh, _en) in problems])
    return data


def _save(data: EntryData, action: str) -> dict[str, Any]:
    user = current_user()
    try:
        result = save_entry(data, user.username, note="api")
    except IntegrityError as exc:  # created at the same moment by someone else
        db.session.rollback()
        raise ApiError(409, f"条目 {data.id} 已经存在。", code="exists") from exc
    if result != "unchanged":
        audit.record(user, action, _target(data.id), {"via": "api", "result": result})
    return entry_json(_entry(data.id))


@operation("GET", "/faq", summary="问答条目列表", tag=TAG, response="EntryList", params=(
    Param("q", {"type": "string", "maxLength": 100, "pattern": NO_NUL}, "问题、其他问法或答案中包含的文字"),
    Param("tag", {"type": "string", "maxLength": 40, "pattern": NO_NUL}, "标签"),
    Param("status", {"type": "string", "enum": list(STATUSES)}, "draft 或 published"),
    Param("page", {"type": "integer", "minimum": 1, "maximum": 100000}, "页码，从 1 开始"),
    Param("per_page", {"type": "integer", "minimum": 1, "maximum": 200}, "每页条数（默认 50，最多 200）")),
    errors=(400, 401))
def list_entries(query: dict[str, Any], body: None) -> dict[str, Any]:
    """Filtered in Python: a township's knowledge base is a few hundred entries, and tags are a JSON list."""
    rows = select(FaqEntry).order_by(FaqEntry.id)
    if "status" in query:
        rows = rows.where(FaqEntry.status == query["status"])
    found = list(db.session.scalars(rows))
    if query.get("tag"):
        found = [e for e in found if query["tag"] in (e.tags or [])]
    if query.get("q"):
        needle = query["q"].strip().lower()
        found = [e for e in found if needle in " ".join([e.question, *(e.alt_questions or []), e.answer]).lower()]
    page, per_page = query.get("page", 1), query.get("per_page", 50)
    chosen = found[(page - 1) * per_page: page * per_page]
    return {"items": [entry_json(e) for e in chosen], "page": page, "per_page": per_page, "total": len(found)}


@operation("GET", "/faq/{entry_id}", summary="问答条目", tag=TAG, response="Entry", params=(ENTRY,),
           errors=(401, 404))
def get_entry(query: dict[str, Any], body: None, entry_id: str) -> dict[str, Any]:
    return entry_json(_entry(entry_id))


@operation("POST", "/faq", summary="新增问答条目", tag=TAG, response="Entry", status=201, body="EntryCreate",
           admin_only=True, errors=WRITE_ERRORS, description="与导入文件相同的校验；id 已存在时返回 409。")
def create_entry(query: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
    data = _validated(body)
    if db.session.get(FaqEntry, data.id) is not None:
        raise ApiError(409, f"条目 {data.id} 已经存在，请用 PUT 或 PATCH 修改。", code="exists")
    return _save(data, "faq.create")


@operation("PUT", "/faq/{entry_id}", summary="替换问答条目的全部内容", tag=TAG, response="Entry", params=(ENTRY,),
           body="EntryReplace", admin_only=True, errors=WRITE_ERRORS, description="没有给出的可选项恢复为默认值。")
def replace_entry(query: dict[str, Any], body: dict[str, Any], entry_id: str) -> dict[str, Any]:
    _entry(entry_id)
    return _save(_validated({**body, "id": entry_id}), "faq.update")


@operation("PATCH", "/faq/{entry_id}", summary="修改问答条目的部分内容（如下架：status=draft）", tag=TAG,
           response="Entry", params=(ENTRY,), body="EntryPatch", admin_only=True, errors=WRITE_ERRORS)
def patch_entry(query: dict[str, Any], body: dict[str, Any], entry_id: str) -> dict[str, Any]:
    current = _entry(entry_id).content()
    return _save(_validated({**current, **body, "id": entry_id}), "faq.update")


@operation("DELETE", "/faq/{entry_id}", summary="删除问答条目（历史保留，可在管理后台恢复）", tag=TAG, response=None,
           status=204, params=(ENTRY,), admin_only=True, errors=(401, 403, 404))
def remove_entry(query: dict[str, Any], body: None, entry_id: str) -> None:
    if not delete_entry(entry_id, current_user().username, note="api"):
        raise ApiError(404, "没有这个问答条目。")
    audit.record(current_user(), "faq.delete", _target(entry_id), {"via": "api"})
