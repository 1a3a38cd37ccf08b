"""Temporary passwords and API tokens: made here, shown to the admin once, stored only as hashes.

Passwords are hashed like every console password (``bot.console.passwords``, werkzeug
scrypt). API tokens are long random strings, so a plain SHA-256 is enough to store them and
lets the API find the account with one indexed lookup. The format is the JSON API's
(``bot.api.tokens``: ``fz_`` + 32 random bytes, SHA-256 hex), so a token made here signs in there.
"""

from __future__ import annotations

import hashlib
import secrets

from bot.console.passwords import weakness

# No 0/O, 1/l/I: the admin reads the password out or writes it on paper.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
API_TOKEN_PREFIX = "fz_"


def temporary_password() -> str:
    """12 characters in groups of four (``Hb7k-x9Qm-2pWz``), with letters and digits."""
    while True:
        raw = "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(12))
        password = "-".join(raw[i:i + 4] for i in range(0, 12, 4))
        if any(c.isdigit() for c in raw) and any(c.isalpha() for c in raw) and weakness(password) is None:
            return password


def new_api_token() -> str:
    return API_TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
