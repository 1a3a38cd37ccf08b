"""The admin console in a real headless Chromium against gunicorn (two workers, CSRF on): an admin
finds an FAQ entry, previews and saves a new answer, and a resident writing through the webhook
gets the new answer from both workers within five seconds, without a restart."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.audit import AuditEntry
from bot.extensions import db
from tests.browser.helpers import PHONE, browser, need_chromium, resident_over_http, sign_in
from tests.support.kb import entry, import_yaml
from tests.test_console_fixtures import PASSWORD, people, seeded  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("people")]
RESIDENT = "o_admin_browser_resident"
QUESTION = "老板拖欠工资不给怎么办"
OLD = "旧答案：先和老板协商。"
NEW = "新答案：带上工资条和考勤记录，到乡劳动保障所投诉，也可以申请劳动仲裁。"
DEADLINE = 5.0
IN_A_ROW = 4  # replies with the new answer in a row: every worker has switched


def test_an_edited_answer_reaches_residents_within_seconds(app: Flask, gunicorn_server: Any, tmp_path: Path) -> None:
    need_chromium()
    import_yaml(tmp_path, [entry("wage-arrears", QUESTION, OLD, alt_questions=["工资被拖欠了"], tags=["劳动"])])
    url = gunicorn_server(workers=2, extra_env={"FAZHI_ENV": "development"})
    resident = resident_over_http(url)
    for _ in range(4):  # both workers have built their index with the old answer
        assert (resident.text(QUESTION, RESIDENT) or "").startswith(OLD)

    with browser() as chromium:
        page = chromium.new_page(viewport=PHONE)
        sign_in(page, url, "admin", PASSWORD)
        page.click("nav.nav >> text=知识库")
        page.fill("input[name=q]", "工资")
        page.click("form.filters button[type=submit]")
        page.click(f"table.faq-list a:has-text('{QUESTION}')")
        page.wait_for_url(f"{url}/console/admin/faq/wage-arrears/edit")
        assert OLD in page.locator("#preview").inner_text()

        page.fill("#answer", NEW)
        page.click("button[name=do][value=preview]")
        assert NEW in page.locator("#preview").inner_text()
        assert "法律依据" not in page.locator("#preview").inner_text()  # no law given, no citation line
        page.click("button[name=do][value=save]")
        page.wait_for_selector(".flash-ok")
        saved = time.monotonic()

        in_a_row = 0
        while in_a_row < IN_A_ROW:
            assert time.monotonic() - saved < DEADLINE, "residents still get the old answer"
            reply = resident.text(QUESTION, RESIDENT) or ""
            in_a_row = in_a_row + 1 if reply.startswith(NEW) else 0
            if not in_a_row:
                time.sleep(0.1)

        page.goto(f"{url}/console/admin/faq/wage-arrears/history")
        assert NEW in page.locator(".diff .add").first.inner_text()
    db.session.expire_all()
    assert db.session.query(AuditEntry).filter_by(action="faq.update", target="faq:wage-arrears").count() == 1
