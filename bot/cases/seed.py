"""Seed offices, villages (with their mediation committees) and routing rules from bot/data.

Idempotent: rows that exist (same code, same rule) are left alone, so running it again on
every start (``make run``) never undoes edits made with the CLI or the console.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from bot.cases.models import RoutingRule
from bot.config import PROJECT_ROOT
from bot.extensions import db
from bot.org.models import Office, Village

DATA = PROJECT_ROOT / "bot" / "data"


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(Path(DATA / name).read_text(encoding="utf-8")) or {}
    return data


def seed_offices() -> int:
    added = 0
    for row in _load("offices.yaml").get("offices", []):
        if db.session.scalar(select(Office).where(Office.code == row["code"])) is None:
            db.session.add(Office(code=row["code"], name=row["name"], kind=row["kind"], phone=row.get("phone")))
            added += 1
    db.session.commit()
    return added


def seed_villages() -> int:
    added = 0
    for order, row in enumerate(_load("villages.yaml").get("villages", []), start=1):
        village = db.session.scalar(select(Village).where(Village.code == row["code"]))
        if village is None:
            village = Village(code=row["code"], name=row["name"], aliases=list(row.get("aliases") or []),
                              sort_order=row.get("sort_order", order * 10))
            db.session.add(village)
            db.session.flush()
            added += 1
        code = f"{row['code']}-tw"
        exists = db.session.scalar(select(Office).where(Office.code == code)) is not None
        if row.get("mediation_committee", True) and not exists:
            db.session.add(Office(code=code, name=f"{village.name}人民调解委员会", kind="village_mediation",
                                  village_id=village.id, phone=row.get("phone")))
    db.session.commit()
    return added


def seed_routing() -> int:
    added = 0
    for row in _load("routing.yaml").get("rules", []):
        office_id = None
        if row.get("office"):
            office = db.session.scalar(select(Office).where(Office.code == row["office"]))
            if office is None:
                raise ValueError(f"routing rule names unknown office {row['office']!r}")
            office_id = office.id
        key = dict(case_type=row.get("case_type"), category=row.get("category"), village_id=None,
                   office_kind=row.get("office_kind"), office_id=office_id)
        query = select(RoutingRule).where(*[getattr(RoutingRule, k).is_(None) if v is None
                                            else getattr(RoutingRule, k) == v for k, v in key.items()])
        if db.session.scalar(query.limit(1)) is None:
            db.session.add(RoutingRule(**key, priority=int(row.get("priority", 0)), note=row.get("note")))
            added += 1
    db.session.commit()
    return added


def seed_all() -> dict[str, int]:
    return {"offices": seed_offices(), "villages": seed_villages(), "routing_rules": seed_routing()}
