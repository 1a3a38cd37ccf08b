"""Enqueueing rq jobs by dotted path, with the retry policy in one place."""

from __future__ import annotations

from typing import Any

from flask import current_app
from rq import Queue, Retry, get_current_job

_DEFAULT = object()


def queue(name: str = "default") -> Queue:
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if name == "default":
        q: Queue = app.task_queue
        return q
    return Queue(name, connection=app.redis)


def default_retry() -> Retry:
    """Backoff for jobs that talk to WeChat or other flaky neighbours (``FAZHI_JOB_RETRY_INTERVALS``)."""
    intervals: list[int] = current_app.config["JOB_RETRY_INTERVALS"]
    return Retry(max=len(intervals), interval=intervals)


def enqueue(func: str, *args: Any, queue_name: str = "default", retry: Retry | None | object = _DEFAULT,
            job_id: str | None = None, **kwargs: Any) -> Any:
    """Enqueue ``func`` (a dotted path) so the worker imports it; returns the rq job."""
    policy = default_retry() if retry is _DEFAULT else retry
    return queue(queue_name).enqueue(func, *args, retry=policy, job_id=job_id, **kwargs)


def is_last_attempt() -> bool:
    """Inside a job: will rq give up if this attempt fails? (False outside a job.)"""
    job = get_current_job()
    return job is not None and not job.retries_left
