"""Quick replies (常用回复): the shipped set, filling them in for a case, and the admin pages.

Staff pick one to fill the reply box and change it as needed; ``{编号}`` and ``{部门}`` become
the case number and the handling office.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from bot import audit
from bot.cases.models import Case
from bot.cases.texts import office_name
from bot.console.auth import current_staff, role_required
from bot.console.blueprint import bp
from bot.console.forms import EmptyForm, QuickReplyForm
from bot.console.models import QuickReply
from bot.extensions import db

SHIPPED: tuple[tuple[str, str], ...] = (
    ("已收到，正在了解", "您好，您反映的事项（编号 {编号}）我们已经收到，正在了解情况，会尽快给您答复。"),
    ("请发现场照片", "您好，为了更好地了解情况，请您在这里发几张现场照片，谢谢配合。"),
    ("请留电话", "您好，方便的话请回复一个能联系上您的电话号码，工作人员会打电话和您细说。"),
    ("约时间调解", "您好，我们想约双方当面调解，请问您这周哪天方便？直接回复日期和时间就行。"),
    ("请来当面谈", "您好，这件事需要当面了解。请您在工作日上午 9 点到下午 5 点，带上身份证和相关材料到{部门}来一趟。"),
    ("可申请法律援助", "您好，您的情况可以申请法律援助，免费请律师。请带身份证到{部门}办理，"
                "也可以拨打 12348 公共法律服务热线咨询。"),
    ("紧急情况请报警", "您好，如果情况紧急或有人身危险，请马上拨打 110。"),
    ("已处理好", "您好，您反映的事项已经处理好了，感谢您的反映。如果还有问题，可以直接在这里留言。"),
)


def seed_quick_replies() -> int:
    """Load the shipped set into an empty table (an admin's edits and deletions are kept)."""
    if db.session.scalar(select(func.count()).select_from(QuickReply)):
        return 0
    for order, (title, body) in enumerate(SHIPPED, start=1):
        db.session.add(QuickReply(title=title, body=body, sort_order=order * 10))
    db.session.commit()
    return len(SHIPPED)


def fill(body: str, case: Case) -> str:
    return body.replace("{编号}", case.number).replace("{部门}", office_name(case))


def replies_for(case: Case) -> list[tuple[str, str]]:
    rows = db.session.scalars(select(QuickReply).where(QuickReply.active.is_(True))
                              .order_by(QuickReply.sort_order, QuickReply.id))
    return [(r.title, fill(r.body, case)) for r in rows]


@bp.get("/admin/quick-replies")
@role_required("admin")
def quick_replies() -> ResponseReturnValue:
    rows = db.session.scalars(select(QuickReply).order_by(QuickReply.sort_order, QuickReply.id))
    return render_template("console/quick_replies.html", rows=list(rows), delete_form=EmptyForm(prefix="delete"))


@bp.route("/admin/quick-replies/new", methods=["GET", "POST"], defaults={"reply_id": None})
@bp.route("/admin/quick-replies/<int:reply_id>", methods=["GET", "POST"])
@role_required("admin")
def quick_reply_edit(reply_id: int | None) -> ResponseReturnValue:
    row = db.get_or_404(QuickReply, reply_id) if reply_id is not None else None
    form = QuickReplyForm(obj=row)
    if form.validate_on_submit():
        if row is None:
            row = QuickReply()
            db.session.add(row)
        row.title, row.body = (form.title.data or "").strip(), (form.body.data or "").strip()
        row.sort_order, row.active = form.sort_order.data or 0, bool(form.active.data)
        db.session.flush()
        audit.record(current_staff(), "quick_reply.update" if reply_id else "quick_reply.create",
                     f"quick_reply:{row.id}", {"title": row.title})
        flash("常用回复已保存。", "ok")
        return redirect(url_for("console.quick_replies"))
    return render_template("console/quick_reply_form.html", form=form, row=row)


@bp.post("/admin/quick-replies/<int:reply_id>/delete")
@role_required("admin")
def quick_reply_delete(reply_id: int) -> ResponseReturnValue:
    row = db.get_or_404(QuickReply, reply_id)
    db.session.delete(row)
    audit.record(current_staff(), "quick_reply.delete", f"quick_reply:{reply_id}", {"title": row.title})
    flash("已删除。", "ok")
    return redirect(url_for("console.quick_replies"))
