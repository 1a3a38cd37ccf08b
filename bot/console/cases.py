"""The queue (the landing page) and the case page, with the "show full number" request."""

from __future__ import annotations

from typing import Any

from flask import abort, render_template, request
from flask.typing import ResponseReturnValue

from bot import audit
from bot.cases.clock import now
from bot.cases.models import Case
from bot.console import queue as q
from bot.console.access import can_reveal, get_case_for
from bot.console.auth import current_staff
from bot.console.blueprint import bp
from bot.console.case_actions import forms_for
from bot.console.due import DueCalendar
from bot.console.forms import EmptyForm
from bot.console.quick_replies import replies_for
from bot.console.timeline import TimelineBuilder
from bot.org.models import User
from bot.privacy import mask_id_number, mask_text

# details keys shown on the case page, in this order, with their labels
DETAIL_LABELS: dict[str, str] = {"other_party": "对方", "relationship": "双方关系", "parties": "当事人",
                                 "id_number": "身份证号", "address": "地址", "merged_into": "已合并到"}
SNIPPET = 60


def snippet(text: str | None) -> str:
    flat = mask_text((text or "").strip().replace("\n", " "))
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1] + "…"


@bp.get("/")
def queue() -> ResponseReturnValue:
    user = current_staff()
    at = now()
    counts = q.counts(user, at)
    default = "mine" if counts.get("mine") else "new"
    tab = q.TABS_BY_KEY.get(request.args.get("tab") or default) or q.TABS_BY_KEY[default]
    cases = q.cases_in(tab, user, at)
    calendar = DueCalendar(at)
    unread = q.unread_ids(user, [c.id for c in cases])
    rows = [{"case": c, "due": calendar.describe(c), "unread": c.id in unread, "snippet": snippet(c.description)}
            for c in cases]
    tabs = [{"key": t.key, "label": q.tab_label(t, user), "count": counts.get(t.key)} for t in q.TABS]
    return render_template("console/queue.html", tab=tab, tabs=tabs, rows=rows, limit=q.LIMIT)


def details_rows(case: Case, revealed: bool) -> list[tuple[str, str]]:
    rows = []
    for key, value in (case.details or {}).items():
        if key == "consent" or value in (None, "", [], {}):
            continue
        text = "、".join(map(str, value)) if isinstance(value, list) else str(value)
        if not revealed:
            text = mask_id_number(text) if key == "id_number" else mask_text(text)
        rows.append((DETAIL_LABELS.get(key, key), text))
    order = list(DETAIL_LABELS.values())
    return sorted(rows, key=lambda r: order.index(r[0]) if r[0] in order else len(order))


def render_case(user: User, case: Case, *, revealed: bool) -> str:
    at = now()
    items = TimelineBuilder(case, revealed).build()
    q.mark_read(user, case)
    return render_template(
        "console/case.html", case=case, items=items, revealed=revealed, may_reveal=can_reveal(user, case),
        phone=(case.phone if revealed else case.masked_phone) or "", details=details_rows(case, revealed),
        due=DueCalendar(at).describe(case), forms=forms_for(case, user), reveal_form=EmptyForm(prefix="reveal"),
        quick_replies=replies_for(case))


@bp.get("/cases/<number>")
def case_page(number: str) -> ResponseReturnValue:
    user = current_staff()
    case = get_case_for(user, number)
    audit.record(user, "case.view", audit.case_target(case.number))
    return render_case(user, case, revealed=False)


@bp.post("/cases/<number>/reveal")
def reveal(number: str) -> ResponseReturnValue:
    """Show the full phone and ID numbers once, in this response only; audited."""
    user = current_staff()
    case = get_case_for(user, number)
    if not can_reveal(user, case):
        abort(403, description="只有这件事项的承办人、本部门负责人和管理员可以查看完整号码。")
    details: dict[str, Any] = {"phone": bool(case.phone)}
    audit.record(user, "case.reveal", audit.case_target(case.number), details)
    return render_case(user, case, revealed=True)
