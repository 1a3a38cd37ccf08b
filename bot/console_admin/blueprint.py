"""The admin side of the console: its blueprint, with the staff console's rules applied.

A separate blueprint (``/console/admin/…``) keeps knowledge and configuration screens out of
``bot.console``, but they must feel and behave like the rest of the console: the same login
guard and CSRF check, the same layout, error pages and security headers. The module wires
those in; the screens add routes to ``bp``.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from bot.console.auth import guard
from bot.console.errors import ERROR_TEXT, error_page
from bot.console.headers import protect
from bot.console.nav import layout_context

bp = Blueprint("console_admin", __name__, url_prefix="/console/admin", template_folder="templates",
               static_folder="static", static_url_path="/static")

UPLOAD_ENDPOINTS = frozenset({"console_admin.faq_import"})
UPLOAD_MAX = 8 * 1024 * 1024
"""A knowledge file is far larger than the webhook's 64 KB request limit (the shipped base is ~250 KB)."""


def allow_uploads() -> None:
    """Raise the request size limit for the import form, before the guard's CSRF check parses it."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = UPLOAD_MAX


def too_large(exc: RequestEntityTooLarge) -> ResponseReturnValue:
    text = f"文件太大了（最多 {UPLOAD_MAX // 1024 // 1024} MB）。请分成几个文件导入。"
    return render_template("console/error.html", code=413, text=text), 413


def _error_page(exc: HTTPException) -> ResponseReturnValue:
    return error_page(exc)


bp.before_request(allow_uploads)
bp.before_request(guard)
bp.after_request(protect)
bp.context_processor(layout_context)
for _code in ERROR_TEXT:
    bp.register_error_handler(_code, _error_page)
bp.register_error_handler(CSRFError, _error_page)
bp.register_error_handler(RequestEntityTooLarge, too_large)
