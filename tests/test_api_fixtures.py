"""Shared fixtures for the API tests (imported by the test_api_* modules): tokens for the
console's test people, and a client that sends them."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.api.tokens import issue_token
from bot.org.models import User
from tests.test_console_fixtures import (  # noqa: F401
    audits,
    people,
    routed_case,
    seeded,
    sfs_case,
    user,
    village_case,
)


class Api:
    """The Flask test client with one account's ``Authorization: Bearer`` header."""

    def __init__(self, client: FlaskClient, token: str | None) -> None:
        self.client, self.token = client, token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get("/api/v1" + path, headers=self._headers(), **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete("/api/v1" + path, headers=self._headers(), **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post("/api/v1" + path, json=json, headers=self._headers(), **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.put("/api/v1" + path, json=json, headers=self._headers(), **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.patch("/api/v1" + path, json=json, headers=self._headers(), **kw)


@pytest.fixture
def tokens(app: Flask, people: dict[str, User]) -> dict[str, str]:  # noqa: F811
    """A token for each of the console's test people."""
    return {name: issue_token(person) for name, person in people.items()}


@pytest.fixture
def api_as(app: Flask, tokens: dict[str, str]) -> Any:
    def make(username: str | None) -> Api:
        return Api(app.test_client(), tokens[username] if username else None)

    return make
