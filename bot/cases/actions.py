"""Staff actions on a case beyond ``bot.cases.service``: claim, assign, transfer, escalate,
notes, status changes, merge and reopen.

Each action validates what it is asked (raising :class:`ActionError` with a message staff can
read), writes its history event in the same transaction as the change, and sends the
notices it causes through ``bot.cases.notify`` (stored once, delivered by the worker).
Access control (may this person touch this case at all?) is the caller's job:
``bot.console.access``. Auditing is too, because only the caller knows where the request came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from bot.cases import notify, service
from bot.cases.clock import now, short
from bot.cases.models import Case, CaseEvent
from bot.cases.sla import deadline, time_limits
from bot.cases.texts import office_name, snippet
from bot.extensions import db
from bot.org.models import Office, User

JUDICIAL = "judicial"
VILLAGE_MEDIATION = "village_mediation"


class ActionError(ValueError):
    """An action that cannot be done as asked; the message is plain zh-CN for the staff member."""


@dataclass(frozen=True)
class StatusChoice:
    """A status staff may set by hand, with the word on its button.

    ``case_types`` limits where it makes sense (only mediation succeeds or fails as mediation).
    "new" is never set by hand (a transfer does it) and "closed" goes through :func:`close`.
    """

    code: str
    label: str
    case_types: frozenset[str] | None = None


STATUS_CHOICES: tuple[StatusChoice, ...] = (
    StatusChoice("accepted", "受理"),
    StatusChoice("in_progress", "办理中"),
    StatusChoice("waiting_resident", "待补充材料"),
    StatusChoice("mediated", "调解成功", frozenset({"mediation"})),
    StatusChoice("mediation_failed", "调解不成", frozenset({"mediation"})),
    StatusChoice("answered", "已答复"),
)


def status_choices(case: Case) -> list[StatusChoice]:
    """The statuses offered for ``case`` now (not its current one; none once it is closed)."""
    if case.status == "closed":
        return []
    return [c for c in STATUS_CHOICES
            if c.code != case.status and (c.case_types is None or case.case_type in c.case_types)]


def _open(case: Case) -> None:
    if case.status == "closed":
        raise ActionError("这件事项已办结。如需继续办理，请先“重新打开”。")


def _latest_event(case: Case, kind: str) -> CaseEvent | None:
    return db.session.scalar(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == kind)
                             .order_by(CaseEvent.id.desc()).limit(1))


def claim(case: Case, user: User) -> None:
    """"我来办": the user takes the case; a new case counts as accepted (受理) from now."""
    _open(case)
    if case.assignee_id == user.id:
        raise ActionError("这件事项已经由您办理。")
    service.assign(case, user, author=user)
    if case.status == "new":
        service.set_status(case, "accepted", author=user)


def colleagues(case: Case) -> list[User]:
    """Who the case can be given to: active staff of the case's office."""
    if case.office is None:
        return []
    return sorted((u for u in case.office.staff if u.active), key=lambda u: u.display_name)


def assign_to(case: Case, assignee: User, *, author: User) -> None:
    """Give the case to a colleague of its office, and tell them in WeChat if they follow the account."""
    _open(case)
    if assignee.id not in {u.id for u in colleagues(case)}:
        raise ActionError("只能交给本事项承办部门的工作人员。")
    if case.assignee_id == assignee.id:
        raise ActionError(f"这件事项已经由{assignee.display_name}办理。")
    service.assign(case, assignee, author=author)
    event = _latest_event(case, "assigned")
    if assignee.id != author.id and assignee.wechat_openid and event is not None:
        text = (f"【交办】{author.display_name}请您办理 {case.number} {case.type_label}。\n"
                f"内容：{snippet(case.description)}")
        notify.notify(assignee.wechat_openid, text, purpose="case_notice",
                      dedup_key=f"case:{case.id}:assigned:{event.id}")


def transfer(case: Case, office: Office, *, author: User, reason: str) -> CaseEvent:
    """Hand the case to another office, which sees it as new with a fresh acceptance deadline.

    Written in one transaction (the ``transfer`` event and the status reset) so a case is never
    at the new office with the old office's status.
    The resolve deadline is the resident's and stays. The new office's on-duty staff and the
    resident are told.
    """
    _open(case)
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请写明转交原因。")
    if not office.active:
        raise ActionError("这个部门已停用，不能转交。")
    if office.id == case.office_id:
        raise ActionError("事项已经在这个部门，不用转交。")
    at = now()
    from_office = case.office
    event = CaseEvent(case_id=case.id, kind="transfer", author=author.username, author_id=author.id, text=reason,
                      at=at, data={"from_office_id": case.office_id, "to_office_id": office.id,
                                   "from_status": case.status})
    db.session.add(event)
    case.office_id, case.assignee_id, case.updated_at = office.id, None, at
    case.status, case.accepted_at, case.accept_overdue_at = "new", None, None
    case.accept_due = deadline(at, time_limits(case.case_type)["accept"])
    db.session.commit()
    db.session.refresh(case)

    text = "\n".join(line for line in (
        f"【转来事项】{case.number} {case.type_label}（{from_office.name if from_office else '未分派'}转来）",
        f"转交原因：{snippet(reason)}",
        f"内容：{snippet(case.description)}",
        f"请于{short(case.accept_due)}前受理。" if case.accept_due else "",
    ) if line)
    for user in notify.on_duty_staff(office):
        notify.notify(user.wechat_openid or "", text, purpose="case_notice",
                      dedup_key=f"case:{case.id}:transfer:{event.id}:{user.id}")
    notify.notify(case.openid, f"您反映的事项（编号 {case.number}）已转交{office.name}办理，工作人员会尽快与您联系。",
                  purpose="case_transfer", dedup_key=f"case:{case.id}:transfer:{event.id}:resident")
    return event


def escalation_target(case: Case) -> Office | None:
    """Where a village mediation committee escalates to: the township's 司法所."""
    if case.office is None or case.office.kind != VILLAGE_MEDIATION:
        return None
    return db.session.scalar(select(Office).where(Office.kind == JUDICIAL, Office.active.is_(True))
                             .order_by(Office.id).limit(1))


def escalate(case: Case, *, author: User, reason: str) -> Office:
    """A village committee could not settle it: send it up to 司法所 (a transfer with that target)."""
    office = escalation_target(case)
    if office is None:
        raise ActionError("只有村（社区）调委会的事项可以上报司法所。")
    transfer(case, office, author=author, reason=reason)
    return office


def add_note(case: Case, text: str, *, author: User) -> CaseEvent:
    """An internal note: kept in the history, never sent to the resident."""
    text = (text or "").strip()
    if not text:
        raise ActionError("备注不能为空。")
    event = CaseEvent(case_id=case.id, kind="note", author=author.username, author_id=author.id, text=text, at=now())
    db.session.add(event)
    case.updated_at = event.at
    db.session.commit()
    return event


def change_status(case: Case, status: str, *, author: User, note: str | None = None) -> None:
    _open(case)
    if status not in {c.code for c in status_choices(case)}:
        raise ActionError("这个状态不能在这里设置。")
    service.set_status(case, status, author=author, note=(note or "").strip() or None)


def close(case: Case, outcome: str, *, author: User) -> None:
    """Close with an outcome; the service tells the resident and asks for a rating."""
    _open(case)
    if not (outcome or "").strip():
        raise ActionError("请写明办理结果，会发给群众。")
    service.close_case(case, outcome=outcome, author=author)


def merge(duplicate: Case, into: Case, *, author: User) -> None:
    """Close ``duplicate`` as the same matter as ``into``, without asking for a rating.

    Both histories say so; the duplicate's resident is told which number to follow (only
    their own: another resident's case number is not theirs to see).
    """
    if duplicate.id == into.id:
        raise ActionError("不能合并到事项本身。")
    _open(duplicate)
    if into.status == "closed":
        raise ActionError(f"{into.number} 已办结，请先重新打开它，或选择其他事项。")
    at = now()
    db.session.add(CaseEvent(case_id=duplicate.id, kind="merged", author=author.username, author_id=author.id,
                             text=into.number, at=at, data={"into_id": into.id, "into": into.number}))
    db.session.add(CaseEvent(case_id=into.id, kind="merged_in", author=author.username, author_id=author.id,
                             text=duplicate.number, at=at, data={"from_id": duplicate.id, "from": duplicate.number}))
    duplicate.details = {**(duplicate.details or {}), "merged_into": into.number}
    duplicate.status, duplicate.closed_at, duplicate.updated_at = "closed", at, at
    duplicate.outcome = f"与 {into.number} 为同一事项，已合并办理。"
    duplicate.accepted_at = duplicate.accepted_at or at
    into.updated_at = at
    db.session.commit()
    if duplicate.openid == into.openid:
        text = (f"您反映的事项（编号 {duplicate.number}）和您的另一件事项（编号 {into.number}）是同一件事，"
                f"我们合并在一起办理。以后请用编号 {into.number} 查看进度。")
    else:
        text = (f"您反映的事项（编号 {duplicate.number}）和其他群众反映的是同一件事，"
                f"我们合并在一起办理，由{office_name(into)}负责。")
    notify.notify(duplicate.openid, text, purpose="case_merged", dedup_key=f"case:{duplicate.id}:merged:{into.id}")


def reopen(case: Case, *, author: User, reason: str) -> None:
    """Take a closed case up again (a wrong close, a merge undone, the resident came back).

    The earlier rating request no longer stands, so a later "5" is not taken as a rating.
    """
    if case.status != "closed":
        raise ActionError("只有已办结的事项可以重新打开。")
    reason = (reason or "").strip()
    if not reason:
        raise ActionError("请写明重新打开的原因。")
    at = now()
    db.session.add(CaseEvent(case_id=case.id, kind="reopened", author=author.username, author_id=author.id,
                             text=reason, at=at, data={"outcome": case.outcome}))
    details = dict(case.details or {})
    details.pop("merged_into", None)
    case.details = details
    case.status, case.closed_at, case.rating_requested_at, case.updated_at = "in_progress", None, None, at
    db.session.commit()
