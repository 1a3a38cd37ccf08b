""""My account": change the password, and where WeChat notices go.

Staff who follow the Official Account get new-case, transfer and overdue notices in WeChat
as customer-service messages; for that the console needs their OpenID for this account.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user

from bot import audit
from bot.console.auth import LoginUser, current_staff, require_password_change
from bot.console.blueprint import bp
from bot.console.forms import NoticeForm, PasswordChangeForm
from bot.console.passwords import hash_password, verify_password, weakness
from bot.extensions import db


def _page(password_form: PasswordChangeForm | None = None, notice_form: NoticeForm | None = None) -> str:
    user = current_staff()
    return render_template("console/account.html", user=user,
                           password_form=password_form or PasswordChangeForm(prefix="pw"),
                           notice_form=notice_form or NoticeForm(prefix="notice", obj=user))


@bp.get("/account")
def account() -> ResponseReturnValue:
    return _page()


@bp.post("/account/password")
def change_password() -> ResponseReturnValue:
    user = current_staff()
    form = PasswordChangeForm(prefix="pw")
    if not form.validate():
        return _page(password_form=form), 400
    if not verify_password(user.password_hash, form.current.data or ""):
        form.current.errors = ["当前密码不对。"]
        return _page(password_form=form), 400
    problem = weakness(form.new.data or "")
    if problem:
        form.new.errors = [problem]
        return _page(password_form=form), 400
    if form.new.data == form.current.data:
        form.new.errors = ["新密码不能和当前密码一样。"]
        return _page(password_form=form), 400
    user.password_hash = hash_password(form.new.data or "")
    require_password_change(user, False)
    audit.record(user, "account.password", f"user:{user.id}")
    # The session id carries the hash's fingerprint: other sessions end, this one goes on.
    login_user(LoginUser(user))
    flash("密码已修改。其他设备上的登录已失效。", "ok")
    return redirect(url_for("console.account"))


@bp.post("/account/notices")
def change_notices() -> ResponseReturnValue:
    user = current_staff()
    form = NoticeForm(prefix="notice")
    if not form.validate():
        return _page(notice_form=form), 400
    user.wechat_openid = (form.wechat_openid.data or "").strip() or None
    user.on_duty = bool(form.on_duty.data)
    audit.record(user, "account.notices", f"user:{user.id}",
                 {"openid_set": user.wechat_openid is not None, "on_duty": user.on_duty})
    db.session.commit()
    flash("提醒设置已保存。", "ok")
    return redirect(url_for("console.account"))
