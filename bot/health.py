"""``/healthz`` for the Docker HEALTHCHECK and load balancers: database and Redis reachable."""

from __future__ import annotations

import redis
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from bot.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    checks = {"database": False, "redis": False}
    try:
        db.session.execute(text("SELECT 1"))
        checks["database"] = True
    except SQLAlchemyError:  # reported, not raised: this endpoint's job is to say what is down
        db.session.rollback()
    try:
        checks["redis"] = bool(current_app.redis.ping())  # type: ignore[attr-defined]
    except redis.RedisError:
        checks["redis"] = False
    ok = all(checks.values())
    return jsonify(ok=ok, **checks), 200 if ok else 503
