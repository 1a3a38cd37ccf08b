"""What staff can do on a case page, as a table: one POST endpoint runs them all.

Each entry names its form, when it is offered, and the function that does it (most in
``bot.cases.actions``). The endpoint checks access, validates, runs, audits ``case.<key>``
and says what happened; the function's own event shows it in the case history.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm
from sqlalchemy import func

from bot import audit
from bot.cases import actions, service
from bot.cases.actions import ActionError
from bot.cases.models import Case
from bot.console import forms
from bot.console.access import can_see, get_case_for, visible_cases
from bot.console.auth import current_staff
from bot.console.blueprint import bp
from bot.console.timeline import staff_status_label
from bot.extensions import db
from bot.org.models import Office, User
from bot.select_options import options

Outcome = tuple[str, dict[str, Any]]  # what to tell the user, what to audit


@dataclass(frozen=True)
class CaseAction:
    form: type[FlaskForm]
    offered: Callable[[Case, User], bool]
    run: Callable[[Case, User, Any], Outcome]


def _open(case: Case, user: User) -> bool:
    return case.status != "closed"


def _claim(case: Case, user: User, form: Any) -> Outcome:
    actions.claim(case, user)
    return "您已认领这件事项，请按时办理。", {}


def _assign(case: Case, user: User, form: forms.AssignForm) -> Outcome:
    target = db.session.get(User, form.user_id.data)
    if target is None:
        raise ActionError("没有找到这位工作人员。")
    actions.assign_to(case, target, author=user)
    return f"已交给{target.display_name}办理。", {"assignee": target.username}


def _transfer(case: Case, user: User, form: forms.TransferForm) -> Outcome:
    office = db.session.get(Office, form.office_id.data)
    if office is None:
        raise ActionError("没有找到这个部门。")
    before = case.office.code if case.office else None
    actions.transfer(case, office, author=user, reason=form.reason.data or "")
    return f"已转交{office.name}，对方会收到提醒。", {"from_office": before, "to_office": office.code}


def _escalate(case: Case, user: User, form: forms.EscalateForm) -> Outcome:
    office = actions.escalate(case, author=user, reason=form.reason.data or "")
    return f"已上报{office.name}。", {"to_office": office.code}


def _reply(case: Case, user: User, form: forms.ReplyForm) -> Outcome:
    msg = service.staff_reply(case, form.text.data or "", author=user)
    return "回复已提交，正在发给群众。发送结果会显示在对话里。", {"outbound_message_id": msg.id}


def _note(case: Case, user: User, form: forms.NoteForm) -> Outcome:
    event = actions.add_note(case, form.text.data or "", author=user)
    return "备注已保存（群众看不到）。", {"event_id": event.id}


def _status(case: Case, user: User, form: forms.StatusForm) -> Outcome:
    before = case.status
    actions.change_status(case, form.status.data or "", author=user, note=form.note.data)
    return f"状态已改为「{staff_status_label(case.status)}」。", {"from": before, "to": case.status}


def _close(case: Case, user: User, form: forms.CloseForm) -> Outcome:
    actions.close(case, form.outcome.data or "", author=user)
    return "事项已办结，办理结果和评价邀请正在发给群众。", {}


def _merge(case: Case, user: User, form: forms.MergeForm) -> Outcome:
    number = (form.into.data or "").strip().upper()
    into = db.session.scalar(visible_cases(user).where(func.upper(Case.number) == number))
    if into is None:
        raise ActionError(f"没有找到编号为 {number} 的事项（或者它不归您的部门）。")
    actions.merge(case, into, author=user)
    return f"已合并到 {into.number}。", {"into": into.number}


def _reopen(case: Case, user: User, form: forms.ReopenForm) -> Outcome:
    actions.reopen(case, author=user, reason=form.reason.data or "")
    return "事项已重新打开。", {}


ACTIONS: dict[str, CaseAction] = {
    "claim": CaseAction(forms.EmptyForm, lambda c, u: _open(c, u) and c.assignee_id != u.id, _claim),
    "reply": CaseAction(forms.ReplyForm, lambda c, u: True, _reply),
    "status": CaseAction(forms.StatusForm, lambda c, u: bool(actions.status_choices(c)), _status),
    "note": CaseAction(forms.NoteForm, lambda c, u: True, _note),
    "assign": CaseAction(forms.AssignForm, lambda c, u: _open(c, u) and bool(_colleagues(c, u)), _assign),
    "transfer": CaseAction(forms.TransferForm, _open, _transfer),
    "escalate": CaseAction(forms.EscalateForm,
                           lambda c, u: _open(c, u) and actions.escalation_target(c) is not None, _escalate),
    "close": CaseAction(forms.CloseForm, _open, _close),
    "merge": CaseAction(forms.MergeForm, _open, _merge),
    "reopen": CaseAction(forms.ReopenForm, lambda c, u: c.status == "closed", _reopen),
}


def _colleagues(case: Case, user: User) -> list[User]:
    """Whom ``user`` can hand the case to: not themselves ("认领" does that), not its assignee."""
    return [u for u in actions.colleagues(case) if u.id not in {user.id, case.assignee_id}]


def _choices(key: str, form: Any, case: Case, user: User) -> None:
    """Fill the select fields of the forms that have them, for this case."""
    if key == "assign":
        form.user_id.choices = options((u.id, u.display_name) for u in _colleagues(case, user))
    elif key == "transfer":
        offices = db.session.scalars(db.select(Office).where(Office.active.is_(True)).order_by(Office.id))
        form.office_id.choices = options((o.id, o.name) for o in offices if o.id != case.office_id)
    elif key == "status":
        form.status.choices = options((c.code, c.label) for c in actions.status_choices(case))


def forms_for(case: Case, user: User) -> dict[str, Any]:
    """The forms offered on the case page now, by action key."""
    found: dict[str, Any] = {}
    for key, spec in ACTIONS.items():
        if spec.offered(case, user):
            form = spec.form(prefix=key)
            _choices(key, form, case, user)
            found[key] = form
    return found


def _first_error(form: FlaskForm) -> str:
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return "提交的内容有误，请检查后再试。"


@bp.post("/cases/<number>/do/<key>")
def act(number: str, key: str) -> ResponseReturnValue:
    spec = ACTIONS.get(key)
    if spec is None:
        abort(404)
    user = current_staff()
    case = get_case_for(user, number)
    page = url_for("console.case_page", number=case.number)
    if not spec.offered(case, user):
        flash("这个操作现在不能做，页面可能已经过期，请看最新情况。", "error")
        return redirect(page)
    form = spec.form(prefix=key)
    _choices(key, form, case, user)
    if not form.validate():
        flash(_first_error(form), "error")
        return redirect(page)
    try:
        message, details = spec.run(case, user, form)
    except ActionError as exc:
        db.session.rollback()
        flash(str(exc), "error")
        return redirect(page)
    audit.record(user, f"case.{key}", audit.case_target(case.number), details)
    flash(message, "ok")
    if not can_see(user, case):  # transferred away from the user's offices
        return redirect(url_for("console.queue"))
    return redirect(page + ("#conversation" if key in {"reply", "note"} else ""))
