"""Creating and editing an FAQ entry, its WeChat preview, publishing, unpublishing, deleting.

Saving goes through ``knowledge.changes`` (history row, knowledge version bump), so every web
and worker process answers with the new text within about a second. The form carries the
version it was opened at: a save over someone else's newer change is refused, not merged.
"""

from __future__ import annotations

from dataclasses import replace

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from bot import audit
from bot.console.auth import current_staff, role_required
from bot.console.forms import EmptyForm
from bot.console_admin import triage
from bot.console_admin.blueprint import bp
from bot.console_admin.entry_form import EntryForm, fill, new_id, validate_entry
from bot.console_admin.preview import wechat_messages
from bot.extensions import db
from knowledge.changes import delete_entry, save_entry
from knowledge.entries import EntryData
from knowledge.models import FaqEntry
from knowledge.service import today

SAVED = {"created": "条目已新建。", "updated": "已保存。机器人约 1 秒后按新内容回答。", "unchanged": "内容没有变化。"}


def target(entry_id: str) -> str:
    return f"faq:{entry_id}"


def _page(form: EntryForm, entry: FaqEntry | None, preview: list[str] | None, status: int = 200,
          ) -> ResponseReturnValue:
    return render_template("console_admin/faq_form.html", form=form, entry=entry, preview=preview,
                           live=entry.is_live(today()) if entry else False, action_form=EmptyForm(prefix="act"),
                           ), status


def _prefill_from_unanswered(form: EntryForm) -> None:
    """"据此新建条目" on the unanswered page: the group's wordings become the questions."""
    key = request.args.get("unanswered", "")
    group = triage.group_of(int(key), triage.days_from(request.args.get("days"))) if key.isdigit() else None
    if group is None:
        return
    form.question.data = group.examples[0]
    form.alt_questions.data = "\n".join(group.examples[1:])
    form.unanswered.data = ",".join(map(str, group.ids))


def _save(form: EntryForm, entry: FaqEntry | None, data: EntryData) -> ResponseReturnValue:
    user = current_staff()
    if entry is None and db.session.get(FaqEntry, data.id) is not None:
        form.id.errors = [*form.id.errors, f"编号 {data.id} 已被其他条目使用，请换一个。"]
        return _page(form, None, None, 400)
    if entry is not None and form.version.data != str(entry.version):
        form.form_errors.append(f"这条在您编辑期间已被 {entry.updated_by} 修改（现在是第 {entry.version} 版）。"
                                "请复制您的修改，刷新页面后再改。")
        return _page(form, entry, None, 409)
    result = save_entry(data, user.username, note="console")
    if result != "unchanged":
        audit.record(user, "faq.create" if result == "created" else "faq.update", target(data.id),
                     {"version": db.session.get(FaqEntry, data.id).version})  # type: ignore[union-attr]
    handled = triage.parse_ids(form.unanswered.data)
    if handled and triage.mark(handled, "handled", user.username, data.id):
        audit.record(user, "unanswered.handled", f"unanswered:{handled[0]}", {"entry": data.id, "count": len(handled)})
    flash(SAVED[result], "ok")
    return redirect(url_for("console_admin.faq_edit", entry_id=data.id))


def _submit(form: EntryForm, entry: FaqEntry | None) -> ResponseReturnValue:
    entry_id = entry.id if entry is not None else ((form.id.data or "").strip() or new_id())
    form.id.data = entry_id
    valid = form.validate()  # lengths and the CSRF token; then the import's own checks
    data = validate_entry(form, entry_id)
    if data is None or not valid:
        return _page(form, entry, None, 400)
    if request.form.get("do") == "preview":
        return _page(form, entry, wechat_messages(data))
    return _save(form, entry, data)


@bp.route("/faq/new", methods=["GET", "POST"])
@role_required("admin")
def faq_new() -> ResponseReturnValue:
    form = EntryForm()
    if request.method == "POST":
        return _submit(form, None)
    _prefill_from_unanswered(form)
    return _page(form, None, None)


@bp.route("/faq/<entry_id>/edit", methods=["GET", "POST"])
@role_required("admin")
def faq_edit(entry_id: str) -> ResponseReturnValue:
    entry = db.get_or_404(FaqEntry, entry_id)
    form = EntryForm()
    if request.method == "POST":
        return _submit(form, entry)
    fill(form, entry)
    return _page(form, entry, wechat_messages(EntryData.from_model(entry)))


@bp.post("/faq/<entry_id>/<any(publish, unpublish):action>")
@role_required("admin")
def faq_publish(entry_id: str, action: str) -> ResponseReturnValue:
    entry = db.get_or_404(FaqEntry, entry_id)
    status = "published" if action == "publish" else "draft"
    user = current_staff()
    if save_entry(replace(EntryData.from_model(entry), status=status), user.username, note=f"console {action}") \
            != "unchanged":
        audit.record(user, f"faq.{action}", target(entry_id), {"version": entry.version})
    flash("已发布，机器人会用这条回答。" if status == "published" else "已改为草稿，机器人不再用这条回答。", "ok")
    return redirect(url_for("console_admin.faq_edit", entry_id=entry_id))


@bp.post("/faq/<entry_id>/delete")
@role_required("admin")
def faq_delete(entry_id: str) -> ResponseReturnValue:
    db.get_or_404(FaqEntry, entry_id)
    user = current_staff()
    delete_entry(entry_id, user.username, note="console")
    audit.record(user, "faq.delete", target(entry_id))
    flash(f"已删除 {entry_id}。删除前的内容保留在历史里，可以在“已删除”中恢复。", "ok")
    return redirect(url_for("console_admin.faq_list"))
