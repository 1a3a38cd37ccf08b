"""Traditional characters read as simplified.

Some residents type traditional characters (a phone set up by a relative in Hong Kong or
Taiwan, a handwriting pad): "鄰居占了我家宅基地怎麼辦" should find what "邻居占了我家宅基地怎么办"
finds, and "投訴" should start a complaint.  Every handler and the knowledge base work in
simplified characters, so a message is converted once, when it arrives (``bot.messages``).

OpenCC's t2s is not the identity on simplified text (it turns 坏 into 坯, both being
traditional characters too), so a message is converted only when it has a character that is
traditional only (t2s changes it, s2t leaves it), and then only such characters change.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask import Flask


@lru_cache(maxsize=1)
def _converters() -> tuple[Any, Any]:
    import opencc  # type: ignore[import-untyped]

    return opencc.OpenCC("t2s"), opencc.OpenCC("s2t")


@lru_cache(maxsize=20_000)
def _traditional_only(ch: str) -> bool:
    t2s, s2t = _converters()
    return bool(t2s.convert(ch) != ch and s2t.convert(ch) == ch)


def to_simplified(text: str) -> str:
    """``text`` with its traditional-only characters in simplified form, phrase by phrase where
    OpenCC knows the phrase (頭髮 -> 头发); simplified text comes back unchanged."""
    if text.isascii() or not any(_traditional_only(ch) for ch in text):
        return text
    converted = _converters()[0].convert(text)
    if len(converted) != len(text):  # OpenCC's t2s keeps the length; never trust a shift
        converted = "".join(_converters()[0].convert(ch) for ch in text)
    return "".join(new if _traditional_only(old) else old for old, new in zip(text, converted, strict=True))


def warm_up(app: Flask) -> None:
    """Preload hook: OpenCC's dictionaries take ~35 ms to load, not a first resident's to pay."""
    to_simplified("體")
