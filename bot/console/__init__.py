"""The staff console: sign-in, the case queue, the case page and its actions, quick replies.

Server-rendered (Flask + Jinja), made for a phone first. Importing the modules sets up the
blueprint (routes, guard, layout context, error pages) once per process; ``init_app`` binds
it to an app with sessions, CSRF and the quick-reply seeder.
"""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from bot import audit  # noqa: F401  (register the audit table)
    from bot.console import account, case_actions, cases, errors, headers, login, media, models, nav  # noqa: F401
    from bot.console.auth import init_auth
    from bot.console.blueprint import bp
    from bot.console.quick_replies import seed_quick_replies

    init_auth(app)
    app.register_blueprint(bp)
    seeders = app.extensions.setdefault("fazhi.seeders", {})
    seeders["quick_replies"] = seed_quick_replies
    if app.config.get("ENV_NAME") == "development":
        from bot.console.demo_accounts import seed_demo_accounts

        seeders["demo_accounts"] = seed_demo_accounts
