"""The ``/api/v1`` blueprint: token sign-in, and :func:`operation`, which registers a view
together with its OpenAPI description and checks its input against that description.

Declaring parameters and body once, next to the view, keeps the document and the code from
drifting apart: the document is generated from :data:`OPERATIONS`, and the same schemas
validate every request before the view runs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Blueprint, Response, g, request
from werkzeug.exceptions import HTTPException

from bot.api.errors import ApiError, json_response, on_api_error, on_http_error, on_unexpected
from bot.api.schemas import SCHEMAS
from bot.api.tokens import user_for_token
from bot.api.validation import Problem, validate
from bot.org.models import User

bp = Blueprint("api", __name__, url_prefix="/api/v1")
PUBLIC_ENDPOINTS = frozenset({"api.openapi_document"})


@dataclass(frozen=True)
class Param:
    name: str
    schema: dict[str, Any]
    description: str = ""
    where: str = "query"  # query | path
    required: bool = False


@dataclass(frozen=True)
class Operation:
    method: str
    path: str  # OpenAPI style: /cases/{number}
    endpoint: str
    summary: str
    tag: str
    response: str | None  # a component schema name; None: no body (204)
    status: int = 200
    params: tuple[Param, ...] = ()
    body: str | None = None
    admin_only: bool = False
    description: str = ""
    errors: tuple[int, ...] = field(default=(400, 401, 404, 422))


OPERATIONS: list[Operation] = []


def current_user() -> User:
    user: User = g.api_user
    return user


@bp.before_request
def authenticate() -> None:
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    scheme, _, token = (request.headers.get("Authorization") or "").strip().partition(" ")
    user = user_for_token(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        raise ApiError(401)
    g.api_user = user


@bp.after_request
def no_store(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _coerce(raw: str, schema: dict[str, Any]) -> Any:
    """A query string value as the type its schema names (ValueError if it is not one)."""
    kind = schema.get("type")
    if kind == "integer":
        if not raw.lstrip("-").isdigit() or len(raw) > 12:
            raise ValueError(raw)
        return int(raw)
    if kind == "boolean":
        if raw.lower() not in {"true", "false", "1", "0"}:
            raise ValueError(raw)
        return raw.lower() in {"true", "1"}
    return raw


def _query(op: Operation) -> dict[str, Any]:
    known = {p.name: p for p in op.params if p.where == "query"}
    problems: list[Problem] = [(name, "不认识这个参数") for name in request.args if name not in known]
    values: dict[str, Any] = {}
    for name, param in known.items():
        raw = request.args.getlist(name)
        if not raw:
            if param.required:
                problems.append((name, "缺少这个参数"))
            continue
        if len(raw) > 1:
            problems.append((name, "只能给一个值"))
            continue
        try:
            value = _coerce(raw[0], param.schema)
        except ValueError:
            problems.append((name, "格式不对"))
            continue
        found = validate(value, param.schema, name, SCHEMAS)
        problems += found
        if not found:
            values[name] = value
    if problems:
        raise ApiError(400, "请求参数有误。", code="bad_parameter", errors=problems)
    return values


def _body(op: Operation) -> Any:
    if op.body is None:
        return None
    if not request.is_json:
        raise ApiError(415)
    data = request.get_json(silent=True)
    if data is None and request.get_data(cache=True).strip() not in (b"null",):
        raise ApiError(400, "请求体不是有效的 JSON。", code="bad_json")
    problems = validate(data, {"$ref": f"#/components/schemas/{op.body}"}, "", SCHEMAS)
    if problems:
        raise ApiError(422, errors=problems)
    return data


def operation(method: str, path: str, *, summary: str, tag: str, response: str | None, status: int = 200,
              params: tuple[Param, ...] = (), body: str | None = None, admin_only: bool = False,
              description: str = "", errors: tuple[int, ...] = (400, 401, 404, 422)) -> Callable[..., Any]:
    """Register ``view(query, body, **path_params) -> payload`` under ``path`` and describe it."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        op = Operation(method, path, view.__name__, summary, tag, response, status, params, body, admin_only,
                       description, errors)
        OPERATIONS.append(op)

        @wraps(view)
        def run(**path_params: str) -> Response:
            if op.admin_only and not current_user().is_admin:
                raise ApiError(403, "只有管理员可以修改问答库。")
            for param in op.params:
                if param.where == "path" and validate(path_params[param.name], param.schema, param.name, SCHEMAS):
                    raise ApiError(404)
            payload = view(_query(op), _body(op), **path_params)
            if op.response is None:
                return Response(status=op.status)
            return json_response(payload, op.status)

        rule = path.replace("{", "<").replace("}", ">")
        bp.add_url_rule(rule, endpoint=view.__name__, view_func=run, methods=[method])
        return run

    return decorate


bp.register_error_handler(ApiError, on_api_error)
bp.register_error_handler(HTTPException, on_http_error)
bp.register_error_handler(Exception, on_unexpected)
