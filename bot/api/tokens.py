"""API tokens: one per staff account, shown once when issued, stored only as a SHA-256 hash.

A token is 256 random bits, so a plain hash is enough (no salt or slow hash needed: there is
nothing to guess); the database never holds a usable credential. Issuing a new token
replaces the old one, which is how a leaked token is revoked.
"""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select

from bot.extensions import db
from bot.org.models import User

PREFIX = "fz_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User) -> str:
    """A new token for ``user`` (committed); the caller shows it once, it cannot be read back."""
    token = PREFIX + secrets.token_urlsafe(32)
    user.api_token_hash = hash_token(token)
    db.session.commit()
    return token


def revoke_token(user: User) -> None:
    user.api_token_hash = None
    db.session.commit()


def user_for_token(token: str) -> User | None:
    """The active account this token belongs to, or None."""
    if not token.startswith(PREFIX) or len(token) > 200:
        return None
    user = db.session.scalar(select(User).where(User.api_token_hash == hash_token(token)))
    return user if user is not None and user.active else None
