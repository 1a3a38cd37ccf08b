"""Demo accounts for ``make run``: development only, empty users table only, random passwords."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from flask import Flask

from bot.extensions import db
from bot.org.models import User
from tests.test_cases_fixtures import seeded  # noqa: F401
from tests.test_console_fixtures import login


def _accounts(path: Path) -> dict[str, str]:
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return {row[0]: row[1] for row in rows}


@pytest.mark.usefixtures("seeded")
@pytest.mark.config(ENV_NAME="development")
def test_development_seed_creates_demo_accounts_that_can_sign_in(app: Flask, tmp_path: Path) -> None:
    app.config["INSTANCE_DIR"] = str(tmp_path)
    out = app.test_cli_runner().invoke(args=["seed"])
    assert out.exit_code == 0, out.output
    path = tmp_path / "dev-accounts.txt"
    assert "demo_accounts" in out.output and str(path) in out.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    accounts = _accounts(path)
    assert set(accounts) == {"admin", "sfs_demo", "cun_demo"}
    assert len(set(accounts.values())) == 3 and all(len(p) >= 12 for p in accounts.values())
    sfs = db.session.query(User).filter_by(username="sfs_demo").one()
    assert [o.code for o in sfs.offices] == ["sfs"]
    assert login(app.test_client(), "admin", accounts["admin"]).status_code == 302
    # a second seed leaves the accounts and their passwords alone
    again = app.test_cli_runner().invoke(args=["seed"])
    assert "skipped (accounts exist)" in again.output and _accounts(path) == accounts


def test_no_demo_accounts_outside_development(app: Flask, tmp_path: Path) -> None:
    assert "demo_accounts" not in app.extensions["fazhi.seeders"]
    app.config["INSTANCE_DIR"] = str(tmp_path)
    app.test_cli_runner().invoke(args=["seed"])
    assert db.session.query(User).count() == 0 and not (tmp_path / "dev-accounts.txt").exists()
