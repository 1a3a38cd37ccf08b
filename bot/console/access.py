"""Who may see which cases, and who may see a resident's full phone number.

The one place these rules live; the console and the JSON API both use it.

- admin: every case, including cases not yet routed to an office;
- lead and staff: the cases of their own offices. Another office's case does not exist for
  them (404, never 403, so a case number cannot be probed);
- full phone / ID number: only the person handling the case — its assignee — and, to cover
  for them, a lead of the case's office and the admins; always on request, always audited.
"""

from __future__ import annotations

from flask import abort
from sqlalchemy import Select, false, func, select

from bot.cases.models import Case
from bot.extensions import db
from bot.models import MediaItem
from bot.org.models import User


def office_ids(user: User) -> set[int]:
    return {o.id for o in user.offices}


def visible_cases(user: User) -> Select[Case]:
    """A query of the cases ``user`` may see; add filters and ordering to it."""
    query = select(Case)
    if user.is_admin:
        return query
    ids = office_ids(user)
    return query.where(Case.office_id.in_(ids)) if ids else query.where(false())


def can_see(user: User, case: Case) -> bool:
    return user.is_admin or (case.office_id is not None and case.office_id in office_ids(user))


def get_case_for(user: User, number: str) -> Case:
    """The case with ``number`` if ``user`` may see it; 404 otherwise (whether or not it exists)."""
    value = (number or "").strip().upper()
    case = db.session.scalar(visible_cases(user).where(func.upper(Case.number) == value)) if value else None
    if case is None:
        abort(404)
    return case


def get_media_for(user: User, media_item_id: int) -> MediaItem:
    """A photo/voice/video attached to a case ``user`` may see; 404 otherwise."""
    item = db.session.get(MediaItem, media_item_id)
    case = db.session.get(Case, item.case_id) if item is not None and item.case_id is not None else None
    if item is None or case is None or not can_see(user, case):
        abort(404)
    return item


def can_reveal(user: User, case: Case) -> bool:
    """May ``user`` ask to see the full phone and ID numbers of this case?"""
    if not can_see(user, case):
        return False
    if user.is_admin or case.assignee_id == user.id:
        return True
    return user.role == "lead" and case.office_id in office_ids(user)
