"""Cases: intake results, routing to offices, time limits, the outbox and worker jobs."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the case models, commands and hooks with ``app``."""
