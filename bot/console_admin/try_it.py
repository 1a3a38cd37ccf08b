"""试一试: what the bot would answer a message, for editors checking an entry and staff alike.

The page shows ``bot.explain.explain`` — the function behind ``flask bot explain`` — so it
runs the real handlers on a fresh conversation and writes nothing. The candidates' scores
come from the same search (``knowledge.service.consult``) explain's FAQ step made.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from flask.typing import ResponseReturnValue
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from bot.console.auth import current_staff
from bot.console.forms import Form
from bot.console_admin.blueprint import bp
from bot.explain import explain
from knowledge.service import consult

HANDLERS = {
    "faq": "知识库问答", "statute": "法条查询", "help": "使用帮助", "fallback": "兜底回复", "status": "办理进度查询",
    "consultation": "法律咨询登记", "complaint": "投诉登记", "mediation": "调解申请登记", "clue": "线索登记",
    "suggestion": "意见建议登记", "intake_expired": "登记超时", "rating": "办结评价", "subscribe": "关注欢迎语",
}
DECISIONS = {"answer": "有把握，直接回答", "clarify": "拿不准是哪一条，请群众选",
             "unsure": "没有把握，请群众换个说法或转人工"}


class TryForm(Form):
    text = TextAreaField("群众发来的话", validators=[DataRequired(message="请输入一句话。"), Length(max=600)])


def candidates(result: dict[str, Any]) -> list[dict[str, Any]]:
    """explain's candidate ids, in its order, with each one's score and question, and whether
    the resident was offered it (the answer, or one of the numbered choices)."""
    if not result["candidates"]:
        return []
    outcome = consult(result["text"].strip())
    found = {c.id: c for c in outcome.candidates}
    offered = {c.id for c in outcome.decision.candidates} if outcome.decision.kind != "unsure" else set()
    return [{"rank": rank, "id": entry_id, "question": found[entry_id].question if entry_id in found else "",
             "score": found[entry_id].score if entry_id in found else None, "offered": entry_id in offered}
            for rank, entry_id in enumerate(result["candidates"], start=1)]


@bp.route("/try", methods=["GET", "POST"])
def try_it() -> ResponseReturnValue:
    form = TryForm()
    result = None
    if form.validate_on_submit():
        result = explain(current_app._get_current_object(), form.text.data or "")  # type: ignore[attr-defined]
    rows = candidates(result) if result else []
    return render_template("console_admin/try.html", form=form, result=result, rows=rows, handlers=HANDLERS,
                           decisions=DECISIONS, is_admin=current_staff().is_admin)
