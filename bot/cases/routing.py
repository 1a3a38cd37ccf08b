"""Which office takes a case: data-driven rules, seeded from ``bot/data/routing.yaml``.

The seeded policy (editable without code):

- ordinary neighbour, family and marriage disputes go to the resident's own village
  mediation committee first (小事不出村, 人民调解法 第七条/第八条: committees are set up in
  villages and communities); a village with no committee falls through to 司法所;
- labour and land disputes, and any mediation a committee escalates (``bot.cases.actions.escalate``),
  go to the township 司法所, which guides people's mediation and handles the harder ones;
- clues and complaints about traffic or public order go to 派出所;
- complaints about officials or departments, and other complaints (petition-like
  matters, 信访工作条例), go to 信访办; wage arrears complaints to 社保所 (劳动保障);
- consultations go to 司法所 (public legal services); suggestions and other clues
  (hazards, environment) to 综治办/平安办.

Rules are tried by priority (highest first); the first one whose target office exists and
is active wins, so a missing village committee simply falls through to the next rule.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select

from bot.cases.models import RoutingRule
from bot.extensions import db
from bot.org.models import Office

VILLAGE_MEDIATION = "village_mediation"


class Routable(Protocol):
    case_type: str
    category: str | None
    village_id: int | None


def matches(rule: RoutingRule, case: Routable) -> bool:
    return ((rule.case_type is None or rule.case_type == case.case_type)
            and (rule.category is None or rule.category == case.category)
            and (rule.village_id is None or rule.village_id == case.village_id))


def target(rule: RoutingRule, case: Routable) -> Office | None:
    """The active office a rule points at for this case, if there is one."""
    if rule.office_id is not None:
        office = db.session.get(Office, rule.office_id)
        return office if office is not None and office.active else None
    if rule.office_kind == VILLAGE_MEDIATION:
        if case.village_id is None:
            return None
        return db.session.scalar(select(Office).where(
            Office.kind == VILLAGE_MEDIATION, Office.village_id == case.village_id, Office.active.is_(True),
        ).order_by(Office.id).limit(1))
    if rule.office_kind:
        return office_of_kind(rule.office_kind)
    return None


def office_of_kind(kind: str) -> Office | None:
    """The township's office of ``kind`` (not a village's)."""
    return db.session.scalar(select(Office).where(
        Office.kind == kind, Office.village_id.is_(None), Office.active.is_(True),
    ).order_by(Office.id).limit(1))


def rules() -> list[RoutingRule]:
    return list(db.session.scalars(
        select(RoutingRule).where(RoutingRule.active.is_(True)).order_by(RoutingRule.priority.desc(), RoutingRule.id)
    ))


def route(case: Routable) -> tuple[Office | None, RoutingRule | None]:
    """The office for ``case`` and the rule that chose it; 司法所 when no rule applies."""
    for rule in rules():
        if matches(rule, case):
            office = target(rule, case)
            if office is not None:
                return office, rule
    return office_of_kind("judicial"), None


def office_for(case: Routable) -> Office | None:
    return route(case)[0]
