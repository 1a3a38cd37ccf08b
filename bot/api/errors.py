"""Errors as JSON: a machine ``code``, a Chinese ``message`` and, for bad input, field ``errors``.

Integrations get the same shape for every failure, including the ones Flask raises itself
(unknown URL, wrong method, body too large), so a client needs one error path. Bad input is
always a 4xx; a 500 means a bug and is logged with its traceback.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Response, request
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

CODES: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求的格式不对。"),
    401: ("unauthorized", "需要有效的访问令牌（Authorization: Bearer <令牌>）。"),
    403: ("forbidden", "您的账号没有权限做这个操作。"),
    404: ("not_found", "没有找到，或者它不归您的部门办理。"),
    405: ("method_not_allowed", "这个地址不支持这种请求方法。"),
    409: ("conflict", "现在不能这样做。"),
    413: ("too_large", "请求内容太大了。"),
    415: ("unsupported_media_type", "请求体应为 JSON（Content-Type: application/json）。"),
    422: ("validation_failed", "提交的内容有误，请按 errors 修改。"),
    500: ("internal_error", "系统出了点问题，请稍后再试。"),
}


def json_response(payload: Any, status: int = 200) -> Response:
    """JSON in UTF-8 as it is (Flask's default escapes every Chinese character as \\uXXXX)."""
    return Response(json.dumps(payload, ensure_ascii=False, separators=(",", ":")), status=status,
                    mimetype="application/json")


class ApiError(Exception):
    """Raised by views: becomes a JSON error response with this status, code and message."""

    def __init__(self, status: int, message: str | None = None, *, code: str | None = None,
                 errors: list[tuple[str, str]] | None = None) -> None:
        default_code, default_message = CODES.get(status, ("error", "出错了。"))
        super().__init__(message or default_message)
        self.status, self.code = status, code or default_code
        self.message = message or default_message
        self.errors = errors or []


def error_response(status: int, message: str | None = None, *, code: str | None = None,
                   errors: list[tuple[str, str]] | None = None, headers: dict[str, str] | None = None) -> Response:
    exc = ApiError(status, message, code=code, errors=errors)
    body: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if exc.errors:
        body["errors"] = [{"field": field, "message": text} for field, text in exc.errors]
    response = json_response(body, status)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="fazhi"'
    return response


def on_api_error(exc: ApiError) -> Response:
    return error_response(exc.status, exc.message, code=exc.code, errors=exc.errors)


def on_http_error(exc: HTTPException) -> Response:
    """Flask's own 4xx (and a 405's ``Allow`` header) in the API's shape."""
    status = exc.code or 500
    headers = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}
    return error_response(status, headers=headers)


def on_unexpected(exc: Exception) -> Response:
    if isinstance(exc, HTTPException):
        return on_http_error(exc)
    log.exception("API request failed: %s %s", request.method, request.path)
    return error_response(500)


def is_api_request() -> bool:
    return request.path == "/api" or request.path.startswith("/api/")


def app_level(exc: HTTPException) -> Any:
    """For errors raised before any blueprint is chosen (an unknown /api/… URL): JSON under
    /api, and Flask's normal page everywhere else."""
    return on_http_error(exc) if is_api_request() else exc
