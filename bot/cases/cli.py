"""`flask --app wsgi cases …`: list, reply, close, sla-check, dispatch, seed."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add the case, office, village and user command groups to ``app.cli``."""
