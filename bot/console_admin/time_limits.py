"""Time limits per case type (办理时限), stored in the database so admins can change them.

``bot.cases.sla`` starts from its defaults (with the statutes they follow), applies the
``CASE_TIME_LIMITS`` config, then these settings. A value equal to the default-plus-config
one is not stored, so a later change of the defaults or the config still reaches types an
admin never changed. New deadlines use the new limits; existing cases keep theirs.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import select
from wtforms import IntegerField, SelectField
from wtforms.validators import InputRequired, NumberRange

from bot import audit
from bot.cases.labels import CASE_TYPES, TYPE_LABELS
from bot.cases.models import TimeLimit
from bot.cases.sla import configured_limits, time_limits
from bot.console.auth import current_staff, role_required
from bot.console.forms import Form
from bot.console_admin.blueprint import bp
from bot.extensions import db
from bot.models import utcnow
from bot.select_options import options

WHICH = {"accept": "受理期限", "resolve": "办结期限"}
UNITS = {"workdays": "个工作日", "days": "天（自然日）"}


def _field_names(case_type: str, which: str) -> tuple[str, str]:
    return f"{case_type}__{which}__n", f"{case_type}__{which}__unit"


def _form_class() -> type[Form]:
    fields: dict[str, object] = {}
    for case_type in CASE_TYPES:
        for which, label in WHICH.items():
            n, unit = _field_names(case_type, which)
            fields[n] = IntegerField(f"{TYPE_LABELS[case_type]}{label}", validators=[
                InputRequired(message="请填写天数。"), NumberRange(min=1, max=365, message="请填 1 到 365。")])
            fields[unit] = SelectField("单位", choices=options(UNITS.items()))
    return type("TimeLimitForm", (Form,), fields)


TimeLimitForm = _form_class()


def _rows(form: Form) -> list[dict[str, object]]:
    rows = []
    for case_type in CASE_TYPES:
        base, stored = configured_limits(case_type), {r.which for r in db.session.scalars(
            select(TimeLimit).where(TimeLimit.case_type == case_type))}
        for which, label in WHICH.items():
            n, unit = _field_names(case_type, which)
            rows.append({"type": TYPE_LABELS[case_type], "which": label, "n": form[n], "unit": form[unit],
                         "base": base[which], "changed": which in stored})
    return rows


@bp.route("/time-limits", methods=["GET", "POST"])
@role_required("admin")
def time_limits_page() -> ResponseReturnValue:
    form = TimeLimitForm()
    if not form.is_submitted():
        for case_type in CASE_TYPES:
            for which, (amount, unit) in time_limits(case_type).items():
                n, unit_name = _field_names(case_type, which)
                form[n].data, form[unit_name].data = amount, unit
    elif form.validate():
        changes = save(form)
        if changes:
            audit.record(current_staff(), "time_limit.update", "time_limits", {"changes": changes})
        flash("办理时限已保存，新的期限按新时限计算；已有事项的期限不变。" if changes else "没有改动。", "ok")
        return redirect(url_for("console_admin.time_limits_page"))
    status = 400 if form.is_submitted() else 200
    return render_template("console_admin/time_limits.html", form=form, rows=_rows(form), units=UNITS), status


def save(form: Form) -> list[str]:
    """Store the values that differ from default-plus-config, drop the rest; what changed."""
    user = current_staff()
    changes = []
    for case_type in CASE_TYPES:
        base, now = configured_limits(case_type), time_limits(case_type)
        for which in WHICH:
            n, unit = _field_names(case_type, which)
            wanted = (int(form[n].data), str(form[unit].data))
            if wanted == tuple(now[which]):
                continue
            changes.append(f"{case_type}.{which}: {now[which][0]} {now[which][1]} -> {wanted[0]} {wanted[1]}")
            row = db.session.get(TimeLimit, (case_type, which))
            if wanted == tuple(base[which]):
                if row is not None:
                    db.session.delete(row)
                continue
            row = row or TimeLimit(case_type=case_type, which=which)
            row.amount, row.unit, row.updated_by, row.updated_at = wanted[0], wanted[1], user.username, utcnow()
            db.session.add(row)
    return changes
