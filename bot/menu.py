"""The custom menu: the shipped default in ``bot/data/menu.yaml``, or the version an admin saved.

``current_menu()`` is the one answer to "what is the menu": the newest version saved in the
admin console (``bot.models.MenuVersion``), or the file when nobody saved one (or an admin went
back to it). The console page, the console push, ``flask wechat menu push`` and
``button_names()`` (the words the welcome message quotes) all read it. Saving does not reach
residents: only a push (``push_menu``) sends the menu to WeChat.

Every menu, file or saved, is checked the same way (``menu_problems``): WeChat's limits on
counts and name lengths, https links, and click keys from ``MENU_KEYS`` only — handlers match
on those keys, so a key nobody handles would be a button that silently does nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urlsplit

import yaml

if TYPE_CHECKING:
    from bot.models import MenuVersion
    from bot.org.models import User

MENU_FILE = Path(__file__).with_name("data") / "menu.yaml"
MAX_TOP, MAX_SUB = 3, 5
# WeChat's limits (menu/create): a top-level name at most 16 bytes, a sub-button's 60, a link 1024.
TOP_NAME_BYTES, SUB_NAME_BYTES, URL_BYTES = 16, 60, 1024
TARGET = "wechat_menu"  # audit target of saves, restores and pushes

# The click keys the bot handles, with what a click does, in the words admins choose from.
# Handlers: handlers.events.FaqMenu, handlers.intake.forms (Form.menu_key), handlers.status.Status.
MENU_KEYS: dict[str, str] = {
    "MENU_FAQ": "提示群众直接提法律问题（普法问答）",
    "MENU_CONSULT": "开始法律咨询登记",
    "MENU_COMPLAINT": "开始投诉/举报登记",
    "MENU_MEDIATION": "开始矛盾纠纷调解申请",
    "MENU_CLUE": "开始问题线索登记",
    "MENU_SUGGESTION": "开始意见建议登记",
    "MENU_STATUS": "查询自己事项的办理进度",
}


class MenuError(ValueError):
    pass


class Problem(NamedTuple):
    """What is wrong and where: ``top``/``sub`` are 0-based positions (None: the menu as a whole
    or a top-level button), ``field`` is ``name``, ``action`` or ``url`` ("" for the whole)."""

    top: int | None
    sub: int | None
    field: str
    message: str

    def where(self) -> str:
        if self.top is None:
            return ""
        place = f"第 {self.top + 1} 个菜单" + ("" if self.sub is None else f"的第 {self.sub + 1} 个子菜单")
        return place + "："


def _name_problem(name: Any, limit: int, what: str) -> str | None:
    if not isinstance(name, str) or not name.strip():
        return "请填写按钮名称。"
    size = len(name.encode("utf-8"))
    if size > limit:
        return f"{what}名称最多 {limit} 个字节（约 {limit // 3} 个汉字），现在是 {size} 个字节。"
    return None


def _action_problems(button: dict[str, Any], top: int, sub: int | None) -> list[Problem]:
    kind = button.get("type")
    if kind == "click":
        key = button.get("key")
        if not key:
            return [Problem(top, sub, "action", "请选择点击后做什么。")]
        if key not in MENU_KEYS:
            return [Problem(top, sub, "action", f"{key} 不是本系统能处理的按钮功能，请从列表里选。")]
    elif kind == "view":
        url = button.get("url")
        if not isinstance(url, str) or not url.strip():
            return [Problem(top, sub, "url", "请填写网址。")]
        parts = urlsplit(url.strip())
        if parts.scheme != "https" or not parts.netloc:
            return [Problem(top, sub, "url", "网址要以 https:// 开头（微信只打开安全链接）。")]
        if len(url.encode("utf-8")) > URL_BYTES:
            return [Problem(top, sub, "url", f"网址最多 {URL_BYTES} 个字节。")]
    elif not kind:
        return [Problem(top, sub, "action", "请选择点击后做什么。")]
    else:
        return [Problem(top, sub, "action", f"不支持的按钮类型 {kind}，只能是“点击回复”或“打开网页”。")]
    return []


def menu_problems(menu: Any) -> list[Problem]:
    """Everything wrong with a menu (empty when WeChat and the handlers will accept it)."""
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not buttons:
        return [Problem(None, None, "", "菜单至少要有 1 个按钮。")]
    if len(buttons) > MAX_TOP:
        return [Problem(None, None, "", f"菜单最多 {MAX_TOP} 个按钮，现在有 {len(buttons)} 个。")]
    problems: list[Problem] = []
    for i, top in enumerate(buttons):
        if not isinstance(top, dict):
            problems.append(Problem(i, None, "", "格式不对。"))
            continue
        if (message := _name_problem(top.get("name"), TOP_NAME_BYTES, "菜单")) is not None:
            problems.append(Problem(i, None, "name", message))
        subs = top.get("sub_button")
        if subs is None:
            problems += _action_problems(top, i, None)
            continue
        if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB:
            problems.append(Problem(i, None, "", f"子菜单要有 1 到 {MAX_SUB} 个。"))
            continue
        for j, button in enumerate(subs):
            if not isinstance(button, dict):
                problems.append(Problem(i, j, "", "格式不对。"))
                continue
            if (message := _name_problem(button.get("name"), SUB_NAME_BYTES, "子菜单")) is not None:
                problems.append(Problem(i, j, "name", message))
            problems += _action_problems(button, i, j)
    return problems


def check_menu(menu: Any, source: str) -> dict[str, Any]:
    """The menu itself, or MenuError naming every problem."""
    problems = menu_problems(menu)
    if problems:
        raise MenuError(f"{source}: " + "；".join(p.where() + p.message for p in problems))
    return dict(menu)


def load_menu(path: Path = MENU_FILE) -> dict[str, Any]:
    """Read and check the shipped menu file (the default when no version was saved)."""
    return check_menu(yaml.safe_load(path.read_text(encoding="utf-8")), str(path))


def latest_version() -> MenuVersion | None:
    from sqlalchemy import select

    from bot.extensions import db
    from bot.models import MenuVersion

    return db.session.scalars(select(MenuVersion).order_by(MenuVersion.number.desc()).limit(1)).first()


def versions(limit: int = 20) -> list[MenuVersion]:
    """Saved versions, newest first."""
    from sqlalchemy import select

    from bot.extensions import db
    from bot.models import MenuVersion

    return list(db.session.scalars(select(MenuVersion).order_by(MenuVersion.number.desc()).limit(limit)))


def current_menu() -> dict[str, Any]:
    """The menu residents should see: the newest saved version, else the shipped file."""
    version = latest_version()
    if version is None or version.menu is None:
        return load_menu()
    return check_menu(version.menu, f"第 {version.number} 版")


def digest(menu: dict[str, Any]) -> str:
    """A short fingerprint, kept with each push, to tell whether the menu changed since."""
    return hashlib.sha256(json.dumps(menu, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def _store(menu: dict[str, Any] | None, user: User, action: str, details: dict[str, Any],
           restored_from: int | None = None) -> MenuVersion:
    from sqlalchemy import func, select
    from sqlalchemy.exc import IntegrityError

    from bot import audit
    from bot.extensions import db
    from bot.models import MenuVersion, utcnow

    # Numbered max + 1; the unique constraint turns two admins saving at the same moment into a
    # MenuError for the later one (its request rolled back, nothing half-saved).
    number = (db.session.scalar(select(func.max(MenuVersion.number))) or 0) + 1
    version = MenuVersion(number=number, menu=menu, saved_by=user.username, saved_at=utcnow(),
                          restored_from=restored_from)
    db.session.add(version)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise MenuError("另一位管理员刚刚也保存了菜单，这次没有保存。请刷新页面看看，再决定要不要改。") from None
    audit.record(user, action, TARGET, {"version": version.number, **details,
                                        "buttons": [b["name"] for b in (menu or load_menu())["button"]]})
    return version


def save_menu(menu: dict[str, Any], user: User) -> MenuVersion:
    """Store a new version (checked first; MenuError and nothing stored if it is wrong). Not pushed."""
    menu = check_menu(menu, "菜单")
    if any(b.get("type") not in {"click", "view"} for top in menu["button"] for b in top.get("sub_button") or [top]):
        raise MenuError("菜单: 只能保存“点击回复”和“打开网页”两种按钮。")
    return _store(menu, user, "menu.save", {"digest": digest(menu)})


def restore_version(number: int, user: User) -> MenuVersion:
    """A new version with the content of version ``number`` (its menu None: the shipped file)."""
    from sqlalchemy import select

    from bot.extensions import db
    from bot.models import MenuVersion

    old = db.session.scalars(select(MenuVersion).where(MenuVersion.number == number)).first()
    if old is None:
        raise MenuError(f"没有第 {number} 版。")
    menu = None if old.menu is None else check_menu(old.menu, f"第 {old.number} 版")
    return _store(menu, user, "menu.restore", {"from": old.number, "digest": digest(menu or load_menu())},
                  restored_from=old.number)


def use_default(user: User) -> MenuVersion:
    """Go back to the shipped file (later releases that change the file then reach the menu)."""
    return _store(None, user, "menu.restore", {"from": "file", "digest": digest(load_menu())})


def push_menu(actor: User | str) -> dict[str, Any]:
    """Send ``current_menu()`` to WeChat (menu/create) and audit it; WeChat and network errors
    propagate to the caller. The pushed menu's digest goes into the audit entry."""
    from bot import audit
    from bot.wechat_api import get_client

    menu = current_menu()
    get_client().menu.create(menu)
    version = latest_version()
    audit.record(actor, "menu.push", TARGET, {"buttons": [b["name"] for b in menu["button"]],
                                              "version": version.number if version else None,
                                              "digest": digest(menu)})
    return menu


def last_push_digest() -> str | None:
    """The digest of the last successful push recorded in the audit log (None: none recorded,
    or only pushes from before digests were kept)."""
    from sqlalchemy import select

    from bot.audit import AuditEntry
    from bot.extensions import db

    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.target == TARGET, AuditEntry.action == "menu.push")
                               .order_by(AuditEntry.id.desc()).limit(1)).first()
    return None if entry is None else entry.details.get("digest")


def readable_menu() -> dict[str, Any] | None:
    """``current_menu()``, or None when it cannot be read (callers fall back to their own words)."""
    try:
        return current_menu()
    except (MenuError, OSError, ValueError):
        return None


def button_names(menu: dict[str, Any] | None = None) -> dict[str, str]:
    """Menu key → the words residents see on that button (of ``readable_menu()`` by default)."""
    menu = menu if menu is not None else readable_menu()
    if menu is None:
        return {}
    names: dict[str, str] = {}
    for top in menu["button"]:
        for button in top.get("sub_button") or [top]:
            if button.get("key"):
                names[button["key"]] = button["name"]
    return names


def parent_names(menu: dict[str, Any] | None = None) -> dict[str, str]:
    """Menu key → the name of the top-level button it sits under (sub-buttons only)."""
    menu = menu if menu is not None else readable_menu()
    if menu is None:
        return {}
    return {b["key"]: top["name"] for top in menu["button"] for b in top.get("sub_button") or [] if b.get("key")}
