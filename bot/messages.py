"""A flat, typed view of what WeChat sent, so handlers never touch raw XML dicts.

wechatpy parses the XML; this module maps each message kind's fields through one
table instead of a chain of ``if msg.type == ...``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wechatpy import parse_message as _wechatpy_parse

from bot.hanzi import to_simplified

# kind -> {our attribute: WeChat XML field}
_FIELDS: dict[str, dict[str, str]] = {
    "text": {"text": "Content"},
    "voice": {"media_id": "MediaId", "format": "Format", "text": "Recognition"},
    "image": {"media_id": "MediaId", "url": "PicUrl"},
    "video": {"media_id": "MediaId", "thumb_media_id": "ThumbMediaId"},
    "shortvideo": {"media_id": "MediaId", "thumb_media_id": "ThumbMediaId"},
    "link": {"title": "Title", "description": "Description", "url": "Url"},
    "location": {"label": "Label", "latitude": "Location_X", "longitude": "Location_Y"},
    "event": {"event_key": "EventKey", "ticket": "Ticket", "latitude": "Latitude", "longitude": "Longitude"},
}

# Kinds whose payload is worth keeping to attach to a case later.
MEDIA_KINDS = frozenset({"voice", "image", "video", "shortvideo", "location", "link"})


@dataclass(frozen=True)
class Inbound:
    """One message or event from a resident."""

    openid: str
    account: str
    kind: str
    create_time: int
    msg_id: str = ""
    event: str = ""
    text: str = ""
    event_key: str = ""
    media_id: str = ""
    url: str = ""
    title: str = ""
    label: str = ""
    latitude: str = ""
    longitude: str = ""
    format: str = ""
    thumb_media_id: str = ""
    description: str = ""
    ticket: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        # what the resident wrote, in simplified characters (bot/hanzi.py); ``raw`` keeps it as sent
        if self.text:
            object.__setattr__(self, "text", to_simplified(self.text))

    @property
    def dedup_key(self) -> str:
        """FromUserName + CreateTime + MsgId (events: + Event), as WeChat's retries repeat them."""
        tail = self.msg_id or f"event:{self.event}:{self.event_key}"
        return f"{self.openid}:{self.create_time}:{tail}"

    @property
    def is_event(self) -> bool:
        return self.kind == "event"

    @property
    def has_text(self) -> bool:
        return bool(self.text)


def parse(xml: str) -> Inbound:
    """Parse plaintext message XML into an :class:`Inbound` (unknown kinds keep kind as sent)."""
    msg = _wechatpy_parse(xml)
    raw: dict[str, Any] = dict(msg._data)  # wechatpy keeps the parsed dict here
    kind = str(raw.get("MsgType", "unknown")).lower()
    values: dict[str, str] = {}
    for attr, xml_field in _FIELDS.get(kind, {}).items():
        value = raw.get(xml_field)
        if isinstance(value, str):
            values[attr] = value.strip()
    event = str(raw.get("Event", "")).lower() if kind == "event" else ""
    if event == "subscribe" and values.get("event_key", "").startswith("qrscene_"):
        values["event_key"] = values["event_key"][len("qrscene_"):]
    return Inbound(
        openid=str(raw.get("FromUserName", "")),
        account=str(raw.get("ToUserName", "")),
        kind=kind,
        create_time=_int(raw.get("CreateTime")),
        msg_id=str(raw.get("MsgId") or raw.get("MsgID") or ""),
        event=event,
        raw=raw,
        **values,
    )


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
