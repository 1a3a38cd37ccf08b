"""Password checks for staff accounts, in the format ``flask users create`` writes.

``users create`` (``bot.cases.org_cli``) stores werkzeug's scrypt hashes; the console verifies
those and writes the same format when a password is changed, so either tool can set a
password the other accepts.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

METHOD = "scrypt"
MIN_LENGTH = 8  # the same minimum as ``users create``


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=METHOD)


def verify_password(stored: str | None, password: str) -> bool:
    """True if ``password`` matches ``stored``. With no stored hash a dummy one is checked, so a
    missing account takes as long to refuse as a wrong password."""
    try:
        matched = check_password_hash(stored or _dummy_hash(), password)
    except ValueError:  # a malformed stored hash
        return False
    return matched and stored is not None


def weakness(password: str) -> str | None:
    """Why a new password is not acceptable (zh-CN), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 位。"
    if password.isdigit() or len(set(password)) < 4:
        return "密码太简单了，请混合使用字母和数字。"
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_password("not-a-real-password")
