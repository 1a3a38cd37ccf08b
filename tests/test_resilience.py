"""Redis down: residents still get answers, conversation state comes from the database copy."""

from __future__ import annotations

import pytest
import redis
from flask import Flask

from bot.session import DatabaseSessionStore, MirroredSessionStore, RedisSessionStore, Session
from tests.conftest import WeChatHelper

DEAD_REDIS = "redis://127.0.0.1:1/0"


@pytest.mark.config(REDIS_URL=DEAD_REDIS)
def test_webhook_answers_with_redis_down(wechat: WeChatHelper) -> None:
    text = wechat.text("帮助", openid="o_noredis")
    assert text and "查法条" in text
    assert wechat.last_status == 200


def test_session_read_falls_back_to_database(app: Flask, redis_conn: redis.Redis) -> None:
    live = MirroredSessionStore(RedisSessionStore(redis_conn), DatabaseSessionStore())
    session = Session(live, "resident:o_s", ttl=600)
    session["form"] = {"type": "mediation", "step": "confirm"}
    session.save()
    dead = MirroredSessionStore(RedisSessionStore(redis.Redis.from_url(DEAD_REDIS)), DatabaseSessionStore())
    assert dead.get("resident:o_s") == {"form": {"type": "mediation", "step": "confirm"}}
    # writes still land in the database while Redis is down, and deletes too
    dead.set("resident:o_s", {"form": None}, ttl=600)
    assert DatabaseSessionStore().get("resident:o_s") == {"form": None}
    dead.delete("resident:o_s")
    assert DatabaseSessionStore().get("resident:o_s") is None


def test_expired_database_copy_is_ignored(app: Flask) -> None:
    store = DatabaseSessionStore()
    store.set("resident:o_old", {"x": 1}, ttl=-1)
    assert store.get("resident:o_old") is None


def test_health_reports_redis_down(app: Flask) -> None:
    app.redis = redis.Redis.from_url(DEAD_REDIS)  # type: ignore[attr-defined]
    res = app.test_client().get("/healthz")
    assert res.status_code == 503 and res.get_json() == {"ok": False, "database": True, "redis": False}
