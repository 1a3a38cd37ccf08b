"""Turning a confirmed form into a case, and the reply that tells the resident what happens next.

The case is committed (``create_case``) before the reply is built, keyed on the confirming
message, so WeChat's retries of "确认" — or three gunicorn workers receiving it at once with
Redis down — still make one case and the same reply. The office and due dates in the reply
come from the same routing rules and calendar the worker applies a moment later.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from bot.dispatch import Context
from handlers.intake import notices
from handlers.intake.forms import Form

log = logging.getLogger(__name__)

_UNITS = {"workdays": "个工作日", "days": "天"}
_FINISH = {"consultation": "答复", "suggestion": "答复", "mediation": "调解完", "complaint": "办完", "clue": "办完"}


def case_fields(form: Form, values: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """The ``create_case`` arguments a form's answers give (minus who, media and the key)."""
    village = values.get("village")
    details = {key: values[key] for key in form.details_keys() if key in values}
    details["consent"] = {"answer": values.get("consent"), "at": now.isoformat()}
    return {
        "case_type": form.case_type,
        "description": values["description"],
        "village_id": village.get("id") if isinstance(village, dict) else None,
        "phone": values.get("phone") if values.get("consent") == "yes" else None,
        "details": details,
        "category": values.get("category"),
    }


def limits_text(case_type: str, resolve_due: datetime | None) -> str:
    """一般1个工作日内有人接手（受理），3个工作日内答复（最晚11月30日）: plain words first, the
    official term in brackets, and a date, which is easier to hold on to than "working days"."""
    from bot.cases.clock import short_date
    from bot.cases.sla import time_limits

    limits = time_limits(case_type)
    accept_n, accept_unit = limits["accept"]
    resolve_n, resolve_unit = limits["resolve"]
    text = (f"一般{accept_n}{_UNITS.get(accept_unit, '天')}内有人接手（受理），"
            f"{resolve_n}{_UNITS.get(resolve_unit, '天')}内{_FINISH.get(case_type, '办完')}")
    return text + (f"（最晚{short_date(resolve_due)}）" if resolve_due is not None else "")


def _office_name(case_like: Any) -> str:
    from bot.cases.service import office_for

    office = office_for(case_like)
    return office.name if office is not None else "乡政府综合受理窗口"


def create(ctx: Context, form: Form, values: Mapping[str, Any], media: list[int]) -> tuple[str, str]:
    """Create the case (or find the one this message already created): (reply, case number)."""
    from bot.cases.clock import aware, now
    from bot.cases.service import after_commit_dispatch, create_case, due_dates

    fields = case_fields(form, values, now())
    if ctx.meta.get("dry_run"):
        probe = SimpleNamespace(case_type=form.case_type, category=fields["category"], village_id=fields["village_id"])
        _, resolve_due = due_dates(form.case_type, now())
        return notices.DRY_RUN_SUBMITTED.format(label=form.label, office=_office_name(probe),
                                                limits=limits_text(form.case_type, resolve_due)), ""
    case = create_case(openid=ctx.message.openid, media_ids=list(media), idempotency_key=ctx.message.dedup_key,
                       told_in_chat=True, **fields)
    try:
        after_commit_dispatch()
    except Exception:  # the case is committed; the worker's tick picks the outbox row up later
        log.exception("after_commit_dispatch failed for case %s", case.number)
    resolve_due = case.resolve_due or due_dates(case.case_type, aware(case.created_at))[1]
    office = case.office.name if case.office is not None else _office_name(case)
    return notices.SUBMITTED.format(number=case.number, tail=case.number[-4:], office=office,
                                    limits=limits_text(case.case_type, resolve_due)), case.number
