"""The schema's migrations (Flask-Migrate over Alembic), loaded only by what uses them.

Flask-Migrate imports Alembic, ~11 MB in every process that imports it; a web or worker process
never migrates.  ``flask db …``, ``flask db-init``, the tests and the benchmarks call
``migrations`` (or ``upgrade``) first, which binds Flask-Migrate to the app then.
"""

from __future__ import annotations

from typing import Any

import click
from flask import Flask, current_app

from bot.config import PROJECT_ROOT
from bot.extensions import db

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def migrations(app: Flask) -> Any:
    """Flask-Migrate's state for ``app`` (``app.extensions["migrate"]``), bound on first use."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        Migrate(app, db, directory=str(MIGRATIONS_DIR))
    return app.extensions["migrate"]


def upgrade(revision: str = "heads") -> None:
    """Alembic's upgrade of the current app's database (an app context must be pushed)."""
    from flask_migrate import upgrade as flask_migrate_upgrade

    migrations(current_app._get_current_object())  # type: ignore[attr-defined]
    flask_migrate_upgrade(revision=revision)


def _flask_migrate_group() -> click.Group:
    """Flask-Migrate's ``db`` group, bound to the current app (Flask's CLI has pushed its context
    by the time a ``db`` command is looked up)."""
    migrations(current_app._get_current_object())  # type: ignore[attr-defined]
    from flask_migrate.cli import db as group

    return group  # type: ignore[no-any-return]


class LazyMigrateGroup(click.Group):
    """``flask db``: Flask-Migrate's commands, imported when one is looked up.  The group's two
    options are declared below, the same as Flask-Migrate's, and handed to its own callback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return _flask_migrate_group().list_commands(ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return _flask_migrate_group().get_command(ctx, cmd_name)


@click.group("db", cls=LazyMigrateGroup)
@click.option("-d", "--directory", default=None, help='Migration script directory (default is "migrations")')
@click.option("-x", "--x-arg", multiple=True, help="Additional arguments consumed by custom env.py scripts")
@click.pass_context
def db_cli(ctx: click.Context, directory: str | None, x_arg: tuple[str, ...]) -> None:
    """数据库迁移 / schema migrations (Flask-Migrate over Alembic)."""
    ctx.invoke(_flask_migrate_group().callback, directory=directory, x_arg=x_arg)  # type: ignore[arg-type]
