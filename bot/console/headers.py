"""Response headers for console pages, which carry residents' personal details.

Pages are not cached (a shared office computer's back button must not show a case after
sign-out), not framed, and do not leak their URL (a case number) to the map links; only
the console's own scripts and styles run.
"""

from __future__ import annotations

from flask import Response

from bot.console.blueprint import bp

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


@bp.after_request
def protect(response: Response) -> Response:
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("Content-Security-Policy", CSP)
    return response
