"""Villages and communities (村、社区): add, rename, aliases, the order residents see them in.

Residents pick their village by its number in the intake form's list or by name, so the
order is part of the conversation and names must not be ambiguous: a name or alias may
belong to one village only. Renaming keeps the old name as an alias (residents keep using
it) and renames the village's mediation committee, as ``flask villages rename`` does.
"""

from __future__ import annotations

import re
from typing import Any

from flask import g
from sqlalchemy import func, select
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from bot.cases.villages import villages as active_villages
from bot.console.forms import Form
from bot.console_admin import choices
from bot.console_admin.crud import Column, FieldError, Table, register
from bot.console_admin.offices import CODE
from bot.extensions import db
from bot.org.models import Office, Village

_SPLIT = re.compile(r"[\n,，、;；]+")


class VillageForm(Form):
    code = StringField("编号（英文，建好后不能改）", validators=[Optional(), Length(max=40), CODE])
    name = StringField("名称", validators=[DataRequired(message="请填写名称。"), Length(max=60)])
    aliases = TextAreaField("别名（每行一个，如老地名、简称）")
    sort_order = IntegerField("排序（小的在前，群众看到的序号按这个排）",
                              validators=[Optional(), NumberRange(min=0, max=99999)])
    committee = BooleanField("同时建立本村（社区）人民调解委员会", default=True)
    active = BooleanField("启用（停用后群众的选择列表里不再出现）", default=True)


def alias_list(text: str | None, name: str) -> list[str]:
    seen: list[str] = []
    for alias in (a.strip() for a in _SPLIT.split(text or "")):
        if alias and alias != name and alias not in seen:
            seen.append(alias)
    return seen


def _form(row: Village | None) -> VillageForm:
    form = VillageForm(obj=row)
    if row is not None:
        form.code.render_kw = {"readonly": True}
        del form.committee
        if not form.is_submitted():
            form.aliases.data = "\n".join(row.aliases or [])
    return form


def _clashes(village_id: int | None, names: list[str]) -> str | None:
    """A name already used (as name or alias) by another village."""
    for other in db.session.scalars(select(Village).where(Village.id != (village_id or 0))):
        taken = {other.name, *(other.aliases or [])}
        for name in names:
            if name in taken:
                return f"“{name}”已经是{other.name}的名称或别名，群众说这个名字时会分不清。"
    return None


def _save(form: Any, row: Village | None) -> Village:
    code, name = (form.code.data or "").strip(), form.name.data.strip()
    aliases = alias_list(form.aliases.data, name)
    if row is not None and row.name != name and row.name not in aliases:
        aliases.append(row.name)  # residents keep using the old name
    if row is None and not code:
        raise FieldError("code", "请填写编号。")
    if row is None and db.session.scalar(select(Village).where(Village.code == code)) is not None:
        raise FieldError("code", f"编号 {code} 已被使用。")
    clash = _clashes(row.id if row else None, [name])
    if clash:
        raise FieldError("name", clash)
    clash = _clashes(row.id if row else None, aliases)
    if clash:
        raise FieldError("aliases", clash)
    order = form.sort_order.data
    if order is None and row is not None:
        order = row.sort_order
    elif order is None:
        order = (db.session.scalar(select(func.max(Village.sort_order))) or 0) + 10
    if row is None:
        row = Village(code=code, name=name)
        db.session.add(row)
        db.session.flush()
        if form.committee.data:
            db.session.add(Office(code=f"{code}-tw", name=f"{name}人民调解委员会", kind="village_mediation",
                                  village_id=row.id))
    elif row.name != name:
        for office in db.session.scalars(select(Office).where(Office.village_id == row.id)):
            office.name = office.name.replace(row.name, name)
    row.name, row.aliases, row.sort_order, row.active = name, aliases, order, bool(form.active.data)
    db.session.flush()
    return row


def _number(village: Village) -> str:
    """The number residents type for this village (active ones only), cached per request."""
    if "village_numbers" not in g:
        g.village_numbers = {v.id: i for i, v in enumerate(active_villages(), start=1)}
    number = g.village_numbers.get(village.id)
    return str(number) if number else "—"


def _committee(village: Village) -> str:
    offices = db.session.scalars(select(Office).where(Office.village_id == village.id,
                                                      Office.kind == "village_mediation"))
    return "、".join(o.name + ("" if o.active else "（停用）") for o in offices) or "（没有，调解由司法所办）"


VILLAGES = register(Table(
    key="villages", noun="village", title="村（社区）",
    intro="群众登记事项时按序号或名称选择所在的村（社区）。改名后旧名称自动作为别名保留，本村调委会也会一起改名。"
          "村（社区）不能删除，不用了请停用。",
    rows=choices.villages_ordered,
    columns=(Column("名称", lambda v: v.name), Column("群众看到的序号", _number), Column("编号", lambda v: v.code),
             Column("别名", lambda v: "、".join(v.aliases or [])), Column("排序", lambda v: v.sort_order),
             Column("调委会", _committee)),
    form=_form, save=_save, get=lambda i: db.session.get(Village, int(i)) if i.isdigit() else None,
    ident=lambda v: str(v.id), describe=lambda v: v.name, toggle=True,
))
