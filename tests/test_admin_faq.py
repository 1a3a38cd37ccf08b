"""Knowledge-base entries in the admin console: list and filters, create and edit with the import's
validation, the WeChat preview, publish, delete, history with diffs, restore, audit."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.explain import explain
from bot.extensions import db
from knowledge import service
from knowledge.changes import history
from knowledge.models import FaqEntry
from tests.support.kb import entry, import_yaml
from tests.test_console_fixtures import audits, flashes, logged_in, people, seeded  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")
ROAD = "中华人民共和国道路交通安全法"
WAGE_Q = "老板拖欠工资不给怎么办"
FIELDS = {"question": WAGE_Q, "alt_questions": "工资被拖欠了\n老板不发工资",
          "answer": "可以先找老板协商，不行就申请劳动仲裁。", "law": "", "article": "", "tags": "劳动 欠薪",
          "status": "published", "valid_from": "", "valid_to": ""}


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


def current(entry_id: str) -> FaqEntry | None:
    db.session.expire_all()
    return db.session.get(FaqEntry, entry_id)


def save(client: FlaskClient, url: str, do: str = "save", **fields: Any) -> Any:
    return client.post(url, data={**FIELDS, "do": do, **fields})


def errors(html: str) -> list[str]:
    return re.findall(r'<span class="field-error">(.*?)</span>', html)


def test_create_edit_and_see_the_new_answer(app: Flask, admin: FlaskClient) -> None:
    res = save(admin, "/console/admin/faq/new", id="wage-arrears")
    assert res.status_code == 302 and res.headers["Location"].endswith("/console/admin/faq/wage-arrears/edit")
    row = current("wage-arrears")
    assert row is not None and row.alt_questions == ["工资被拖欠了", "老板不发工资"] and row.tags == ["劳动", "欠薪"]
    assert (row.updated_by, row.version) == ("admin", 1)
    assert explain(app, WAGE_Q)["reply"].startswith("可以先找老板协商")

    page = admin.get("/console/admin/faq/wage-arrears/edit").get_data(as_text=True)
    assert re.search(r'<input[^>]*readonly[^>]*value="wage-arrears"', page)
    new_answer = "新的答案：带上工资条去劳动监察大队。"
    res = save(admin, "/console/admin/faq/wage-arrears/edit", answer=new_answer, version="1")
    assert res.status_code == 302
    shown = flashes(admin.get(res.headers["Location"]).get_data(as_text=True))
    assert shown == ["已保存。机器人约 1 秒后按新内容回答。"]
    assert current("wage-arrears").answer == "新的答案：带上工资条去劳动监察大队。"  # type: ignore[union-attr]
    assert explain(app, WAGE_Q)["reply"].startswith("新的答案")
    assert [e.details["version"] for e in audits("faq.create", "faq:wage-arrears")] == [1]
    assert [e.details["version"] for e in audits("faq.update", "faq:wage-arrears")] == [2]
    assert [r.changed_by for r in history("wage-arrears")] == ["admin", "admin"]


def test_validation_is_the_imports_and_shows_next_to_the_fields(app: Flask, admin: FlaskClient) -> None:
    res = save(admin, "/console/admin/faq/new", id="Bad Id", answer="  ", status="published", valid_from="2027-13-01",
               law="", article="第三条")
    assert res.status_code == 400
    page = res.get_data(as_text=True)
    found = errors(page)
    assert any(e.startswith("id 格式不对：Bad Id") for e in found)
    assert "答案为空" in found and "日期不对：2027-13-01（应为 YYYY-MM-DD）" in found
    assert "写了条号但没有写法律名称" in found  # the citation check, next to the article field
    assert re.search(r'name="article"[^>]*>\s*(?:<span class="help">[^<]*</span>\s*)?'
                     r'<span class="field-error">写了条号但没有写法律名称</span>', page)
    assert db.session.query(FaqEntry).count() == 0
    res = save(admin, "/console/admin/faq/new", id="ok-entry", valid_from="2027-05-01", valid_to="2027-01-01")
    assert "失效日期应晚于生效日期" in errors(res.get_data(as_text=True))


def test_an_empty_id_is_generated_and_a_taken_id_refused(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("taken", "已有的问题")])
    res = save(admin, "/console/admin/faq/new", id="taken")
    assert res.status_code == 400 and "编号 taken 已被其他条目使用，请换一个。" in errors(res.get_data(as_text=True))
    res = save(admin, "/console/admin/faq/new", id="")
    assert res.status_code == 302
    new_id = res.headers["Location"].split("/faq/")[1].split("/")[0]
    assert re.fullmatch(r"faq-\d{8}-\d{6}", new_id) and current(new_id) is not None


def test_preview_is_the_faq_handlers_reply_and_saves_nothing(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("helmet-rule", "骑电动车必须戴头盔吗", "要戴。", law=f"《{ROAD}》",
                                 article="第五十一条")])
    res = save(admin, "/console/admin/faq/helmet-rule/edit", do="preview", question="骑电动车必须戴头盔吗",
               answer="要戴，不戴会被罚款。", law=f"《{ROAD}》", article="第五十一条", version="1")
    assert res.status_code == 200
    page = res.get_data(as_text=True)
    bubbles = re.findall(r'<p class="msg">(.*?)</p>', page, re.S)
    assert bubbles == [f"要戴，不戴会被罚款。\n法律依据：《{ROAD}》第五十一条"]
    assert current("helmet-rule").answer == "要戴。"  # type: ignore[union-attr]
    # the saved entry's preview is exactly what a resident gets
    page = admin.get("/console/admin/faq/helmet-rule/edit").get_data(as_text=True)
    assert re.findall(r'<p class="msg">(.*?)</p>', page, re.S) == [explain(app, "骑电动车必须戴头盔吗")["reply"]]


def test_long_answers_preview_as_several_messages(app: Flask, admin: FlaskClient) -> None:
    long = "\n".join(f"第{i}点：" + "这是一段比较长的解答内容，用来说明分条发送的情况。" * 3 for i in range(1, 12))
    res = save(admin, "/console/admin/faq/new", do="preview", id="long-one", answer=long)
    bubbles = re.findall(r'<p class="msg">(.*?)</p>', res.get_data(as_text=True), re.S)
    assert len(bubbles) >= 2 and "以下内容稍后由客服消息补发" in res.get_data(as_text=True)


def test_a_stale_form_does_not_overwrite_a_newer_version(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "第一版")])
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "别人改的第二版")], author="bob")
    res = save(admin, "/console/admin/faq/wage-arrears/edit", answer="我的修改", version="1")
    assert res.status_code == 409 and "已被 bob 修改" in res.get_data(as_text=True)
    assert current("wage-arrears").answer == "别人改的第二版"  # type: ignore[union-attr]


def test_publish_unpublish_and_delete(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "答案。")])
    assert explain(app, WAGE_Q)["faq_id"] == "wage-arrears"
    assert admin.post("/console/admin/faq/wage-arrears/unpublish").status_code == 302
    assert current("wage-arrears").status == "draft"  # type: ignore[union-attr]
    assert explain(app, WAGE_Q)["faq_id"] is None
    page = admin.get("/console/admin/faq?status=draft").get_data(as_text=True)
    assert WAGE_Q in page and "机器人现在不用这条回答" in page
    admin.post("/console/admin/faq/wage-arrears/publish")
    assert current("wage-arrears").status == "published"  # type: ignore[union-attr]
    assert explain(app, WAGE_Q)["faq_id"] == "wage-arrears"
    assert admin.post("/console/admin/faq/wage-arrears/delete").status_code == 302
    assert current("wage-arrears") is None and explain(app, WAGE_Q)["faq_id"] is None
    assert [e.action for e in audits("faq.unpublish") + audits("faq.publish") + audits("faq.delete")] == [
        "faq.unpublish", "faq.publish", "faq.delete"]
    deleted = admin.get("/console/admin/faq/deleted").get_data(as_text=True)
    assert WAGE_Q in deleted and "/console/admin/faq/wage-arrears/history" in deleted


def test_history_shows_a_diff_and_restores(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("wage-arrears", WAGE_Q, "第一版答案。\n第二段。", alt_questions=["欠薪"])],
                author="alice")
    save(admin, "/console/admin/faq/wage-arrears/edit", answer="第二版答案。\n第二段。",
         alt_questions="欠薪\n<b>拖欠</b>", tags="", version="1")
    page = admin.get("/console/admin/faq/wage-arrears/history").get_data(as_text=True)
    lines = re.findall(r'<li class="(same|add|del)">(.*?)</li>', page)
    assert ("del", "答案：第一版答案。") in lines and ("add", "答案：第二版答案。") in lines
    assert ("same", "答案：第二段。") in lines and ("add", "其他问法：&lt;b&gt;拖欠&lt;/b&gt;") in lines  # escaped
    assert "第 2 版 · 修改" in page and "第 1 版 · 新建" in page and "恢复这一版" in page

    res = admin.post("/console/admin/faq/wage-arrears/restore/1")
    assert res.status_code == 302
    row = current("wage-arrears")
    assert row is not None and (row.answer, row.version, row.alt_questions) == ("第一版答案。\n第二段。", 3, ["欠薪"])
    assert audits("faq.restore", "faq:wage-arrears")[0].details == {"from_version": 1}
    admin.post("/console/admin/faq/wage-arrears/delete")
    res = admin.post("/console/admin/faq/wage-arrears/restore/4")  # the deletion itself
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1].startswith("第 4 版无法恢复")
    admin.post("/console/admin/faq/wage-arrears/restore/2")
    assert current("wage-arrears").answer == "第二版答案。\n第二段。"  # type: ignore[union-attr]


def test_list_search_filters_and_pages(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    today = service.today()
    entries = [entry(f"topic-{i:02d}", f"第{i}个普通问题", tags=["普通"]) for i in range(30)]
    entries += [
        entry("wage-arrears", WAGE_Q, "去劳动仲裁委员会。", alt_questions=["包工头跑了"], tags=["劳动"]),
        entry("old-rule", "旧规定怎么说", valid_to=(today - timedelta(days=1)).isoformat(), tags=["劳动"]),
        entry("soon-gone", "快失效的规定", valid_to=(today + timedelta(days=10)).isoformat()),
        entry("draft-one", "还没写好的问题", status="draft"),
    ]
    import_yaml(tmp_path, entries)

    def shown(query: str) -> list[str]:
        html = admin.get("/console/admin/faq" + query).get_data(as_text=True)
        return re.findall(r'<div class="muted small mono">([a-z0-9-]+)</div>', html)

    assert shown("?q=包工头") == ["wage-arrears"]  # alternative questions are searched
    assert shown("?q=仲裁委员会") == ["wage-arrears"]  # and answers
    assert shown("?topic=劳动") == ["old-rule", "wage-arrears"]
    assert shown("?topic=-") == ["draft-one", "soon-gone"]
    assert shown("?status=draft") == ["draft-one"]
    assert shown("?validity=expired") == ["old-rule"] and shown("?validity=expiring") == ["soon-gone"]
    first, second = shown(""), shown("?page=2")
    assert len(first) == 25 and len(second) == 9 and not set(first) & set(second)
    assert "第 2 / 2 页" in admin.get("/console/admin/faq?page=2").get_data(as_text=True)
    assert shown("?page=99") == second


def test_diff_folds_unchanged_lines_of_an_update_and_skips_empty_fields() -> None:
    from bot.console_admin.diff import diff

    before = {"question": "问题", "alt_questions": ["说法一", "说法二", "说法三"], "answer": "第一段\n第二段\n第三段",
              "law": "", "article": "", "tags": [], "status": "published", "valid_from": None, "valid_to": None}
    after = {**before, "answer": "第一段\n第二段\n改过的第三段"}
    assert [(d.kind, d.text) for d in diff(before, after)] == [
        ("gap", "…"), ("same", "答案：第二段"), ("del", "答案：第三段"), ("add", "答案：改过的第三段"),
        ("same", "状态：已发布")]
    assert [d.kind for d in diff(None, after)] == ["add"] * 8  # a new entry shows all of it
