"""The development simulator: a chat page that plays WeChat's servers, plus the fake API.

Runs as its own process (``python -m bot.simulator``), as WeChat's platform would:
it POSTs signed, optionally encrypted messages to the bot's ``/wechat`` and serves
the fake API the bot sends customer-service messages to. Development only.
"""

from __future__ import annotations

import os
import time
from typing import Any

import requests
from flask import Flask, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from bot.redis_conn import connect
from bot.simulator.fake_api import install
from bot.simulator.wechat_sim import WeChatSimulator


def create_simulator_app(environ: dict[str, str] | None = None) -> Flask:
    env = dict(os.environ if environ is None else environ)
    if env.get("FAZHI_ENV", "production") == "production" and env.get("FAZHI_SIMULATOR") != "1":
        raise RuntimeError("the simulator runs in development only (set FAZHI_ENV=development)")
    app = Flask(__name__)
    conn = connect(env.get("REDIS_URL", ""), env.get("REDIS_EMBEDDED_PATH", "instance/redis.rdb"))
    fake = install(app, conn)
    sim = WeChatSimulator(env.get("WECHAT_TOKEN", ""), env.get("WECHAT_ENCODING_AES_KEY", ""),
                          env.get("WECHAT_APPID", ""))
    target = env.get("SIMULATOR_TARGET", "http://127.0.0.1:5000/wechat")

    @app.get("/")
    def page() -> ResponseReturnValue:
        return render_template("simulator.html", encrypted=bool(sim.aes_key), target=target)

    @app.post("/send")
    def send() -> ResponseReturnValue:
        data: dict[str, Any] = request.get_json(force=True)
        openid = str(data.get("openid") or "o_resident_demo")
        kind = str(data.get("kind") or "text")
        fields = {k: v for k, v in data.items() if k not in {"openid", "kind", "encrypt"}}
        xml = sim.build_xml(kind, openid, **fields)
        encrypt = bool(data.get("encrypt", bool(sim.aes_key))) and bool(sim.aes_key)
        signed = sim.sign(xml, encrypt=encrypt)
        started = time.monotonic()
        try:
            res = requests.post(target, params=signed.query, data=signed.body, timeout=5,
                                headers={"Content-Type": "text/xml"})
        except requests.RequestException as exc:
            return jsonify(ok=False, error=f"bot unreachable: {exc}"), 502
        elapsed = round((time.monotonic() - started) * 1000)
        if res.status_code != 200:
            return jsonify(ok=False, status=res.status_code, error=res.text[:200], ms=elapsed)
        reply = sim.read_reply(res.content, encrypted=encrypt)
        return jsonify(ok=True, ms=elapsed, reply=(reply or {}).get("Content"), raw=xml)

    @app.get("/inbox")
    def inbox() -> ResponseReturnValue:
        openid = request.args.get("openid", "")
        return jsonify(messages=fake.sent_texts(openid))

    return app
