"""The Official Account's custom menu: shown as a tree, pushed to WeChat with one button.

The menu is data in ``bot/data/menu.yaml`` and is changed by a release, not in the browser
(handlers match on its keys, so a key typed wrong here would silently break a button). The
push runs what ``flask wechat menu push`` runs — ``bot.menu.load_menu`` then the shared WeChat
client's ``menu.create`` — against the configured WeChat API.
"""

from __future__ import annotations

from typing import Any

import requests
from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wechatpy.exceptions import WeChatClientException

from bot import audit
from bot.audit import entries_for
from bot.console.auth import current_staff, role_required
from bot.console.forms import EmptyForm
from bot.console_admin.blueprint import bp
from bot.menu import MENU_FILE, MenuError, load_menu
from bot.wechat_api import get_client

TYPES = {"click": "点击回复", "view": "打开网页", "miniprogram": "打开小程序", "scancode_push": "扫一扫"}
TARGET = "wechat_menu"


def button_rows(menu: dict[str, Any]) -> list[dict[str, Any]]:
    """The tree as the page lists it: top buttons with their sub-buttons."""
    rows = []
    for top in menu["button"]:
        subs = [{"name": b.get("name"), "type": TYPES.get(b.get("type", ""), b.get("type")),
                 "value": b.get("key") or b.get("url") or ""} for b in top.get("sub_button") or []]
        rows.append({"name": top.get("name"), "type": None if subs else TYPES.get(top.get("type", ""), top.get("type")),
                     "value": "" if subs else top.get("key") or top.get("url") or "", "subs": subs})
    return rows


@bp.get("/menu")
@role_required("admin")
def wechat_menu() -> ResponseReturnValue:
    try:
        menu, problem = load_menu(), None
    except (MenuError, OSError, ValueError) as exc:
        menu, problem = None, str(exc)
    pushes = [e for e in entries_for(TARGET, limit=5) if e.action == "menu.push"]
    return render_template("console_admin/menu.html", rows=button_rows(menu) if menu else [], problem=problem,
                           file=MENU_FILE.name, pushes=pushes, push_form=EmptyForm(prefix="push"))


@bp.post("/menu/push")
@role_required("admin")
def wechat_menu_push() -> ResponseReturnValue:
    user = current_staff()
    try:
        menu = load_menu()
        get_client().menu.create(menu)
    except MenuError as exc:
        flash(f"菜单文件有问题，没有推送：{exc}", "error")
    except WeChatClientException as exc:
        audit.record(user, "menu.push_failed", TARGET, {"errcode": exc.errcode, "errmsg": str(exc.errmsg)[:200]})
        flash(f"微信拒绝了菜单（错误码 {exc.errcode}：{exc.errmsg}）。", "error")
    except requests.RequestException as exc:
        audit.record(user, "menu.push_failed", TARGET, {"error": type(exc).__name__})
        flash("连不上微信服务器，菜单没有推送，请稍后再试。", "error")
    else:
        audit.record(user, "menu.push", TARGET, {"buttons": [b["name"] for b in menu["button"]]})
        flash("菜单已推送到微信。关注者重新进入公众号后就能看到（最长可能要几分钟）。", "ok")
    return redirect(url_for("console_admin.wechat_menu"))
