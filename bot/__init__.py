"""Fazhi (法治助手): the township's WeChat legal-publicity and intake service.

``create_app`` is the only way to get an app; nothing reads configuration at import time.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from bot.config import Config, config_from_env
from bot.extensions import db


def create_app(config: Config | dict[str, Any] | None = None) -> Flask:
    """Build the Flask app: config, extensions, Redis, queue, blueprints, commands."""
    app = Flask(__name__, instance_relative_config=False)
    if config is None:
        from dotenv import load_dotenv

        load_dotenv()  # optional .env for development; never overrides the real environment
        config = config_from_env()
    app.config.from_mapping(config.as_dict() if isinstance(config, Config) else config)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("SECRET_KEY is not set")

    _init_logging(app)
    db.init_app(app)
    _init_redis(app)

    from bot import models  # noqa: F401  (register models with the metadata)
    from bot.org import models as _org_models  # noqa: F401
    from bot.wechat_api import init_wechat_api

    init_wechat_api(app)

    from bot.webhook import bp as webhook_bp

    app.register_blueprint(webhook_bp)
    from bot.health import bp as health_bp

    app.register_blueprint(health_bp)

    # Feature packages: each registers its models, commands and preload hooks.
    from knowledge import init_app as init_knowledge

    init_knowledge(app)
    from bot.cases import init_app as init_cases

    init_cases(app)
    from bot.console import init_app as init_console

    init_console(app)
    from bot.console_admin import init_app as init_console_admin

    init_console_admin(app)

    from handlers import build_registry

    app.extensions["fazhi.registry"] = build_registry(app)
    from bot.hanzi import warm_up

    app.extensions.setdefault("fazhi.preload", []).append(warm_up)

    from bot.console_stats import init_app as init_console_stats

    init_console_stats(app)
    from bot.api import init_app as init_api

    init_api(app)

    from bot.cli import register_commands

    register_commands(app)
    return app


def _init_redis(app: Flask) -> None:
    """Attach ``app.redis`` and ``app.task_queue`` (microblog's pattern)."""
    from rq import Queue

    from bot.redis_conn import connect

    conn = connect(app.config["REDIS_URL"], app.config["REDIS_EMBEDDED_PATH"])
    app.redis = conn  # type: ignore[attr-defined]
    app.task_queue = Queue("default", connection=conn)  # type: ignore[attr-defined]


def _init_logging(app: Flask) -> None:
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
