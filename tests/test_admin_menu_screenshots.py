"""Screenshots of the WeChat menu page and its editor at phone and desktop widths, for
docs/screenshots/; at 375 px neither page scrolls sideways.

Skipped unless ``FAZHI_SCREENSHOTS`` names the folder to write to (as the console's)::

    FAZHI_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/test_admin_menu_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.menu import load_menu, save_menu
from tests.browser.helpers import write_screenshots
from tests.test_console_fixtures import PASSWORD, people, seeded, user  # noqa: F401

TARGET = os.environ.get("FAZHI_SCREENSHOTS", "")
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("people"),
              pytest.mark.skipif(not TARGET, reason="set FAZHI_SCREENSHOTS=<folder> to write screenshots")]


def test_write_menu_screenshots(app: Flask, gunicorn_server: Any) -> None:
    menu = load_menu()
    menu["button"][1]["sub_button"].append({"type": "view", "name": "政务服务网", "url": "https://www.sczwfw.gov.cn/"})
    menu["button"][1]["sub_button"] = menu["button"][1]["sub_button"][1:]
    save_menu(menu, user("admin"))
    folder = Path(TARGET)
    write_screenshots(gunicorn_server(workers=1), "admin", PASSWORD,
                      [("/console/admin/menu", "menu"), ("/console/admin/menu/edit", "menu-edit")], folder,
                      no_sideways_scroll=True)
    assert {p.name for p in folder.glob("menu-*.png")} >= {"menu-phone.png", "menu-edit-phone.png"}
