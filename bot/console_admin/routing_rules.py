"""Routing rules (分派规则): which office gets a case of a type × category × village.

Rules are tried highest priority first and the first whose office exists and is active
wins (``bot.cases.routing``), so a rule is refused when it could never be used (no target,
two targets, a stopped office, an office kind the township does not have) or when another
active rule matches exactly the same cases at the same priority, which would make the
choice depend on creation order. The list page also answers "where would this case go?".
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from flask import request
from sqlalchemy import select
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from bot.cases.labels import type_label
from bot.cases.models import RoutingRule
from bot.cases.routing import VILLAGE_MEDIATION, office_of_kind, route
from bot.console.forms import Form
from bot.console_admin import choices
from bot.console_admin.crud import Column, FieldError, Table, register
from bot.extensions import db
from bot.org.models import Office, Village
from bot.select_options import options


class RuleForm(Form):
    case_type = SelectField("事项类型", choices=options(choices.type_choices(choices.ANY)))
    category = SelectField("类别", choices=options(choices.category_choices(choices.ANY)))
    village_id = SelectField("村（社区）", coerce=int)
    office_kind = SelectField("交给：某类部门", choices=options(choices.kind_choices(choices.NONE)))
    office_id = SelectField("或交给：指定部门", coerce=int)
    priority = IntegerField("优先级（大的先用）", default=50,
                            validators=[InputRequired(message="请填写优先级。"), NumberRange(min=0, max=1000)])
    note = StringField("说明", validators=[Optional(), Length(max=200)])
    active = BooleanField("启用", default=True)


def _form(row: RoutingRule | None) -> RuleForm:
    form = RuleForm(obj=row)
    form.village_id.choices = options(choices.village_choices(choices.ANY))
    form.office_id.choices = options(choices.office_choices(choices.NONE))
    if not form.is_submitted():
        form.case_type.data = row.case_type or "" if row else ""
        form.category.data = row.category or "" if row else ""
        form.office_kind.data = row.office_kind or "" if row else ""
        form.village_id.data = row.village_id or 0 if row else 0
        form.office_id.data = row.office_id or 0 if row else 0
    return form


def _check_target(kind: str | None, office_id: int | None) -> None:
    if (kind is None) == (office_id is None):
        raise FieldError("office_kind", "请在“某类部门”和“指定部门”中选且只选一个。")
    if office_id is not None:
        office = db.session.get(Office, office_id)
        if office is None or not office.active:
            raise FieldError("office_id", "这个部门已停用，规则不会生效。")
    elif kind != VILLAGE_MEDIATION and office_of_kind(kind or "") is None:
        raise FieldError("office_kind", f"乡里没有启用的“{choices.kind_label(kind)}”，规则不会生效。")


def _check_unique(row: RoutingRule | None, values: dict[str, Any]) -> None:
    query = select(RoutingRule).where(RoutingRule.active.is_(True), RoutingRule.priority == values["priority"],
                                      RoutingRule.id != (row.id if row else 0))
    for name in ("case_type", "category", "village_id"):
        column = getattr(RoutingRule, name)
        query = query.where(column.is_(None) if values[name] is None else column == values[name])
    other = db.session.scalar(query.limit(1))
    if other is not None:
        raise FieldError("priority", f"规则 #{other.id} 的条件和优先级与这条完全相同，分不出先后。请调整优先级。")


def _save(form: Any, row: RoutingRule | None) -> RoutingRule:
    values: dict[str, Any] = {
        "case_type": form.case_type.data or None, "category": form.category.data or None,
        "village_id": form.village_id.data or None, "office_kind": form.office_kind.data or None,
        "office_id": form.office_id.data or None, "priority": form.priority.data,
        "note": (form.note.data or "").strip() or None, "active": bool(form.active.data),
    }
    if values["active"]:
        _check_target(values["office_kind"], values["office_id"])
        _check_unique(row, values)
    elif (values["office_kind"] is None) == (values["office_id"] is None):
        raise FieldError("office_kind", "请在“某类部门”和“指定部门”中选且只选一个。")
    rule = row or RoutingRule()
    for name, value in values.items():
        setattr(rule, name, value)
    db.session.add(rule)
    db.session.flush()
    return rule


def _can_activate(rule: RoutingRule) -> str | None:
    try:
        _check_target(rule.office_kind, rule.office_id)
        _check_unique(rule, {"priority": rule.priority, "case_type": rule.case_type, "category": rule.category,
                             "village_id": rule.village_id})
    except FieldError as exc:
        return f"规则 #{rule.id} 不能启用：{exc.message}"
    return None


def rules_ordered() -> list[RoutingRule]:
    return list(db.session.scalars(select(RoutingRule).order_by(RoutingRule.active.desc(),
                                                                RoutingRule.priority.desc(), RoutingRule.id)))


def target_label(rule: RoutingRule) -> str:
    if rule.office_id is not None:
        office = db.session.get(Office, rule.office_id)
        return office.name if office else f"部门 #{rule.office_id}"
    if rule.office_kind == VILLAGE_MEDIATION:
        return "本村（社区）调委会"
    return choices.kind_label(rule.office_kind)


def _village(rule: RoutingRule) -> str:
    village = db.session.get(Village, rule.village_id) if rule.village_id else None
    return village.name if village else choices.ANY


def tester() -> dict[str, Any]:
    """"Where would this case go?" from the list page's small form (GET, nothing saved)."""
    args = request.args
    case_type = args.get("case_type", "")
    form = {"case_type": case_type, "category": args.get("category", ""), "village_id": args.get("village_id", "")}
    result = None
    if case_type:
        village_id = int(form["village_id"]) if form["village_id"].isdigit() else None
        case = SimpleNamespace(case_type=case_type, category=form["category"] or None, village_id=village_id or None)
        office, rule = route(case)
        result = {"office": office, "rule": rule}
    return {"tester": form, "tested": result, "type_choices": choices.type_choices("请选择"),
            "category_choices": choices.category_choices("（不分类）"),
            "village_choices": choices.village_choices("（未填）")}


RULES = register(Table(
    key="routing", noun="routing_rule", title="分派规则",
    intro="群众提交的事项按这些规则交给部门：条件空着表示“任意”，优先级大的先试；目标部门停用或不存在时，试下一条；"
          "一条都不适用时交给司法所。",
    rows=rules_ordered,
    columns=(Column("规则", lambda r: f"#{r.id} {r.note or ''}".strip()), Column("优先级", lambda r: r.priority),
             Column("事项类型", lambda r: type_label(r.case_type) if r.case_type
                                                         else choices.ANY),
             Column("类别", lambda r: r.category or choices.ANY), Column("村（社区）", _village),
             Column("交给", target_label)),
    form=_form, save=_save, get=lambda i: db.session.get(RoutingRule, int(i)) if i.isdigit() else None,
    ident=lambda r: str(r.id), describe=lambda r: f"#{r.id} {r.note or ''}".strip(), toggle=True,
    can_activate=_can_activate,
    delete=lambda r: db.session.delete(r), extra="console_admin/_routing_tester.html", extra_context=tester,
))
