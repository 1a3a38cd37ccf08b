"""Who sees what: another office's case is a 404 everywhere; numbers are masked; revealing the
full number is for the case's handler only, on request, and audited; every view is audited."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask

from bot.audit import case_target
from bot.extensions import db
from bot.models import MediaItem
from tests.test_console_fixtures import (  # noqa: F401
    act,
    audits,
    logged_in,
    people,
    seeded,
    sfs_case,
    user,
    village_case,
)

pytestmark = pytest.mark.usefixtures("people")
FULL, MASKED = "13800138000", "138****8000"


def _photo(case_id: int) -> MediaItem:
    item = MediaItem(openid="o_resident_1", kind="image", msg_key=f"m-{case_id}", media_id=f"img-{uuid.uuid4().hex}",
                     details={}, case_id=case_id)
    db.session.add(item)
    db.session.commit()
    return item


@pytest.mark.parametrize("method,path", [
    ("get", "/console/cases/{n}"),
    ("post", "/console/cases/{n}/reveal"),
    ("post", "/console/cases/{n}/do/claim"),
    ("post", "/console/cases/{n}/do/reply"),
    ("post", "/console/cases/{n}/do/close"),
    ("post", "/console/cases/{n}/do/transfer"),
    ("get", "/console/media/{m}"),
])
def test_another_office_gets_404_everywhere(app: Flask, method: str, path: str) -> None:
    case = sfs_case()
    photo = _photo(case.id)
    police = logged_in(app, "pcs_zhao")
    url = path.format(n=case.number, m=photo.id)
    res = getattr(police, method)(url, data={"reply-text": "越权回复", "close-outcome": "越权办结"})
    assert res.status_code == 404 and "不归您的部门办理" in res.get_data(as_text=True)
    db.session.refresh(case)
    assert case.status == "new" and case.assignee_id is None and [e.kind for e in case.events] == ["created", "routed"]
    assert not audits("case.view") and not audits("case.reveal") and not audits("media.view")


def test_unknown_case_number_looks_the_same_as_a_forbidden_one(app: Flask) -> None:
    client = logged_in(app, "pcs_zhao")
    forbidden = client.get(f"/console/cases/{sfs_case().number}")
    missing = client.get("/console/cases/HB-19990101-0001")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.get_data() == missing.get_data()


def test_queue_lists_only_own_offices_and_admin_sees_all(app: Flask) -> None:
    labour, neighbours = sfs_case(), village_case()
    sfs = logged_in(app, "sfs_li").get("/console/?tab=office").get_data(as_text=True)
    assert labour.number in sfs and neighbours.number not in sfs
    village = logged_in(app, "hb_tw").get("/console/?tab=office").get_data(as_text=True)
    assert neighbours.number in village and labour.number not in village
    admin = logged_in(app, "admin").get("/console/?tab=office").get_data(as_text=True)
    assert labour.number in admin and neighbours.number in admin


def test_numbers_masked_in_queue_and_case_page(app: Flask) -> None:
    case = sfs_case(description="老板欠薪，他的电话13912345678，我的身份证110101199003071234。")
    client = logged_in(app, "sfs_li")
    for url in ("/console/?tab=new", f"/console/cases/{case.number}"):
        html = client.get(url).get_data(as_text=True)
        assert MASKED in html and FULL not in html
        assert "139****5678" in html and "13912345678" not in html
        assert "110101199003071234" not in html


def test_view_is_audited_with_ip_and_agent(app: Flask) -> None:
    case = sfs_case()
    client = logged_in(app, "sfs_li")
    client.get(f"/console/cases/{case.number}", headers={"User-Agent": "Mozilla/5.0 (iPhone) MicroMessenger"})
    entry = audits("case.view", case_target(case.number))[-1]
    assert entry.actor == "sfs_li" and entry.ip == "127.0.0.1" and "MicroMessenger" in (entry.user_agent or "")


def test_reveal_only_for_the_handler(app: Flask) -> None:
    case = sfs_case()
    colleague = logged_in(app, "sfs_wang")
    page = colleague.get(f"/console/cases/{case.number}").get_data(as_text=True)
    assert "显示完整号码" not in page and "认领后可以查看" in page
    res = colleague.post(f"/console/cases/{case.number}/reveal")
    assert res.status_code == 403 and FULL not in res.get_data(as_text=True)
    assert "承办人、本部门负责人和管理员" in res.get_data(as_text=True)

    handler = logged_in(app, "sfs_li")
    act(handler, case, "claim")
    page = handler.get(f"/console/cases/{case.number}").get_data(as_text=True)
    assert "显示完整号码" in page and FULL not in page
    res = handler.post(f"/console/cases/{case.number}/reveal")
    html = res.get_data(as_text=True)
    assert res.status_code == 200 and f'href="tel:{FULL}"' in html and FULL in html
    assert FULL not in handler.get(f"/console/cases/{case.number}").get_data(as_text=True)  # once only

    for username in ("sfs_lead", "admin"):
        assert FULL in logged_in(app, username).post(f"/console/cases/{case.number}/reveal").get_data(as_text=True)
    assert [e.actor for e in audits("case.reveal", case_target(case.number))] == ["sfs_li", "sfs_lead", "admin"]
    assert all(FULL not in str(e.details) for e in audits("case.reveal"))


def test_media_proxy_downloads_once_and_serves_the_photo(app: Flask, fake_wechat: object) -> None:
    case = sfs_case()
    photo = _photo(case.id)
    client = logged_in(app, "sfs_li")
    page = client.get(f"/console/cases/{case.number}").get_data(as_text=True)
    assert f"/console/media/{photo.id}" in page
    for _ in range(2):
        res = client.get(f"/console/media/{photo.id}")
        assert res.status_code == 200 and res.mimetype == "image/png" and res.data.startswith(b"\x89PNG")
        assert res.headers["X-Content-Type-Options"] == "nosniff"
    assert len(fake_wechat.records("media_get")) == 1  # type: ignore[attr-defined]
    assert len(audits("media.view", case_target(case.number))) == 2


def test_media_not_attached_to_a_case_is_404(app: Flask) -> None:
    item = MediaItem(openid="o_resident_1", kind="image", msg_key="loose", media_id="img-2", details={})
    db.session.add(item)
    db.session.commit()
    assert logged_in(app, "admin").get(f"/console/media/{item.id}").status_code == 404


def test_pages_are_not_cached_framed_or_leaking_their_url(app: Flask) -> None:
    case = sfs_case()
    res = logged_in(app, "sfs_li").get(f"/console/cases/{case.number}")
    assert res.headers["Cache-Control"] == "no-store" and res.headers["X-Frame-Options"] == "DENY"
    assert res.headers["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in res.headers["Content-Security-Policy"]
    assert "<script>" not in res.get_data(as_text=True) and "style=" not in res.get_data(as_text=True)
