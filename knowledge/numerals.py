"""Chinese numerals <-> int, as used in statute article numbers (第一千零七十九条).

Residents and statute texts write article numbers in Chinese; lookups, storage and
sorting need integers. Parsing is strict on purpose: an ambiguous colloquial form such
as 一百一 (110 or 101?) is rejected rather than guessed, so a lookup never shows the
wrong article.
"""

from __future__ import annotations

import re

DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "0": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "贰": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
UNITS: dict[str, int] = {
    "十": 10,
    "拾": 10,
    "百": 100,
    "佰": 100,
    "千": 1000,
    "仟": 1000,
}
ZEROS = frozenset("零〇○0")
_OUT_DIGITS = "零一二三四五六七八九"

#: Character class matching any Chinese numeral character this module understands.
CN_NUMERAL_CLASS = "[" + "".join(sorted(set(DIGITS) - {"0"} | set(UNITS) | {"万"})) + "]"
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _parse_section(text: str) -> int:
    """Parse a number below 10000, e.g. 一千零七十九, 十一, 两百, 一〇七九."""
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text):
        # Positional digits (一〇七九) or a single digit.
        if len(text) > 1 and text[0] in ZEROS:
            raise ValueError(f"leading zero in {text!r}")
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0
    digit: int | None = None  # pending digit waiting for its unit
    last_unit = 10_000  # units must strictly decrease
    zero_pending = False
    for index, ch in enumerate(text):
        if ch in UNITS:
            unit = UNITS[ch]
            if unit >= last_unit:
                raise ValueError(f"units out of order in {text!r}")
            if zero_pending and unit * 10 >= last_unit:
                raise ValueError(f"zero without a skipped unit in {text!r}")
            if digit is None:
                # Only 十 may stand alone: leading (十一) or after 零 (一千零十).
                if unit != 10 or not (index == 0 or zero_pending):
                    raise ValueError(f"unit without digit in {text!r}")
                digit = 1
            if digit == 0:
                raise ValueError(f"zero before unit in {text!r}")
            if ch == "十" and text[index - 1 : index] == "两":
                raise ValueError(f"两 before 十 in {text!r}")
            total += digit * unit
            digit, last_unit, zero_pending = None, unit, False
        elif ch in DIGITS:
            if digit is not None:
                raise ValueError(f"two digits in a row in {text!r}")
            if ch in ZEROS:
                if zero_pending or index == 0:
                    raise ValueError(f"misplaced zero in {text!r}")
                zero_pending = True
                continue
            digit = DIGITS[ch]
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    if zero_pending and digit is None:
        raise ValueError(f"trailing zero in {text!r}")
    if digit is not None:
        # A bare final digit must be the ones place: after 十, after 零, or alone.
        if last_unit != 10 and not zero_pending:
            raise ValueError(f"ambiguous trailing digit in {text!r}")
        if zero_pending and last_unit < 100:
            raise ValueError(f"zero without a skipped unit in {text!r}")
        total += digit
    return total


def cn_to_int(text: str) -> int:
    """Parse a Chinese numeral (up to 99999999); raise ValueError when malformed."""
    text = text.strip()
    if text.count("万") > 1:
        raise ValueError(f"too many 万 in {text!r}")
    if "万" not in text:
        return _parse_section(text)
    high, low = text.split("万")
    value = _parse_section(high) * 10_000
    if low:
        zero = low[0] in ZEROS
        rest = _parse_section(low[1:] if zero else low)
        if zero != (rest < 1000):
            raise ValueError(f"ambiguous digits after 万 in {text!r}")
        value += rest
    return value


def _section_to_cn(n: int) -> str:
    """Render 1..9999 in the formal style used by statutes (一百一十, 一千零五)."""
    out: list[str] = []
    zero = False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // unit % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out.append("零")
            zero = False
        out.append(_OUT_DIGITS[digit] + name)
    return "".join(out)


def int_to_cn(n: int) -> str:
    """Render 0..99999999 as a Chinese numeral; 10-19 drop the leading 一 (十一)."""
    if not 0 <= n < 100_000_000:
        raise ValueError(f"out of range: {n}")
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    text = ""
    if high:
        text = _section_to_cn(high) + "万"
        text = text[1:] if 10 <= high < 20 else text
    if low:
        text += ("零" if high and low < 1000 else "") + _section_to_cn(low)
    return text[1:] if 10 <= n < 20 else text


def parse_number(text: str) -> int | None:
    """Parse Arabic (half- or full-width) or Chinese digits; None when it is neither."""
    text = text.strip().translate(_FULLWIDTH)
    if re.fullmatch(r"\d+", text):
        return int(text)
    try:
        return cn_to_int(text)
    except ValueError:
        return None
