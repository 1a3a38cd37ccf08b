"""Forms of the staff-account pages."""

from __future__ import annotations

from wtforms import BooleanField, PasswordField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from bot.console.forms import Form
from bot.console_admin import choices
from bot.select_options import options

OPENID = Regexp(r"^[A-Za-z0-9_-]+$", message="OpenID 只含字母、数字、下划线和减号。")


class AccountForm(Form):
    """What an admin edits about an account (also part of creating one)."""

    display_name = StringField("姓名", validators=[DataRequired(message="请填写姓名。"), Length(max=60)])
    role = SelectField("角色", choices=options(choices.role_choices()), default="staff")
    office_ids = SelectMultipleField("所在部门", coerce=int, option_widget=CheckboxInput(),
                                     widget=ListWidget(prefix_label=False))
    wechat_openid = StringField("微信 OpenID（接收提醒，可不填）", validators=[Optional(), Length(max=64), OPENID])
    on_duty = BooleanField("在岗，接收新事项提醒", default=True)
    active = BooleanField("启用（停用后不能登录）", default=True)


class NewAccountForm(AccountForm):
    username = StringField("用户名（登录用，英文或拼音）", validators=[
        DataRequired(message="请填写用户名。"), Length(min=2, max=60, message="用户名 2 到 60 个字符。"),
        Regexp(r"^[A-Za-z0-9_.-]+$", message="用户名只能用英文字母、数字、下划线、点和减号。")])
    password_mode = RadioField("初始密码", choices=options([("temporary", "生成临时密码（只显示一次，请转告本人）"),
                                                        ("set", "我来设置")]), default="temporary")
    password = PasswordField("密码（选“我来设置”时填）", validators=[Optional(), Length(max=200)])
    confirm = PasswordField("再输一次密码", validators=[EqualTo("password", message="两次输入的密码不一样。")])


class SetPasswordForm(Form):
    password = PasswordField("新密码", validators=[DataRequired(message="请填写新密码。"), Length(max=200)])
    confirm = PasswordField("再输一次", validators=[EqualTo("password", message="两次输入的密码不一样。")])


def with_offices(form: AccountForm) -> AccountForm:
    form.office_ids.choices = options(choices.office_choices())
    return form
