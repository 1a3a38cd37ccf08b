"""What residents and staff read about cases: plain, polite zh-CN, one function per message.

Phone and ID numbers are masked in everything that leaves the database: WeChat chats are
forwarded and screenshotted, the console shows the full number to those who need it.
"""

from __future__ import annotations

from datetime import datetime

from bot.cases.clock import short, short_date
from bot.cases.models import Case
from bot.privacy import mask_text

SNIPPET = 80


def snippet(text: str | None, limit: int = SNIPPET) -> str:
    text = mask_text((text or "").strip().replace("\n", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def office_name(case: Case) -> str:
    return case.office.name if case.office is not None else "乡镇综合受理窗口"


def acknowledgement(case: Case) -> str:
    lines = [f"您的{case.type_label}已登记，编号 {case.number}。", f"目前由{office_name(case)}办理。"]
    if case.accept_due is not None:
        lines.append(f"工作人员会在{short_date(case.accept_due)}前与您联系。")
    lines.append("您可以随时发送“办理进度”查看。如遇紧急情况，请直接拨打 110。")
    return "\n".join(lines)


def new_case_for_staff(case: Case) -> str:
    category = f"（{case.category}）" if case.category else ""
    lines = [f"【新事项】{case.number} {case.type_label}{category}"]
    if case.village is not None:
        lines.append(f"村（社区）：{case.village.name}")
    lines.append(f"内容：{snippet(case.description)}")
    if case.phone:
        lines.append(f"联系电话：{case.masked_phone}（完整号码请在工作台查看）")
    if case.accept_due is not None:
        lines.append(f"请于{short(case.accept_due)}前受理。")
    return "\n".join(lines)


def resident_message_for_staff(case: Case, text: str | None, has_media: bool) -> str:
    what = snippet(text) if text else ""
    if has_media:
        what = (what + " " if what else "") + "［附件］"
    return f"【群众补充】{case.number}：{what}"


REPLY_HOW = "要回复工作人员，请发“补充”加您要说的话，比如：补充 明天上午我在家"


def staff_reply(case: Case, text: str, written_at: datetime) -> str:
    """The reply carries when it was written: if the resident's 48-hour window was closed it
    is delivered on their next message, possibly days later, and must not read as fresh."""
    return (f"【{case.number}｜{office_name(case)}】\n{text.strip()}\n（工作人员于{short(written_at)} 回复）\n"
            f"{REPLY_HOW}")


def closed_and_rate(case: Case) -> str:
    lines = [f"您反映的事项（编号 {case.number}）已办结。"]
    if case.outcome:
        lines.append(f"办理结果：{case.outcome.strip()}")
    lines.append("请您为本次办理打个分：直接回复数字 1–5（5 分最满意），数字后面也可以写上您的意见。")
    return "\n".join(lines)


def overdue_for_lead(case: Case, which: str) -> str:
    due = case.accept_due if which == "accept" else case.resolve_due
    what = "受理" if which == "accept" else "办结"
    return (f"【超期提醒】{case.number} {case.type_label} 应于{short(due)}前{what}，目前状态：{case.status_label}。"
            f"承办：{office_name(case)}。请督促办理。")


def unrouted_for_admin(case: Case) -> str:
    return f"【待分派】{case.number} {case.type_label} 没有找到对应的承办部门，请在工作台手动分派。"


def summary(case: Case) -> str:
    """For "办理进度": number, type, status, office, latest reply."""
    lines = [
        f"编号：{case.number}",
        f"类型：{case.type_label}",
        f"提交时间：{short(case.created_at)}",
        f"状态：{case.status_label}",
        f"承办：{office_name(case) if case.office is not None else '正在分派'}",
    ]
    reply = next((e for e in reversed(case.events) if e.kind == "staff_reply"), None)
    if reply is not None and reply.text:
        lines.append(f"最新回复（{short(reply.at)}）：{snippet(reply.text, 120)}")
    if case.status == "closed" and case.outcome:
        lines.append(f"办理结果：{snippet(case.outcome, 120)}")
    return "\n".join(lines)
