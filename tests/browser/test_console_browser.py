"""The console in a real headless Chromium against gunicorn and a real worker: a resident hands
in a consultation through the webhook, the 司法所 staff member finds it, replies and closes it,
and the resident gets both messages; another office cannot open it."""

from __future__ import annotations

import subprocess
from typing import Any

import pytest
import requests
from flask import Flask

from bot.cases.models import Case
from bot.extensions import db
from bot.simulator.fake_api import FakeWeChat
from tests.browser.helpers import DESKTOP, PHONE, browser, need_chromium, resident_over_http, sign_in
from tests.conftest import wait_for
from tests.support.intake import Chat
from tests.test_console_fixtures import PASSWORD, people, seeded  # noqa: F401

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("people")]
RESIDENT = "o_browser_resident"


def _routed_case(openid: str) -> Case:
    def find() -> Case | None:
        db.session.expire_all()
        case = db.session.query(Case).filter_by(openid=openid).one_or_none()
        return case if case is not None and case.office_id is not None else None

    found: Case = wait_for(find)
    return found


def test_staff_handles_a_case_from_the_webhook(app: Flask, gunicorn_server: Any, worker: subprocess.Popen[bytes],
                                              fake_wechat: FakeWeChat) -> None:
    need_chromium()
    # development settings: CSRF is on (the test config turns it off), so the real forms must carry tokens
    url = gunicorn_server(workers=2, extra_env={"FAZHI_ENV": "development"})
    assert requests.post(f"{url}/console/login", data={"username": "sfs_li", "password": PASSWORD},
                         timeout=5).status_code == 400  # no token
    chat = Chat(resident_over_http(url), RESIDENT)
    chat.fill_from_menu("consultation")  # 赡养费, 黄柏村, 13812345678 → 司法所
    assert "提交成功" in chat.say("确认")
    case = _routed_case(RESIDENT)
    assert case.office.code == "sfs"

    with browser() as chromium:
        phone = chromium.new_page(viewport=PHONE)
        sign_in(phone, url, "sfs_li", PASSWORD)
        assert phone.locator(".tab.here").inner_text().startswith("新事项")
        row = phone.locator(f"a.case-row:has-text('{case.number}')")
        assert "138****5678" in row.inner_text() and "13812345678" not in phone.content()
        row.click()
        phone.wait_for_url(f"{url}/console/cases/{case.number}")
        assert "儿子不给赡养费" in phone.locator(".timeline").inner_text()
        assert "138****5678" in phone.locator(".fields").inner_text()

        phone.click("text=我来办理（认领）")
        phone.wait_for_selector(".flash-ok")
        phone.fill("#reply-text", "您好，赡养费的事请周三上午带户口本到司法所，我们帮您约对方调解。")
        phone.click("button:has-text('发送回复')")
        phone.wait_for_selector(".flash-ok")
        wait_for(lambda: any("带户口本到司法所" in t for t in fake_wechat.sent_texts(RESIDENT)))
        phone.reload()
        assert "已发到群众微信" in phone.locator(".side-staff").last.inner_text()

        phone.on("dialog", lambda dialog: dialog.accept())  # "确定要办结并通知群众吗？"
        phone.click("summary:has-text('办结')")
        phone.fill("#close-outcome", "已约双方调解，儿子同意每月给付赡养费 500 元。")
        phone.click("button:has-text('办结并通知群众')")
        phone.wait_for_selector(".flash-ok")
        rating = wait_for(lambda: [t for t in fake_wechat.sent_texts(RESIDENT) if "打个分" in t])
        assert "每月给付赡养费 500 元" in rating[0]
        db.session.expire_all()
        assert db.session.get(Case, case.id).awaiting_rating  # type: ignore[union-attr]

        police = chromium.new_page(viewport=DESKTOP)
        sign_in(police, url, "pcs_zhao", PASSWORD)
        assert case.number not in police.content()
        response = police.goto(f"{url}/console/cases/{case.number}")
        assert response is not None and response.status == 404
        assert "不归您的部门办理" in police.content()
