"""Importing the screens adds their routes to the blueprint; the nav gets the admin entries."""

from __future__ import annotations


def load_views() -> None:
    from bot.console.nav import NavItem, add_nav_item
    from bot.console_admin import (  # noqa: F401
        faq_edit,
        faq_files,
        faq_history,
        faq_list,
        holidays,
        home,
        offices,
        routing_rules,
        staff,
        time_limits,
        try_it,
        unanswered,
        villages,
        wechat_menu,
    )

    add_nav_item(NavItem("console_admin.faq_list", "知识库", frozenset({"admin"})))
    add_nav_item(NavItem("console_admin.try_it", "试一试"))
    add_nav_item(NavItem("console_admin.home", "设置", frozenset({"admin"})))
