"""Importing and exporting the knowledge base as YAML or CSV files, in the browser.

The same steps as ``flask kb import``/``kb export``: each file is read and validated by
``knowledge.entries`` (every problem with its line), duplicates are refused, and only a
file without problems is applied, by ``knowledge.changes.apply_entries`` in one transaction,
so nothing is ever half-imported. "Check" runs the validation and shows what would change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from flask import Response, render_template, request
from flask.typing import ResponseReturnValue
from flask_wtf.file import FileField, FileRequired
from sqlalchemy import select
from wtforms import BooleanField

from bot import audit
from bot.console.auth import current_staff, role_required
from bot.console.forms import Form
from bot.console_admin.blueprint import bp
from bot.extensions import db
from knowledge.changes import all_entries, apply_entries
from knowledge.entries import EntryData, Problem, duplicate_problems, read_bytes
from knowledge.formats import dump_csv, dump_yaml
from knowledge.models import FaqEntry
from knowledge.service import today

MEDIA_TYPES = {"yaml": "application/x-yaml; charset=utf-8", "csv": "text/csv; charset=utf-8"}


class ImportForm(Form):
    file = FileField("知识库文件（.yaml、.yml 或 .csv，UTF-8 编码）", validators=[FileRequired("请选择要导入的文件。")])
    replace = BooleanField("替换：删除文件里没有的条目（默认只新增和更新）")
    confirm = BooleanField("我确认：文件里没有的条目都会被删除")


@dataclass
class Plan:
    """What an import does (or did), by entry id."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)


def plan(entries: list[EntryData], replace: bool) -> Plan:
    """What applying ``entries`` would change, without changing anything."""
    result = Plan()
    for data in entries:
        entry = db.session.get(FaqEntry, data.id)
        bucket = result.created if entry is None else result.unchanged if entry.content() == data.content() \
            else result.updated
        bucket.append(data.id)
    if replace:
        wanted = {e.id for e in entries}
        result.deleted = [i for i in db.session.scalars(select(FaqEntry.id).order_by(FaqEntry.id)) if i not in wanted]
    return result


def _page(form: ImportForm, status: int = 200, **kw: object) -> ResponseReturnValue:
    return render_template("console_admin/faq_import.html", form=form, **kw), status


@bp.route("/faq/import", methods=["GET", "POST"])
@role_required("admin")
def faq_import() -> ResponseReturnValue:
    form = ImportForm()
    if request.method == "GET" or not form.validate():
        return _page(form, 200 if request.method == "GET" else 400)
    upload = form.file.data
    name = PurePath(upload.filename or "upload").name
    found, problems = read_bytes(upload.read(), name)
    problems += duplicate_problems(found)
    if problems:
        return _page(form, 400, problems=problems, name=name)
    entries = [e.data for e in found]
    replace = bool(form.replace.data)
    if replace and not entries:
        return _page(form, 400, problems=[Problem(name, 0, "文件里没有条目，不能用替换方式导入。", "empty file")],
                     name=name)
    if request.form.get("do") != "import":
        return _page(form, plan=plan(entries, replace), name=name, checked=True)
    if replace and not form.confirm.data:
        form.confirm.errors = ["替换会删除文件里没有的条目，请勾选确认。"]
        return _page(form, 400, plan=plan(entries, replace), name=name, checked=True)
    user = current_staff()
    result = apply_entries(entries, author=user.username, replace=replace, note=f"import {name} (console)")
    done = Plan(result.created, result.updated, result.unchanged, result.deleted)
    audit.record(user, "faq.import", "faq:*", {"file": name, "replace": replace, "created": len(done.created),
                                               "updated": len(done.updated), "deleted": len(done.deleted)})
    return _page(ImportForm(formdata=None), plan=done, name=name, imported=True)


@bp.get("/faq/export.<any(yaml, csv):fmt>")
@role_required("admin")
def faq_export(fmt: str) -> ResponseReturnValue:
    """Every entry, drafts and expired ones included, in the format ``kb export`` writes."""
    records = [{"id": e.id, **e.content()} for e in all_entries()]
    body = dump_yaml(records) if fmt == "yaml" else dump_csv(records)
    audit.record(current_staff(), "faq.export", "faq:*", {"format": fmt, "entries": len(records)})
    filename = f"fazhi-faq-{today():%Y%m%d}.{fmt}"
    return Response(body.encode("utf-8"), headers={"Content-Type": MEDIA_TYPES[fmt],
                                                   "Content-Disposition": f'attachment; filename="{filename}"'})
