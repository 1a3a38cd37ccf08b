"""Unanswered questions, grouped: turn a group into a new entry, add its wordings to an
existing entry as alternative questions, or mark it handled or dismissed.

Editors see what residents asked and the bot could not answer, biggest group first
(``knowledge.unanswered``); acting on a group marks its questions (``triage``) so the list
shrinks as the work gets done.
"""

from __future__ import annotations

from dataclasses import replace

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms import HiddenField, RadioField, SelectMultipleField
from wtforms.validators import DataRequired, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from bot import audit
from bot.console.auth import current_staff, role_required
from bot.console.forms import Form
from bot.console_admin import triage
from bot.console_admin.blueprint import bp
from bot.console_admin.faq_edit import target
from bot.console_admin.faq_list import Filters, search
from bot.console_admin.models import OUTCOMES
from bot.extensions import db
from bot.select_options import options
from knowledge.changes import ChangeError, save_entry, validated
from knowledge.entries import EntryData
from knowledge.models import FaqEntry
from knowledge.service import today
from knowledge.unanswered import UnansweredGroup

PICK_LIMIT = 20


class MarkForm(Form):
    ids = HiddenField()
    outcome = HiddenField()


def _some_chosen(form: Form, field: SelectMultipleField) -> None:
    """DataRequired would mark every checkbox required, and browsers would then demand all of them."""
    if not field.data:
        raise ValidationError("请至少选一个问法。")


class AttachForm(Form):
    entry_id = RadioField("加到哪一条", validators=[DataRequired(message="请选一个条目。")], validate_choice=False)
    examples = SelectMultipleField("作为其他问法加入", option_widget=CheckboxInput(),
                                   widget=ListWidget(prefix_label=False), validators=[_some_chosen])
    ids = HiddenField()


def _group_or_404(key: int, days: int) -> UnansweredGroup:
    group = triage.group_of(key, days)
    if group is None:
        abort(404)
    return group


def _titles(ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    return {e.id: e.question for e in db.session.scalars(select(FaqEntry).where(FaqEntry.id.in_(ids)))}


@bp.get("/unanswered")
@role_required("admin")
def unanswered() -> ResponseReturnValue:
    days = triage.days_from(request.args.get("days"))
    groups = triage.open_groups(days)
    titles = _titles({g.closest for g in groups if g.closest})
    return render_template("console_admin/unanswered.html", groups=groups, days=days, day_choices=triage.DAY_CHOICES,
                           titles=titles, mark_form=MarkForm(prefix="mark"))


@bp.post("/unanswered/<int:key>/mark")
@role_required("admin")
def unanswered_mark(key: int) -> ResponseReturnValue:
    form = MarkForm(prefix="mark")
    outcome = form.outcome.data if form.outcome.data in OUTCOMES else None
    ids = triage.parse_ids(form.ids.data)
    if outcome is None or not ids:
        abort(400)
    user = current_staff()
    count = triage.mark(ids, outcome, user.username)
    audit.record(user, f"unanswered.{outcome}", f"unanswered:{key}", {"count": count})
    flash(f"这组 {count} 个问题已标为“{OUTCOMES[outcome]}”。", "ok")
    return redirect(url_for("console_admin.unanswered", days=request.args.get("days")))


def _choices(form: AttachForm, group: UnansweredGroup, q: str) -> list[FaqEntry]:
    """Entries to pick from: the closest one first, then search hits for ``q``."""
    picks = search(Filters(q=q), today())[:PICK_LIMIT] if q else []
    closest = db.session.get(FaqEntry, group.closest) if group.closest else None
    if closest is not None:
        picks = [closest, *[e for e in picks if e.id != closest.id]]
    form.examples.choices = options((t, t) for t in group.examples)
    form.entry_id.choices = options((e.id, e.question) for e in picks)
    return picks


@bp.route("/unanswered/<int:key>/attach", methods=["GET", "POST"])
@role_required("admin")
def unanswered_attach(key: int) -> ResponseReturnValue:
    days = triage.days_from(request.args.get("days"))
    group = _group_or_404(key, days)
    form = AttachForm(prefix="attach")
    q = (request.args.get("q") or "").strip()
    picks = _choices(form, group, q)
    if request.method == "GET":
        form.examples.data = list(group.examples)
        form.ids.data = ",".join(map(str, group.ids))
        if group.closest:
            form.entry_id.data = group.closest
    elif form.validate():
        entry = db.session.get(FaqEntry, form.entry_id.data)
        if entry is None:
            form.entry_id.errors = ["这个条目已经不存在了，请重新选择。"]
        else:
            return _attach(key, days, entry, [t for t in form.examples.data or [] if t in group.examples],
                           triage.parse_ids(form.ids.data))
    return render_template("console_admin/unanswered_attach.html", form=form, group=group, key=key, days=days, q=q,
                           picks=picks), 200 if request.method == "GET" else 400


def _attach(key: int, days: int, entry: FaqEntry, wordings: list[str], ids: list[int]) -> ResponseReturnValue:
    """Add the wordings as alternative questions (a new version of the entry), then mark the group."""
    user = current_staff()
    data = EntryData.from_model(entry)
    known = {data.question, *data.alt_questions}
    added = [w for w in wordings if w not in known]
    try:
        new = validated({"id": entry.id, **replace(data, alt_questions=(*data.alt_questions, *added)).content()})
    except ChangeError:
        flash("这些问法无法加入这个条目。", "error")
        return redirect(url_for("console_admin.unanswered_attach", key=key, days=days))
    if save_entry(new, user.username, note="console: unanswered questions attached") != "unchanged":
        audit.record(user, "faq.attach", target(entry.id), {"added": len(added), "version": entry.version})
    count = triage.mark(ids, "handled", user.username, entry.id)
    audit.record(user, "unanswered.handled", f"unanswered:{key}", {"count": count, "entry": entry.id})
    flash(f"已把 {len(added)} 个问法加到“{entry.question}”，这组问题已标为已处理。", "ok")
    return redirect(url_for("console_admin.unanswered", days=days))
