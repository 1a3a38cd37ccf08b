"""Importing and exporting the knowledge base in the browser: the command's validation with file,
line and reason; nothing half-imported; replace only when confirmed; exports parse back."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.extensions import db
from knowledge.changes import all_entries
from knowledge.entries import read_bytes
from knowledge.models import FaqEntry
from tests.support.kb import KB_DATA, entry, import_yaml
from tests.test_console_fixtures import audits, flashes, logged_in, people, seeded  # noqa: F401
from tests.test_kb_import import BROKEN_YAML

pytestmark = pytest.mark.usefixtures("people")


@pytest.fixture
def admin(app: Flask) -> FlaskClient:
    return logged_in(app, "admin")


def upload(client: FlaskClient, name: str, data: bytes, do: str = "import", **fields: Any) -> Any:
    form = {"file": (io.BytesIO(data), name), "do": do, **fields}
    return client.post("/console/admin/faq/import", data=form, content_type="multipart/form-data")


def problems(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", p).strip() for p in re.findall(r"<li>(<span class=\"mono\">.*?)</li>", html, re.S)]


def ids() -> list[str]:
    db.session.expire_all()
    return [e.id for e in all_entries()]


def test_a_broken_file_shows_file_line_and_reason_and_imports_nothing(app: Flask, admin: FlaskClient,
                                                                      tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("kept", "原来的问题", "原来的答案")])
    res = upload(admin, "broken.yaml", BROKEN_YAML.encode())
    assert res.status_code == 400
    html = res.get_data(as_text=True)
    assert "文件有问题，没有导入任何条目" in html
    shown = problems(html)
    assert "broken.yaml 第 4 行：id 格式不对：Bad_Slug（只能用小写字母、数字和连字符，最长 80）" in shown
    assert "broken.yaml 第 11 行：答案为空" in shown
    assert "broken.yaml 第 15 行：未知状态 live（应为 draft 或 published）" in shown
    assert any(p.startswith("broken.yaml 第 29 行：id 重复：good-one") for p in shown)
    assert len(shown) == 9  # the same problems `kb import` reports (tests/test_kb_import.py)
    assert ids() == ["kept"] and not audits("faq.import")


def test_a_csv_that_is_not_utf8_names_the_line(app: Flask, admin: FlaskClient) -> None:
    data = "id,question,answer\nok,问,答\nbad,".encode() + "工资".encode("gbk") + b",x\n"
    shown = problems(upload(admin, "gbk.csv", data).get_data(as_text=True))
    assert shown == ["gbk.csv 第 3 行：文件不是 UTF-8 编码（Excel 请另存为“CSV UTF-8”）"] and ids() == []


def test_check_shows_the_plan_and_writes_nothing_then_import_applies_it(app: Flask, admin: FlaskClient,
                                                                        tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("a", "问题甲"), entry("b", "问题乙"), entry("c", "问题丙")])
    data = "id,question,answer\nb,问题乙,新的乙答案\nc,问题丙,问题丙的答案。\nd,问题丁,答案丁\n".encode()
    html = upload(admin, "kb.csv", data, do="check", replace="y").get_data(as_text=True)
    assert "检查通过" in html
    assert re.search(r"新增 1 条</summary><p class=\"mono small\">d</p>", html)
    assert re.search(r"删除 1 条</summary><p class=\"mono small\">a</p>", html)
    assert ids() == ["a", "b", "c"]

    res = upload(admin, "kb.csv", data, replace="y")  # replace without the confirmation
    assert res.status_code == 400 and "替换会删除文件里没有的条目，请勾选确认。" in res.get_data(as_text=True)
    assert ids() == ["a", "b", "c"]

    res = upload(admin, "kb.csv", data, replace="y", confirm="y")
    assert res.status_code == 200 and "已导入" in res.get_data(as_text=True)
    assert ids() == ["b", "c", "d"]
    assert db.session.get(FaqEntry, "b").answer == "新的乙答案"  # type: ignore[union-attr]
    assert db.session.get(FaqEntry, "d").updated_by == "admin"  # type: ignore[union-attr]
    [audit] = audits("faq.import")
    assert audit.details == {"file": "kb.csv", "replace": True, "created": 1, "updated": 1, "deleted": 1}


def test_upsert_keeps_entries_not_in_the_file(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("a", "问题甲")])
    upload(admin, "more.yaml", "- id: b\n  question: 问题乙\n  answer: 答案乙\n".encode())
    assert ids() == ["a", "b"]


def test_replace_with_an_empty_file_is_refused(app: Flask, admin: FlaskClient, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("a", "问题甲")])
    res = upload(admin, "empty.yaml", b"# nothing\n", replace="y", confirm="y")
    assert res.status_code == 400 and ids() == ["a"]


@pytest.mark.parametrize("fmt", ["yaml", "csv"])
def test_exports_download_and_parse_back(app: Flask, admin: FlaskClient, tmp_path: Path, fmt: str) -> None:
    import_yaml(tmp_path, [entry("a", "问题甲", alt_questions=["甲的说法"], tags=["劳动", "欠薪"]),
                           entry("b", "问题乙", status="draft", valid_from="2026-01-01", valid_to="2030-01-01")])
    res = admin.get(f"/console/admin/faq/export.{fmt}")
    assert res.status_code == 200
    assert res.headers["Content-Disposition"].startswith('attachment; filename="fazhi-faq-')
    found, problems_ = read_bytes(res.data, f"export.{fmt}")
    assert problems_ == [] and [e.data for e in found] == all_entries()
    assert audits("faq.export")[0].details == {"format": fmt, "entries": 2}


def test_files_larger_than_the_webhooks_request_limit_import(app: Flask, admin: FlaskClient) -> None:
    for path in sorted(KB_DATA.glob("*.yaml")):
        res = upload(admin, path.name, path.read_bytes())
        assert res.status_code == 200, problems(res.get_data(as_text=True))
    full = admin.get("/console/admin/faq/export.yaml").data
    assert len(full) > app.config["MAX_CONTENT_LENGTH"]
    res = upload(admin, "full.yaml", full, replace="y", confirm="y")
    assert res.status_code == 200 and "删除 0 条" in res.get_data(as_text=True)


def test_uploads_over_the_import_limit_get_a_plain_answer(app: Flask, admin: FlaskClient) -> None:
    from bot.console_admin.blueprint import UPLOAD_MAX

    res = upload(admin, "huge.yaml", b"#" * (UPLOAD_MAX + 1))
    assert res.status_code == 303 and res.headers["Location"].endswith("/console/admin/faq/import")
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True))[-1].startswith("文件太大了（最多 8 MB）")
    res = admin.post("/console/admin/try", data={"text": "问" * 70000})  # other forms keep the app's limit
    assert res.status_code == 303
    assert flashes(admin.get(res.headers["Location"]).get_data(as_text=True)) == ["提交的内容太长了，没有保存。"]
