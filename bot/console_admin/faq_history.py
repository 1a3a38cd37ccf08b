"""An entry's versions with what each change did, restoring an old version, and deleted entries.

History rows keep the full content before and after every change (``knowledge.changes``),
so a diff needs nothing else and a deleted entry can always come back: restoring is a new
version, never a rewrite of the past.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from bot import audit
from bot.console.auth import current_staff, role_required
from bot.console.forms import EmptyForm
from bot.console_admin.blueprint import bp
from bot.console_admin.diff import diff
from bot.console_admin.faq_edit import target
from bot.extensions import db
from knowledge.changes import ChangeError, history, restore_entry
from knowledge.models import FaqEntry, FaqEntryVersion

ACTIONS = {"create": "新建", "update": "修改", "delete": "删除", "restore": "恢复旧版本"}


@bp.get("/faq/<entry_id>/history")
@role_required("admin")
def faq_history(entry_id: str) -> ResponseReturnValue:
    rows = history(entry_id)
    if not rows:
        abort(404)
    current = db.session.get(FaqEntry, entry_id)
    now = current.content() if current is not None else None
    versions = [{"row": r, "action": ACTIONS.get(r.action, r.action), "diff": diff(r.previous, r.content),
                 "restorable": r.content is not None and r.content != now} for r in rows]
    return render_template("console_admin/faq_history.html", entry_id=entry_id, current=current, versions=versions,
                           restore_form=EmptyForm(prefix="restore"))


@bp.post("/faq/<entry_id>/restore/<int:version>")
@role_required("admin")
def faq_restore(entry_id: str, version: int) -> ResponseReturnValue:
    user = current_staff()
    try:
        result = restore_entry(entry_id, version, user.username)
    except ChangeError:
        flash(f"第 {version} 版无法恢复（它是一次删除，或者内容已不符合现在的格式要求）。", "error")
        return redirect(url_for("console_admin.faq_history", entry_id=entry_id))
    if result != "unchanged":
        audit.record(user, "faq.restore", target(entry_id), {"from_version": version})
    flash(f"已恢复第 {version} 版的内容（记为新的一版）。", "ok")
    return redirect(url_for("console_admin.faq_edit", entry_id=entry_id))


@bp.get("/faq/deleted")
@role_required("admin")
def faq_deleted() -> ResponseReturnValue:
    """Entries whose last change was a delete: the latest delete row of each id not in the table."""
    latest = (select(FaqEntryVersion.entry_id, func.max(FaqEntryVersion.version).label("version"))
              .group_by(FaqEntryVersion.entry_id).subquery())
    query = (select(FaqEntryVersion)
             .join(latest, (FaqEntryVersion.entry_id == latest.c.entry_id)
                   & (FaqEntryVersion.version == latest.c.version))
             .where(FaqEntryVersion.action == "delete", FaqEntryVersion.entry_id.not_in(select(FaqEntry.id)))
             .order_by(FaqEntryVersion.changed_at.desc()))
    return render_template("console_admin/faq_deleted.html", rows=list(db.session.scalars(query)))
