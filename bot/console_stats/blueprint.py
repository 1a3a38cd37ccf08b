"""The statistics blueprint (``/console/stats/…``), with the staff console's rules applied.

Its own blueprint keeps management figures out of ``bot.console``; the login guard (and
CSRF check), layout, error pages and security headers are the console's own, registered
here so the pages behave like every other console page.
"""

from __future__ import annotations

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from bot.console.auth import guard
from bot.console.errors import ERROR_TEXT, error_page
from bot.console.headers import protect
from bot.console.nav import layout_context

bp = Blueprint("console_stats", __name__, url_prefix="/console/stats", template_folder="templates",
               static_folder="static", static_url_path="/static")


def _error_page(exc: HTTPException) -> ResponseReturnValue:
    return error_page(exc)


bp.before_request(guard)
bp.after_request(protect)
bp.context_processor(layout_context)
for _code in ERROR_TEXT:
    bp.register_error_handler(_code, _error_page)
bp.register_error_handler(CSRFError, _error_page)
