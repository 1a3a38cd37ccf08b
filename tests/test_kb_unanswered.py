"""Unanswered questions: logged without OpenIDs, grouped by similarity for editors."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from bot.extensions import db
from knowledge.index import Candidate
from knowledge.models import UnansweredQuestion
from knowledge.unanswered import log_unanswered, record_choice, unanswered_groups
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml

CAT = ["我家猫跑丢了怎么办", "猫跑丢了怎么办啊", "我家的猫丢了咋个办"]
LIGHT = ["村里的路灯坏了好几天没人修", "路灯坏了没人修找哪个"]
BUS = "孩子上学的校车超载了"


def log_all(texts: list[str], openid: str | None = None, best: str = "helmet-rule") -> None:
    for text in texts:
        log_unanswered(text, [Candidate(best, 0.2, "骑电动车要戴头盔吗"), Candidate("other", 0.1, "q")], openid)


def test_similar_questions_form_one_group_biggest_first(app: Flask) -> None:
    log_all([LIGHT[0], CAT[0], BUS, CAT[1], LIGHT[1], CAT[2]], openid="o_same")
    groups = unanswered_groups()
    assert [g.count for g in groups] == [3, 2, 1]
    assert groups[0].examples == CAT and groups[1].examples == LIGHT and groups[2].examples == [BUS]
    assert groups[0].closest == "helmet-rule" and groups[0].residents == 1
    assert groups[0].last_asked is not None and groups[0].first_asked is not None
    assert groups[0].first_asked <= groups[0].last_asked


def test_the_entry_residents_opened_outweighs_the_search_s_guess(app: Flask) -> None:
    log_all(CAT, best="helmet-rule")
    rows = db.session.scalars(select(UnansweredQuestion).order_by(UnansweredQuestion.id)).all()
    record_choice(rows[2].id, "lost-pet")
    [group] = unanswered_groups()
    assert (group.closest, group.chosen) == ("helmet-rule", 1)  # two guesses against one pick
    record_choice(rows[1].id, "lost-pet")
    record_choice(rows[1].id, "helmet-rule")  # a later pick does not overwrite the first
    [group] = unanswered_groups()
    assert (group.closest, group.chosen) == ("lost-pet", 2) and group.to_dict()["chosen"] == 2
    assert db.session.get(UnansweredQuestion, rows[1].id).chosen == "lost-pet"


def test_unanswered_command_prints_groups_as_table_or_json(app: Flask) -> None:
    log_all([CAT[0], CAT[1], BUS])
    runner = app.test_cli_runner()
    lines = runner.invoke(args=["kb", "unanswered", "--json"]).output.splitlines()
    groups = [json.loads(line) for line in lines]
    assert [(g["count"], g["examples"][0]) for g in groups] == [(2, CAT[0]), (1, BUS)]
    text = runner.invoke(args=["kb", "unanswered"]).output
    assert f"2 × {CAT[0]}" in text and CAT[1] in text and f"1 × {BUS}" in text


def test_webhook_logs_unsure_questions_with_a_hashed_resident(app: Flask, wechat: WeChatHelper,
                                                              tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("helmet-rule", "骑电动车必须戴头盔吗"), entry("wage", "老板拖欠工资不给怎么办")])
    wechat.text(CAT[0], "o_cat")
    wechat.text(CAT[1], "o_cat")
    wechat.text(CAT[2], "o_someone_else")
    rows = db.session.scalars(select(UnansweredQuestion).order_by(UnansweredQuestion.id)).all()
    assert [r.text for r in rows] == CAT
    assert rows[0].resident == rows[1].resident != rows[2].resident
    assert all(r.resident and "o_" not in r.resident for r in rows)
    [group] = unanswered_groups()
    assert (group.count, group.residents) == (3, 2)


def test_phone_and_id_numbers_are_masked_before_storing(app: Flask) -> None:
    log_all(["我电话13812345678，身份证510105199001011234被人冒用了怎么办"])
    [row] = db.session.scalars(select(UnansweredQuestion)).all()
    assert "13812345678" not in row.text and "510105199001011234" not in row.text
    assert "138****5678" in row.text
