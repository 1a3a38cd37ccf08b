"""Worker jobs for cases, found by dotted path. Each is idempotent: run twice, change once.

Routing is skipped when already done; every notice has a dedup key (see ``bot.cases.notify``);
the resident's acknowledgement is sent once (``acknowledged_at``). ``run_outbox`` marks its
row done only at the end, so a job lost with its worker is dispatched again after the lease.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import redis
from flask import Flask, current_app
from sqlalchemy import select
from werkzeug.utils import import_string

from bot.cases import notify, outbox, routing, sla, texts
from bot.cases.clock import aware
from bot.cases.clock import now as clock_now
from bot.cases.models import Case, CaseEvent, Outbox
from bot.extensions import db
from bot.models import OutboundMessage

log = logging.getLogger(__name__)
TICK_JOB = "bot.cases.jobs.tick"


def _case(case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise LookupError(f"case {case_id} not found")
    return case


def checkpoint(name: str) -> None:
    """Tests only: block here while the Redis key ``cases:test:block:<name>`` exists.

    Lets a test kill the worker in the middle of a job. Costs nothing outside tests.
    """
    if not current_app.testing:
        return
    conn = current_app.redis  # type: ignore[attr-defined]
    if not conn.exists(f"cases:test:block:{name}"):
        return
    conn.set(f"cases:test:reached:{name}", os.getpid())
    deadline = time.monotonic() + 60
    while conn.exists(f"cases:test:block:{name}") and time.monotonic() < deadline:
        time.sleep(0.05)


def ping() -> str:
    """A job that does nothing: checks a worker is alive, and is the benchmark's bare-job baseline."""
    return "pong"


def run_outbox(outbox_id: int) -> str:
    """Run the job for one outbox row, then mark it done."""
    row = db.session.get(Outbox, outbox_id)
    if row is None or row.done_at is not None:
        return "skipped"
    func: Callable[..., None] = import_string(outbox.TOPICS[row.topic])
    func(**row.payload)
    outbox.mark_done(row)
    return "done"


def process_new_case(case_id: int) -> None:
    route_case(case_id)
    notify_office(case_id)
    checkpoint("after_notify_office")
    acknowledge_resident(case_id)


def route_case(case_id: int) -> None:
    """Set the office and the due dates (once; staff transfers later are not undone)."""
    case = _case(case_id)
    if case.routed_at is not None:
        return
    office, rule = routing.route(case)
    case.accept_due, case.resolve_due = sla.due_dates(case.case_type, case.created_at)
    case.office_id = office.id if office is not None else None
    case.routed_at = clock_now()
    db.session.add(CaseEvent(case_id=case.id, kind="routed", author="system", at=case.routed_at,
                             text=office.name if office is not None else None,
                             data={"office_id": case.office_id, "rule_id": rule.id if rule else None}))
    db.session.commit()
    log.info("case %s routed to %s", case.number, office.code if office else "-")


def notify_office(case_id: int) -> None:
    """Tell the office's on-duty staff about a new case (admins if it could not be routed)."""
    case = _case(case_id)
    if case.office is None:
        for user in notify.admins():
            notify.notify(user.wechat_openid or "", texts.unrouted_for_admin(case), purpose="case_notice",
                          dedup_key=f"case:{case.id}:unrouted:{user.id}")
        return
    text = texts.new_case_for_staff(case)
    for user in notify.on_duty_staff(case.office):
        notify.notify(user.wechat_openid or "", text, purpose="case_notice",
                      dedup_key=f"case:{case.id}:new:{case.office_id}:{user.id}")


def _told_in_chat(case: Case) -> bool:
    """Whether the reply to the resident's "确认" already named the office the case went to."""
    created = db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "created")
                                .order_by(CaseEvent.id).limit(1))
    data = created.data if created is not None and isinstance(created.data, dict) else {}
    return "told_office_id" in data and data["told_office_id"] == case.office_id


def acknowledge_resident(case_id: int) -> None:
    """Tell the resident which office has their matter, unless they were already told: in the
    chat (an elderly resident should not get the same news twice), or by an earlier run."""
    case = _case(case_id)
    if case.acknowledged_at is not None:
        return
    if _told_in_chat(case):
        case.acknowledged_at = case.created_at
        db.session.commit()
        return
    notify.notify(case.openid, texts.acknowledgement(case), purpose="case_ack", dedup_key=f"case:{case.id}:ack")
    case.acknowledged_at = clock_now()
    db.session.commit()


def notify_resident_message(case_id: int, event_id: int) -> None:
    """Pass what the resident added on to the assignee, or to the office's on-duty staff."""
    case = _case(case_id)
    event = db.session.get(CaseEvent, event_id)
    if event is None:
        return
    people = [case.assignee] if case.assignee is not None and case.assignee.wechat_openid else \
        notify.on_duty_staff(case.office)
    text = texts.resident_message_for_staff(case, event.text, event.media_id is not None)
    for user in people:
        notify.notify(user.wechat_openid or "", text, purpose="case_notice",
                      dedup_key=f"case:{case.id}:msg:{event.id}:{user.id}")


def sla_check(now: datetime | None = None) -> int:
    """Flag cases past a deadline and alert the office lead(s) once per case and deadline."""
    now = aware(now or clock_now()).astimezone(UTC)
    alerts = 0
    for overdue in sla.find_overdue(now):
        case = _case(overdue.case_id)
        text = texts.overdue_for_lead(case, overdue.which)
        for user in notify.leads(case.office):
            notify.notify(user.wechat_openid or "", text, purpose="case_overdue",
                          dedup_key=f"case:{case.id}:overdue:{overdue.which}:{user.id}")
            alerts += 1
        if overdue.which == "accept":
            case.accept_overdue_at = now
        else:
            case.resolve_overdue_at = now
        db.session.add(CaseEvent(case_id=case.id, kind="overdue", author="system", at=now,
                                 data={"which": overdue.which}))
        db.session.commit()
    return alerts


def tick_interval() -> int:
    return int(current_app.config["CASE_TICK_SECONDS"])


def schedule_tick(delay: float | None = None) -> None:
    """Schedule the next tick. The job id is the time slot, so any number of workers (or
    restarts) scheduling the same slot collapse into one scheduled job."""
    from bot.jobs import queue

    interval = tick_interval()
    if interval <= 0:
        return
    delay = interval if delay is None else delay
    slot = int((time.time() + delay) // interval)
    queue().enqueue_in(timedelta(seconds=delay), TICK_JOB, job_id=f"cases-tick-{slot}", result_ttl=60)


def redeliver_stale(now: datetime | None = None) -> int:
    """Give case messages that never got a delivery job (Redis was down when they were stored,
    e.g. a reply written in the console during an outage) a job now; once per message per 10 min."""
    from bot.outbound import enqueue_delivery

    now = aware(now or clock_now()).astimezone(UTC)
    cutoff = now - timedelta(seconds=int(current_app.config["CASE_REDELIVER_AFTER"]))
    ids = db.session.scalars(select(OutboundMessage.id).where(
        OutboundMessage.status == "queued", OutboundMessage.attempts == 0,
        OutboundMessage.purpose.in_(notify.CASE_PURPOSES), OutboundMessage.created_at < cutoff))
    conn = current_app.redis  # type: ignore[attr-defined]
    count = 0
    for message_id in ids:
        if conn.set(f"cases:redeliver:{message_id}", "1", nx=True, ex=600):
            enqueue_delivery(message_id)
            count += 1
    return count


def tick() -> None:
    """Periodic: dispatch the outbox, re-enqueue stranded case messages, every
    ``CASE_SLA_SECONDS`` run the overdue check, and every hour delete expired session copies."""
    schedule_tick()  # first, so a failure below does not break the chain
    outbox.dispatch_outbox()
    redeliver_stale()
    conn = current_app.redis  # type: ignore[attr-defined]
    if conn.set("cases:sla-check", "1", nx=True, ex=int(current_app.config["CASE_SLA_SECONDS"])):
        sla_check()
    if conn.set("sessions:purge", "1", nx=True, ex=3600):  # hourly: expired session copies and drafts
        from bot.session import purge_expired

        purge_expired()


def start_ticking(app: Flask) -> None:
    """Preload hook (worker start, gunicorn post-fork): make sure the periodic tick is scheduled."""
    with app.app_context():
        try:
            schedule_tick(delay=1)
        except redis.RedisError as exc:
            log.warning("could not schedule the case tick: %s", exc)
