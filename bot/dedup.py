"""Run each WeChat message once, however many times WeChat delivers it.

WeChat retries a message up to three times when it has no answer within 5 s.
The first delivery claims the message's key in Redis (``SET NX``); later
deliveries wait briefly for the stored reply and return the same one, or
``None`` (rendered as ``success``) if the first is still busy. Because the claim
lives in Redis it holds across every gunicorn process.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from typing import Any

import redis
from redis.client import Pipeline

log = logging.getLogger(__name__)

PENDING = b"\x00pending"


class Deduplicator:
    def __init__(self, conn: redis.Redis, ttl: int = 600, wait: float = 4.0, poll: float = 0.05) -> None:
        self.conn, self.ttl, self.wait, self.poll = conn, ttl, wait, poll

    @staticmethod
    def redis_key(key: str) -> str:
        return f"dedup:{key}"

    def queue_claim(self, pipe: Pipeline, key: str) -> None:
        """Add the claim to a pipeline, so callers can batch it with their own reads."""
        pipe.set(self.redis_key(key), PENDING, nx=True, ex=self.ttl)

    def run_once(self, key: str, produce: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
        """Return ``produce()``'s result for the first delivery, the stored result for retries."""
        try:
            claimed = bool(self.conn.set(self.redis_key(key), PENDING, nx=True, ex=self.ttl))
        except redis.RedisError as exc:
            log.warning("dedup unavailable, handling without it: %s", exc)
            return produce()
        return self.finish(key, claimed, produce)

    def finish(self, key: str, claimed: bool, produce: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
        """Given the claim's outcome: produce and store the reply, or wait for the first one's."""
        rkey = self.redis_key(key)
        if not claimed:
            return self._await(rkey)
        try:
            result = produce()
        except BaseException:
            self._forget(rkey)
            raise
        try:
            self.conn.set(rkey, json.dumps(result, ensure_ascii=False), ex=self.ttl)
        except redis.RedisError as exc:
            log.warning("could not store reply for retries: %s", exc)
        return result

    def _await(self, rkey: str) -> dict[str, Any] | None:
        deadline = time.monotonic() + self.wait
        while True:
            try:
                raw = self.conn.get(rkey)
            except redis.RedisError:
                return None
            if raw is not None and raw != PENDING:
                value: dict[str, Any] = json.loads(raw)
                return value
            if time.monotonic() >= deadline:
                return None
            time.sleep(self.poll)

    def _forget(self, rkey: str) -> None:
        try:
            self.conn.delete(rkey)
        except redis.RedisError:
            pass
