"""Case endpoints: list, read (with history), reply to the resident, change status, close, reopen.

Access is the console's (``bot.console.access``): another office's case is a 404, exactly
like a missing one. Changes go through the functions the console calls (``bot.cases.service``
and ``bot.cases.actions``), so the 48-hour window, notices, history and time limits behave
the same; every read and every change is audited, marked ``"via": "api"``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from werkzeug.exceptions import NotFound

from bot import audit
from bot.api.blueprint import Param, current_user, operation
from bot.api.errors import ApiError
from bot.api.schemas import CASE_NUMBER, NO_NUL
from bot.api.serialize import case_detail, case_summary
from bot.api.validation import parse_datetime
from bot.cases import actions, service
from bot.cases.actions import ActionError
from bot.cases.clock import now
from bot.cases.labels import CASE_TYPES, STATUSES
from bot.cases.models import Case
from bot.console.access import can_reveal, get_case_for, visible_cases
from bot.extensions import db
from bot.org.models import Office

TAG = "cases"
NUMBER = Param("number", {"type": "string", "pattern": CASE_NUMBER}, "事项编号，如 HB-20260105-0001", "path", True)
PAGE = Param("page", {"type": "integer", "minimum": 1, "maximum": 100000}, "页码，从 1 开始")
PER_PAGE = Param("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "每页条数（默认 50，最多 100）")
ACTION_ERRORS = (400, 401, 404, 409, 415, 422)


def _case(number: str) -> Case:
    try:
        return get_case_for(current_user(), number)
    except NotFound as exc:  # another office's case, or none: the same 404
        raise ApiError(404) from exc


def _utc(value: str) -> datetime:
    """SQLite compares stored UTC wall clocks as text, so the bound must be UTC too."""
    try:
        return parse_datetime(value).astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+01:00 is before the first representable UTC moment
        return datetime.min.replace(tzinfo=UTC)


def _audit(case: Case, action: str, **details: Any) -> None:
    audit.record(current_user(), action, audit.case_target(case.number), {"via": "api", **details})


@operation("GET", "/cases", summary="事项列表", tag=TAG, response="CaseList", params=(
    Param("status", {"type": "string", "enum": list(STATUSES)}, "按状态筛选"),
    Param("office", {"type": "string", "maxLength": 40, "pattern": NO_NUL}, "按承办部门代码筛选（如 sfs）"),
    Param("type", {"type": "string", "enum": list(CASE_TYPES)}, "按事项类型筛选"),
    Param("updated_since", {"type": "string", "format": "date-time"}, "只要这个时间（含）之后有变动的事项"),
    PAGE, PER_PAGE),
    description="您能看到的事项（管理员：全部；其他人：本部门），最近有变动的在前。每次调用记入操作日志。")
def list_cases(query: dict[str, Any], body: None) -> dict[str, Any]:
    user = current_user()
    cases = visible_cases(user)
    if "status" in query:
        cases = cases.where(Case.status == query["status"])
    if "type" in query:
        cases = cases.where(Case.case_type == query["type"])
    if "office" in query:
        cases = cases.where(Case.office_id.in_(select(Office.id).where(Office.code == query["office"])))
    if "updated_since" in query:
        cases = cases.where(Case.updated_at >= _utc(query["updated_since"]))
    page, per_page = query.get("page", 1), query.get("per_page", 50)
    total = db.session.scalar(select(func.count()).select_from(cases.subquery())) or 0
    rows = list(db.session.scalars(
        cases.order_by(Case.updated_at.desc(), Case.id.desc()).limit(per_page).offset((page - 1) * per_page)
        .options(selectinload(Case.office), selectinload(Case.village), selectinload(Case.assignee))))
    at = now()
    audit.record(user, "case.list", "cases", {"via": "api", "numbers": [c.number for c in rows],
                                              "filters": {k: str(v) for k, v in query.items()}})
    return {"items": [case_summary(c, at) for c in rows], "page": page, "per_page": per_page, "total": int(total)}


@operation("GET", "/cases/{number}", summary="事项详情和办理记录", tag=TAG, response="Case", params=(
    NUMBER, Param("reveal", {"type": "boolean"},
                  "显示完整电话和身份证号（只限承办人、本部门负责人和管理员；记入日志）")),
    errors=(400, 401, 403, 404))
def get_case(query: dict[str, Any], body: None, number: str) -> dict[str, Any]:
    case = _case(number)
    revealed = bool(query.get("reveal"))
    if revealed and not can_reveal(current_user(), case):
        raise ApiError(403, "只有这件事项的承办人、本部门负责人和管理员可以查看完整号码。")
    _audit(case, "case.view")
    if revealed:
        _audit(case, "case.reveal", phone=bool(case.phone))
    return case_detail(case, revealed=revealed)


@operation("POST", "/cases/{number}/reply", summary="回复群众", tag=TAG, response="Case", params=(NUMBER,),
           body="ReplyInput", errors=ACTION_ERRORS,
           description="作为客服消息发给群众；群众超过 48 小时没有发消息时，"
                       "等他下次发消息再送达（见办理记录的 delivery）。")
def reply(query: dict[str, Any], body: dict[str, Any], number: str) -> dict[str, Any]:
    case = _case(number)
    try:
        msg = service.staff_reply(case, body["text"], author=current_user())
    except ValueError as exc:
        db.session.rollback()
        raise ApiError(422, errors=[("text", "回复内容不能为空")]) from exc
    _audit(case, "case.reply", outbound_message_id=msg.id)
    return case_detail(case)


def _act(case: Case, action: str, run: Any, **details: Any) -> dict[str, Any]:
    try:
        run()
    except ActionError as exc:
        db.session.rollback()
        raise ApiError(409, str(exc), code="action_refused") from exc
    _audit(case, action, **details)
    db.session.refresh(case)
    return case_detail(case)


@operation("POST", "/cases/{number}/status", summary="更改状态", tag=TAG, response="Case", params=(NUMBER,),
           body="StatusInput", errors=ACTION_ERRORS,
           description="受理、办理中、待补充材料、调解成功/不成、已答复。办结请用 /close。")
def change_status(query: dict[str, Any], body: dict[str, Any], number: str) -> dict[str, Any]:
    case = _case(number)
    before, user = case.status, current_user()
    return _act(case, "case.status",
                lambda: actions.change_status(case, body["status"], author=user, note=body.get("note")),
                **{"from": before, "to": body["status"]})


@operation("POST", "/cases/{number}/close", summary="办结", tag=TAG, response="Case", params=(NUMBER,),
           body="CloseInput", errors=ACTION_ERRORS, description="办理结果会发给群众，并请群众评价。")
def close_case(query: dict[str, Any], body: dict[str, Any], number: str) -> dict[str, Any]:
    case = _case(number)
    user = current_user()
    return _act(case, "case.close", lambda: actions.close(case, body["outcome"], author=user))


@operation("POST", "/cases/{number}/reopen", summary="重新打开已办结的事项", tag=TAG, response="Case",
           params=(NUMBER,), body="ReopenInput", errors=ACTION_ERRORS)
def reopen_case(query: dict[str, Any], body: dict[str, Any], number: str) -> dict[str, Any]:
    case = _case(number)
    user = current_user()
    return _act(case, "case.reopen", lambda: actions.reopen(case, author=user, reason=body["reason"]))
