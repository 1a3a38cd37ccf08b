"""Screenshots of the queue and a case page at phone and desktop widths, for docs/screenshots/.

Skipped unless ``FAZHI_SCREENSHOTS`` names the folder to write to::

    FAZHI_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/browser/test_console_screenshots.py
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from bot.cases import actions, service
from bot.cases.models import Case
from bot.console.quick_replies import seed_quick_replies
from bot.extensions import db
from bot.models import MediaItem, OutboundMessage
from tests.browser.helpers import write_screenshots
from tests.test_console_fixtures import PASSWORD, people, routed_case, seeded, user  # noqa: F401

TARGET = os.environ.get("FAZHI_SCREENSHOTS", "")
pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("people"),
              pytest.mark.skipif(not TARGET, reason="set FAZHI_SCREENSHOTS=<folder> to write screenshots")]


def _cases() -> Case:
    """A morning's queue at 司法所; returns the case to show."""
    seed_quick_replies()
    li, wang = user("sfs_li"), user("sfs_wang")
    routed_case(case_type="consultation", category=None, openid="o_a",
                description="儿子结婚后不管我们老两口，一分钱赡养费都不给，我该怎么办？", phone="13912345678")
    routed_case(category="土地", openid="o_b", description="隔壁把围墙往我家宅基地这边砌了半米，说了不听。",
                phone="13700001111")
    waiting = routed_case(category="劳动", openid="o_c", description="在镇上砖厂干了四个月，老板欠工资一万二。",
                          phone="13600002222")
    actions.claim(waiting, li)
    service.set_status(waiting, "waiting_resident", author=li, note="请提供考勤记录或工友证明")
    other = routed_case(category="劳动", openid="o_d", description="装修队做完活不给钱，包工头电话打不通。")
    actions.claim(other, wang)

    case = routed_case(category="劳动", openid="o_resident_1",
                       description="我在建筑工地摔伤了腿，老板只给了两千块就不管了，医药费花了一万多。"
                                   "我的电话13800138000。")
    actions.claim(case, li)
    photo = MediaItem(openid=case.openid, kind="image", msg_key="shot-photo", media_id="shot-photo-1", details={})
    voice = MediaItem(openid=case.openid, kind="voice", msg_key="shot-voice", media_id="shot-voice-1",
                      details={"recognition": "工地在青龙村三组，老板姓刘"})
    place = MediaItem(openid=case.openid, kind="location", msg_key="shot-loc",
                      details={"latitude": "30.1265", "longitude": "104.5632", "label": "青龙村三组工地"})
    db.session.add_all([photo, voice, place])
    db.session.commit()
    service.add_resident_message(case, text="这是我的病历照片", media_id=photo.id)
    service.add_resident_message(case, media_id=voice.id)
    service.add_resident_message(case, media_id=place.id)
    answer = "您好，您的情况可以认定工伤。请把病历和收据保管好，明天上午我们联系刘老板了解情况。"
    msg = service.staff_reply(case, answer, author=li)
    msg.status = "sent"
    db.session.commit()
    actions.add_note(case, "刘老板电话已查到，先电话沟通，不行再约到所里调解。", author=li)
    service.add_resident_message(case, text="好的，谢谢！明天我在家等电话。")
    return case


def test_write_screenshots(app: Flask, gunicorn_server: Any) -> None:
    case = _cases()
    folder = Path(TARGET)
    write_screenshots(gunicorn_server(workers=1), "sfs_li", PASSWORD,
                      [("/console/?tab=office", "queue"), (f"/console/cases/{case.number}", "case")], folder)
    assert db.session.query(OutboundMessage).count() > 0
    assert {p.name for p in folder.glob("*.png")} >= {"case-desktop.png", "case-phone.png",
                                                      "queue-desktop.png", "queue-phone.png"}
