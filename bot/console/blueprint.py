"""The console blueprint, its login guard and CSRF check, shared by every console module.

Modules add routes to ``bp``; another blueprint (e.g. the admin side) gets the same rules by
registering :func:`guard` as its ``before_request``.
"""

from __future__ import annotations

from flask import Blueprint
from flask_wtf.csrf import CSRFProtect

bp = Blueprint("console", __name__, url_prefix="/console", template_folder="templates",
               static_folder="static", static_url_path="/static")
csrf = CSRFProtect()

# Endpoints reachable without logging in.
PUBLIC_ENDPOINTS = frozenset({"console.login", "console.static"})
