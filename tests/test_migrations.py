"""The migrations build exactly the schema the models describe (on SQLite and PostgreSQL)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade
from sqlalchemy.engine import make_url

from bot import config, create_app, schema
from bot.extensions import db
from tests.conftest import _ensure_pg_database


def test_models_and_migrations_agree(app: Flask) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(context, db.metadata)
    assert diffs == [], "models changed without a migration (flask --app wsgi db migrate):\n" + "\n".join(
        map(str, diffs))


def test_single_head(app: Flask) -> None:
    from alembic.script import ScriptDirectory

    migrate = schema.migrations(app)
    script = ScriptDirectory.from_config(migrate.migrate.get_config(migrate.directory))
    assert len(script.get_heads()) == 1, script.get_heads()


def test_menu_versions_are_numbered_without_gaps_by_the_upgrade(base_env: dict[str, str], tmp_path: Path) -> None:
    """0009 numbers the versions saved before it 1, 2, 3 in saving order, whatever their row ids,
    and turns ``restored_from`` (a row id until then) into the restored version's number; the
    downgrade turns it back.  On a database of its own, of the same kind as the test run's."""
    url = base_env["DATABASE_URL"]
    if url.startswith("postgresql"):
        url = make_url(url).set(database=f"{make_url(url).database}_migration").render_as_string(hide_password=False)
        _ensure_pg_database(url)
    else:
        url = f"sqlite:///{tmp_path / 'migration.db'}"
    app = create_app(config.TestConfig({**base_env, "DATABASE_URL": url}))
    rows = sa.text("SELECT id, number, restored_from FROM wechat_menu_versions ORDER BY id")
    with app.app_context():
        schema.upgrade("0008")
        with db.engine.begin() as conn:
            conn.execute(sa.text("INSERT INTO wechat_menu_versions (id, saved_by, saved_at, restored_from) "
                                 "VALUES (1, 'a', :t, NULL), (3, 'a', :t, NULL), (7, 'b', :t, 3)"),
                         {"t": datetime(2026, 11, 27, tzinfo=UTC)})
        schema.upgrade("heads")
        with db.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(rows)] == [(1, 1, None), (3, 2, None), (7, 3, 2)]
        downgrade(revision="0008")
        with db.engine.connect() as conn:
            assert [tuple(r) for r in conn.execute(sa.text(
                "SELECT id, restored_from FROM wechat_menu_versions ORDER BY id"))] == [(1, None), (3, None), (7, 3)]
        db.engine.dispose()


def test_an_in_process_upgrade_leaves_logging_alone(base_env: dict[str, str], tmp_path: Path) -> None:
    """``flask db-init`` and the tests migrate inside the app's process: Alembic must not replace
    its log handlers or disable the loggers that exist."""
    app = create_app(config.TestConfig({**base_env, "DATABASE_URL": f"sqlite:///{tmp_path / 'log.db'}"}))
    existing = logging.getLogger("fazhi.test.existing")
    root = logging.getLogger()
    handler = logging.NullHandler()
    root.addHandler(handler)
    try:
        handlers = list(root.handlers)
        with app.app_context():
            schema.upgrade("heads")
        assert not existing.disabled and root.handlers == handlers
    finally:
        root.removeHandler(handler)
