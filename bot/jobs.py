"""Enqueueing rq jobs by dotted path, with the retry policy in one place."""

from __future__ import annotations

from typing import Any

from flask import current_app
from rq import Queue, Retry

# Backoff for jobs that talk to WeChat or other flaky neighbours.
DEFAULT_RETRY = Retry(max=4, interval=[5, 30, 120, 600])


def queue(name: str = "default") -> Queue:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if name == "default":
        q: Queue = app.task_queue
        return q
    return Queue(name, connection=app.redis)


def enqueue(func: str, *args: Any, queue_name: str = "default", retry: Retry | None = DEFAULT_RETRY,
            job_id: str | None = None, **kwargs: Any) -> Any:
    """Enqueue ``func`` (a dotted path) so the worker imports it; returns the rq job."""
    return queue(queue_name).enqueue(func, *args, retry=retry, job_id=job_id, **kwargs)
