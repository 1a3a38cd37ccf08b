"""Noticing a form that timed out.

The form lives in the session, which expires ``SESSION_TTL`` seconds after the last message.
A marker with a longer life (in the same store, so it survives a Redis outage through the
database copy) remembers that a form was open; finding the marker without the form means
the resident walked away and came back. Not written in a dry run.
"""

from __future__ import annotations

import logging

from bot.dispatch import Context
from handlers.intake.forms import FORMS

log = logging.getLogger(__name__)

# How long after the session expired we still recognise an abandoned form.
MARKER_GRACE = 24 * 3600


def _marker_key(openid: str) -> str:
    return f"intake-open:{openid}"


def set_marker(ctx: Context, case_type: str | None) -> None:
    """Remember (or forget) that a form is open, for longer than the session lives."""
    if ctx.meta.get("dry_run"):
        return
    from bot.inbox import session_store

    store = session_store(ctx.app)
    key = _marker_key(ctx.message.openid)
    try:
        if case_type is None:
            store.delete(key)
        else:
            store.set(key, {"type": case_type}, ctx.app.config["SESSION_TTL"] + MARKER_GRACE)
    except Exception:
        log.exception("could not update the open-form marker")


def expired_marker(ctx: Context) -> str | None:
    """The type of a form that timed out (marker left, session state gone), else None."""
    from bot.inbox import session_store

    try:
        data = session_store(ctx.app).get(_marker_key(ctx.message.openid))
    except Exception:
        log.exception("could not read the open-form marker")
        return None
    case_type = data.get("type") if data else None
    return case_type if case_type in FORMS else None
