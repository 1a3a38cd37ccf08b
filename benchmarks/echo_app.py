"""Baseline for benchmarks/webhook.py: the least a safe-mode WeChat webhook can do with wechatpy.

Checks msg_signature, decrypts, parses, echoes the text back encrypted. Same gunicorn settings
as the real app, so the ratio shows what Fazhi's own work costs.
"""

from __future__ import annotations

import os

from flask import Flask, Response, request
from wechatpy import parse_message
from wechatpy.crypto import WeChatCrypto
from wechatpy.replies import TextReply

app = Flask(__name__)
crypto = WeChatCrypto(os.environ["WECHAT_TOKEN"], os.environ["WECHAT_ENCODING_AES_KEY"], os.environ["WECHAT_APPID"])


@app.post("/wechat")
def wechat() -> Response:
    args = request.args
    xml = crypto.decrypt_message(request.get_data(), args["msg_signature"], args["timestamp"], args["nonce"])
    msg = parse_message(xml)
    reply = TextReply(content=getattr(msg, "content", "ok"), message=msg).render()
    return Response(crypto.encrypt_message(reply, args["nonce"], args["timestamp"]), mimetype="application/xml")


@app.get("/healthz")
def healthz() -> str:
    return "ok"
