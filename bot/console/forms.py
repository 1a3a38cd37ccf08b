"""The console's forms. Every form carries a CSRF token (Flask-WTF); messages are zh-CN."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

REPLY_MAX = 600  # a WeChat text message holds about 2,000 bytes; 600 Chinese characters fit


class Form(FlaskForm):  # type: ignore[misc]
    """Base of the console's forms: WTForms' own messages ("Not a valid choice") in Chinese.

    Flask-WTF translates only through Flask-Babel, which the project does not use, so the
    forms ask WTForms for its bundled ``zh`` catalogue directly.
    """

    class Meta:
        locales = ("zh",)

        def get_translations(self, form: Any) -> Any:
            return DefaultMeta.get_translations(self, form)  # type: ignore[arg-type]


def _required(what: str) -> DataRequired:
    return DataRequired(message=f"请填写{what}。")


class LoginForm(Form):
    username = StringField("用户名", validators=[_required("用户名"), Length(max=60)])
    password = PasswordField("密码", validators=[_required("密码"), Length(max=200)])


class EmptyForm(Form):
    """A button that only needs the CSRF token (claim, reveal, logout)."""


class ReplyForm(Form):
    text = TextAreaField("回复群众", validators=[_required("回复内容"),
                                               Length(max=REPLY_MAX, message=f"回复最多 {REPLY_MAX} 字。")])


class NoteForm(Form):
    text = TextAreaField("内部备注", validators=[_required("备注"), Length(max=2000)])


class AssignForm(Form):
    user_id = SelectField("交给", coerce=int, validators=[_required("办理人")])


class TransferForm(Form):
    office_id = SelectField("转交部门", coerce=int, validators=[_required("转交部门")])
    reason = TextAreaField("转交原因", validators=[_required("转交原因"), Length(max=500)])


class EscalateForm(Form):
    reason = TextAreaField("上报原因", validators=[_required("上报原因"), Length(max=500)])


class StatusForm(Form):
    status = SelectField("新状态", validators=[_required("状态")])
    note = StringField("说明（可不填）", validators=[Optional(), Length(max=300)])


class CloseForm(Form):
    outcome = TextAreaField("办理结果（会发给群众）", validators=[_required("办理结果"), Length(max=500)])


class MergeForm(Form):
    into = StringField("合并到事项编号", validators=[_required("事项编号"), Length(max=32)])


class ReopenForm(Form):
    reason = TextAreaField("重新打开的原因", validators=[_required("原因"), Length(max=500)])


class PasswordChangeForm(Form):
    current = PasswordField("当前密码", validators=[_required("当前密码")])
    new = PasswordField("新密码", validators=[_required("新密码"), Length(max=200)])
    confirm = PasswordField("再输一次新密码", validators=[EqualTo("new", message="两次输入的新密码不一样。")])


class NoticeForm(Form):
    wechat_openid = StringField("我的微信 OpenID", validators=[
        Optional(), Length(max=64), Regexp(r"^[A-Za-z0-9_-]+$", message="OpenID 只含字母、数字、下划线和减号。")])
    on_duty = BooleanField("在岗，接收新事项提醒")


class QuickReplyForm(Form):
    title = StringField("标题", validators=[_required("标题"), Length(max=40)])
    body = TextAreaField("回复内容", validators=[_required("回复内容"), Length(max=REPLY_MAX)])
    sort_order = IntegerField("排序（小的在前）", default=0, validators=[Optional(), NumberRange(min=0, max=9999)])
    active = BooleanField("启用", default=True)
