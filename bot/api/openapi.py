"""The OpenAPI 3.0 document at ``/api/v1/openapi.json``, generated from the registered
operations (``blueprint.OPERATIONS``) and the schemas that validate their input.

Served without a token: it describes the API, not any resident's data.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from bot.api.blueprint import OPERATIONS, Operation, bp
from bot.api.errors import CODES, json_response
from bot.api.schemas import SCHEMAS, ref

INFO = {
    "title": "法治助手 API",
    "version": "1.0.0",
    "description": (
        "乡镇法治助手的对外接口：事项（列表、详情、回复群众、更改状态、办结、重新打开）和问答库条目。\n\n"
        "**认证**：每个工作人员账号一个令牌，由管理员用 `flask --app wsgi users token <用户名>` 签发（只显示一次），"
        "请求时放在 `Authorization: Bearer <令牌>`。访问范围与工作台相同：管理员看全部事项，"
        "其他人只看本部门的事项，别的部门的事项一律返回 404。问答库只有管理员可以修改。\n\n"
        "**隐私**：电话和身份证号默认隐藏中间部分；承办人、本部门负责人和管理员可以用 `?reveal=1` 查看完整号码。"
        "每次读取和修改事项都记入操作日志。\n\n"
        "**错误**：统一为 JSON：`code`（机器可读）、`message`（中文说明），输入有误时另有 `errors`（逐项说明）。"
    ),
}


def _parameters(op: Operation) -> list[dict[str, Any]]:
    return [{"name": p.name, "in": p.where, "required": p.required or p.where == "path", "schema": p.schema,
             "description": p.description} for p in op.params]


def _error(status: int) -> dict[str, Any]:
    return {"description": CODES.get(status, ("", "出错了"))[1],
            "content": {"application/json": {"schema": ref("Error")}}}


def _operation(op: Operation) -> dict[str, Any]:
    success: dict[str, Any] = {"description": "成功"}
    if op.response is not None:
        success["content"] = {"application/json": {"schema": ref(op.response)}}
    responses: dict[str, Any] = {str(op.status): success}
    for status in sorted({*op.errors, 401, *((403,) if op.admin_only else ())}):
        responses[str(status)] = _error(status)
    responses["default"] = _error(500)
    found: dict[str, Any] = {"operationId": op.endpoint, "summary": op.summary, "tags": [op.tag],
                             "parameters": _parameters(op), "responses": responses}
    if op.description or op.admin_only:
        found["description"] = " ".join(t for t in (op.description, "只限管理员。" if op.admin_only else "") if t)
    if op.body is not None:
        found["requestBody"] = {"required": True, "content": {"application/json": {"schema": ref(op.body)}}}
    return found


def document() -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for op in OPERATIONS:
        paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
    return {
        "openapi": "3.0.3",
        "info": INFO,
        "servers": [{"url": current_app.config.get("API_BASE_URL") or "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "tags": [{"name": "cases", "description": "事项"}, {"name": "faq", "description": "问答库"}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                               "description": "flask --app wsgi users token <用户名> 签发的令牌"}},
            "schemas": SCHEMAS,
        },
    }


@bp.get("/openapi.json")
def openapi_document() -> Response:
    return json_response(document())
