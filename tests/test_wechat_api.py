"""Outbound: shared access token, stable_token, 40001 refresh, customer-service sends, menu push."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
from flask import Flask

from bot.extensions import db
from bot.models import OutboundMessage
from bot.outbound import deliver, queue_text
from bot.simulator.fake_api import FakeWeChat
from bot.wechat_api import get_client
from tests.conftest import ROOT, WeChatHelper, wait_for

_TOKEN_SCRIPT = """
import sys, time, json
from bot import create_app
from bot.config import config_from_env
app = create_app(config_from_env())
start = float(sys.argv[1])
while time.time() < start:
    time.sleep(0.001)
with app.app_context():
    from bot.wechat_api import get_client
    print(json.dumps(get_client().access_token))
"""


def test_token_fetched_once_by_four_processes(app: Flask, base_env: dict[str, str], fake_wechat: FakeWeChat) -> None:
    start = time.time() + 2.0
    env = {**os.environ, **base_env}
    procs = [subprocess.Popen([sys.executable, "-c", _TOKEN_SCRIPT, str(start)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(4)]
    outputs = [p.communicate(timeout=60) for p in procs]
    tokens = {json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs}
    assert all(p.returncode == 0 for p in procs), [err.decode()[-500:] for _, err in outputs]
    assert len(tokens) == 1
    assert fake_wechat.token_requests() == 1


def test_stable_token_is_used_and_cached(app: Flask, fake_wechat: FakeWeChat) -> None:
    client = get_client()
    first = client.access_token
    assert client.access_token == first
    records = fake_wechat.records("token")
    assert len(records) == 1 and records[0]["force_refresh"] is False


def test_invalid_token_refreshes_once_and_retries(app: Flask, fake_wechat: FakeWeChat) -> None:
    client = get_client()
    client.message.send_text("o_a", "第一条")
    fake_wechat.invalidate_tokens()  # WeChat now answers 40001 to the cached token
    client.message.send_text("o_a", "第二条")
    assert fake_wechat.sent_texts("o_a") == ["第一条", "第二条"]
    tokens = fake_wechat.records("token")
    assert len(tokens) == 2 and tokens[1]["force_refresh"] is True


def test_customer_service_send_marks_sent(app: Flask, fake_wechat: FakeWeChat) -> None:
    msg = queue_text("o_b", "您好，您的事项已受理。", send=False)
    assert deliver(msg.id) == "sent"
    assert deliver(msg.id) == "skipped"  # a retried job does not send twice
    assert fake_wechat.sent_texts("o_b") == ["您好，您的事项已受理。"]
    db.session.refresh(msg)
    assert msg.status == "sent" and msg.sent_at is not None


def test_45015_waits_and_is_delivered_on_next_message(
    app: Flask, fake_wechat: FakeWeChat, worker: object, wechat: WeChatHelper
) -> None:
    fake_wechat.fail_sends("o_c", 45015)
    msg = queue_text("o_c", "工作人员的答复")

    def status() -> str:
        db.session.expire_all()
        return db.session.get(OutboundMessage, msg.id).status  # type: ignore[union-attr]

    wait_for(lambda: status() == "undelivered")
    assert fake_wechat.sent_texts("o_c") == []
    assert fake_wechat.records("custom_refused")[0]["errcode"] == 45015
    wechat.text("帮助", openid="o_c")  # the resident writes again: the window is open
    wait_for(lambda: status() == "sent")
    assert fake_wechat.sent_texts("o_c") == ["工作人员的答复"]


def test_later_parts_of_a_reply_are_sent_by_the_worker(
    app: Flask, fake_wechat: FakeWeChat, worker: object, wechat: WeChatHelper
) -> None:
    from bot.dispatch import Context, Reply

    class TwoPart:
        name = "probe"

        def matches(self, ctx: Context) -> bool:
            return ctx.message.text == "长答案"

        def handle(self, ctx: Context) -> Reply:
            return Reply("第一部分", later=["第二部分", "第三部分"])

    app.extensions["fazhi.registry"].handlers.insert(0, TwoPart())
    assert wechat.text("长答案", openid="o_d") == "第一部分"
    wait_for(lambda: len(fake_wechat.sent_texts("o_d")) == 2)
    assert fake_wechat.sent_texts("o_d") == ["第二部分", "第三部分"]


def test_menu_push_command(app: Flask, fake_wechat: FakeWeChat) -> None:
    result = app.test_cli_runner().invoke(args=["wechat", "menu", "push"])
    assert result.exit_code == 0, result.output
    pushed = fake_wechat.records("menu")[-1]
    names = [b["name"] for b in pushed["button"]]
    assert names == ["普法问答", "我要办事", "办理进度"]
    assert [b["key"] for b in pushed["button"][1]["sub_button"]][:2] == ["MENU_CONSULT", "MENU_COMPLAINT"]


@pytest.mark.config(JOB_RETRY_INTERVALS=[0, 0])
def test_send_retried_with_backoff_then_sent(
    app: Flask, fake_wechat: FakeWeChat, worker: object
) -> None:
    fake_wechat.fail_sends("o_r", -1, times=2)  # "system busy" twice
    msg = queue_text("o_r", "第三次才成功")

    def row() -> OutboundMessage:
        db.session.expire_all()
        return db.session.get(OutboundMessage, msg.id)  # type: ignore[return-value]

    wait_for(lambda: row().status == "sent", timeout=30)
    assert row().attempts == 3
    assert fake_wechat.sent_texts("o_r") == ["第三次才成功"]


@pytest.mark.config(JOB_RETRY_INTERVALS=[0])
def test_send_that_keeps_failing_lands_in_failed_registry(
    app: Flask, fake_wechat: FakeWeChat, worker: object
) -> None:
    fake_wechat.fail_sends("o_f", -1, times=5)
    msg = queue_text("o_f", "发不出去")

    def row() -> OutboundMessage:
        db.session.expire_all()
        return db.session.get(OutboundMessage, msg.id)  # type: ignore[return-value]

    wait_for(lambda: row().status == "failed", timeout=30)
    runner = app.test_cli_runner()
    wait_for(lambda: "bot.outbound.deliver" in runner.invoke(args=["jobs", "failed", "--json"]).output)
    rows = [json.loads(line) for line in runner.invoke(args=["jobs", "failed", "--json"]).output.splitlines()]
    assert any(r["func"] == "bot.outbound.deliver" and r["args"] == [str(msg.id)] for r in rows)
