"""Demo staff accounts for ``make run`` (development only), so a newcomer can open the console.

Created only in development and only while there are no accounts at all, so a real deployment,
or a developer's own accounts, are never touched. Passwords are random, written to
``instance/dev-accounts.txt`` (readable by the owner only) rather than fixed in the code.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from bot.console.passwords import hash_password
from bot.extensions import db
from bot.org.models import Office, User

FILE_NAME = "dev-accounts.txt"
# username, display name, role, office code (None: no office)
DEMO = (
    ("admin", "系统管理员（演示）", "admin", None),
    ("sfs_demo", "司法所工作人员（演示）", "lead", "sfs"),
    ("cun_demo", "黄柏村调解员（演示）", "staff", "huangbai-tw"),
)


def accounts_file() -> Path:
    return Path(current_app.config["INSTANCE_DIR"]) / FILE_NAME


def seed_demo_accounts() -> str:
    """Create the demo accounts in an empty users table; say where their passwords are."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return "skipped (accounts exist)"
    lines = ["# make run demo accounts (development only). Console: http://127.0.0.1:5000/console/"]
    for username, name, role, code in DEMO:
        password = secrets.token_urlsafe(9)
        user = User(username=username, display_name=name, role=role, password_hash=hash_password(password),
                    wechat_openid=f"o_demo_{username}")
        office = db.session.scalar(select(Office).where(Office.code == code)) if code else None
        if office is not None:
            user.offices.append(office)
        db.session.add(user)
        lines.append(f"{username}\t{password}\t{name}")
    db.session.commit()
    path = accounts_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write("\n".join(lines) + "\n")
    return f"{len(DEMO)} created; usernames and passwords in {path}"
