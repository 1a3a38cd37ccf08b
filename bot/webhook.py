"""The ``/wechat`` endpoint: verify → parse → de-duplicate → dispatch → render.

WeChat never sees a 500: refusals are 4xx with no body worth reading, and any
failure after verification still answers 200 (``success`` or an apology).
"""

from __future__ import annotations

import logging
import time
import uuid

from flask import Blueprint, Response, current_app, request
from wechatpy.replies import TextReply

from bot.gate import Gate, Rejected
from bot.inbox import receive
from bot.messages import parse

log = logging.getLogger(__name__)
bp = Blueprint("webhook", __name__)


def _gate() -> Gate:
    app = current_app
    gate = app.extensions.get("fazhi.gate")
    if gate is None:
        cfg = app.config
        gate = Gate(cfg["WECHAT_TOKEN"], cfg["WECHAT_ENCODING_AES_KEY"], cfg["WECHAT_APPID"],
                    cfg["WECHAT_REPLAY_WINDOW"], clock=app.extensions.get("fazhi.clock", time.time))
        app.extensions["fazhi.gate"] = gate
    return gate


@bp.errorhandler(Rejected)
def _rejected(exc: Rejected) -> Response:
    log.info("webhook refused: %s (%s)", exc.reason, exc.status)
    return Response(exc.reason, status=exc.status, mimetype="text/plain")


@bp.get("/wechat")
def verify() -> Response:
    _gate().verify_query(request.args)
    return Response(request.args.get("echostr", ""), mimetype="text/plain")


@bp.post("/wechat")
def inbound() -> Response:
    request_id = uuid.uuid4().hex[:12]
    gate = _gate()
    xml = gate.open(request.args, request.get_data(cache=False))
    try:
        message = parse(xml)
    except Exception as exc:
        raise Rejected(400, f"unreadable message XML: {type(exc).__name__}") from exc
    try:
        reply = receive(current_app._get_current_object(), message, request_id)  # type: ignore[attr-defined]
    except Exception:
        log.exception("webhook failed after verification request_id=%s", request_id)
        return Response("success", mimetype="text/plain")
    if reply is None or not reply.text:
        return Response("success", mimetype="text/plain")
    xml_reply = TextReply(source=message.account, target=message.openid, content=reply.text).render()
    return Response(gate.seal(request.args, xml_reply), mimetype="application/xml")
