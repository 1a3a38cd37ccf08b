"""``flask bot explain``: what a new conversation would get, through the real registry, writing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis
from flask import Flask
from sqlalchemy import func, select

from bot.explain import explain
from bot.extensions import db
from bot.models import OutboundMessage, Resident
from knowledge.models import UnansweredQuestion
from tests.support.kb import entry, import_statute_subset, import_yaml

ROAD = "中华人民共和国道路交通安全法"
MESSAGES = [
    "骑电动车必须戴头盔吗",
    "民法典第1079条",
    "帮助",
    "我家猫跑丢了怎么办",
    "我要投诉村主任，他不给我办低保",
]


@pytest.fixture
def small_kb(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [
        entry("helmet-rule", "骑电动车必须戴头盔吗", "要戴。", law=f"《{ROAD}》", article="第五十一条"),
        entry("wage-arrears", "老板拖欠工资不给怎么办"),
        entry("bride-price", "彩礼在什么情况下可以要求返还"),
    ])
    import_statute_subset(tmp_path / "laws")


def count(model: type) -> int:
    return int(db.session.scalar(select(func.count()).select_from(model)) or 0)


def test_json_lines_name_handler_entry_score_and_reply(app: Flask, small_kb: None, redis_conn: redis.Redis) -> None:
    res = app.test_cli_runner().invoke(args=["bot", "explain", "--json"], input="\n".join(MESSAGES) + "\n\n")
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.output.splitlines()]
    assert [r["text"] for r in rows] == MESSAGES
    assert all(set(r) == {"text", "handler", "faq_id", "score", "reply"} for r in rows)
    faq, statute, help_, unsure, complaint = rows
    assert (faq["handler"], faq["faq_id"]) == ("faq", "helmet-rule")
    assert faq["score"] > 0.5 and faq["reply"].startswith(f"要戴。\n法律依据：《{ROAD}》第五十一条")
    assert (statute["handler"], statute["faq_id"], statute["score"]) == ("statute", None, None)
    assert statute["reply"].startswith("《中华人民共和国民法典》第一千零七十九条")
    assert help_["handler"] == "help" and "查法条" in help_["reply"]
    assert (unsure["handler"], unsure["faq_id"]) == ("faq", None) and "人工" in unsure["reply"]
    assert complaint["handler"] == "complaint"

    assert count(UnansweredQuestion) == count(Resident) == count(OutboundMessage) == 0
    assert not list(redis_conn.scan_iter("session:*explain*"))


def test_table_output_is_readable(app: Flask, small_kb: None) -> None:
    res = app.test_cli_runner().invoke(args=["bot", "explain"], input="骑电动车必须戴头盔吗\n民法典1079条\n")
    assert res.exit_code == 0, res.output
    header, faq_line, faq_reply, statute_line, _ = res.output.splitlines()
    assert header.split()[:3] == ["handler", "faq_id", "score"]
    assert faq_line.split()[:2] == ["faq", "helmet-rule"] and faq_line.endswith("骑电动车必须戴头盔吗")
    assert float(faq_line.split()[2]) > 0.5
    assert faq_reply.strip().startswith("→ 要戴。")
    assert statute_line.split()[:3] == ["statute", "-", "-"]


def test_every_explanation_is_a_new_conversation(app: Flask, small_kb: None, tmp_path: Path) -> None:
    import_yaml(tmp_path, [
        entry("dog-bite-a", "被邻居家的狗咬伤了该找谁赔偿医药费", "甲"),
        entry("dog-bite-b", "被邻居家的狗咬伤了该找谁赔偿医药费", "乙"),
    ], name="dogs.yaml")
    assert explain(app, "被邻居家的狗咬伤了该找谁赔偿医药费")["reply"].startswith("您是想问")
    assert explain(app, "1")["reply"] not in {"甲", "乙"}
