"""A fake of WeChat's HTTP API that records what it receives (in Redis, shared by processes).

Covers what Fazhi calls: token, stable_token, customer-service send, template
send, menu create/get, media download. Tests steer it through :class:`FakeWeChat`
(e.g. "the next send to this OpenID fails with 45015").
"""

from __future__ import annotations

import json
import secrets
from typing import Any

import redis
from flask import Blueprint, Flask, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue

# A 1×1 PNG, what media/get returns for any media id.
PIXEL_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class FakeWeChat:
    """The fake's state, readable and steerable by tests and the simulator page."""

    def __init__(self, conn: redis.Redis, prefix: str = "fakewechat") -> None:
        self.conn, self.p = conn, prefix

    # -- records -----------------------------------------------------------
    def record(self, kind: str, payload: dict[str, Any]) -> None:
        self.conn.rpush(f"{self.p}:log:{kind}", json.dumps(payload, ensure_ascii=False))

    def records(self, kind: str) -> list[dict[str, Any]]:
        return [json.loads(x) for x in self.conn.lrange(f"{self.p}:log:{kind}", 0, -1)]

    def sent_texts(self, openid: str | None = None) -> list[str]:
        return [r["text"]["content"] for r in self.records("custom_send")
                if r.get("msgtype") == "text" and (openid is None or r.get("touser") == openid)]

    def token_requests(self) -> int:
        return len(self.records("token"))

    # -- steering ----------------------------------------------------------
    def fail_sends(self, openid: str, errcode: int, times: int = 1) -> None:
        """The next ``times`` sends to ``openid`` fail with ``errcode`` (e.g. 45015)."""
        for _ in range(times):
            self.conn.rpush(f"{self.p}:fail:{openid}", errcode)

    def invalidate_tokens(self) -> None:
        self.conn.delete(f"{self.p}:tokens")

    def reset(self) -> None:
        for key in self.conn.scan_iter(f"{self.p}:*"):
            self.conn.delete(key)

    # -- used by the endpoints --------------------------------------------
    def issue_token(self) -> str:
        token = "fake-" + secrets.token_hex(8)
        self.conn.sadd(f"{self.p}:tokens", token)
        return token

    def token_valid(self, token: str | None) -> bool:
        return bool(token) and bool(self.conn.sismember(f"{self.p}:tokens", token or ""))

    def next_failure(self, openid: str) -> int | None:
        raw = self.conn.lpop(f"{self.p}:fail:{openid}")
        return int(raw) if isinstance(raw, (bytes, str)) else None


bp = Blueprint("fake_wechat", __name__)


def _fake() -> FakeWeChat:
    fake: FakeWeChat = current_app.extensions["fake_wechat"]
    return fake


def _authorised() -> Response | None:
    if not _fake().token_valid(request.args.get("access_token")):
        return jsonify(errcode=40001, errmsg="invalid credential, access_token is invalid or not latest")
    return None


def _issue(kind: str, payload: dict[str, Any]) -> ResponseReturnValue:
    if not payload.get("appid") or not payload.get("secret"):
        return jsonify(errcode=40013, errmsg="invalid appid")
    _fake().record(kind, {"appid": payload["appid"], "force_refresh": bool(payload.get("force_refresh"))})
    return jsonify(access_token=_fake().issue_token(), expires_in=7200)


@bp.get("/cgi-bin/token")
def token() -> ResponseReturnValue:
    return _issue("token", dict(request.args))


@bp.post("/cgi-bin/stable_token")
def stable_token() -> ResponseReturnValue:
    return _issue("token", request.get_json(force=True, silent=True) or {})


@bp.post("/cgi-bin/message/custom/send")
def custom_send() -> ResponseReturnValue:
    if (denied := _authorised()) is not None:
        return denied
    payload = json.loads(request.get_data() or b"{}")
    failure = _fake().next_failure(payload.get("touser", ""))
    if failure is not None:
        _fake().record("custom_refused", {**payload, "errcode": failure})
        return jsonify(errcode=failure, errmsg="refused by fake WeChat")
    _fake().record("custom_send", payload)
    return jsonify(errcode=0, errmsg="ok")


@bp.post("/cgi-bin/message/template/send")
def template_send() -> ResponseReturnValue:
    if (denied := _authorised()) is not None:
        return denied
    _fake().record("template_send", json.loads(request.get_data() or b"{}"))
    return jsonify(errcode=0, errmsg="ok", msgid=secrets.randbelow(10**9))


@bp.post("/cgi-bin/menu/create")
def menu_create() -> ResponseReturnValue:
    if (denied := _authorised()) is not None:
        return denied
    _fake().record("menu", json.loads(request.get_data() or b"{}"))
    return jsonify(errcode=0, errmsg="ok")


@bp.get("/cgi-bin/menu/get")
def menu_get() -> ResponseReturnValue:
    if (denied := _authorised()) is not None:
        return denied
    menus = _fake().records("menu")
    return jsonify(menu=menus[-1] if menus else {})


@bp.get("/cgi-bin/media/get")
def media_get() -> ResponseReturnValue:
    if (denied := _authorised()) is not None:
        return denied
    _fake().record("media_get", {"media_id": request.args.get("media_id")})
    return Response(PIXEL_PNG, mimetype="image/png")


def install(app: Flask, conn: redis.Redis) -> FakeWeChat:
    """Mount the fake API on ``app`` (at the root, like api.weixin.qq.com)."""
    fake = FakeWeChat(conn)
    app.extensions["fake_wechat"] = fake
    app.register_blueprint(bp)
    return fake


def create_fake_api(conn: redis.Redis) -> Flask:
    app = Flask(__name__)
    install(app, conn)
    return app
