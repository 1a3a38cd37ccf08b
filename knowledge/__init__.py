"""The knowledge base: FAQ entries, retrieval, statutes."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Register the knowledge base's models, commands, seeder and preload hook with ``app``."""
    from knowledge import models, statute_store  # noqa: F401  (register the tables with the metadata)
    from knowledge.cli import register_commands, seed_shipped, seed_statutes
    from knowledge.service import preload

    register_commands(app)
    app.extensions.setdefault("fazhi.seeders", {})["knowledge"] = seed_shipped
    app.extensions["fazhi.seeders"]["statutes"] = seed_statutes
    app.extensions.setdefault("fazhi.preload", []).append(preload)
