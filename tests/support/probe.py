"""A handler for tests that run the app in other processes (gunicorn): it counts its runs in
Redis and answers slowly with a fresh random token, so a retry that re-ran it would be visible."""

from __future__ import annotations

import time
import uuid
from typing import ClassVar

from bot.dispatch import Context, Reply


class SlowProbe:
    name: ClassVar[str] = "probe"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.text.startswith("__probe__")

    def handle(self, ctx: Context) -> Reply:
        ctx.app.redis.incr(f"probe:runs:{ctx.message.text}")  # type: ignore[attr-defined]
        time.sleep(1.0)
        return Reply(f"probe {uuid.uuid4().hex}")
