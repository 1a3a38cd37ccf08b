"""Noticing a form that timed out, and keeping its draft.

The form lives in the session, which expires ``SESSION_TTL`` seconds after the last message.
A marker with a longer life (in the same store, so it survives a Redis outage through the
database copy) remembers that a form was open, and what had been answered; finding the marker
without the form means the resident walked away and came back — often an elderly resident who
went to find a phone number — and "继续" picks the form up where it was (a third QA pass: the
answers had been lost after 30 minutes). Not written in a dry run.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.dispatch import Context
from handlers.intake.forms import FORMS

log = logging.getLogger(__name__)

# How long after the session expired we still recognise an abandoned form.
MARKER_GRACE = 24 * 3600


def _marker_key(openid: str) -> str:
    return f"intake-open:{openid}"


def set_marker(ctx: Context, case_type: str | None, draft: dict[str, Any] | None = None,
               told: bool = False) -> None:
    """Remember (or forget) that a form is open and its answers so far, for longer than the
    session lives; ``told``: the resident has been told it timed out."""
    if ctx.meta.get("dry_run"):
        return
    from bot.inbox import session_store

    store = session_store(ctx.app)
    key = _marker_key(ctx.message.openid)
    try:
        if case_type is None:
            store.delete(key)
        else:
            store.set(key, {"type": case_type, "draft": draft, "told": told},
                      ctx.app.config["SESSION_TTL"] + MARKER_GRACE)
    except Exception:
        log.exception("could not update the open-form marker")


def expired(ctx: Context) -> dict[str, Any] | None:
    """{"type", "draft", "told"} of a form that timed out (marker left, session state gone), else None."""
    from bot.inbox import session_store

    try:
        data = session_store(ctx.app).get(_marker_key(ctx.message.openid))
    except Exception:
        log.exception("could not read the open-form marker")
        return None
    if not data or data.get("type") not in FORMS:
        return None
    return data
