"""Cases through a real worker process, real Redis and the fake WeChat API."""

from __future__ import annotations

import os
import signal
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from flask import Flask

from bot import create_app
from bot.cases.clock import now
from bot.cases.models import Case, Outbox
from bot.cases.outbox import after_commit_dispatch, dispatch_outbox
from bot.cases.service import staff_reply
from bot.config import TestConfig as Settings
from bot.extensions import db
from bot.models import OutboundMessage
from bot.simulator.fake_api import FakeWeChat
from tests.conftest import WeChatHelper, wait_for
from tests.test_cases_fixtures import new_case, running_worker, seeded, staff  # noqa: F401

pytestmark = [pytest.mark.usefixtures("seeded"), pytest.mark.slow]


def _fresh(case_id: int) -> Case:
    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case is not None
    return case


def test_worker_routes_notifies_on_duty_staff_and_acknowledges(
    app: Flask, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat
) -> None:
    on = staff("tw_on", "huangbai-tw")
    off = staff("tw_off", "huangbai-tw", on_duty=False)
    case = new_case()
    after_commit_dispatch()
    wait_for(lambda: fake_wechat.sent_texts(case.openid))
    case = _fresh(case.id)
    assert case.office.code == "huangbai-tw" and case.accept_due is not None and case.acknowledged_at is not None
    wait_for(lambda: fake_wechat.sent_texts(on.wechat_openid))
    [notice] = fake_wechat.sent_texts(on.wechat_openid)
    assert case.number in notice and "138****8000" in notice and "13800138000" not in notice
    assert fake_wechat.sent_texts(off.wechat_openid) == []
    [ack] = fake_wechat.sent_texts(case.openid)
    assert case.number in ack and "黄柏村人民调解委员会" in ack
    wait_for(lambda: _done(case.id))


def _done(case_id: int) -> bool:
    db.session.expire_all()
    return all(r.done_at is not None for r in db.session.query(Outbox))


@pytest.mark.config(REDIS_URL="redis://127.0.0.1:1/0")
def test_case_saved_with_redis_down_and_routed_when_it_returns(
    app: Flask, base_env: dict[str, str], tmp_root: Path, fake_wechat: FakeWeChat
) -> None:
    with pytest.raises(redis.RedisError):
        app.redis.ping()  # type: ignore[attr-defined]
    case = new_case()
    after_commit_dispatch()  # swallows the outage
    assert dispatch_outbox() == 0
    row = db.session.query(Outbox).one()
    assert row.sent_at is None and row.done_at is None
    # Redis is back (an app on the live server), and a worker runs.
    back = create_app(Settings(base_env))
    with back.app_context():
        assert dispatch_outbox() == 1
        with running_worker(base_env, tmp_root):
            wait_for(lambda: fake_wechat.sent_texts(case.openid))
            routed = db.session.get(Case, case.id)
            assert routed is not None and routed.office is not None and routed.office.code == "huangbai-tw"
        db.session.remove()


def test_worker_killed_mid_job_rerun_sends_no_duplicates(
    app: Flask, base_env: dict[str, str], tmp_root: Path, fake_wechat: FakeWeChat, redis_conn: redis.Redis
) -> None:
    members = [staff(f"tw{i}", "huangbai-tw") for i in range(2)]
    case = new_case()
    redis_conn.set("cases:test:block:after_notify_office", 1)
    # no periodic tick: this test dispatches the outbox itself (a tick a second after the worker
    # starts would otherwise race it on a slow machine)
    env = {**base_env, "FAZHI_CASE_TICK_SECONDS": "0"}
    with running_worker(env, tmp_root, "first") as first:
        assert dispatch_outbox() == 1
        horse = int(wait_for(lambda: redis_conn.get("cases:test:reached:after_notify_office")))
        os.kill(horse, signal.SIGKILL)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    redis_conn.delete("cases:test:block:after_notify_office")
    assert db.session.query(Outbox).one().done_at is None
    # Nothing re-enqueues the row before its lease is over; afterwards it is dispatched again.
    assert dispatch_outbox() == 0
    assert dispatch_outbox(now() + timedelta(seconds=601)) == 1
    with running_worker(env, tmp_root, "second"):
        wait_for(lambda: _done(case.id))
        wait_for(
            lambda: (
                fake_wechat.sent_texts(case.openid) and all(fake_wechat.sent_texts(m.wechat_openid) for m in members)
            )
        )
        assert db.session.query(Outbox).one().attempts == 2
    for member in members:
        assert len(fake_wechat.sent_texts(member.wechat_openid)) == 1
    assert len(fake_wechat.sent_texts(case.openid)) == 1
    assert db.session.query(OutboundMessage).filter_by(purpose="case_notice").count() == 2


def test_staff_reply_is_delivered(app: Flask, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat) -> None:
    case = new_case(case_type="consultation", category=None)
    msg = staff_reply(case, "您好，赡养费可以先协商，协商不成可以申请调解或起诉。", author="sfs_li")
    wait_for(lambda: any("赡养费" in t for t in fake_wechat.sent_texts(case.openid)))

    def status() -> str:
        db.session.expire_all()
        return db.session.get(OutboundMessage, msg.id).status  # type: ignore[union-attr]

    # the fake API records the text a moment before the worker commits the status
    wait_for(lambda: status() == "sent")
    assert len([t for t in fake_wechat.sent_texts(case.openid) if "赡养费" in t]) == 1


def test_reply_waits_for_closed_window_and_goes_out_with_its_time(
    app: Flask, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat, wechat: WeChatHelper
) -> None:
    case = new_case(case_type="consultation", category=None)
    fake_wechat.fail_sends(case.openid, 45015)
    msg = staff_reply(case, "材料已收到，下周一给您答复。", author="sfs_li")

    def status() -> str:
        db.session.expire_all()
        return db.session.get(OutboundMessage, msg.id).status  # type: ignore[union-attr]

    wait_for(lambda: status() == "undelivered")
    assert fake_wechat.sent_texts(case.openid) == []
    wechat.text("你好，我的事情怎么样了", openid=case.openid)
    wait_for(lambda: status() == "sent")
    [text] = [t for t in fake_wechat.sent_texts(case.openid) if "材料已收到" in t]
    assert "（工作人员于" in text and "回复）" in text and case.number in text


def test_overdue_alert_reaches_the_lead(app: Flask, worker: subprocess.Popen[bytes], fake_wechat: FakeWeChat) -> None:
    lead = staff("sfs_boss", "sfs", role="lead")
    case = new_case(case_type="consultation", category=None)
    after_commit_dispatch()
    wait_for(lambda: _fresh(case.id).routed_at)
    result = app.test_cli_runner().invoke(args=["cases", "sla-check", "--now", "2030-01-01T09:00"])
    assert "2 overdue" in result.output

    def alerts() -> list[str]:
        return [t for t in fake_wechat.sent_texts(lead.wechat_openid) if "超期提醒" in t]

    wait_for(lambda: len(alerts()) >= 2)
    assert all(case.number in t for t in alerts())
    app.test_cli_runner().invoke(args=["cases", "sla-check", "--now", "2030-01-02T09:00"])
    assert _fresh(case.id).overdue
    assert db.session.query(OutboundMessage).filter_by(purpose="case_overdue").count() == 2
    assert len(alerts()) == 2


@pytest.mark.config(REDIS_URL="redis://127.0.0.1:1/0")
def test_worker_tick_picks_up_what_was_stored_while_redis_was_down(
        app: Flask, base_env: dict[str, str], tmp_root: Path, fake_wechat: FakeWeChat) -> None:
    """No manual dispatch: the worker's periodic tick finds the outbox row and the stranded reply."""
    earlier = new_case(openid="o_earlier", case_type="consultation", category=None)
    reply = staff_reply(earlier, "您好，材料请带身份证原件。", author="sfs_li")  # could not be enqueued
    case = new_case()
    after_commit_dispatch()
    env = {**base_env, "FAZHI_CASE_TICK_SECONDS": "1", "FAZHI_CASE_REDELIVER_AFTER": "0"}
    with running_worker(env, tmp_root, "ticking"):
        wait_for(lambda: fake_wechat.sent_texts(case.openid), timeout=20)
        wait_for(lambda: any("身份证原件" in t for t in fake_wechat.sent_texts("o_earlier")), timeout=20)
        wait_for(lambda: _done(case.id), timeout=20)

        def reply_status() -> str:
            db.session.expire_all()
            return db.session.get(OutboundMessage, reply.id).status  # type: ignore[union-attr]

        wait_for(lambda: reply_status() == "sent")
    assert _fresh(case.id).office.code == "huangbai-tw"  # type: ignore[union-attr]
    assert len([t for t in fake_wechat.sent_texts("o_earlier") if "身份证原件" in t]) == 1


def test_failed_job_is_listed_by_jobs_failed(app: Flask, worker: subprocess.Popen[bytes]) -> None:
    from bot.jobs import enqueue

    enqueue("bot.cases.jobs.process_new_case", 999999, retry=None)
    runner = app.test_cli_runner()
    output = wait_for(lambda: runner.invoke(args=["jobs", "failed"]).output)
    assert "bot.cases.jobs.process_new_case" in output and "case 999999 not found" in output
