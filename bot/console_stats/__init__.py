"""Statistics for leads and admins: figures, charts, the cases behind each number, the
annual report's numbers, CSV/XLSX downloads; and the counter of questions the FAQ answered.

Pages live under ``/console/stats/`` in their own blueprint on the console's skeleton.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bot.console.nav import NavItem, add_nav_item
    from bot.console_stats import models, views  # noqa: F401  (tables; routes on the blueprint)
    from bot.console_stats.answered import start_flushing
    from bot.console_stats.blueprint import bp

    app.register_blueprint(bp)
    add_nav_item(NavItem("console_stats.index", "统计", frozenset({"lead", "admin"})))
    app.extensions.setdefault("fazhi.preload", []).append(start_flushing)
