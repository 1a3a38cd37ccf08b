"""Staff accounts (账号): create, edit role and offices, switch on or off, passwords, lock-out,
and the API token.

Secrets are shown once, in the response to the POST that made them (never flashed: the
session cookie is signed, not encrypted), and stored only as hashes. An admin cannot switch
off or demote their own account here, so the township is never left without an admin by a
slip; their own password is changed on "我的账号", which keeps their session.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from bot import audit
from bot.cases.clock import aware
from bot.console.auth import current_staff, require_password_change, role_required
from bot.console.forms import EmptyForm
from bot.console.passwords import hash_password, weakness
from bot.console_admin.blueprint import bp
from bot.console_admin.choices import ROLE_LABELS
from bot.console_admin.credentials import hash_api_token, new_api_token, temporary_password
from bot.console_admin.staff_forms import AccountForm, NewAccountForm, SetPasswordForm, with_offices
from bot.extensions import db
from bot.models import utcnow
from bot.org.models import Office, User

FIELDS = ("display_name", "role", "wechat_openid", "on_duty", "active")


def target(user: User) -> str:
    return f"user:{user.id}"


def is_locked(user: User) -> bool:
    return user.locked_until is not None and aware(user.locked_until) > utcnow()


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


def _apply(form: AccountForm, user: User) -> list[str]:
    """Copy the form onto the account; the names of the fields that changed."""
    values: dict[str, Any] = {"display_name": (form.display_name.data or "").strip(), "role": form.role.data,
                              "wechat_openid": (form.wechat_openid.data or "").strip() or None,
                              "on_duty": bool(form.on_duty.data), "active": bool(form.active.data)}
    changed = [name for name in FIELDS if getattr(user, name) != values[name]]
    for name in changed:
        setattr(user, name, values[name])
    wanted = set(form.office_ids.data or [])
    if wanted != {o.id for o in user.offices}:
        user.offices = list(db.session.scalars(select(Office).where(Office.id.in_(wanted)))) if wanted else []
        changed.append("offices")
    return changed


def _secret(user: User, title: str, secret: str, hint: str) -> ResponseReturnValue:
    return render_template("console_admin/staff_secret.html", user=user, title=title, secret=secret, hint=hint)


@bp.get("/staff")
@role_required("admin")
def staff_list() -> ResponseReturnValue:
    users = list(db.session.scalars(select(User).order_by(User.active.desc(), User.role, User.username)))
    return render_template("console_admin/staff_list.html", users=users, roles=ROLE_LABELS, is_locked=is_locked)


@bp.route("/staff/new", methods=["GET", "POST"])
@role_required("admin")
def staff_new() -> ResponseReturnValue:
    form = with_offices(NewAccountForm())
    if form.validate_on_submit():
        username = (form.username.data or "").strip()
        temporary = form.password_mode.data == "temporary"
        password = temporary_password() if temporary else form.password.data or ""
        problem = None if temporary else weakness(password)
        if db.session.scalar(select(User).where(func.lower(User.username) == username.lower())) is not None:
            form.username.errors = [f"用户名 {username} 已被使用。"]
        elif problem:
            form.password.errors = [problem]
        else:
            user = User(username=username, password_hash=hash_password(password), created_at=utcnow())
            require_password_change(user, True)
            _apply(form, user)
            db.session.add(user)
            db.session.flush()
            audit.record(current_staff(), "user.create", target(user),
                         {"role": user.role, "offices": [o.code for o in user.offices], "temporary": temporary})
            if temporary:
                return _secret(user, "账号已建好", password,
                               "这是临时密码，只显示这一次。请转告本人，并请他登录后在“我的账号”里改成自己的密码。")
            flash(f"账号 {username} 已建好。", "ok")
            return redirect(url_for("console_admin.staff_edit", user_id=user.id))
    return render_template("console_admin/staff_new.html", form=form), 400 if form.is_submitted() else 200


def _account_form(user: User) -> AccountForm:
    """The account's current values (not the request's)."""
    form = with_offices(AccountForm(obj=user, formdata=None))
    form.office_ids.data = [o.id for o in user.offices]
    return form


def _edit_page(user: User, form: AccountForm, password_form: SetPasswordForm | None = None,
               status: int = 200) -> ResponseReturnValue:
    return render_template("console_admin/staff_edit.html", user=user, form=form, locked=is_locked(user),
                           password_form=password_form or SetPasswordForm(prefix="pw"),
                           action_form=EmptyForm(prefix="act"), roles=ROLE_LABELS), status


@bp.route("/staff/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def staff_edit(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    form = with_offices(AccountForm(obj=user))
    if not form.is_submitted():
        return _edit_page(user, _account_form(user))
    if not form.validate():
        return _edit_page(user, form, status=400)
    if user.id == current_staff().id and (form.role.data != "admin" or not form.active.data):
        form.role.errors = ["不能停用自己的账号，也不能取消自己的管理员角色。请让另一位管理员来改。"]
        return _edit_page(user, form, status=400)
    changed = _apply(form, user)
    if changed:
        audit.record(current_staff(), "user.update", target(user),
                     {"changed": changed, "role": user.role, "active": user.active})
    flash("账号已保存。" if changed else "没有改动。", "ok")
    return redirect(url_for("console_admin.staff_edit", user_id=user.id))


def _not_self(user: User) -> None:
    if user.id == current_staff().id:
        abort(403, description="自己的密码请在“我的账号”里修改。")


@bp.post("/staff/<int:user_id>/password")
@role_required("admin")
def staff_password(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    _not_self(user)
    form = SetPasswordForm(prefix="pw")
    problem = weakness(form.password.data or "") if form.validate() else None
    if problem:
        form.password.errors = [problem]
    if form.errors or problem:
        return _edit_page(user, _account_form(user), form, 400)
    user.password_hash = hash_password(form.password.data or "")
    require_password_change(user, True)
    user.failed_logins, user.locked_until = 0, None
    audit.record(current_staff(), "user.password", target(user))
    flash(f"已为 {user.display_name} 设置新密码，他在其他设备上的登录已失效。", "ok")
    return redirect(url_for("console_admin.staff_edit", user_id=user.id))


@bp.post("/staff/<int:user_id>/temporary-password")
@role_required("admin")
def staff_temporary_password(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    _not_self(user)
    password = temporary_password()
    user.password_hash = hash_password(password)
    require_password_change(user, True)
    user.failed_logins, user.locked_until = 0, None
    audit.record(current_staff(), "user.temporary_password", target(user))
    return _secret(user, "临时密码", password, "只显示这一次。请转告本人，并请他登录后在“我的账号”里改成自己的密码。"
                                           "他原来的密码和其他设备上的登录都已失效。")


@bp.post("/staff/<int:user_id>/unlock")
@role_required("admin")
def staff_unlock(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    user.failed_logins, user.locked_until = 0, None
    audit.record(current_staff(), "user.unlock", target(user))
    flash(f"{user.display_name} 的账号已解锁，可以马上登录。", "ok")
    return redirect(url_for("console_admin.staff_edit", user_id=user.id))


@bp.post("/staff/<int:user_id>/token")
@role_required("admin")
def staff_token(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    token = new_api_token()
    replaced = user.api_token_hash is not None
    user.api_token_hash = hash_api_token(token)
    audit.record(current_staff(), "user.token_reset", target(user), {"replaced": replaced})
    return _secret(user, "接口令牌（API token）", token, "只显示这一次，请复制保存到调用接口的程序里。"
                                                 + ("原来的令牌已作废。" if replaced else ""))


@bp.post("/staff/<int:user_id>/token/revoke")
@role_required("admin")
def staff_token_revoke(user_id: int) -> ResponseReturnValue:
    user = _user_or_404(user_id)
    user.api_token_hash = None
    audit.record(current_staff(), "user.token_revoke", target(user))
    flash("接口令牌已作废。", "ok")
    return redirect(url_for("console_admin.staff_edit", user_id=user.id))
