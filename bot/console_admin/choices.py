"""Select-box choices and labels shared by the settings pages (codes stay as the domain stores them)."""

from __future__ import annotations

from sqlalchemy import select

from bot.cases.labels import CASE_TYPES, CATEGORIES, TYPE_LABELS
from bot.cases.org_cli import KINDS, ROLES
from bot.extensions import db
from bot.org.models import Office, User, Village

KIND_LABELS = {"judicial": "司法所", "police": "派出所", "safety": "综治办（平安办）", "petition": "信访办",
               "economic": "经济发展办", "social": "劳动保障所", "village_mediation": "村（社区）调委会",
               "other": "其他"}
ROLE_LABELS = {"staff": "工作人员", "lead": "部门负责人", "admin": "管理员"}
ANY = "（任意）"
NONE = "（不选）"



def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "", kind or "")


def kind_choices(blank: str | None = None) -> list[tuple[str, str]]:
    return ([("", blank)] if blank else []) + [(k, KIND_LABELS[k]) for k in KINDS]


def role_choices() -> list[tuple[str, str]]:
    return [(r, ROLE_LABELS[r]) for r in ROLES]


def type_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(t, TYPE_LABELS[t]) for t in CASE_TYPES]


def category_choices(blank: str) -> list[tuple[str, str]]:
    return [("", blank)] + [(c, c) for c in CATEGORIES]


def villages_ordered() -> list[Village]:
    return list(db.session.scalars(select(Village).order_by(Village.sort_order, Village.id)))


def village_choices(blank: str) -> list[tuple[int, str]]:
    return [(0, blank)] + [(v.id, v.name + ("" if v.active else "（已停用）")) for v in villages_ordered()]


def offices_ordered() -> list[Office]:
    return list(db.session.scalars(select(Office).order_by(Office.village_id.is_not(None), Office.id)))


def office_choices(blank: str | None = None) -> list[tuple[int, str]]:
    return ([(0, blank)] if blank else []) + [(o.id, o.name + ("" if o.active else "（已停用）"))
                                              for o in offices_ordered()]


def user_choices() -> list[tuple[int, str]]:
    users = db.session.scalars(select(User).order_by(User.active.desc(), User.display_name, User.id))
    return [(u.id, f"{u.display_name}（{u.username}）" + ("" if u.active else "，已停用")) for u in users]
