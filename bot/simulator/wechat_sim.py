"""Build, sign and encrypt messages exactly as WeChat's servers do, and read the replies.

Used by the simulator page and by the tests' ``wechat`` helper, so both exercise
the real webhook with real signatures and real AES.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

import xmltodict
from wechatpy.crypto import PrpCrypto, WeChatCrypto

from bot.gate import sign

# kind -> XML fields (besides the envelope) built from keyword arguments
_BODY: dict[str, tuple[tuple[str, str], ...]] = {
    "text": (("Content", "text"),),
    "voice": (("MediaId", "media_id"), ("Format", "format"), ("Recognition", "recognition")),
    "image": (("PicUrl", "url"), ("MediaId", "media_id")),
    "video": (("MediaId", "media_id"), ("ThumbMediaId", "thumb_media_id")),
    "location": (("Location_X", "latitude"), ("Location_Y", "longitude"), ("Scale", "scale"), ("Label", "label")),
    "link": (("Title", "title"), ("Description", "description"), ("Url", "url")),
    "event": (("Event", "event"), ("EventKey", "key")),
}


def _cdata(value: Any) -> str:
    text = str(value)
    if text.replace(".", "", 1).lstrip("-").isdigit():
        return escape(text)
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


@dataclass
class SignedRequest:
    query: dict[str, str]
    body: bytes


class WeChatSimulator:
    """One official account's view of WeChat: token, AES key and AppID."""

    def __init__(self, token: str, aes_key: str = "", appid: str = "", account: str = "gh_fazhi") -> None:
        self.token, self.aes_key, self.appid, self.account = token, aes_key, appid, account
        self._msg_seq = int(time.time() * 1000) % 10**12

    def build_xml(self, kind: str, openid: str, create_time: int | None = None,
                  msg_id: str | int | None = None, **fields: Any) -> str:
        parts = [
            f"<ToUserName>{_cdata(self.account)}</ToUserName>",
            f"<FromUserName>{_cdata(openid)}</FromUserName>",
            f"<CreateTime>{create_time or int(time.time())}</CreateTime>",
            f"<MsgType>{_cdata(kind)}</MsgType>",
        ]
        for tag, name in _BODY.get(kind, ()):
            if fields.get(name) not in (None, ""):
                parts.append(f"<{tag}>{_cdata(fields[name])}</{tag}>")
        if kind != "event":
            if msg_id is None:
                self._msg_seq += 1
                msg_id = self._msg_seq
            parts.append(f"<MsgId>{msg_id}</MsgId>")
        return "<xml>" + "".join(parts) + "</xml>"

    def sign(self, xml: str, encrypt: bool | None = None, timestamp: int | None = None,
             nonce: str | None = None) -> SignedRequest:
        """Query string and body as WeChat would POST them (safe mode when ``encrypt``)."""
        encrypt = bool(self.aes_key) if encrypt is None else encrypt
        ts, nonce = str(timestamp or int(time.time())), nonce or str(secrets.randbelow(10**10))
        query = {"timestamp": ts, "nonce": nonce, "signature": sign(self.token, ts, nonce),
                 "openid": _openid_of(xml)}
        if not encrypt:
            return SignedRequest(query, xml.encode("utf-8"))
        key = base64.b64decode(self.aes_key + "=")
        ciphertext = PrpCrypto(key).encrypt(xml, self.appid).decode()
        query.update(encrypt_type="aes", msg_signature=sign(self.token, ts, nonce, ciphertext))
        body = (f"<xml><ToUserName><![CDATA[{self.account}]]></ToUserName>"
                f"<Encrypt><![CDATA[{ciphertext}]]></Encrypt></xml>")
        return SignedRequest(query, body.encode("utf-8"))

    def read_reply(self, body: bytes | str, encrypted: bool) -> dict[str, Any] | None:
        """Decrypt (checking the reply's signature) and parse a passive reply; None for ``success``."""
        text = body.decode("utf-8") if isinstance(body, bytes) else body
        if text.strip() in ("", "success"):
            return None
        if encrypted:
            envelope = xmltodict.parse(text)["xml"]
            crypto = WeChatCrypto(self.token, self.aes_key, self.appid)
            text = crypto.decrypt_message(text, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"])
        parsed: dict[str, Any] = xmltodict.parse(text)["xml"]
        return parsed


def _openid_of(xml: str) -> str:
    start = xml.find("<FromUserName><![CDATA[")
    if start < 0:
        return ""
    start += len("<FromUserName><![CDATA[")
    return xml[start:xml.find("]]>", start)]
