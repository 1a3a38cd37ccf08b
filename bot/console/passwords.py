"""Password hashing for staff accounts (argon2id, the library's current defaults).

One place for it, so the console's login, "change password" and ``flask users create``
agree on the format; hashes from older parameters are upgraded at the next login.
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 8


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """True if ``password`` matches ``stored``. With no stored hash a dummy one is checked, so a
    missing account takes as long to refuse as a wrong password."""
    try:
        return bool(_hasher().verify(stored or _dummy_hash(), password)) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    try:
        return bool(_hasher().check_needs_rehash(stored))
    except InvalidHashError:
        return True


def weakness(password: str) -> str | None:
    """Why a new password is not acceptable (zh-CN), or None."""
    if len(password) < MIN_LENGTH:
        return f"密码至少需要 {MIN_LENGTH} 位。"
    if password.isdigit() or len(set(password)) < 4:
        return "密码太简单了，请混合使用字母和数字。"
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher().hash("not-a-real-password")
