"""gunicorn settings shared by `make run`, the Dockerfile and docker-compose."""

import os

bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# WeChat gives up after 5 s; a request that takes longer is a bug, not a reason to wait.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "10"))
accesslog = "-"


def post_worker_init(worker):  # type: ignore[no-untyped-def]
    """Build the knowledge index and load dictionaries before the first message arrives."""
    from bot.preload import preload

    preload(worker.wsgi)
