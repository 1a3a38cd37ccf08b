"""The console's navigation and what every page's layout needs (user, badge, township).

Other console blueprints (the admin side) add their entries with :func:`add_nav_item` and
register :func:`layout_context` as their context processor to get the same layout.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_login import current_user

from bot.cases.clock import local, short
from bot.console.auth import current_staff
from bot.console.blueprint import bp
from bot.console.forms import EmptyForm
from bot.console.queue import badge
from bot.console.timeline import staff_status_label


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: str
    roles: frozenset[str] = frozenset({"staff", "lead", "admin"})
    badge: bool = False


NAV: list[NavItem] = [
    NavItem("console.queue", "事项", badge=True),
    NavItem("console.quick_replies", "常用回复", frozenset({"admin"})),
    NavItem("console.account", "我的账号"),
]


def add_nav_item(item: NavItem, before: str | None = "console.account") -> None:
    """Add a nav entry (once), by default before "我的账号"."""
    if any(n.endpoint == item.endpoint for n in NAV):
        return
    index = next((i for i, n in enumerate(NAV) if n.endpoint == before), len(NAV))
    NAV.insert(index, item)


def layout_context() -> dict[str, Any]:
    township = current_app.config.get("TOWNSHIP_NAME", "")
    if not current_user.is_authenticated:
        return {"township": township, "nav": [], "me": None}
    user = current_staff()
    return {"township": township, "me": user, "nav": [n for n in NAV if user.role in n.roles],
            "nav_badge": badge(user), "logout_form": EmptyForm(prefix="logout")}


def when(value: Any) -> str:
    """Jinja filter: 11月26日 10:05 in township time."""
    return short(value)


WEEKDAYS = "一二三四五六日"


def staff_status(case: Any) -> str:
    """Jinja filter: a case's status as staff say it."""
    return staff_status_label(case.status)


def day(value: Any) -> str:
    """Jinja filter for deadlines (always the end of a day): 12月27日 周日."""
    if value is None:
        return ""
    t = local(value)
    return f"{t.month}月{t.day}日 周{WEEKDAYS[t.weekday()]}"


bp.context_processor(layout_context)
bp.add_app_template_filter(when, "when")
bp.add_app_template_filter(day, "day")
bp.add_app_template_filter(staff_status, "staff_status")
