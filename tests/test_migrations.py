"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask

from bot.extensions import db


def test_models_and_migrations_agree(app: Flask) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, db.metadata)
    assert diffs == [], "models changed without a migration (flask --app wsgi db migrate):\n" + "\n".join(
        map(str, diffs))


def test_single_head(app: Flask) -> None:
    from alembic.script import ScriptDirectory

    migrate = app.extensions["migrate"]
    script = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    assert len(script.get_heads()) == 1, script.get_heads()
