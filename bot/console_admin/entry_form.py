"""The FAQ entry form, and its translation to and from the import format.

Validation is ``knowledge.entries.parse_entry``, the function ``kb import`` runs on every
record of a file, so an entry saved here could have been imported and vice versa. The form
only reshapes what people type (one alternative question per line, tags separated by commas
or spaces) into a record and puts each problem next to the field it is about.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from bot.console.forms import Form
from bot.select_options import options
from knowledge.entries import EntryData, parse_entry
from knowledge.models import FaqEntry

STATUS_LABELS = {"published": "已发布", "draft": "草稿"}
_TAG_SPLIT = re.compile(r"[\s,，、;；|]+")
# parse_entry's field names → the form's fields (dates keep their names)
FIELDS = ("id", "question", "alt_questions", "answer", "law", "article", "tags", "status", "valid_from", "valid_to")


class EntryForm(Form):
    id = StringField("条目编号", validators=[Optional(), Length(max=80)],
                     description="小写英文字母、数字和连字符，如 wage-arrears；留空自动生成。保存后不能再改。")
    question = TextAreaField("标准问题", description="群众最常见的问法，一句话。")
    alt_questions = TextAreaField("其他问法（每行一个）", description="同一个问题的其他说法，能帮机器人认出来。")
    answer = TextAreaField("答案", description="用群众听得懂的话写；法律依据一行会自动加在最后。")
    law = StringField("法律名称", validators=[Length(max=200)], description="如《中华人民共和国民法典》；没有可不填。")
    article = StringField("条文", validators=[Length(max=500)], description="如 第一千零七十九条；多部法律用“；”分开。")
    tags = StringField("标签（第一个是主题）", description="用逗号或空格分开，如 劳动 欠薪。")
    status = SelectField("状态", choices=options(STATUS_LABELS.items()), default="published")
    valid_from = StringField("生效日期（可不填）", render_kw={"type": "date"})
    valid_to = StringField("失效日期（可不填）", render_kw={"type": "date"},
                           description="法律修改生效的那天填在这里，从这天起不再回答这条。")
    version = HiddenField()
    unanswered = HiddenField()  # ids of unanswered questions this entry answers (from the unanswered page)


def lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def tag_list(text: str | None) -> list[str]:
    return [t for t in _TAG_SPLIT.split(text or "") if t]


def new_id() -> str:
    """An id for editors who leave it empty: unique enough for one person typing."""
    return "faq-" + datetime.now().strftime("%Y%m%d-%H%M%S")


def record(form: EntryForm, entry_id: str) -> dict[str, Any]:
    """The form as one record of a knowledge file."""
    return {
        "id": entry_id,
        "question": form.question.data or "",
        "alt_questions": lines(form.alt_questions.data),
        "answer": form.answer.data or "",
        "law": form.law.data or "",
        "article": form.article.data or "",
        "tags": tag_list(form.tags.data),
        "status": form.status.data or "published",
        "valid_from": (form.valid_from.data or "").strip() or None,
        "valid_to": (form.valid_to.data or "").strip() or None,
    }


def validate_entry(form: EntryForm, entry_id: str) -> EntryData | None:
    """``parse_entry`` on the form's record; its Chinese reasons go onto the fields (or the form)."""
    data, problems = parse_entry(record(form, entry_id))
    for name, (zh, _en) in problems:
        field = getattr(form, name, None) if name in FIELDS else None
        if field is None:
            form.form_errors.append(zh)
        else:
            field.errors = [*field.errors, zh]
    return data


def fill(form: EntryForm, entry: FaqEntry) -> None:
    """Put a stored entry into the form (GET of the edit page)."""
    content = entry.content()
    form.id.data = entry.id
    form.question.data = content["question"]
    form.alt_questions.data = "\n".join(content["alt_questions"])
    form.answer.data = content["answer"]
    form.law.data, form.article.data = content["law"], content["article"]
    form.tags.data = " ".join(content["tags"])
    form.status.data = content["status"]
    form.valid_from.data = content["valid_from"] or ""
    form.valid_to.data = content["valid_to"] or ""
    form.version.data = str(entry.version)
