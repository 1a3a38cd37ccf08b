"""The question the FAQ could not answer, kept briefly for a person to take up.

After "not sure" the resident may reply "人工", or a bare "反映情况"/"投诉"; the form then uses
that question as its description instead of asking for it again. It is kept for a short while
only: a bare "投诉" half an hour and several other messages later is about something else, and
must not be filed under the old question.
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from typing import Any

KEY = "handoff_text"
TTL = 10 * 60
"""Seconds the question stays on offer, as long as a numbered choice does."""


def keep(session: MutableMapping[str, Any], text: str, now: float | None = None) -> None:
    session[KEY] = {"text": text, "at": time.time() if now is None else now}


def drop(session: MutableMapping[str, Any]) -> None:
    session.pop(KEY, None)


def take(session: MutableMapping[str, Any], now: float | None = None) -> str:
    """The kept question if it is still fresh, else ""; either way it is no longer kept."""
    kept = session.pop(KEY, None)
    if not isinstance(kept, dict):
        return ""
    fresh = (time.time() if now is None else now) - float(kept.get("at", 0)) < TTL
    return str(kept.get("text") or "").strip() if fresh else ""
