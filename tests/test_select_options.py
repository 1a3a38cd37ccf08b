"""Every page with a select box builds it as WTForms 3.3+ wants (``SelectChoice``): tuple choices
are deprecated and stop working in WTForms 3.4, which would break those pages outright."""

from __future__ import annotations

import re
import warnings

import pytest
from flask import Flask
from flask.testing import FlaskClient

from bot.console_admin.unanswered import AttachForm
from bot.select_options import options
from tests.test_console_fixtures import logged_in, people, seeded, sfs_case  # noqa: F401

pytestmark = pytest.mark.usefixtures("people")

ADMIN_PAGES = ("/console/admin/staff/new", "/console/admin/offices/new", "/console/admin/routing/new",
               "/console/admin/holidays/new", "/console/admin/faq/new", "/console/admin/time-limits",
               "/console/admin/menu/edit")


def _get_without_deprecations(client: FlaskClient, path: str) -> str:
    with warnings.catch_warnings():
        warnings.filterwarnings("error", category=DeprecationWarning, module=r"wtforms\..*")
        res = client.get(path)
    assert res.status_code == 200, (path, res.status_code)
    return res.get_data(as_text=True)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_forms_build_their_selects_without_deprecated_tuples(app: Flask, path: str) -> None:
    page = _get_without_deprecations(logged_in(app, "admin"), path)
    assert "<select" in page or 'type="radio"' in page or 'type="checkbox"' in page


def test_case_action_forms_too(app: Flask) -> None:
    case = sfs_case()
    page = _get_without_deprecations(logged_in(app, "sfs_li"), f"/console/cases/{case.number}")
    assert "<select" in page


def test_options_keep_values_labels_and_order_and_validate(app: Flask) -> None:
    built = options([(2, "二"), (1, "一")])
    assert [(c.value, c.label) for c in built] == [(2, "二"), (1, "一")]
    with app.test_request_context(method="POST", data={"entry_id": "b", "examples": ["x"]}):
        form = AttachForm(meta={"csrf": False})
        form.entry_id.choices = options([("a", "A"), ("b", "B")])
        form.examples.choices = options([("x", "x"), ("y", "y")])
        form.validate()
        assert form.entry_id.data == "b" and form.examples.data == ["x"]
        assert re.search(r'<input checked[^>]*value="b"', str(form.entry_id))
