"""The count of questions the FAQ answered: one Redis call in the webhook path, copied into
the database by a flush that can run any number of times."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from sqlalchemy import select

from bot.console_stats import answered
from bot.console_stats.models import FaqAnswerCount
from bot.explain import explain
from bot.extensions import db
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml

CST = ZoneInfo("Asia/Shanghai")


def _rows() -> dict[tuple[date, str], int]:
    return {(r.day, r.entry_id): r.count for r in db.session.scalars(select(FaqAnswerCount))}


def test_answers_through_the_webhook_are_counted_and_explain_is_not(app: Flask, tmp_path: Path,
                                                                   wechat: WeChatHelper) -> None:
    import_yaml(tmp_path, [entry("mediation-fee", "人民调解收费吗", "人民调解不收费。", tags=["调解"])])
    today = answered.today()  # the webhook's signature check reads the clock too: leave it real
    assert "不收费" in (wechat.text("人民调解收费吗", "o_1") or "")
    assert "不收费" in (wechat.text("人民调解收费吗", "o_2") or "")
    explain(app, "人民调解收费吗")  # dry run: not a resident's question
    assert app.redis.hgetall(answered.day_key(today)) == {b"mediation-fee": b"2"}  # type: ignore[attr-defined]
    assert app.redis.ttl(answered.day_key(today)) > 0  # type: ignore[attr-defined]
    assert answered.flush() == 1
    assert _rows() == {(today, "mediation-fee"): 2}


def test_flush_copies_totals_and_repeating_it_changes_nothing(app: Flask) -> None:
    app.extensions["fazhi.clock"] = lambda: datetime(2026, 5, 2, 8, tzinfo=CST)
    for entry_id in ("a", "a", "b"):
        answered.count_answer(app, entry_id)
    assert answered.flush() == 2
    assert answered.flush() == 0
    answered.count_answer(app, "a")
    assert answered.flush() == 1
    assert _rows() == {(date(2026, 5, 2), "a"): 3, (date(2026, 5, 2), "b"): 1}


def test_flush_survives_redis_being_down(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    import redis

    class Down:
        def pipeline(self, **kw: object) -> object:
            raise redis.ConnectionError("down")

    monkeypatch.setattr(app, "redis", Down())
    answered.count_answer(app, "a")  # no exception: the resident still gets the answer
    assert answered.flush() == 0


def test_flush_job_reschedules_itself(app: Flask) -> None:
    from rq.registry import ScheduledJobRegistry

    app.config["STATS_FLUSH_SECONDS"] = 600
    answered.flush_job()
    registry = ScheduledJobRegistry(queue=app.task_queue)  # type: ignore[attr-defined]
    assert any(job_id.startswith("stats-flush-") for job_id in registry.get_job_ids())
    app.config["STATS_FLUSH_SECONDS"] = 0
    assert answered.flush_interval() == 0
