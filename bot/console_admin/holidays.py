"""The working-day calendar (节假日): public holidays and weekend make-up working days (调休).

Deadlines counted in working days skip weekends and holidays and count make-up days
(``bot.cases.calendar``), so each year's State Council holiday notice is entered here. A
range adds every day of a holiday at once; adding a day that exists replaces it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from wtforms import DateField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from bot.cases.models import Holiday
from bot.console.forms import Form
from bot.console_admin.crud import Column, FieldError, Table, register
from bot.extensions import db
from bot.select_options import options
from knowledge.service import today

KINDS = {"holiday": "放假", "workday": "调休上班"}
WEEKDAYS = "一二三四五六日"
MAX_SPAN = 31
PAST_DAYS = 366


class HolidayForm(Form):
    day = DateField("日期", validators=[DataRequired(message="请选择日期。")])
    until = DateField("到（连续几天时填最后一天）", validators=[Optional()])
    kind = SelectField("类型", choices=options(KINDS.items()))
    name = StringField("名称，如 春节", validators=[Optional(), Length(max=60)])


@dataclass(frozen=True)
class Span:
    """What one save added: ``first`` to ``last`` inclusive."""

    first: date
    last: date
    name: str


def _save(form: Any, row: Holiday | None) -> Span:
    first: date = form.day.data
    last: date = form.until.data or first
    if last < first:
        raise FieldError("until", "结束日期不能早于开始日期。")
    if (last - first).days >= MAX_SPAN:
        raise FieldError("until", f"一次最多添加 {MAX_SPAN} 天。")
    name = (form.name.data or "").strip() or None
    day = first
    while day <= last:
        holiday = db.session.get(Holiday, day) or Holiday(day=day)
        holiday.is_workday, holiday.name = form.kind.data == "workday", name
        db.session.add(holiday)
        day += timedelta(days=1)
    db.session.flush()
    return Span(first, last, name or KINDS[form.kind.data])


def day_label(day: date) -> str:
    return f"{day:%Y-%m-%d} 周{WEEKDAYS[day.weekday()]}"


def _ident(row: Holiday | Span) -> str:
    if isinstance(row, Span):
        return row.first.isoformat() if row.first == row.last else f"{row.first}..{row.last}"
    return row.day.isoformat()


def _describe(row: Holiday | Span) -> str:
    if isinstance(row, Span):
        span = day_label(row.first) if row.first == row.last else f"{row.first} 至 {row.last}"
        return f"{span} {row.name}"
    return f"{day_label(row.day)} {row.name or ''}".strip()


def _get(ident: str) -> Holiday | None:
    try:
        return db.session.get(Holiday, date.fromisoformat(ident))
    except ValueError:
        return None


def _rows() -> list[Holiday]:
    since = today() - timedelta(days=PAST_DAYS)
    return list(db.session.scalars(select(Holiday).where(Holiday.day >= since).order_by(Holiday.day)))


HOLIDAYS = register(Table(
    key="holidays", noun="holiday", title="节假日",
    intro="按工作日计算的期限会跳过周末和这里的放假日，调休上班的周末算工作日。每年国务院办公厅发布放假安排后在这里录入。"
          "（只列出近一年和以后的日期。）",
    rows=_rows,
    columns=(Column("日期", lambda h: day_label(h.day)), Column("类型", lambda h: KINDS["workday" if h.is_workday
                                                                                  else "holiday"]),
             Column("名称", lambda h: h.name or "")),
    form=lambda row: HolidayForm(), save=_save, get=_get, ident=_ident, describe=_describe, editable=False,
    delete=lambda h: db.session.delete(h),
))
