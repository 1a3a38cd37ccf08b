"""The JSON API for integrations (``/api/v1``): cases and FAQ entries, token authentication."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    return None
