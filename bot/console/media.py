"""The media proxy: photos, voice and video residents sent, fetched from WeChat for staff.

Browsers cannot call WeChat's ``media/get`` (it needs the access token), and WeChat keeps
temporary media for three days only, so the first view downloads through the shared client
(``bot.wechat_api.get_client``) and keeps a copy in the instance folder for later views.
Only the types a resident can send are served, never as HTML, and only to staff who may see
the case (``bot.console.access.get_media_for``: 404 otherwise).
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import requests
from flask import Response, abort, current_app
from wechatpy.exceptions import WeChatClientException

from bot import audit
from bot.cases.models import Case
from bot.console.access import get_media_for
from bot.console.auth import current_staff
from bot.console.blueprint import bp
from bot.extensions import db
from bot.models import MediaItem
from bot.wechat_api import get_client

log = logging.getLogger(__name__)
SAFE_PREFIXES = ("image/", "audio/", "video/")
EXTENSIONS = {"voice": "amr", "video": "mp4", "shortvideo": "mp4"}


def _cache_dir() -> Path:
    path = Path(current_app.config["INSTANCE_DIR"]) / "media-cache"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _safe_type(value: str | None) -> str:
    mimetype = (value or "").split(";")[0].strip().lower()
    return mimetype if mimetype.startswith(SAFE_PREFIXES) else "application/octet-stream"


def _write(path: Path, data: bytes) -> None:
    """Atomically, since several gunicorn workers may fetch the same photo at once."""
    fd, tmp = tempfile.mkstemp(dir=path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def fetch(item: MediaItem) -> tuple[bytes, str]:
    """The file and its type: from the cache, or downloaded from WeChat and cached."""
    # Keyed by WeChat's media id, which never changes meaning (row ids can be reused).
    body_path = _cache_dir() / f"{hashlib.sha256((item.media_id or '').encode()).hexdigest()}.bin"
    type_path = body_path.with_suffix(".type")
    if body_path.exists() and type_path.exists():
        return body_path.read_bytes(), type_path.read_text()
    res = get_client().media.download(item.media_id)
    if not isinstance(res, requests.Response):  # a JSON answer: no file to give
        raise LookupError("no media body")
    res.raise_for_status()
    mimetype = _safe_type(res.headers.get("Content-Type"))
    _write(body_path, res.content)
    _write(type_path, mimetype.encode())
    return res.content, mimetype


@bp.get("/media/<int:media_item_id>")
def media(media_item_id: int) -> Response:
    user = current_staff()
    item = get_media_for(user, media_item_id)
    if not item.media_id or item.kind not in {"image", "voice", "video", "shortvideo"}:
        abort(404)
    try:
        data, mimetype = fetch(item)
    except WeChatClientException as exc:  # expired (40007) or unknown media id
        log.info("media %s not available from WeChat: %s", item.id, exc)
        abort(404)
    except (requests.RequestException, LookupError) as exc:
        log.warning("media %s download failed: %s", item.id, exc)
        abort(502)
    case = db.session.get(Case, item.case_id)
    audit.record(user, "media.view", audit.case_target(case.number if case else "?"), {"media_item_id": item.id})
    res = Response(data, mimetype=mimetype)
    res.headers["X-Content-Type-Options"] = "nosniff"
    res.headers["Cache-Control"] = "private, max-age=3600"
    if not mimetype.startswith("image/"):
        ext = EXTENSIONS.get(item.kind, "bin")
        res.headers["Content-Disposition"] = f'attachment; filename="{item.kind}-{item.id}.{ext}"'
    return res
