"""Staff sign-in: sessions (Flask-Login), lock-out after repeated failures, idle timeout, roles.

Failures all get the same message, whether the username is unknown, the password wrong or
the account locked, so the login form cannot be used to find out who has an account. A
session also ends when the password changes (its id carries a fingerprint of the hash).
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable, Mapping
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from sqlalchemy import func, select, update

from bot import audit
from bot.cases.clock import aware
from bot.console.blueprint import PUBLIC_ENDPOINTS, bp, csrf
from bot.console.passwords import verify_password
from bot.extensions import db
from bot.models import utcnow
from bot.org.models import User

F = TypeVar("F", bound=Callable[..., Any])
login_manager = LoginManager()
LOGIN_FAILED = "登录没有成功：用户名或密码不对，或者账号因多次输错已暂时锁定。请稍后再试，或联系管理员。"
IDLE_LOGOUT = "您有一段时间没有操作，为了安全已自动退出，请重新登录。"
SEEN_KEY = "console_seen"


class LoginUser(UserMixin):  # type: ignore[misc]
    """What Flask-Login keeps for a signed-in staff member; ``user`` is the database row."""

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{fingerprint(self.user)}"

    @property
    def is_active(self) -> bool:
        return bool(self.user.active)


def fingerprint(user: User) -> str:
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


@login_manager.user_loader
def _load(session_id: str) -> LoginUser | None:
    user_id, _, mark = session_id.partition(":")
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    if user is None or not user.active or mark != fingerprint(user):
        return None
    return LoginUser(user)


def current_staff() -> User:
    """The signed-in user's row (views behind :func:`guard` always have one)."""
    if not current_user.is_authenticated:
        abort(401)
    return cast(LoginUser, current_user).user


def role_required(*roles: str) -> Callable[[F], F]:
    """Only these roles (``staff``, ``lead``, ``admin``) may use the view; others get 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_staff().role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


# name → default; app config wins, then the environment variable ``FAZHI_<NAME>`` (as bot.cases.settings)
SETTINGS: dict[str, int] = {"CONSOLE_IDLE_MINUTES": 30, "CONSOLE_MAX_FAILED_LOGINS": 5, "CONSOLE_LOCK_MINUTES": 15}


def init_auth(app: Flask, environ: Mapping[str, str] | None = None) -> None:
    env = os.environ if environ is None else environ
    for name, default in SETTINGS.items():
        if name not in app.config:
            app.config[name] = int(env.get(f"FAZHI_{name}") or default)
    # Flask ships defaults for these (31 days, no SameSite, not Secure), so set them outright:
    # the cookie lives as long as the idle limit and, in production, travels only over HTTPS
    # (FAZHI_CONSOLE_INSECURE_COOKIE=1 for a deployment on a plain-HTTP intranet).
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(minutes=app.config["CONSOLE_IDLE_MINUTES"])
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    insecure = env.get("FAZHI_CONSOLE_INSECURE_COOKIE", "") in {"1", "true", "yes"}
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config.get("SESSION_COOKIE_SECURE")) or (
        app.config.get("ENV_NAME") == "production" and not insecure)
    # The webhook and the API are not forms: CSRF is checked by the console's guard only.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "console.login"
    login_manager.login_message = "请先登录。"
    login_manager.session_protection = "basic"
    app.before_request(_forget_cached_user)


def _forget_cached_user() -> None:
    """Flask-Login caches the user in ``g``, which lives as long as the app context; a request
    served inside an outer app context (tests, CLI) must still load its own user."""
    g.pop("_login_user", None)


MUST_CHANGE = "must_change_password"
# What a user whose password an admin set may still do: change it, or sign out.
_BEFORE_CHANGE = {"console.account", "console.change_password", "console.logout", "console.static"}
CHANGE_FIRST = "请先把管理员给的密码改成只有您自己知道的密码，再开始办理。"


def require_password_change(user: User, required: bool) -> None:
    """Flag (or clear) that the user must choose their own password at the next request: an
    admin who set or generated it knows it, so it must not stay the account's password."""
    settings = dict(user.settings or {})
    if required:
        settings[MUST_CHANGE] = "1"
    else:
        settings.pop(MUST_CHANGE, None)
    user.settings = settings  # a new dict, so SQLAlchemy sees the JSON change


def guard() -> ResponseReturnValue | None:
    """Before every console request: CSRF on forms, then sign-in and the idle timeout, then a
    password an admin set must be replaced before anything else."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return cast(ResponseReturnValue, login_manager.unauthorized())
    now = time.time()
    seen = session.get(SEEN_KEY)
    if not isinstance(seen, (int, float)) or now - seen > current_app.config["CONSOLE_IDLE_MINUTES"] * 60:
        audit.record(current_staff(), "auth.timeout", f"user:{current_staff().id}")
        logout_user()
        session.clear()
        flash(IDLE_LOGOUT, "info")
        return redirect(url_for("console.login", next=request.full_path if request.method == "GET" else None))
    session[SEEN_KEY] = now
    if (current_staff().settings or {}).get(MUST_CHANGE) and request.endpoint not in _BEFORE_CHANGE:
        flash(CHANGE_FIRST, "info")
        return redirect(url_for("console.account"))
    return None


def authenticate(username: str, password: str) -> User | None:
    """The user for these credentials, or None. Counts failures and locks the account after
    ``CONSOLE_MAX_FAILED_LOGINS`` in a row for ``CONSOLE_LOCK_MINUTES``."""
    name = (username or "").strip()
    user = db.session.scalar(select(User).where(func.lower(User.username) == name.lower())) if name else None
    target = f"user:{user.id}" if user is not None else f"username:{name[:60]}"
    if user is None or not user.active:
        verify_password(None, password)  # same work as a real check
        audit.record(name or None, "auth.login_failed", target, {"reason": "unknown"})
        return None
    at = utcnow()
    if user.locked_until is not None and aware(user.locked_until) > at:
        verify_password(None, password)
        audit.record(user, "auth.login_failed", target, {"reason": "locked"})
        return None
    if not verify_password(user.password_hash, password):
        db.session.execute(update(User).where(User.id == user.id).values(failed_logins=User.failed_logins + 1))
        db.session.refresh(user)
        details: dict[str, Any] = {"reason": "password", "failed": user.failed_logins}
        if user.failed_logins >= current_app.config["CONSOLE_MAX_FAILED_LOGINS"]:
            user.locked_until = at + timedelta(minutes=current_app.config["CONSOLE_LOCK_MINUTES"])
            user.failed_logins = 0
            details["locked_until"] = user.locked_until.isoformat()
        audit.record(user, "auth.login_failed", target, details)  # commits the count too
        return None
    user.failed_logins, user.locked_until = 0, None
    db.session.commit()
    return user


def start_session(user: User) -> None:
    login_user(LoginUser(user))
    session.permanent = True
    session[SEEN_KEY] = time.time()
    audit.record(user, "auth.login", f"user:{user.id}")


def end_session() -> None:
    if current_user.is_authenticated:
        audit.record(current_staff(), "auth.logout", f"user:{current_staff().id}")
    logout_user()
    session.clear()


def safe_next(value: str | None) -> str | None:
    """Only a path inside the console: an open redirect would make a fine phishing link."""
    if value and value.startswith("/console") and not value.startswith("//") and "\\" not in value:
        return value
    return None


bp.before_request(guard)
