"""Console error pages in plain Chinese (registered on the blueprint when this module is imported)."""

from __future__ import annotations

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from bot.console.blueprint import bp

ERROR_TEXT: dict[int, str] = {
    400: "提交的内容无法处理。页面可能已经过期，请返回刷新后再试。",
    403: "您没有权限做这个操作。",
    404: "没有找到这个页面或事项，或者它不归您的部门办理。",
    502: "暂时取不到这个文件，请稍后再试。",
}


def error_page(exc: HTTPException) -> ResponseReturnValue:
    code = exc.code or 500
    # A 403 may say why in Chinese (abort(403, description="…")); English defaults are not shown.
    own = exc.description if code == 403 and exc.description and not exc.description.isascii() else None
    return render_template("console/error.html", code=code, text=own or ERROR_TEXT.get(code, "出了点问题。")), code


for _code in ERROR_TEXT:
    bp.register_error_handler(_code, error_page)
bp.register_error_handler(CSRFError, error_page)
