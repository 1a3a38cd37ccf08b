"""The API against its own OpenAPI document, with schemathesis, in process (WSGI).

Generated requests (valid and invalid, as an admin) must never get a 5xx, and every
response must match the documented status codes, content type and schemas. Writes to the
FAQ have rules JSON Schema cannot state (an article needs a law it can parse; valid_to after
valid_from), so for them a schema-valid body may rightly get a 422: only the "valid data is
accepted" check is skipped there. The happy paths are then checked against the document
explicitly, with real cases and entries.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from bot.api.openapi import document
from bot.cases import actions
from knowledge.changes import save_entry, validated
from tests.test_api_fixtures import (  # noqa: F401
    api_as,
    people,
    routed_case,
    seeded,
    sfs_case,
    tokens,
    user,
    village_case,
)

FAQ_WRITES = {"POST", "PUT", "PATCH"}
EXAMPLES = 25


def _fuzz(operation: Any, mode: GenerationMode, token: str, **fixed: Any) -> None:
    """Run one operation's generated cases (schemathesis' pytest plugin does not run under pytest 9,
    so the cases come from its Hypothesis strategy directly); ``fixed`` pins path parameters."""
    faq_write = operation.method.upper() in FAQ_WRITES and operation.path.startswith("/faq")
    excluded = [positive_data_acceptance] if faq_write else []

    @given(case=operation.as_strategy(generation_mode=mode, path_parameters=fixed or None))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        # A case whose negation is a missing or broken Authorization header reaches the API with
        # the valid token put back, so it is a valid request and rightly accepted (401 paths are
        # tested with real requests elsewhere); every other negative case must still be refused.
        header_negated = case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER)
        skip = [negative_data_rejection] if header_negated else []
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, excluded_checks=excluded + skip)

    run()


def test_generated_requests_conform(app: Flask, tokens: dict[str, str]) -> None:  # noqa: F811
    case = sfs_case()
    village_case()
    save_entry(validated({"id": "fee", "question": "调解收费吗", "answer": "不收费。"}), "test")
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in loaded.get_all_operations()]
    assert len(operations) == 12
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            _fuzz(operation, mode, tokens["admin"])
        # and valid input against a case and an entry that exist, so the actions themselves run
        if "{number}" in operation.path:
            _fuzz(operation, GenerationMode.POSITIVE, tokens["admin"], number=case.number)
        elif "{entry_id}" in operation.path and operation.method.upper() != "DELETE":
            _fuzz(operation, GenerationMode.POSITIVE, tokens["admin"], entry_id="fee")


def _call(loaded: Any, path: str, method: str, token: str, **kw: Any) -> Any:
    case = loaded[path][method].Case(headers={"Authorization": f"Bearer {token}"}, **kw)
    return case.call_and_validate()


def test_happy_paths_match_the_document(app: Flask, tokens: dict[str, str]) -> None:  # noqa: F811
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    case = sfs_case()
    actions.claim(case, user("sfs_li"))
    li, admin = tokens["sfs_li"], tokens["admin"]
    number = {"number": case.number}
    assert _call(loaded, "/cases", "GET", li, query={"status": "accepted"}).json()["total"] == 1
    assert _call(loaded, "/cases/{number}", "GET", li, path_parameters=number, query={"reveal": "true"}
                 ).json()["phone_revealed"] is True
    _call(loaded, "/cases/{number}/reply", "POST", li, path_parameters=number, body={"text": "您好。"})
    _call(loaded, "/cases/{number}/status", "POST", li, path_parameters=number, body={"status": "answered"})
    _call(loaded, "/cases/{number}/close", "POST", li, path_parameters=number, body={"outcome": "已答复。"})
    reopened = _call(loaded, "/cases/{number}/reopen", "POST", li, path_parameters=number, body={"reason": "再看看"})
    assert reopened.json()["status"] == "in_progress" and len(reopened.json()["events"]) >= 6

    entry = {"id": "fee", "question": "调解收费吗", "answer": "不收费。", "tags": ["调解"], "valid_from": "2026-01-01"}
    assert _call(loaded, "/faq", "POST", admin, body=entry).status_code == 201
    _call(loaded, "/faq", "GET", li, query={"tag": "调解"})
    _call(loaded, "/faq/{entry_id}", "GET", li, path_parameters={"entry_id": "fee"})
    _call(loaded, "/faq/{entry_id}", "PUT", admin, path_parameters={"entry_id": "fee"},
          body={"question": "调解要钱吗", "answer": "不要。", "valid_to": None})
    _call(loaded, "/faq/{entry_id}", "PATCH", admin, path_parameters={"entry_id": "fee"}, body={"status": "draft"})
    assert _call(loaded, "/faq/{entry_id}", "DELETE", admin, path_parameters={"entry_id": "fee"}).status_code == 204


def test_document_describes_every_route_and_auth(app: Flask) -> None:
    doc = document()
    routes = {(r.rule, m) for r in app.url_map.iter_rules() if r.endpoint.startswith("api.")
              for m in r.methods - {"HEAD", "OPTIONS"} if r.endpoint != "api.openapi_document"}
    described = {("/api/v1" + p.replace("{", "<").replace("}", ">"), m.upper())
                 for p, ops in doc["paths"].items() for m in ops}
    assert routes == described
    assert doc["components"]["securitySchemes"]["bearerAuth"] == {
        "type": "http", "scheme": "bearer", "description": doc["components"]["securitySchemes"]["bearerAuth"][
            "description"]}
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert "401" in op["responses"] and "default" in op["responses"], (path, method)
