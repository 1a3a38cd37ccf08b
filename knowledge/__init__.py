"""The knowledge base: FAQ entries, retrieval, statutes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the knowledge base's models, commands and preload hooks with ``app``."""
