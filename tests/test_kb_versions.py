"""Entry history (full previous content, author, time), restore, validity dates, seeding."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.extensions import db
from knowledge import service
from knowledge.changes import ChangeError, delete_entry, history, restore_entry, save_entry, validated
from knowledge.entries import EntryData
from knowledge.models import FaqEntry
from tests.support.kb import KB_DATA, entry, import_yaml

WAGE_Q = "老板拖欠工资不给怎么办"


def current(entry_id: str) -> FaqEntry:
    db.session.expire_all()
    row = db.session.get(FaqEntry, entry_id)
    assert row is not None
    return row


def test_changes_keep_previous_content_and_restore_adds_a_version(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "旧答案：先找劳动监察。")], author="alice")
    data = EntryData.from_model(current("wage-arrears"))
    assert save_entry(replace(data, answer="新答案：可以申请劳动仲裁。"), author="bob") == "updated"
    assert save_entry(replace(data, answer="新答案：可以申请劳动仲裁。"), author="bob") == "unchanged"

    v2, v1 = history("wage-arrears")
    assert (v1.version, v1.action, v1.changed_by, v1.previous) == (1, "create", "alice", None)
    assert (v2.version, v2.action, v2.changed_by) == (2, "update", "bob")
    assert v2.previous is not None and v2.content is not None
    assert v2.previous["answer"] == "旧答案：先找劳动监察。" and v2.content["answer"] == "新答案：可以申请劳动仲裁。"
    assert v2.previous["question"] == WAGE_Q and v2.changed_at is not None

    assert restore_entry("wage-arrears", 1, "carol") == "updated"
    row = current("wage-arrears")
    assert (row.answer, row.version, row.updated_by) == ("旧答案：先找劳动监察。", 3, "carol")
    v3 = history("wage-arrears")[0]
    assert (v3.action, v3.changed_by, v3.note) == ("restore", "carol", "restore of version 1")
    assert v3.previous is not None and v3.previous["answer"] == "新答案：可以申请劳动仲裁。"

    assert delete_entry("wage-arrears", "dave")
    assert db.session.get(FaqEntry, "wage-arrears") is None
    assert history("wage-arrears")[0].action == "delete"
    assert restore_entry("wage-arrears", 2, "erin") == "created"
    assert current("wage-arrears").version == 5
    with pytest.raises(ChangeError):
        restore_entry("wage-arrears", 4, "erin")  # a deletion has no content to restore


def test_history_and_restore_commands(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "第一版")], author="alice")
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "第二版")], author="bob")
    runner = app.test_cli_runner()
    out = runner.invoke(args=["kb", "history", "wage-arrears"]).output
    assert out.index("v2  update") < out.index("v1  create") and "bob" in out
    res = runner.invoke(args=["kb", "restore", "wage-arrears", "1", "--author", "cli-admin"])
    assert res.exit_code == 0, res.output
    assert current("wage-arrears").answer == "第一版"
    res = runner.invoke(args=["kb", "restore", "wage-arrears", "9"])
    assert res.exit_code != 0 and "恢复失败" in res.output and "restore failed" in res.output


def test_console_input_is_validated_like_files(app: Flask) -> None:
    with pytest.raises(ChangeError) as info:
        validated({"id": "Bad Id", "question": "问题", "answer": " ", "status": "online"})
    message = str(info.value)
    assert "bad id" in message and "empty answer" in message and "unknown status online" in message


def test_only_published_entries_valid_today_are_answered(app: Flask, tmp_path: Path) -> None:
    today = service.today()
    import_yaml(tmp_path, [
        entry("helmet-rule", "骑电动车必须戴头盔吗", valid_from=today.isoformat()),
        entry("old-marriage-law", "婚姻法规定的离婚冷静期", valid_to=today.isoformat()),
        entry("new-rule-next-month", "明年新规定的农村宅基地继承", valid_from=(today + timedelta(days=30)).isoformat()),
        entry("draft-entry", "草稿里的彩礼返还问题", status="draft"),
    ])
    assert set(service.snapshot(app).entries) == {"helmet-rule"}
    assert explain(app, "骑电动车必须戴头盔吗")["faq_id"] == "helmet-rule"
    for question in ("婚姻法规定的离婚冷静期", "明年新规定的农村宅基地继承", "草稿里的彩礼返还问题"):
        assert explain(app, question)["faq_id"] is None

    data = EntryData.from_model(current("draft-entry"))
    save_entry(replace(data, status="published"), author="editor")
    assert explain(app, "草稿里的彩礼返还问题")["faq_id"] == "draft-entry"


def test_seed_never_overwrites_or_revives_what_admins_changed(app: Flask) -> None:
    runner = app.test_cli_runner()
    first = runner.invoke(args=["kb", "seed"])
    assert first.exit_code == 0 and "kept 0" in first.output, first.output
    shipped = len(service.snapshot(app).entries)
    assert shipped >= 150
    edited, removed = sorted(service.snapshot(app).entries)[:2]
    save_entry(replace(EntryData.from_model(current(edited)), answer="管理员改过的答案。"), author="admin")
    delete_entry(removed, author="admin")

    again = runner.invoke(args=["kb", "seed"])
    assert again.exit_code == 0 and "kept 2" in again.output and "created 0" in again.output, again.output
    assert current(edited).answer == "管理员改过的答案。"
    assert db.session.get(FaqEntry, removed) is None
    assert len(list(KB_DATA.glob("*.yaml"))) > 0
