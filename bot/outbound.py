"""Customer-service messages: stored first, then sent by a worker job.

Each message is a row with a delivery status. WeChat refuses a message when the
resident has not written for 48 hours (45015) or the quota is used up (45047);
such messages are marked ``undelivered`` and sent when the resident next writes,
instead of being retried blindly.
"""

from __future__ import annotations

import logging

import redis
from flask import current_app
from sqlalchemy import select
from wechatpy.exceptions import WeChatClientException

from bot.extensions import db
from bot.jobs import is_last_attempt
from bot.models import OutboundMessage, utcnow

log = logging.getLogger(__name__)

WINDOW_CLOSED = 45015
QUOTA_EXCEEDED = 45047
WAIT_FOR_RESIDENT = frozenset({WINDOW_CLOSED, QUOTA_EXCEEDED})
PENDING_SET = "outbound:waiting-openids"


def queue_text(openid: str, content: str, *, purpose: str = "reply", dedup_key: str | None = None,
               send: bool = True) -> OutboundMessage:
    """Store a text message for ``openid`` and enqueue its delivery (idempotent on ``dedup_key``)."""
    if dedup_key:
        existing = db.session.scalar(select(OutboundMessage).where(OutboundMessage.dedup_key == dedup_key))
        if existing is not None:
            return existing
    msg = OutboundMessage(openid=openid, content=content, purpose=purpose, dedup_key=dedup_key)
    db.session.add(msg)
    db.session.commit()
    if send:
        enqueue_delivery(msg.id)
    return msg


def enqueue_delivery(message_id: int) -> None:
    from bot.jobs import enqueue

    try:
        enqueue("bot.outbound.deliver", message_id)
    except redis.RedisError as exc:
        # Stays queued in the database; resent on the resident's next message.
        log.warning("could not enqueue delivery of message %s: %s", message_id, exc)
        _mark_waiting(_openid_of(message_id))


def deliver(message_id: int) -> str:
    """Worker job: send one stored message. Safe to run twice; a sent message is not resent."""
    msg = db.session.get(OutboundMessage, message_id)
    if msg is None or msg.status == "sent":
        return "skipped"
    from bot.wechat_api import get_client

    msg.attempts += 1
    try:
        get_client().message.send_text(msg.openid, msg.content)
    except WeChatClientException as exc:
        code = int(exc.errcode or 0)
        msg.last_error = f"{code} {exc.errmsg}"[:200]
        if code in WAIT_FOR_RESIDENT:
            # Flag the resident before the status is committed: a message they send in between
            # then still finds the flag (and the row, which deliver_waiting also takes as queued).
            _mark_waiting(msg.openid)
            msg.status = "undelivered"
            db.session.commit()
            return "undelivered"
        if is_last_attempt():
            msg.status = "failed"
        db.session.commit()
        raise  # rq retries with backoff; after the last try it lands in the failed registry
    msg.status, msg.sent_at, msg.last_error = "sent", utcnow(), None
    db.session.commit()
    return "sent"


def deliver_waiting(openid: str) -> int:
    """Worker job: the resident wrote again, so send what waited for them, oldest first."""
    rows = db.session.scalars(
        select(OutboundMessage)
        .where(OutboundMessage.openid == openid, OutboundMessage.status.in_(("undelivered", "queued")))
        .order_by(OutboundMessage.id)
    ).all()
    sent = 0
    for row in rows:
        row.status = "queued"
        db.session.commit()
        if deliver(row.id) == "sent":
            sent += 1
    return sent


def _mark_waiting(openid: str | None) -> None:
    if not openid:
        return
    try:
        current_app.redis.sadd(PENDING_SET, openid)  # type: ignore[attr-defined]
    except redis.RedisError as exc:
        log.warning("could not mark %s as waiting: %s", openid, exc)


def _openid_of(message_id: int) -> str | None:
    msg = db.session.get(OutboundMessage, message_id)
    return msg.openid if msg else None
