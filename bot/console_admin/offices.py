"""Offices (部门): add, edit, switch on or off, and who works in each.

Offices are never deleted: cases keep pointing at the office that handled them. A stopped
office gets no new cases (routing skips inactive offices and falls through to the next rule).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from wtforms import BooleanField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from bot.console.forms import Form
from bot.console_admin import choices
from bot.console_admin.crud import Column, FieldError, Table, register
from bot.extensions import db
from bot.org.models import Office, User
from bot.select_options import options

CODE = Regexp(r"^[a-z0-9][a-z0-9-]*$", message="编号只能用小写英文字母、数字和连字符。")


class OfficeForm(Form):
    code = StringField("编号（英文，建好后不能改）", validators=[Optional(), Length(max=40), CODE])
    name = StringField("名称", validators=[DataRequired(message="请填写名称。"), Length(max=60)])
    kind = SelectField("类型", choices=options(choices.kind_choices()))
    village_id = SelectField("所在村（社区），村调委会必填", coerce=int)
    phone = StringField("办公电话", validators=[Optional(), Length(max=30)])
    member_ids = SelectMultipleField("工作人员", coerce=int, option_widget=CheckboxInput(),
                                widget=ListWidget(prefix_label=False))
    active = BooleanField("启用（停用后不再分派新事项）", default=True)


def _form(row: Office | None) -> OfficeForm:
    form = OfficeForm(obj=row)
    form.village_id.choices = options(choices.village_choices(choices.NONE))
    form.member_ids.choices = options(choices.user_choices())
    if row is not None:
        form.code.render_kw = {"readonly": True}
        if not form.is_submitted():
            form.village_id.data = row.village_id or 0
            form.member_ids.data = [u.id for u in row.staff]
    return form


def _save(form: Any, row: Office | None) -> Office:
    code = (form.code.data or "").strip()
    if row is None:
        if not code:
            raise FieldError("code", "请填写编号。")
        if db.session.scalar(select(Office).where(Office.code == code)) is not None:
            raise FieldError("code", f"编号 {code} 已被使用。")
    village_id = form.village_id.data or None
    if form.kind.data == "village_mediation" and village_id is None:
        raise FieldError("village_id", "村调委会要选所在的村（社区）。")
    office = row or Office(code=code)
    office.name, office.kind, office.village_id = form.name.data.strip(), form.kind.data, village_id
    office.phone = (form.phone.data or "").strip() or None
    office.active = bool(form.active.data)
    wanted = set(form.member_ids.data or [])
    office.staff = list(db.session.scalars(select(User).where(User.id.in_(wanted)))) if wanted else []
    db.session.add(office)
    db.session.flush()
    return office


def _staff(office: Office) -> str:
    return "、".join(u.display_name + ("" if u.active else "（停用）") for u in office.staff) or "（还没有人）"


OFFICES = register(Table(
    key="offices", noun="office", title="部门",
    intro="处理群众事项的所、办和各村（社区）调委会。停用的部门不再分派新事项；部门不能删除，以免历史事项找不到承办部门。",
    rows=choices.offices_ordered,
    columns=(Column("名称", lambda o: o.name), Column("编号", lambda o: o.code),
             Column("类型", lambda o: choices.kind_label(o.kind)),
             Column("所在村", lambda o: o.village.name if o.village else ""),
             Column("电话", lambda o: o.phone or ""), Column("工作人员", _staff)),
    form=_form, save=_save, get=lambda i: db.session.get(Office, int(i)) if i.isdigit() else None,
    ident=lambda o: str(o.id), describe=lambda o: o.name, toggle=True,
))
