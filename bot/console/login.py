"""The sign-in and sign-out pages."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from bot.console.auth import LOGIN_FAILED, authenticate, end_session, safe_next, start_session
from bot.console.blueprint import bp
from bot.console.forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("console.queue"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.username.data or "", form.password.data or "")
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")) or url_for("console.queue"))
        flash(LOGIN_FAILED, "error")
    return render_template("console/login.html", form=form)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    end_session()
    flash("您已安全退出。", "info")
    return redirect(url_for("console.login"))
