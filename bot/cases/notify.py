"""Customer-service notices about cases: who gets them, and sending each exactly once.

Every notice has a dedup key naming the case, the occasion and the recipient, so a job
that is retried (or killed and run again) finds the message it already stored instead of
sending a second one.
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.extensions import db
from bot.models import OutboundMessage
from bot.org.models import Office, User
from bot.outbound import enqueue_delivery, queue_text

log = logging.getLogger(__name__)
# Purposes of the customer-service messages this package stores.
CASE_PURPOSES = ("case_notice", "case_ack", "case_overdue", "staff_reply", "rating_request", "case_transfer",
                 "case_merged")


def notify(openid: str, text: str, *, purpose: str, dedup_key: str) -> OutboundMessage:
    """Store the message once and make sure a delivery job exists while it is still queued.

    ``queue_text`` returns an existing row without enqueueing it again; if the first run
    died between storing and enqueueing, the row would never go out, so enqueue here for any
    row still ``queued`` (``deliver`` skips rows already sent).
    """
    try:
        msg = queue_text(openid, text, purpose=purpose, dedup_key=dedup_key, send=False)
    except IntegrityError:  # a concurrent run stored it first
        db.session.rollback()
        msg = db.session.scalars(select(OutboundMessage).where(OutboundMessage.dedup_key == dedup_key)).one()
    if msg.status == "queued":
        enqueue_delivery(msg.id)
    return msg


def on_duty_staff(office: Office | None) -> list[User]:
    """Staff of ``office`` who are on duty and follow the account; admins when nobody is."""
    people = [u for u in (office.staff if office is not None else []) if u.active and u.on_duty and u.wechat_openid]
    return people or admins()


def leads(office: Office | None) -> list[User]:
    """Leads of ``office`` for overdue alerts; the township admins when the office has none."""
    people = [u for u in (office.staff if office is not None else []) if u.active and u.is_lead and u.wechat_openid]
    return people or admins()


def admins() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role == "admin", User.active.is_(True), User.wechat_openid.is_not(None)).order_by(User.id)))
