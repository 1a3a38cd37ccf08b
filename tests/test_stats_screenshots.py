"""Screenshots of the statistics pages at phone and desktop widths, for docs/screenshots/.

Skipped unless ``FAZHI_SCREENSHOTS`` names the folder to write to (as the console's)::

    FAZHI_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/test_stats_screenshots.py
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.cases import actions, service
from bot.console_stats.answered import count_answer, flush
from bot.extensions import db
from knowledge.changes import save_entry, validated
from knowledge.models import UnansweredQuestion
from tests.browser.helpers import write_screenshots
from tests.test_console_fixtures import PASSWORD, people, routed_case, seeded, user  # noqa: F401
from tests.test_stats_fixtures import CST

TARGET = os.environ.get("FAZHI_SCREENSHOTS", "")
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("people"),
              pytest.mark.skipif(not TARGET, reason="set FAZHI_SCREENSHOTS=<folder> to write screenshots")]

# (case type, category, village code): a township's year, roughly in proportion
KINDS = [("mediation", "邻里", "huangbai"), ("consultation", None, "shiqiao"), ("mediation", "劳动", "qinglong"),
         ("clue", "环境", "baihe"), ("consultation", None, "huangbai"), ("mediation", "家庭", "liuxi"),
         ("complaint", "干部作风", "shiqiao"), ("clue", "交通", "qinglong"), ("consultation", None, "baihe"),
         ("mediation", "土地", "huangbai"), ("suggestion", None, "liuxi"), ("consultation", None, "qinglong")]

# cases received per month, January to November (66 in all)
MONTHS = [m for m, n in enumerate((4, 3, 7, 6, 8, 5, 4, 7, 5, 9, 8), start=1) for _ in range(n)]


def _year(app: Flask) -> None:
    li, tw, admin = user("sfs_li"), user("hb_tw"), user("admin")
    for i in range(66):
        case_type, category, village = KINDS[i % len(KINDS)]
        month, day = MONTHS[i], 1 + (i * 5) % 27
        start = datetime(2026, month, day, 9, tzinfo=CST)
        app.extensions["fazhi.clock"] = lambda at=start: at
        case = routed_case(case_type=case_type, category=category, village_code=village, openid=f"o_year_{i}",
                           description="示例事项。")
        who = tw if case.office and case.office.code == "huangbai-tw" else (li if case.office and
                                                                           case.office.code == "sfs" else admin)
        if i % 9 == 8:
            continue  # never taken up
        app.extensions["fazhi.clock"] = lambda at=start.replace(hour=9 + i % 3 * 7): at
        actions.claim(case, who)
        if case_type == "mediation":
            app.extensions["fazhi.clock"] = lambda at=start.replace(day=min(day + 3, 28)): at
            actions.change_status(case, "mediated" if i % 4 else "mediation_failed", author=who)
        if i % 6 != 5:
            app.extensions["fazhi.clock"] = lambda at=start.replace(day=min(day + 1 + i % 12, 28)): at
            actions.close(case, "已办理。", author=who)
            if i % 3:
                service.record_rating(case, 5 - (i % 7 == 0) - (i % 11 == 0) * 2, None)
    app.extensions.pop("fazhi.clock", None)  # answers are counted on the real today, which flush() reads
    for text in ("宅基地能卖给外村人吗", "村里修路占了我家地怎么补偿", "网上借钱被骗了怎么办"):
        db.session.add(UnansweredQuestion(text=text, candidates=[]))
    db.session.commit()
    for entry_id, tags, times in (("wage", ["劳动", "欠薪"], 41), ("divorce", ["婚姻", "离婚"], 27),
                                  ("land", ["土地", "宅基地"], 22), ("support", ["家庭", "赡养"], 18),
                                  ("traffic", ["交通事故"], 9)):
        save_entry(validated({"id": entry_id, "question": f"{entry_id}?", "answer": "答案。", "tags": tags}), "t")
        for _ in range(times):
            count_answer(app, entry_id)
    flush()


def test_write_screenshots(app: Flask, gunicorn_server: Any) -> None:
    _year(app)
    folder = Path(TARGET)
    write_screenshots(gunicorn_server(workers=1), "admin", PASSWORD, [
        ("/console/stats/?start=2026-01-01&end=2026-12-31", "stats"),
        ("/console/stats/annual?year=2026", "stats-annual"),
        ("/console/stats/cases?start=2026-01-01&end=2026-12-31&subset=closed-late", "stats-cases"),
    ], folder)
    assert {p.name for p in folder.glob("stats-*.png")} >= {"stats-phone.png", "stats-desktop.png"}
