"""The case domain's settings: defaults, overridable by app config or ``FAZHI_<NAME>`` variables.

``bot.config.Config`` reads only the foundation's variables, so the case settings are filled
in here when the app is built (``init_app``), never at import time. A value already in the
app config (e.g. a test's ``TestConfig(..., CASE_TICK_SECONDS=1)``) wins over the environment.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

from flask import Flask

# name → (default, parser of the environment string)
DEFAULTS: dict[str, tuple[Any, Callable[[str], Any]]] = {
    # Deadlines are township days.
    "CASE_TIMEZONE": ("Asia/Shanghai", str),
    # How often the worker's tick dispatches the outbox; 0 turns the tick off.
    "CASE_TICK_SECONDS": (30, int),
    # How often (at most) the tick runs the overdue check.
    "CASE_SLA_SECONDS": (300, int),
    # An outbox row enqueued this long ago without finishing is enqueued again.
    "CASE_OUTBOX_LEASE": (600, int),
    # Rows dispatched inline after a commit in a web request (the rest wait for the tick).
    "CASE_DISPATCH_INLINE_LIMIT": (20, int),
    # A case message still "queued" and never tried after this long gets a new delivery job.
    "CASE_REDELIVER_AFTER": (120, int),
    # Per-type overrides of bot.cases.sla.DEFAULT_TIME_LIMITS, e.g. {"clue": {"resolve": [5, "workdays"]}}.
    "CASE_TIME_LIMITS": ({}, json.loads),
}


def init_settings(app: Flask, environ: dict[str, str] | None = None) -> None:
    env = os.environ if environ is None else environ
    for name, (default, parse) in DEFAULTS.items():
        if name in app.config:
            continue
        raw = env.get(f"FAZHI_{name}")
        app.config[name] = parse(raw) if raw else default
