"""``python -m bot.simulator [--port 5001]``: the development WeChat simulator."""

from __future__ import annotations

import argparse

from dotenv import load_dotenv

from bot.simulator.app import create_simulator_app


def main() -> None:
    parser = argparse.ArgumentParser(description="Fazhi's offline WeChat simulator (development only)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5001)
    args = parser.parse_args()
    load_dotenv()
    app = create_simulator_app()
    print(f"WeChat simulator on http://{args.host}:{args.port}/  (fake WeChat API at the same address)")
    app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
