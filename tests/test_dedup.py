"""WeChat retries: one handler run, the same reply, across gunicorn processes."""

from __future__ import annotations

import threading
from typing import Any

import redis
import requests

from bot.dedup import Deduplicator
from tests.conftest import WeChatHelper


def test_retry_gets_stored_reply_without_rerunning(redis_conn: redis.Redis) -> None:
    redis_conn.flushdb()
    runs: list[int] = []
    dedup = Deduplicator(redis_conn, ttl=60, wait=1.0)

    def produce() -> dict[str, Any]:
        runs.append(1)
        return {"text": f"run {len(runs)}"}

    first = dedup.run_once("o:1:m1", produce)
    second = dedup.run_once("o:1:m1", produce)
    assert first == second == {"text": "run 1"} and len(runs) == 1
    assert dedup.run_once("o:1:m2", produce) == {"text": "run 2"}


def test_retry_while_first_still_running_gets_success_after_wait(redis_conn: redis.Redis) -> None:
    redis_conn.flushdb()
    dedup = Deduplicator(redis_conn, ttl=60, wait=0.2)
    redis_conn.set("dedup:o:1:busy", b"\x00pending")
    assert dedup.run_once("o:1:busy", lambda: {"text": "never"}) is None


def test_failed_handler_releases_the_claim(redis_conn: redis.Redis) -> None:
    redis_conn.flushdb()
    dedup = Deduplicator(redis_conn, ttl=60, wait=0.2)

    def boom() -> dict[str, Any]:
        raise RuntimeError("x")

    try:
        dedup.run_once("o:1:err", boom)
    except RuntimeError:
        pass
    assert dedup.run_once("o:1:err", lambda: {"text": "ok"}) == {"text": "ok"}


def test_same_message_twice_through_webhook_same_reply(wechat: WeChatHelper) -> None:
    xml = wechat.sim.build_xml("text", "o_dup", text="帮助", msg_id=777, create_time=1700000000)
    first = wechat.post_xml(xml)
    second = wechat.post_xml(xml)
    assert first is not None and second is not None
    # CreateTime is when each reply was rendered: the two can fall either side of a second
    assert first.pop("CreateTime").isdigit() and second.pop("CreateTime").isdigit()
    assert first == second


def test_three_concurrent_deliveries_across_two_gunicorn_workers(
    gunicorn_server: Any, wechat: WeChatHelper, redis_conn: redis.Redis
) -> None:
    url = gunicorn_server(workers=2, extra_env={"FAZHI_EXTRA_HANDLERS": "tests.support.probe:SlowProbe"})
    xml = wechat.sim.build_xml("text", "o_retry", text="__probe__ 1", msg_id=4242)
    signed = wechat.sim.sign(xml, encrypt=True)
    results: list[requests.Response] = []
    lock = threading.Lock()

    def deliver() -> None:
        res = requests.post(url + "/wechat", params=signed.query, data=signed.body, timeout=10)
        with lock:
            results.append(res)

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.status_code for r in results] == [200, 200, 200]
    replies = [wechat.sim.read_reply(r.content, encrypted=True) for r in results]
    contents = {r["Content"] for r in replies if r}
    assert len(contents) == 1 and next(iter(contents)).startswith("probe ")
    assert all(r is not None for r in replies)
    assert int(redis_conn.get("probe:runs:__probe__ 1") or 0) == 1
