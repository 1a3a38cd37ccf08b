"""One WeChat API client for web and worker: wechatpy's ``WeChatClient``, wrapped.

wechatpy 1.8 hard-codes the real token URL and has no ``stable_token``; this
subclass takes the base URL from config, fetches ``/cgi-bin/stable_token`` (or
the classic ``/cgi-bin/token``), and shares the token through Redis. A refresh
happens under a Redis lock, so N processes needing a token cause one request.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import redis
from flask import Flask, current_app
from wechatpy import WeChatClient
from wechatpy.exceptions import WeChatClientException
from wechatpy.session.redisstorage import RedisStorage

log = logging.getLogger(__name__)

# Refresh a little before WeChat's expiry so no request goes out with a dying token.
EXPIRY_MARGIN = 300
INVALID_TOKEN_CODES = frozenset({40001, 40014, 42001})


class FazhiWeChatClient(WeChatClient):  # type: ignore[misc]
    def __init__(
        self,
        appid: str,
        secret: str,
        base_url: str,
        conn: redis.Redis,
        *,
        stable_token: bool = True,
        timeout: float = 5.0,
    ) -> None:
        super().__init__(appid, secret, session=RedisStorage(conn, prefix="wechat"), timeout=timeout)
        self.base_url = base_url.rstrip("/")
        self.API_BASE_URL = f"{self.base_url}/cgi-bin/"
        self.conn = conn
        self.stable_token = stable_token
        self._lock_name = f"wechat:{appid}:token-lock"
        self._last_token: str | None = None

    @property
    def access_token(self) -> str:
        token = self.session.get(self.access_token_key)
        if not token:
            token = self._refresh(stale=None)
        self._last_token = token
        return str(token)

    def fetch_access_token(self) -> dict[str, Any]:
        """Called by wechatpy after 40001/42001: replace the token we just used, once for all processes."""
        self._refresh(stale=self._last_token)
        return {"access_token": self.session.get(self.access_token_key)}

    def _refresh(self, stale: str | None) -> str:
        with self.conn.lock(self._lock_name, timeout=15, blocking_timeout=15):
            current = self.session.get(self.access_token_key)
            if current and current != stale:
                return str(current)  # another process refreshed while we waited
            result = self._fetch(force=stale is not None)
            ttl = max(int(result.get("expires_in", 7200)) - EXPIRY_MARGIN, 60)
            self.session.set(self.access_token_key, result["access_token"], ttl)
            self.expires_at = int(time.time()) + ttl
            return str(result["access_token"])

    def _fetch(self, force: bool) -> dict[str, Any]:
        log.info("fetching WeChat access token (stable=%s, force=%s)", self.stable_token, force)
        if self.stable_token:
            res = self._http.post(
                f"{self.base_url}/cgi-bin/stable_token",
                json={
                    "grant_type": "client_credential",
                    "appid": self.appid,
                    "secret": self.secret,
                    "force_refresh": force,
                },
                timeout=self.timeout,
            )
        else:
            res = self._http.get(
                f"{self.base_url}/cgi-bin/token",
                params={"grant_type": "client_credential", "appid": self.appid, "secret": self.secret},
                timeout=self.timeout,
            )
        res.raise_for_status()
        result: dict[str, Any] = res.json()
        if result.get("errcode"):
            raise WeChatClientException(result["errcode"], result.get("errmsg"), client=self)
        return result


def init_wechat_api(app: Flask) -> None:
    """Create the app's single client lazily (the worker and web share the construction)."""
    app.extensions["fazhi.wechat_client"] = None


def get_client(app: Flask | None = None) -> FazhiWeChatClient:
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    client = app.extensions.get("fazhi.wechat_client")
    if client is None:
        cfg = app.config
        client = FazhiWeChatClient(
            cfg["WECHAT_APPID"],
            cfg["WECHAT_APPSECRET"],
            cfg["WECHAT_API_BASE_URL"],
            app.redis,  # type: ignore[attr-defined,union-attr]
            stable_token=cfg["WECHAT_STABLE_TOKEN"],
            timeout=cfg["WECHAT_HTTP_TIMEOUT"],
        )
        app.extensions["fazhi.wechat_client"] = client
    return client
