"""The Dockerfile, docker-compose.yml, Makefile and dev launcher name the same entry points.

No Docker engine runs here, so this parses the files instead of building them.
"""

from __future__ import annotations

import json
import re

import yaml

from bot.devserver import main as _devserver_main  # noqa: F401  (importable)
from tests.conftest import ROOT

WEB = ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
WORKER = ["python", "worker.py"]
MIGRATE = ["flask", "--app", "wsgi", "db-init"]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text()


def test_dockerfile_slim_non_root_pinned_healthcheck_and_web_cmd() -> None:
    text = _dockerfile()
    assert re.search(r"^FROM python:3\.11-slim", text, re.M)
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    assert "pip install -r requirements.txt" in text and "HEALTHCHECK" in text and "/healthz" in text
    cmd = re.search(r"^CMD (\[.*\])", text, re.M)
    assert cmd and json.loads(cmd.group(1)) == WEB


def test_requirements_are_pinned() -> None:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            assert "==" in line, line


def test_compose_services_use_the_same_entry_points() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["web"]["command"] == WEB
    assert services["worker"]["command"] == WORKER
    assert services["migrate"]["command"] == MIGRATE
    assert {"redis", "postgres"} <= set(services)
    assert services["web"]["environment"]["DATABASE_URL"].startswith("postgresql+psycopg://")


def test_makefile_and_dev_launcher_match() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "$(FLASK) db-init" in makefile and "--app wsgi" in makefile
    launcher = (ROOT / "bot" / "devserver.py").read_text()
    assert '"gunicorn", "-c", "gunicorn.conf.py"' in launcher and '"wsgi:app"' in launcher
    assert '"worker.py"' in launcher


def test_ci_runs_the_readme_test_command_on_both_databases() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme.split("\n\n", 3)[1] + readme[:600]
    assert ci.count("make test") >= 2 and "postgresql+psycopg://" in ci
