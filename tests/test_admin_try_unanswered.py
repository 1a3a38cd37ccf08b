"""试一试 shows what ``bot explain`` says; unanswered groups become entries, alternative questions
of an existing entry, or are dismissed, and then leave the list."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.console_admin.models import UnansweredMark
from bot.explain import explain
from bot.extensions import db
from knowledge.index import Candidate
from knowledge.models import FaqEntry, UnansweredQuestion
from knowledge.unanswered import log_unanswered, record_choice
from tests.support.kb import entry, import_statute_subset, import_yaml
from tests.test_console_fixtures import audits, logged_in, people, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")
ROAD = "中华人民共和国道路交通安全法"
CAT = ["我家猫跑丢了怎么办", "猫跑丢了怎么办啊", "我家的猫丢了咋个办"]
LIGHT = ["村里的路灯坏了好几天没人修", "路灯坏了没人修找哪个"]


@pytest.fixture
def small_kb(app: Flask, tmp_path: Path) -> None:
    import_yaml(tmp_path, [
        entry("helmet-rule", "骑电动车必须戴头盔吗", "要戴。", law=f"《{ROAD}》", article="第五十一条"),
        entry("wage-arrears", "老板拖欠工资不给怎么办"),
        entry("dog-bite-a", "被邻居家的狗咬伤了该找谁赔偿医药费", "甲"),
        entry("dog-bite-b", "被邻居家的狗咬伤了该找谁赔偿医药费", "乙"),
    ])
    import_statute_subset(tmp_path / "laws")


def shown(page: str, element_id: str, tag: str = "dd") -> str:
    match = re.search(rf'id="{element_id}"[^>]*>(.*?)</{tag}>', page, re.S)
    assert match, element_id
    return match.group(1)


def bubbles(page: str) -> list[str]:
    block = shown(page, "try-reply", "div")
    return [html_lib.unescape(t) for t in re.findall(r'<p class="msg">(.*?)</p>', block, re.S)]


@pytest.mark.usefixtures("small_kb")
@pytest.mark.parametrize("text", ["骑电动车必须戴头盔吗", "民法典第1079条", "帮助", "我家猫跑丢了怎么办",
                                  "被邻居家的狗咬伤了该找谁赔偿医药费", "我要投诉村主任，他不给我办低保"])
@pytest.mark.parametrize("username", ["admin", "sfs_li"])
def test_try_it_shows_what_explain_says(app: Flask, text: str, username: str) -> None:
    client = logged_in(app, username)
    page = client.post("/console/admin/try", data={"text": text}).get_data(as_text=True)
    expected = explain(app, text)
    assert bubbles(page) == [expected["reply"], *expected["later"]]
    assert f'<span class="muted small mono">{expected["handler"]}</span>' in shown(page, "try-handler")
    if expected["decision"]:
        assert f'<span class="muted small mono">{expected["decision"]}</span>' in shown(page, "try-decision")
    if expected["candidates"]:
        table = shown(page, "try-candidates", "table")
        assert re.findall(r"small mono\">(?:<a [^>]+>)?([a-z0-9-]+)", table) == expected["candidates"]
        scores = [float(s) for s in re.findall(r'class="mono">([0-9.]+)</td>', table)]
        assert len(scores) == len(expected["candidates"]) and scores == sorted(scores, reverse=True)
    else:
        assert "try-candidates" not in page
    assert db.session.query(UnansweredQuestion).count() == 0  # a dry run writes nothing


def log_all(texts: list[str], best: str = "helmet-rule") -> None:
    for text in texts:
        log_unanswered(text, [Candidate(best, 0.2, "骑电动车要戴头盔吗")], "o_someone")


def group_keys(page: str) -> list[int]:
    return [int(k) for k in re.findall(r'id="group-(\d+)"', page)]


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


@pytest.mark.usefixtures("small_kb")
def test_groups_are_listed_and_become_a_new_entry(app: Flask, admin: FlaskClient) -> None:
    log_all([LIGHT[0], CAT[0], CAT[1], LIGHT[1], CAT[2]])
    page = admin.get("/console/admin/unanswered").get_data(as_text=True)
    cat_key, light_key = group_keys(page)
    assert "3 次" in page and all(t in page for t in CAT + LIGHT)
    assert "最接近的条目" in page and "骑电动车必须戴头盔吗" in page

    form = admin.get(f"/console/admin/faq/new?unanswered={cat_key}").get_data(as_text=True)
    form = form.replace("\r", "")
    assert f">\n{CAT[0]}</textarea>" in form and f">\n{CAT[1]}\n{CAT[2]}</textarea>" in form
    cat_ids = [q.id for q in db.session.query(UnansweredQuestion).filter(UnansweredQuestion.text.in_(CAT))]
    res = admin.post("/console/admin/faq/new", data={
        "id": "lost-pet", "question": CAT[0], "alt_questions": "\n".join(CAT[1:]),
        "answer": "可以在村里的群里发寻猫启事。", "status": "published",
        "unanswered": ",".join(map(str, cat_ids)), "do": "save"})
    assert res.status_code == 302
    assert explain(app, CAT[2])["faq_id"] == "lost-pet"
    marks = db.session.query(UnansweredMark).all()
    assert sorted(m.question_id for m in marks) == sorted(cat_ids)
    assert {(m.outcome, m.entry_id, m.marked_by) for m in marks} == {("handled", "lost-pet", "admin")}
    assert audits("unanswered.handled")[0].details == {"entry": "lost-pet", "count": 3}
    assert group_keys(admin.get("/console/admin/unanswered").get_data(as_text=True)) == [light_key]


@pytest.mark.usefixtures("small_kb")
def test_attach_a_group_to_an_existing_entry(app: Flask, admin: FlaskClient) -> None:
    log_all(LIGHT, best="wage-arrears")
    page = admin.get("/console/admin/unanswered").get_data(as_text=True)
    [key] = group_keys(page)
    assert "居民自己" not in page
    page = admin.get(f"/console/admin/unanswered/{key}/attach").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="wage-arrears"', page)  # the closest entry is preselected
    for row in db.session.query(UnansweredQuestion):  # both residents then opened the helmet entry
        record_choice(row.id, "helmet-rule")
    page = admin.get("/console/admin/unanswered").get_data(as_text=True)
    assert "骑电动车必须戴头盔吗</a>（2 次是居民自己从推荐里选的）" in page
    page = admin.get(f"/console/admin/unanswered/{key}/attach").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="helmet-rule"', page)  # now their pick is preselected
    page = admin.get(f"/console/admin/unanswered/{key}/attach?q=头盔").get_data(as_text=True)
    assert 'value="helmet-rule"' in page

    res = admin.post(f"/console/admin/unanswered/{key}/attach", data={})
    assert res.status_code == 400 and "请选一个条目。" in res.get_data(as_text=True)
    ids = ",".join(str(q.id) for q in db.session.query(UnansweredQuestion))
    res = admin.post(f"/console/admin/unanswered/{key}/attach",
                     data={"attach-entry_id": "helmet-rule", "attach-examples": LIGHT, "attach-ids": ids})
    assert res.status_code == 302
    db.session.expire_all()
    row = db.session.get(FaqEntry, "helmet-rule")
    assert row is not None and row.alt_questions == LIGHT and row.version == 2 and row.updated_by == "admin"
    assert audits("faq.attach", "faq:helmet-rule")[0].details["added"] == 2
    assert group_keys(admin.get("/console/admin/unanswered").get_data(as_text=True)) == []
    assert explain(app, LIGHT[1])["faq_id"] == "helmet-rule"


@pytest.mark.usefixtures("small_kb")
def test_dismiss_a_group(app: Flask, admin: FlaskClient) -> None:
    log_all(CAT)
    log_all([LIGHT[0]])
    cat_key, light_key = group_keys(admin.get("/console/admin/unanswered").get_data(as_text=True))
    ids = ",".join(str(q.id) for q in db.session.query(UnansweredQuestion).filter(UnansweredQuestion.text.in_(CAT)))
    res = admin.post(f"/console/admin/unanswered/{cat_key}/mark", data={"mark-ids": ids, "mark-outcome": "dismissed"})
    assert res.status_code == 302
    assert group_keys(admin.get("/console/admin/unanswered").get_data(as_text=True)) == [light_key]
    assert {m.outcome for m in db.session.query(UnansweredMark)} == {"dismissed"}
    assert audits("unanswered.dismissed", f"unanswered:{cat_key}")[0].details == {"count": 3}
    assert admin.post(f"/console/admin/unanswered/{cat_key}/mark",
                      data={"mark-ids": ids, "mark-outcome": "deleted"}).status_code == 400
    log_all([CAT[0]])  # asked again later: a new group
    assert len(group_keys(admin.get("/console/admin/unanswered").get_data(as_text=True))) == 2
