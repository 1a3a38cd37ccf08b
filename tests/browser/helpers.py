"""Helpers for the browser tests: a headless Chromium, and a resident chatting over real HTTP."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.conftest import WeChatHelper

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}


def need_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-wqy-microhei)")


@contextmanager
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (never a downloaded browser build)."""
    need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class _Response:
    def __init__(self, res: requests.Response) -> None:
        self.status_code, self.data = res.status_code, res.content

    def get_data(self, as_text: bool = False) -> Any:
        return self.data.decode() if as_text else self.data


class HttpClient:
    """Enough of Flask's test client for :class:`WeChatHelper`, speaking HTTP to a real server."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url

    def post(self, path: str, query_string: dict[str, str], data: bytes, content_type: str) -> _Response:
        res = requests.post(self.base_url + path, params=query_string, data=data,
                            headers={"Content-Type": content_type}, timeout=10)
        return _Response(res)


def resident_over_http(base_url: str) -> WeChatHelper:
    """The ``wechat`` helper, but posting to a running gunicorn (signed and encrypted as WeChat does)."""
    return WeChatHelper(HttpClient(base_url))  # type: ignore[arg-type]


def sign_in(page: Any, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/console/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/console/")


def write_screenshots(base_url: str, username: str, password: str, pages: list[tuple[str, str]],
                      folder: Path, *, no_sideways_scroll: bool = False) -> None:
    """Sign in at phone and desktop widths and save each ``(path, name)`` page as
    ``<name>-phone.png`` / ``<name>-desktop.png`` in ``folder`` (for docs/screenshots/)."""
    folder.mkdir(parents=True, exist_ok=True)
    with browser() as chromium:
        for width_name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
            page = chromium.new_page(viewport=viewport, device_scale_factor=1)
            sign_in(page, base_url, username, password)
            for path, name in pages:
                page.goto(f"{base_url}{path}")
                page.wait_for_load_state("networkidle")
                if no_sideways_scroll:
                    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"], (path,
                                                                                                       width_name)
                page.screenshot(path=str(folder / f"{name}-{width_name}.png"), full_page=True)
            page.close()
