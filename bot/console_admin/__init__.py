"""The admin side of the web console: knowledge base, 试一试, unanswered questions, settings.

Pages live under ``/console/admin/`` in their own blueprint, built on the staff console's
skeleton (``bot.console``: guard, layout, forms, audit). Every change goes through the same
service functions as the CLI (``knowledge.changes``, ``bot.explain``, ``bot.menu``) and is
recorded with ``bot.audit.record``.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bot.console_admin import models  # noqa: F401  (register the tables with the metadata)
    from bot.console_admin.blueprint import bp
    from bot.console_admin.views import load_views

    load_views()
    app.register_blueprint(bp)
