"""The JSON API for integrations (``/api/v1``): cases and FAQ entries, with per-account tokens.

The county's case system, a dashboard, or a script can use what the console offers, under the
same access rules and audit; ``/api/v1/openapi.json`` describes every endpoint.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bot.api import cases, cli, faq, openapi  # noqa: F401  (operations on the blueprint; users token)
    from bot.api.blueprint import bp
    from bot.api.errors import app_level

    app.register_blueprint(bp)
    # Unknown /api/… URLs and wrong methods fail before a blueprint is chosen: answer them in JSON too.
    app.register_error_handler(404, app_level)
    app.register_error_handler(405, app_level)
