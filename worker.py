"""The rq worker: builds the app, pushes an app context, preloads, then works.

Run with ``python worker.py`` (``--burst`` to stop when the queues are empty).
"""

from __future__ import annotations

import argparse
import logging
import os

from rq import Worker

from bot import create_app
from bot.extensions import db


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Fazhi background worker")
    parser.add_argument("--burst", action="store_true", help="exit when the queues are empty")
    parser.add_argument("--name", default=None, help="worker name (default: rq's)")
    args = parser.parse_args(argv)

    app = create_app()
    # rq forks a work horse per job, and GNU OpenMP (the embedding model's threads) cannot be used
    # in a child once its parent has: this process never embeds, its jobs do (embed_questions).
    app.config["FAQ_EMBED_SYNC_LIMIT"] = 0
    with app.app_context():
        # Forked work horses must not share the parent's database connections.
        os.register_at_fork(after_in_child=lambda: db.engine.dispose(close=False))
        from bot.preload import preload

        preload(app)
        worker = Worker(app.config["QUEUES"], connection=app.redis, name=args.name)  # type: ignore[attr-defined]
        logging.getLogger(__name__).info("worker listening on %s", ", ".join(app.config["QUEUES"]))
        worker.work(burst=args.burst, with_scheduler=True, logging_level="INFO")


if __name__ == "__main__":
    main()
