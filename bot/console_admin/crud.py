"""One set of list / add / edit / switch on-off / delete pages for the simple settings tables.

Offices, villages, routing rules and holidays differ in their fields and checks, not in
their pages, so each is described by a :class:`Table` (its form, columns and how a form
becomes a row) and :func:`register` adds the same five routes for each. Every change is
audited as ``<noun>.create|update|activate|deactivate|delete`` on ``<noun>:<id>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import audit
from bot.console.auth import current_staff, role_required
from bot.console.forms import EmptyForm, Form
from bot.console_admin.blueprint import bp
from bot.extensions import db


class FieldError(ValueError):
    """A check that needs the database failed; the message (zh-CN) goes next to ``field``."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class Table:
    key: str  # URL segment and endpoint prefix: /console/admin/<key>, console_admin.<key>_list
    noun: str  # audit noun: office → office.create, target office:<id>
    title: str  # 部门
    intro: str
    rows: Callable[[], Sequence[Any]]
    columns: tuple[Column, ...]
    form: Callable[[Any | None], Form]  # the bound form for a row (None: a new one)
    save: Callable[[Form, Any | None], Any]  # apply a valid form to a row (None: create); flushes, may raise FieldError
    get: Callable[[str], Any | None]
    ident: Callable[[Any], str]
    describe: Callable[[Any], str]
    delete: Callable[[Any], None] | None = None
    can_delete: Callable[[Any], str | None] = lambda row: None  # why a row cannot be deleted, or None
    toggle: bool = False  # rows have ``active``
    can_activate: Callable[[Any], str | None] = lambda row: None  # why a row cannot be switched on, or None
    editable: bool = True
    extra: str | None = None  # a template included under the list (e.g. the routing tester)
    extra_context: Callable[[], dict[str, Any]] = field(default=lambda: {})

    def endpoint(self, action: str) -> str:
        return f"console_admin.{self.key}_{action}"


TABLES: dict[str, Table] = {}


def _row_or_404(table: Table, ident: str) -> Any:
    row = table.get(ident)
    if row is None:
        abort(404)
    return row


def _list(table: Table) -> ResponseReturnValue:
    return render_template("console_admin/crud_list.html", table=table, rows=table.rows(),
                           action_form=EmptyForm(prefix="row"), **table.extra_context())


def _edit(table: Table, ident: str | None) -> ResponseReturnValue:
    row = _row_or_404(table, ident) if ident is not None else None
    if row is not None and not table.editable:
        abort(404)
    form = table.form(row)
    if request.method == "POST" and form.validate():
        try:
            saved = table.save(form, row)
        except FieldError as exc:
            db.session.rollback()
            field_ = getattr(form, exc.field, None) if exc.field else None
            if field_ is None:
                form.form_errors.append(exc.message)
            else:
                field_.errors = [*field_.errors, exc.message]
        else:
            audit.record(current_staff(), f"{table.noun}.{'update' if row is not None else 'create'}",
                         f"{table.noun}:{table.ident(saved)}", {"name": table.describe(saved)})
            flash(f"{table.title}“{table.describe(saved)}”已保存。", "ok")
            return redirect(url_for(table.endpoint("list")))
    status = 400 if request.method == "POST" else 200
    return render_template("console_admin/crud_form.html", table=table, form=form, row=row), status


def _toggle(table: Table, ident: str) -> ResponseReturnValue:
    row = _row_or_404(table, ident)
    reason = None if row.active else table.can_activate(row)
    if reason:
        flash(reason, "error")
        return redirect(url_for(table.endpoint("list")))
    row.active = not row.active
    audit.record(current_staff(), f"{table.noun}.{'activate' if row.active else 'deactivate'}",
                 f"{table.noun}:{table.ident(row)}", {"name": table.describe(row)})
    flash(f"{table.title}“{table.describe(row)}”已{'启用' if row.active else '停用'}。", "ok")
    return redirect(url_for(table.endpoint("list")))


def _delete(table: Table, ident: str) -> ResponseReturnValue:
    row = _row_or_404(table, ident)
    if table.delete is None:
        abort(404)
    reason = table.can_delete(row)
    if reason:
        flash(reason, "error")
        return redirect(url_for(table.endpoint("list")))
    name, target = table.describe(row), f"{table.noun}:{table.ident(row)}"
    table.delete(row)
    audit.record(current_staff(), f"{table.noun}.delete", target, {"name": name})
    flash(f"{table.title}“{name}”已删除。", "ok")
    return redirect(url_for(table.endpoint("list")))


def register(table: Table) -> Table:
    """Add the table's pages (admin only) to the blueprint."""
    TABLES[table.key] = table
    admin = role_required("admin")
    base = f"/{table.key}"

    def list_view() -> ResponseReturnValue:
        return _list(table)

    def edit_view(ident: str | None = None) -> ResponseReturnValue:
        return _edit(table, ident)

    def toggle_view(ident: str) -> ResponseReturnValue:
        return _toggle(table, ident)

    def delete_view(ident: str) -> ResponseReturnValue:
        return _delete(table, ident)

    bp.add_url_rule(base, f"{table.key}_list", admin(list_view))
    bp.add_url_rule(f"{base}/new", f"{table.key}_new", admin(edit_view), methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<ident>/edit", f"{table.key}_edit", admin(edit_view), methods=["GET", "POST"])
    bp.add_url_rule(f"{base}/<ident>/toggle", f"{table.key}_toggle", admin(toggle_view), methods=["POST"])
    bp.add_url_rule(f"{base}/<ident>/delete", f"{table.key}_delete", admin(delete_view), methods=["POST"])
    return table
