"""Warm-up done once per process (worker start, gunicorn post-fork) instead of on a first message."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask


def preload(app: Flask) -> None:
    """Run every registered preload hook (e.g. build the knowledge index, load jieba)."""
    hooks: list[Callable[[Flask], None]] = app.extensions.get("fazhi.preload", [])
    with app.app_context():
        for hook in hooks:
            hook(app)
