"""Villages as residents name them: by number in the form's list, by name, short name or alias."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.extensions import db
from bot.org.models import Village

_SUFFIXES = ("社区", "居委会", "村委会", "村")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def villages() -> list[Village]:
    """Active villages in the order the form numbers them."""
    return list(db.session.scalars(
        select(Village).where(Village.active.is_(True)).order_by(Village.sort_order, Village.id)))


def short_name(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def _names(village: Village) -> list[str]:
    return [village.name, short_name(village.name), *(village.aliases or [])]


def find_village(text: str) -> Village | None:
    """The village meant by ``text``: "3", "3号", "石桥村", "石桥", an alias, or a sentence naming one."""
    value = (text or "").strip().translate(_FULLWIDTH_DIGITS)
    if not value:
        return None
    options = villages()
    number = re.fullmatch(r"(\d{1,3})\s*[号.、]?", value)
    if number:
        index = int(number.group(1))
        return options[index - 1] if 1 <= index <= len(options) else None
    for village in options:
        if value in _names(village):
            return village
    # A sentence ("我是青龙村三组的"): accept only an unambiguous mention.
    mentioned = [v for v in options if any(n and len(n) >= 2 and n in value for n in _names(v))]
    return mentioned[0] if len(mentioned) == 1 else None
