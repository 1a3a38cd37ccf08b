"""FAQ entry endpoints: anyone signed in reads, admins write through knowledge.changes with the
import's validation (422 with field errors), every change is versioned and audited."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from knowledge.changes import history
from knowledge.models import FaqEntry
from tests.test_api_fixtures import api_as, audits, people, seeded, tokens  # noqa: F401

FEE = {"id": "mediation-fee", "question": "人民调解收费吗", "answer": "人民调解不收费。",
       "law": "《中华人民共和国人民调解法》", "article": "第四条", "tags": ["调解", "费用"]}


@pytest.fixture
def admin(api_as: Any) -> Any:  # noqa: F811
    return api_as("admin")


def test_create_read_list_update_unpublish_delete(app: Flask, admin: Any, api_as: Any) -> None:  # noqa: F811
    created = admin.post("/faq", FEE)
    assert created.status_code == 201 and created.json["version"] == 1 and created.json["live"] is True
    assert created.json["updated_by"] == "admin" and created.json["tags"] == ["调解", "费用"]
    staff = api_as("sfs_li")
    assert staff.get("/faq/mediation-fee").json["answer"] == "人民调解不收费。"
    listed = staff.get("/faq?tag=调解&q=收费").json
    assert listed["total"] == 1 and listed["items"][0]["id"] == "mediation-fee"
    assert staff.get("/faq?tag=婚姻").json["total"] == 0

    replaced = admin.put("/faq/mediation-fee", {"question": "调解要钱吗", "answer": "不要钱。"})
    assert replaced.status_code == 200 and replaced.json["version"] == 2 and replaced.json["tags"] == []
    unpublished = admin.patch("/faq/mediation-fee", {"status": "draft"})
    assert unpublished.json["status"] == "draft" and unpublished.json["live"] is False
    assert unpublished.json["question"] == "调解要钱吗" and unpublished.json["version"] == 3
    assert admin.get("/faq?status=draft").json["total"] == 1
    assert admin.delete("/faq/mediation-fee").status_code == 204
    assert admin.get("/faq/mediation-fee").status_code == 404
    assert [v.action for v in history("mediation-fee")] == ["delete", "update", "update", "create"]
    assert [a.action for a in audits("faq.create") + audits("faq.update") + audits("faq.delete")] == [
        "faq.create", "faq.update", "faq.update", "faq.delete"]
    assert all(a.target == "faq:mediation-fee" and a.details["via"] == "api" for a in audits("faq.update"))


def test_writes_are_for_admins_only(app: Flask, admin: Any, api_as: Any) -> None:  # noqa: F811
    admin.post("/faq", FEE)
    lead = api_as("sfs_lead")
    for res in (lead.post("/faq", {**FEE, "id": "other"}), lead.put("/faq/mediation-fee", FEE | {"id": None}),
                lead.patch("/faq/mediation-fee", {"status": "draft"}), lead.delete("/faq/mediation-fee")):
        assert res.status_code == 403 and res.json["code"] == "forbidden"
    assert admin.get("/faq/mediation-fee").json["version"] == 1


@pytest.mark.parametrize("change,field", [
    ({"id": "Bad Id"}, "id"), ({"question": "  "}, "question"), ({"answer": ""}, "answer"),
    ({"status": "hidden"}, "status"), ({"valid_from": "2026-02-30"}, "valid_from"), ({"colour": "red"}, "colour"),
    ({"tags": "调解"}, "tags"), ({"law": "", "article": "第四条"}, "article"), ({"law": "法" * 201}, "law"),
    ({"valid_from": "2026-03-01", "valid_to": "2026-02-01"}, "valid_to"), ({"question": 12}, "question"),
])
def test_invalid_entries_are_422_with_the_field(app: Flask, admin: Any, change: dict[str, Any], field: str) -> None:
    res = admin.post("/faq", {**FEE, **change})
    assert res.status_code == 422 and res.json["code"] == "validation_failed"
    assert field in [e["field"] for e in res.json["errors"]], res.json
    assert app.extensions and FaqEntry.query.count() == 0


def test_create_twice_is_409_and_unknown_entries_404(app: Flask, admin: Any) -> None:
    assert admin.post("/faq", FEE).status_code == 201
    again = admin.post("/faq", FEE)
    assert again.status_code == 409 and again.json["code"] == "exists"
    assert admin.put("/faq/nothing", {"question": "q", "answer": "a"}).status_code == 404
    assert admin.patch("/faq/nothing", {"status": "draft"}).status_code == 404
    assert admin.delete("/faq/nothing").status_code == 404
    assert admin.get("/faq/Not_A_Slug").status_code == 404


def test_unchanged_update_is_not_a_new_version(app: Flask, admin: Any) -> None:
    admin.post("/faq", FEE)
    same = admin.patch("/faq/mediation-fee", {"answer": FEE["answer"]})
    assert same.status_code == 200 and same.json["version"] == 1 and not audits("faq.update")
