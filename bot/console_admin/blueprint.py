"""The admin side of the console: its blueprint, with the staff console's rules applied.

A separate blueprint (``/console/admin/…``) keeps knowledge and configuration screens out of
``bot.console``, but they must feel and behave like the rest of the console: the same login
guard and CSRF check, the same layout, error pages and security headers. The module wires
those in; the screens add routes to ``bp``.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, request
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import RequestEntityTooLarge

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
    """Back to the page with a message. Rendering here would build the layout's forms, which
    read the oversized body again."""
    if request.endpoint in UPLOAD_ENDPOINTS:
        flash(f"文件太大了（最多 {UPLOAD_MAX // 1024 // 1024} MB），没有导入。请分成几个文件导入。", "error")
    else:
        flash("提交的内容太长了，没有保存。", "error")
    return redirect(request.path, code=303)


bp.before_request(allow_uploads)
bp.before_request(guard)
bp.after_request(protect)
bp.context_processor(layout_context)
for _code in ERROR_TEXT:
    bp.register_error_handler(_code, error_page)
bp.register_error_handler(CSRFError, error_page)
bp.register_error_handler(RequestEntityTooLarge, too_large)
