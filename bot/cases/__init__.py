"""Cases: intake results, routing to offices, time limits, the outbox and worker jobs."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the case models, commands and hooks with ``app``."""
    from bot.cases import models  # noqa: F401  (register the tables with the metadata)
    from bot.cases.cli import register
    from bot.cases.jobs import start_ticking
    from bot.cases.seed import seed_all
    from bot.cases.settings import init_settings

    init_settings(app)
    register(app)
    # `flask seed` (make run) loads offices, villages and routing rules; `cases seed` does only these.
    app.extensions.setdefault("fazhi.seeders", {})["cases"] = seed_all
    # On worker start (and gunicorn post-fork): keep the periodic outbox/overdue tick scheduled.
    app.extensions.setdefault("fazhi.preload", []).append(start_ticking)
