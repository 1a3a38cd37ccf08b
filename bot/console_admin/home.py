"""The settings landing page: every admin screen in one list, with a count to show what is there."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select

from bot.cases.models import Holiday, RoutingRule
from bot.console.auth import role_required
from bot.console_admin.blueprint import bp
from bot.extensions import db
from bot.org.models import Office, User, Village
from knowledge.models import FaqEntry


def _count(model: Any, *where: Any) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0)


SECTIONS: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    ("知识库", "机器人回答群众问题用的条目。", (
        ("console_admin.faq_list", "条目", "查找、修改、发布、历史版本"),
        ("console_admin.unanswered", "未答问题", "机器人答不上来的问题，据此补充条目"),
        ("console_admin.faq_import", "导入和导出", "用 YAML 或 CSV 文件批量修改"),
        ("console_admin.try_it", "试一试", "看机器人会怎么回答一句话"),
    )),
    ("组织和账号", "", (
        ("console_admin.offices_list", "部门", "所、办和村调委会，哪些人在哪个部门"),
        ("console_admin.villages_list", "村（社区）", "名称、别名和群众看到的顺序"),
        ("console_admin.staff_list", "账号", "新建账号、角色、密码、解锁、接口令牌"),
    )),
    ("办事规则", "", (
        ("console_admin.routing_list", "分派规则", "什么事项交给哪个部门"),
        ("console_admin.time_limits_page", "办理时限", "各类事项的受理和办结期限"),
        ("console_admin.holidays_list", "节假日", "放假和调休，用于计算工作日"),
    )),
    ("公众号", "", (
        ("console_admin.wechat_menu", "微信菜单", "修改公众号底部菜单，推送到微信"),
        ("console.quick_replies", "常用回复", "工作人员回复群众时一键填入的话"),
    )),
)


@bp.get("/")
@role_required("admin")
def home() -> ResponseReturnValue:
    counts = {
        "console_admin.faq_list": _count(FaqEntry),
        "console_admin.offices_list": _count(Office, Office.active.is_(True)),
        "console_admin.villages_list": _count(Village, Village.active.is_(True)),
        "console_admin.staff_list": _count(User, User.active.is_(True)),
        "console_admin.routing_list": _count(RoutingRule, RoutingRule.active.is_(True)),
        "console_admin.holidays_list": _count(Holiday),
    }
    return render_template("console_admin/home.html", sections=SECTIONS, counts=counts)
