"""Token sign-in for the API: missing, malformed, unknown, revoked and inactive tokens are a
JSON 401; tokens are stored hashed; the CLI issues them; errors are JSON everywhere under /api."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import Result
from flask import Flask

from bot.api.tokens import PREFIX, hash_token, issue_token, revoke_token
from bot.extensions import db
from tests.test_api_fixtures import Api, api_as, audits, people, seeded, tokens, user  # noqa: F401


@pytest.mark.parametrize("header", [None, "", "Bearer", "Bearer nonsense", "Basic YWRtaW46eA==",
                                    f"Bearer {PREFIX}unknown", "Token fz_x"])
def test_missing_or_bad_token_is_a_json_401(app: Flask, tokens: dict[str, str], header: str | None) -> None:  # noqa: F811
    headers = {"Authorization": header} if header is not None else {}
    res = app.test_client().get("/api/v1/cases", headers=headers)
    assert res.status_code == 401 and res.is_json
    assert res.json["code"] == "unauthorized" and "令牌" in res.json["message"]
    assert res.headers["WWW-Authenticate"].startswith("Bearer")


def test_token_is_stored_hashed_and_a_new_one_replaces_it(app: Flask, tokens: dict[str, str],  # noqa: F811
                                                          api_as: Any) -> None:  # noqa: F811
    admin = user("admin")
    assert admin.api_token_hash == hash_token(tokens["admin"]) and tokens["admin"] not in admin.api_token_hash
    assert api_as("admin").get("/cases").status_code == 200
    newer = issue_token(admin)
    assert Api(app.test_client(), tokens["admin"]).get("/cases").status_code == 401
    assert Api(app.test_client(), newer).get("/cases").status_code == 200
    revoke_token(admin)
    assert Api(app.test_client(), newer).get("/cases").status_code == 401


def test_inactive_account_is_refused(app: Flask, api_as: Any) -> None:  # noqa: F811
    client = api_as("sfs_li")
    user("sfs_li").active = False
    db.session.commit()
    assert client.get("/cases").status_code == 401


def test_openapi_document_needs_no_token(app: Flask) -> None:
    res = app.test_client().get("/api/v1/openapi.json")
    assert res.status_code == 200 and res.json["openapi"].startswith("3.")


def test_unknown_urls_and_methods_under_api_are_json(app: Flask, api_as: Any) -> None:  # noqa: F811
    admin = api_as("admin")
    missing = admin.get("/nothing-here")
    assert missing.status_code == 404 and missing.json["code"] == "not_found"
    wrong = admin.delete("/cases")
    assert wrong.status_code == 405 and wrong.json["code"] == "method_not_allowed" and "GET" in wrong.headers["Allow"]
    assert app.test_client().get("/no-such-page").status_code == 404  # elsewhere Flask's page is unchanged
    assert not app.test_client().get("/no-such-page").is_json


def test_cli_issues_a_token_once_and_audits_it(app: Flask, people: dict[str, Any]) -> None:  # noqa: F811
    runner = app.test_cli_runner()
    result: Result = runner.invoke(args=["users", "token", "sfs_lead"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith(PREFIX)
    db.session.expire_all()
    assert user("sfs_lead").api_token_hash == hash_token(token)
    assert Api(app.test_client(), token).get("/cases").status_code == 200
    assert [a.target for a in audits("api.token_issued")] == [f"user:{user('sfs_lead').id}"]
    revoked = runner.invoke(args=["users", "token", "sfs_lead", "--revoke"])
    assert revoked.exit_code == 0 and Api(app.test_client(), token).get("/cases").status_code == 401
    assert runner.invoke(args=["users", "token", "nobody"]).exit_code != 0
