"""`flask cases|offices|villages|users …` through Flask's CLI runner."""

from __future__ import annotations

import json

import pytest
from flask import Flask
from werkzeug.security import check_password_hash

from bot.cases.models import Case, Holiday, Outbox, RoutingRule
from bot.extensions import db
from bot.models import OutboundMessage
from bot.org.models import Office, User, Village
from tests.test_cases_fixtures import new_case, office, seeded, staff  # noqa: F401


def run(app: Flask, *args: str, input: str | None = None) -> str:
    result = app.test_cli_runner().invoke(args=list(args), input=input)
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result.output


def test_seed_is_idempotent_and_keeps_edits(app: Flask) -> None:
    assert "offices: +6" in run(app, "cases", "seed")
    assert db.session.query(Village).count() == 8
    assert db.session.query(Office).filter_by(kind="village_mediation").count() == 8
    rules = db.session.query(RoutingRule).count()
    office("sfs").name = "黄柏乡司法所（新址）"
    db.session.commit()
    assert "offices: +0, villages: +0, routing_rules: +0" in run(app, "cases", "seed")
    assert db.session.query(RoutingRule).count() == rules
    assert office("sfs").name == "黄柏乡司法所（新址）"


@pytest.mark.usefixtures("seeded")
def test_cases_list_json_masks_phone_and_filters(app: Flask) -> None:
    from bot.cases.jobs import route_case

    a = new_case(description="邻居占了我家的路，我电话13912345678，身份证510722199001011234")
    route_case(a.id)
    b = new_case(case_type="consultation", category=None)
    route_case(b.id)
    rows = [json.loads(line) for line in run(app, "cases", "list", "--json").splitlines()]
    assert [r["number"] for r in rows] == [b.number, a.number]
    row = rows[1]
    assert row["phone"] == "138****8000" and "139****5678" in row["description"]
    assert "13912345678" not in row["description"] and "510722********1234" in row["description"]
    assert row["openid"] == "o_resident_1" and row["village"] == "黄柏村" and row["office"] == "huangbai-tw"
    assert {"type", "status", "created_at"} <= row.keys()
    only = run(app, "cases", "list", "--json", "--office", "sfs")
    assert [json.loads(x)["number"] for x in only.splitlines()] == [b.number]
    assert run(app, "cases", "list", "--json", "--status", "closed") == ""
    assert "13800138000" not in run(app, "cases", "list") + run(app, "cases", "show", a.number)


@pytest.mark.usefixtures("seeded")
def test_cases_reply_and_close(app: Flask) -> None:
    staff("sfs_li", "sfs")
    case = new_case(case_type="consultation", category=None)
    assert "reply stored" in run(app, "cases", "reply", case.number, "您好，可以申请法律援助。", "--as", "sfs_li")
    assert "closed" in run(app, "cases", "close", case.number, "--outcome", "已答复", "--as", "sfs_li")
    db.session.expire_all()
    case = db.session.get(Case, case.id)
    assert case.status == "closed" and case.outcome == "已答复" and case.awaiting_rating
    purposes = sorted(m.purpose for m in db.session.query(OutboundMessage))
    assert purposes == ["rating_request", "staff_reply"]
    bad = app.test_cli_runner().invoke(args=["cases", "reply", case.number, "x", "--as", "nobody"])
    assert bad.exit_code != 0 and "no user" in bad.output


@pytest.mark.usefixtures("seeded")
def test_sla_check_with_now_and_dispatch(app: Flask) -> None:
    staff("sfs_lead", "sfs", role="lead")
    case = new_case(case_type="consultation", category=None)
    assert "1 job(s) enqueued" in run(app, "cases", "dispatch")
    assert "0 job(s) enqueued" in run(app, "cases", "dispatch")
    from bot.cases.jobs import route_case

    route_case(case.id)
    assert "0 overdue" in run(app, "cases", "sla-check")
    assert "2 overdue" in run(app, "cases", "sla-check", "--now", "2030-01-01T09:00")  # accept and resolve
    assert db.session.query(Outbox).one().attempts == 1


def test_holiday_command(app: Flask) -> None:
    run(app, "cases", "holiday", "2027-02-08", "--name", "春节")
    run(app, "cases", "holiday", "2027-02-07", "--workday")
    assert db.session.get(Holiday, __import__("datetime").date(2027, 2, 8)).is_workday is False
    assert db.session.get(Holiday, __import__("datetime").date(2027, 2, 7)).is_workday is True


@pytest.mark.usefixtures("seeded")
def test_offices_and_villages_commands(app: Flask) -> None:
    run(app, "offices", "add", "sfj", "县司法局派驻点", "--kind", "judicial", "--phone", "0838-1")
    run(app, "offices", "edit", "sfj", "--name", "派驻点", "--inactive")
    assert office("sfj").name == "派驻点" and not office("sfj").active
    run(app, "villages", "add", "yangliu", "杨柳村", "--alias", "杨柳湾")
    assert office("yangliu-tw").name == "杨柳村人民调解委员会"
    run(app, "villages", "rename", "yangliu", "杨柳社区")
    village = db.session.query(Village).filter_by(code="yangliu").one()
    assert village.name == "杨柳社区" and "杨柳村" in village.aliases
    assert office("yangliu-tw").name == "杨柳社区人民调解委员会"
    listing = run(app, "villages", "list")
    assert listing.splitlines()[-1].startswith(" 9. yangliu")
    assert "sfj" in run(app, "offices", "list")


@pytest.mark.usefixtures("seeded")
def test_users_create_asks_password_hidden_and_hashes_it(app: Flask) -> None:
    out = run(app, "users", "create", "wang", "--role", "lead", "--office", "sfs", "--openid", "o_wang",
              input="s3cret-pass\ns3cret-pass\n")
    assert "s3cret-pass" not in out and "created" in out
    user = db.session.query(User).filter_by(username="wang").one()
    assert user.role == "lead" and user.wechat_openid == "o_wang" and [o.code for o in user.offices] == ["sfs"]
    assert user.password_hash and user.password_hash.startswith("scrypt:")
    assert check_password_hash(user.password_hash, "s3cret-pass")
    run(app, "users", "create", "zhao", input="another-pass\nanother-pass\n")
    run(app, "offices", "staff", "add", "pcs", "zhao")
    assert [o.code for o in db.session.query(User).filter_by(username="zhao").one().offices] == ["pcs"]
    result = app.test_cli_runner().invoke(args=["users", "create", "x", "--password", "p"])
    assert result.exit_code != 0  # no way to pass a password as an argument
