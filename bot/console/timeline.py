"""A case's history as the case page shows it: the conversation with the resident, internal
notes and what staff and the system did, in order, each with who and when.

Replies carry their delivery status (the resident may be outside WeChat's 48-hour window,
then the reply waits for their next message). Phone and ID numbers in any text are masked
unless the viewer asked to reveal them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import quote

from flask import url_for
from sqlalchemy import select

from bot.cases.labels import status_label
from bot.cases.models import Case, CaseEvent
from bot.extensions import db
from bot.models import MediaItem, OutboundMessage
from bot.org.models import Office, User
from bot.privacy import mask_text

DELIVERY: dict[str, tuple[str, str]] = {
    "queued": ("正在发送", "wait"),
    "sent": ("已发到群众微信", "ok"),
    "undelivered": ("暂未送达：群众超过 48 小时没有发消息，等他下次发消息时自动补发", "warn"),
    "failed": ("发送失败，请电话联系群众", "bad"),
}
MEDIA_LABELS = {"image": "照片", "voice": "语音", "video": "视频", "shortvideo": "小视频", "location": "位置",
                "link": "链接", "file": "文件"}
PROXIED = frozenset({"image", "voice", "video", "shortvideo"})
# Where the shared label speaks to the resident ("待您补充材料"), staff read it from their side.
STAFF_STATUS_LABELS = {"waiting_resident": "待群众补充材料"}


def staff_status_label(status: str) -> str:
    return STAFF_STATUS_LABELS.get(status) or status_label(status)


@dataclass
class Attachment:
    kind: str
    label: str
    url: str | None = None  # the console's media proxy, a map, or the shared link
    text: str | None = None  # voice recognition, location label, link title
    inline_image: bool = False


@dataclass
class Item:
    kind: str
    side: str  # resident | staff | note | system
    at: datetime
    who: str
    text: str | None = None
    headline: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    delivery: tuple[str, str] | None = None
    link: str | None = None  # another case this entry refers to


def attachment(item: MediaItem, show: Callable[[str | None], str]) -> Attachment:
    label = MEDIA_LABELS.get(item.kind, item.kind)
    details = item.details or {}
    if item.kind == "location":
        lat, lng = details.get("latitude") or "", details.get("longitude") or ""
        place = details.get("label") or ""
        text = f"{place}（纬度 {lat}，经度 {lng}）" if place else f"纬度 {lat}，经度 {lng}"
        url = f"https://uri.amap.com/marker?position={quote(str(lng))},{quote(str(lat))}&name={quote(place or '位置')}"
        return Attachment("location", label, url, text)
    if item.kind == "link":
        safe = item.url if (item.url or "").startswith(("http://", "https://")) else None
        return Attachment("link", label, safe, details.get("title") or item.url)
    proxied = item.kind in PROXIED and bool(item.media_id)
    proxy = url_for("console.media", media_item_id=item.id) if proxied else None
    heard = show(details.get("recognition")) if item.kind == "voice" else None
    return Attachment(item.kind, label, proxy, heard or None, inline_image=item.kind == "image" and proxied)


class TimelineBuilder:
    """Turns the events of one case into :class:`Item` s with a few queries, not one per event."""

    def __init__(self, case: Case, revealed: bool) -> None:
        self.case = case
        self.show: Callable[[str | None], str] = (lambda t: t or "") if revealed else mask_text
        events = list(case.events)
        self.events = events
        self.users = self._by_id(User, {e.author_id for e in events} |
                                 {e.data.get("assignee_id") for e in events if e.kind == "assigned"})
        self.offices = self._by_id(Office, {e.data.get(k) for e in events if e.kind in ("transfer", "routed")
                                            for k in ("to_office_id", "office_id")})
        media = db.session.scalars(select(MediaItem).where(MediaItem.case_id == case.id).order_by(MediaItem.id))
        self.media = {m.id: m for m in media}
        self.messages = self._by_id(OutboundMessage, {e.outbound_message_id for e in events})
        self.closing = db.session.scalar(
            select(OutboundMessage).where(OutboundMessage.dedup_key == f"case:{case.id}:closed"))

    @staticmethod
    def _by_id(model: Any, ids: Iterable[Any]) -> dict[int, Any]:
        wanted = {i for i in ids if isinstance(i, int)}
        if not wanted:
            return {}
        return {row.id: row for row in db.session.scalars(select(model).where(model.id.in_(wanted)))}

    def who(self, event: CaseEvent) -> str:
        user = self.users.get(event.author_id) if event.author_id else None
        if user is not None:
            return str(user.display_name)
        return {"resident": "群众", "system": "系统"}.get(event.author, event.author)

    def office(self, office_id: Any) -> str:
        office = self.offices.get(office_id) if isinstance(office_id, int) else None
        return office.name if office is not None else "（未分派）"

    def files(self, ids: Iterable[Any]) -> list[Attachment]:
        return [attachment(self.media[i], self.show) for i in ids if isinstance(i, int) and i in self.media]

    def build(self) -> list[Item]:
        items = [self.item(e) for e in self.events]
        used = {i for e in self.events for i in [e.media_id, *e.data.get("media_ids", [])] if isinstance(i, int)}
        rest = [m for m in self.media if m not in used]
        created = next((i for i in items if i.kind == "created"), None)
        if rest and created is not None:
            created.attachments.extend(self.files(rest))
        return items

    def item(self, e: CaseEvent) -> Item:
        who, show, data = self.who(e), self.show, e.data or {}
        if e.kind == "created":
            return Item("created", "resident", e.at, who, show(self.case.description), "提交了事项",
                        self.files(data.get("media_ids", [])))
        if e.kind == "resident_message":
            return Item(e.kind, "resident", e.at, who, show(e.text), None, self.files([e.media_id]))
        if e.kind == "rating":
            score = int(data.get("score", 0))
            stars = "★" * score + "☆" * (5 - score)
            return Item(e.kind, "resident", e.at, who, show(e.text), f"评价 {stars} {score} 分")
        if e.kind == "staff_reply":
            msg = self.messages.get(e.outbound_message_id) if e.outbound_message_id else None
            return Item(e.kind, "staff", e.at, who, show(e.text), "回复群众",
                        delivery=DELIVERY.get(msg.status) if msg is not None else None)
        if e.kind == "closed":
            delivery = DELIVERY.get(self.closing.status) if self.closing is not None else None
            return Item(e.kind, "staff", e.at, who, show(e.text), "办结，并请群众评价", delivery=delivery)
        if e.kind == "note":
            return Item(e.kind, "note", e.at, who, show(e.text), "内部备注（群众看不到）")
        link = {"merged": data.get("into"), "merged_in": data.get("from")}.get(e.kind)
        # routed/merge events keep a name or number in ``text`` that the line already says
        text = None if link or e.kind == "routed" else show(e.text) or None
        return Item(e.kind, "system", e.at, who, text, self.system_line(e, who, data), link=link)

    def system_line(self, e: CaseEvent, who: str, data: dict[str, Any]) -> str:
        if e.kind == "routed":
            return f"系统分派给{self.office(data.get('office_id'))}" if data.get("office_id") else "没有找到承办部门"
        if e.kind == "status":
            return f"{who}把状态改为「{staff_status_label(str(data.get('to')))}」"
        if e.kind == "transfer":
            return f"{who}转交给{self.office(data.get('to_office_id'))}"
        if e.kind == "assigned":
            assignee_id = data.get("assignee_id")
            assignee = self.users.get(assignee_id) if isinstance(assignee_id, int) else None
            if assignee is None:
                return f"{who}取消了办理人"
            return f"{who}认领了事项" if assignee.id == e.author_id else f"{who}交给{assignee.display_name}办理"
        if e.kind == "overdue":
            return f"超过{'受理' if data.get('which') == 'accept' else '办结'}期限"
        if e.kind == "merged":
            return f"{who}把本事项合并到 {data.get('into')}"
        if e.kind == "merged_in":
            return f"{who}把 {data.get('from')} 合并到本事项"
        if e.kind == "reopened":
            return f"{who}重新打开了事项"
        return f"{who}：{e.kind}"
