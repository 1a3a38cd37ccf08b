"""The webhook's front door: signatures, replay window, size and XML safety, AES.

wechatpy does the XML and the crypto; this module decides what to accept.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Callable, Mapping

from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException

# Any DTD or entity declaration; CDATA sections (<![CDATA[) are fine.
_UNSAFE_XML = re.compile(rb"<!\s*(DOCTYPE|ENTITY|ELEMENT|ATTLIST)", re.IGNORECASE)


class Rejected(Exception):
    """A request we refuse; ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def sign(*parts: str) -> str:
    """WeChat's signature: sha1 of the sorted concatenation of the parts."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def refuse_unsafe_xml(body: bytes) -> None:
    if _UNSAFE_XML.search(body):
        raise Rejected(400, "XML with a DTD or entities is not accepted")


class Gate:
    """Checks one request's query and body the way WeChat's servers sign them."""

    def __init__(
        self,
        token: str,
        aes_key: str,
        appid: str,
        replay_window: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, appid) if aes_key else None
        self.replay_window = replay_window
        self.clock = clock

    def verify_query(self, args: Mapping[str, str], *, need_signature: bool = True) -> None:
        """Timestamp within the window and, unless told otherwise, a valid ``signature``."""
        timestamp, nonce = args.get("timestamp", ""), args.get("nonce", "")
        if not timestamp.isdigit() or not nonce:
            raise Rejected(403, "missing timestamp or nonce")
        if self.replay_window and abs(self.clock() - int(timestamp)) > self.replay_window:
            raise Rejected(403, "timestamp outside the replay window")
        signature = args.get("signature", "")
        if need_signature or signature:
            if not hmac.compare_digest(signature, sign(self.token, timestamp, nonce)):
                raise Rejected(403, "bad signature")

    def is_encrypted(self, args: Mapping[str, str]) -> bool:
        return args.get("encrypt_type", "raw").lower() == "aes"

    def open(self, args: Mapping[str, str], body: bytes) -> str:
        """Verify a POST and return its plaintext XML."""
        refuse_unsafe_xml(body)
        encrypted = self.is_encrypted(args)
        # In safe mode WeChat signs the ciphertext (msg_signature); ``signature``
        # is checked too when present, but the official vectors omit it.
        self.verify_query(args, need_signature=not encrypted)
        text = body.decode("utf-8", errors="strict") if body else ""
        if not encrypted:
            return text
        if self.crypto is None:
            raise Rejected(403, "encrypted message but no EncodingAESKey configured")
        try:
            plain: str = self.crypto.decrypt_message(
                text, args.get("msg_signature", ""), args["timestamp"], args["nonce"]
            )
        except (InvalidSignatureException, InvalidAppIdException) as exc:
            raise Rejected(403, f"bad msg_signature or appid: {type(exc).__name__}") from exc
        except Exception as exc:  # malformed envelope or ciphertext
            raise Rejected(400, f"cannot decrypt: {type(exc).__name__}") from exc
        refuse_unsafe_xml(plain.encode("utf-8"))
        return plain

    def seal(self, args: Mapping[str, str], xml: str) -> str:
        """Encrypt a reply when the request came encrypted."""
        if self.crypto is None or not self.is_encrypted(args):
            return xml
        sealed: str = self.crypto.encrypt_message(xml, args["nonce"], args["timestamp"])
        return sealed
