"""The Official Account's custom menu: shown as a tree and a preview, edited, pushed to WeChat.

The menu is ``bot.menu.current_menu()``: the newest version an admin saved here, else the
shipped ``bot/data/menu.yaml``. Every version is kept (history with "restore", and a way back
to the file). Editing is a fixed grid — 3 top-level buttons × 5 sub-buttons, blank rows
ignored, a position select for the order — where a click button's key is chosen from
``bot.menu.MENU_KEYS`` (the keys handlers match), never typed, and a view button needs an
https link. Everything is checked by ``bot.menu.menu_problems``, the check the file gets too;
errors show next to their field and nothing is saved.

Saving does not reach residents: the push (``bot.menu.push_menu``, what ``flask wechat menu
push`` runs) sends the current menu to the configured WeChat API. The page says whether the
current menu differs from the last push. Saves, restores and pushes are audited on
``wechat_menu``.
"""

from __future__ import annotations

from typing import Any

import requests
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wechatpy.exceptions import WeChatClientException
from wtforms import SelectField, StringField
from wtforms.validators import Optional

from bot import audit
from bot.audit import entries_for
from bot.console.auth import current_staff, role_required
from bot.console.forms import EmptyForm, Form
from bot.console_admin.blueprint import bp
from bot.menu import (
    MAX_SUB,
    MAX_TOP,
    MENU_FILE,
    MENU_KEYS,
    SUB_NAME_BYTES,
    TARGET,
    TOP_NAME_BYTES,
    MenuError,
    current_menu,
    digest,
    last_push_digest,
    latest_version,
    menu_problems,
    push_menu,
    restore_version,
    save_menu,
    use_default,
    versions,
)
from bot.select_options import options

TYPES = {"click": "点击回复", "view": "打开网页"}
ACTIONS = [("", "— 请选择 —")] + [(f"click:{key}", text) for key, text in MENU_KEYS.items()] + [
    ("view", "打开网页（填下面的网址）")]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def row_prefixes() -> list[tuple[str, list[str]]]:
    """Field-name prefixes of the grid: each top-level row with its sub rows."""
    return [(f"t{i}", [f"t{i}s{j}" for j in range(MAX_SUB)]) for i in range(MAX_TOP)]


def _form_class() -> type[Form]:
    fields: dict[str, object] = {}

    def row(prefix: str, positions: int, name_bytes: int) -> None:
        fields[f"{prefix}_name"] = StringField("名称", filters=[_strip], validators=[Optional()],
                                               description=f"最多 {name_bytes} 个字节（约 {name_bytes // 3} 个汉字）")
        fields[f"{prefix}_action"] = SelectField("点击后", choices=options(ACTIONS), default="")
        fields[f"{prefix}_url"] = StringField("网址（打开网页时填）", filters=[_strip], validators=[Optional()])
        places = options((str(n), f"第 {n} 个") for n in range(1, positions + 1))
        fields[f"{prefix}_pos"] = SelectField("位置", choices=places)

    for top, subs in row_prefixes():
        row(top, MAX_TOP, TOP_NAME_BYTES)
        for sub in subs:
            row(sub, MAX_SUB, SUB_NAME_BYTES)
    return type("MenuForm", (Form,), fields)


MenuForm = _form_class()


def fill(form: Form, menu: dict[str, Any]) -> None:
    """Put a menu into the grid (on the first visit)."""
    def put(prefix: str, button: dict[str, Any], position: int) -> None:
        form[f"{prefix}_name"].data = button.get("name", "")
        form[f"{prefix}_pos"].data = str(position)
        if button.get("type") == "click":
            form[f"{prefix}_action"].data = f"click:{button.get('key')}"
        elif button.get("type") == "view":
            form[f"{prefix}_action"].data, form[f"{prefix}_url"].data = "view", button.get("url", "")

    for i, (top_prefix, sub_prefixes) in enumerate(row_prefixes()):
        form[f"{top_prefix}_pos"].data = str(i + 1)
        for j, sub_prefix in enumerate(sub_prefixes):
            form[f"{sub_prefix}_pos"].data = str(j + 1)
    for i, top in enumerate(menu["button"][:MAX_TOP]):
        top_prefix, sub_prefixes = row_prefixes()[i]
        put(top_prefix, top, i + 1)
        for j, sub in enumerate((top.get("sub_button") or [])[:MAX_SUB]):
            put(sub_prefixes[j], sub, j + 1)


def _blank(form: Form, prefix: str) -> bool:
    return not (form[f"{prefix}_name"].data or form[f"{prefix}_action"].data or form[f"{prefix}_url"].data)


def _button(form: Form, prefix: str) -> dict[str, Any]:
    button: dict[str, Any] = {"name": form[f"{prefix}_name"].data or ""}
    action = form[f"{prefix}_action"].data or ""
    if action.startswith("click:"):
        button.update(type="click", key=action.removeprefix("click:"))
    elif action == "view":
        button.update(type="view", url=form[f"{prefix}_url"].data or "")
    return button


def _ordered(form: Form, prefixes: list[str]) -> list[str]:
    """Non-blank rows in the order of their position select (ties: grid order)."""
    kept = [(int(form[f"{p}_pos"].data or 0), n, p) for n, p in enumerate(prefixes)]
    return [p for _, _, p in sorted(kept)]


def build(form: Form) -> tuple[dict[str, Any], list[tuple[str, list[str]]]]:
    """The menu the grid describes, and for each of its buttons the row it came from."""
    buttons, where = [], []
    tops = {top: subs for top, subs in row_prefixes()}
    for top in _ordered(form, list(tops)):
        subs = [s for s in _ordered(form, tops[top]) if not _blank(form, s)]
        if _blank(form, top) and not subs:
            continue
        if subs:
            buttons.append({"name": form[f"{top}_name"].data or "", "sub_button": [_button(form, s) for s in subs]})
        else:
            buttons.append(_button(form, top))
        where.append((top, subs))
    return {"button": buttons}, where


def show_problems(form: Form, where: list[tuple[str, list[str]]], menu: dict[str, Any]) -> bool:
    """Put ``menu_problems`` next to the fields they are about; whether there were any."""
    problems = menu_problems(menu)
    for p in problems:
        if p.top is None:
            form.form_errors.append(p.message)
            continue
        top, subs = where[p.top]
        prefix = top if p.sub is None else subs[p.sub]
        form[f"{prefix}_{p.field or 'name'}"].errors.append(p.message)
    return bool(problems)


def button_rows(menu: dict[str, Any]) -> list[dict[str, Any]]:
    """The tree as the page lists it: top buttons with their sub-buttons, keys explained."""
    def describe(b: dict[str, Any]) -> dict[str, Any]:
        value = b.get("url") if b.get("type") == "view" else MENU_KEYS.get(b.get("key", ""), "")
        return {"name": b.get("name"), "type": TYPES.get(b.get("type", ""), b.get("type")), "value": value or "",
                "key": b.get("key") or ""}

    rows = []
    for top in menu["button"]:
        subs = [describe(b) for b in top.get("sub_button") or []]
        rows.append({**(describe(top) if not subs else {"name": top.get("name"), "type": None, "value": "", "key": ""}),
                     "subs": subs})
    return rows


@bp.get("/menu")
@role_required("admin")
def wechat_menu() -> ResponseReturnValue:
    try:
        menu, problem = current_menu(), None
    except (MenuError, OSError, ValueError) as exc:
        menu, problem = None, str(exc)
    pushed = last_push_digest()
    in_sync = None if pushed is None or menu is None else pushed == digest(menu)
    pushes = [e for e in entries_for(TARGET, limit=30) if e.action == "menu.push"][:5]
    return render_template("console_admin/menu.html", rows=button_rows(menu) if menu else [], problem=problem,
                           file=MENU_FILE.name, pushes=pushes, latest=latest_version(), history=versions(),
                           in_sync=in_sync, push_form=EmptyForm(prefix="push"),
                           restore_form=EmptyForm(prefix="restore"))


def _current_or_none() -> dict[str, Any] | None:
    try:
        return current_menu()
    except (MenuError, OSError, ValueError):
        return None


def _edit_rows(form: Form) -> list[tuple[str, list[str], list[str]]]:
    """Each top row with its filled sub rows, then its blank ones (folded away on the page)."""
    def used(prefix: str) -> bool:
        return not _blank(form, prefix) or any(form[f"{prefix}_{f}"].errors for f in ("name", "action", "url", "pos"))

    return [(top, [s for s in subs if used(s)], [s for s in subs if not used(s)]) for top, subs in row_prefixes()]


@bp.route("/menu/edit", methods=["GET", "POST"])
@role_required("admin")
def wechat_menu_edit() -> ResponseReturnValue:
    form = MenuForm()
    if not form.is_submitted():
        try:
            fill(form, current_menu())
        except (MenuError, OSError, ValueError) as exc:
            form.form_errors.append(f"现在的菜单有问题，请重新填写：{exc}")
            fill(form, {"button": []})
    elif form.validate():
        menu, where = build(form)
        if not show_problems(form, where, menu):
            if menu == _current_or_none():
                flash("没有改动，没有保存新版本。", "ok")
                return redirect(url_for("console_admin.wechat_menu"))
            try:
                version = save_menu(menu, current_staff())
            except MenuError as exc:  # menu_problems passed, so only a type the grid cannot make
                form.form_errors.append(str(exc))
            else:
                flash(f"菜单已保存为第 {version.number} 版，但群众还看不到：请点“推送到微信”。", "ok")
                return redirect(url_for("console_admin.wechat_menu"))
    status = 400 if form.is_submitted() else 200
    return render_template("console_admin/menu_edit.html", form=form, rows=_edit_rows(form),
                           top_bytes=TOP_NAME_BYTES, sub_bytes=SUB_NAME_BYTES), status


@bp.post("/menu/restore/<int:version>")
@role_required("admin")
def wechat_menu_restore(version: int) -> ResponseReturnValue:
    try:
        new = restore_version(version, current_staff())
    except MenuError as exc:
        flash(f"没有恢复：{exc}", "error")
    else:
        flash(f"已把第 {version} 版恢复为第 {new.number} 版。要推送到微信，群众才能看到。", "ok")
    return redirect(url_for("console_admin.wechat_menu"))


@bp.post("/menu/default")
@role_required("admin")
def wechat_menu_default() -> ResponseReturnValue:
    try:
        new = use_default(current_staff())
    except (MenuError, OSError, ValueError) as exc:
        flash(f"菜单文件有问题，没有恢复：{exc}", "error")
    else:
        flash(f"已恢复为程序自带的菜单（第 {new.number} 版）。要推送到微信，群众才能看到。", "ok")
    return redirect(url_for("console_admin.wechat_menu"))


@bp.post("/menu/push")
@role_required("admin")
def wechat_menu_push() -> ResponseReturnValue:
    user = current_staff()
    try:
        push_menu(user)
    except WeChatClientException as exc:
        audit.record(user, "menu.push_failed", TARGET, {"errcode": exc.errcode, "errmsg": str(exc.errmsg)[:200]})
        flash(f"微信拒绝了菜单（错误码 {exc.errcode}：{exc.errmsg}）。", "error")
    except requests.RequestException as exc:
        audit.record(user, "menu.push_failed", TARGET, {"error": type(exc).__name__})
        flash("连不上微信服务器，菜单没有推送，请稍后再试。", "error")
    except (MenuError, OSError, ValueError) as exc:  # after requests': its errors are OSErrors too
        flash(f"菜单有问题，没有推送：{exc}", "error")
    else:
        flash("菜单已推送到微信。关注者重新进入公众号后就能看到（最长可能要几分钟）。", "ok")
    return redirect(url_for("console_admin.wechat_menu"))
