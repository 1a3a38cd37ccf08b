"""How an entry's answer will look in WeChat: the FAQ handler's own formatting, run dry.

``handlers.faq.answer_reply`` adds the citation line and the "法条" hint and splits long
answers into the passive reply and follow-up messages; the preview calls exactly that, with
a throwaway session and ``dry_run`` set (as ``bot explain`` does), so editors see the very
messages a resident would get, before they save.
"""

from __future__ import annotations

import secrets
import time

from flask import Flask, current_app

from bot.dispatch import Context
from bot.explain import MemorySessionStore
from bot.messages import Inbound
from bot.session import Session
from handlers.faq import answer_reply
from knowledge.entries import EntryData
from knowledge.service import LiveEntry


def wechat_messages(data: EntryData, app: Flask | None = None) -> list[str]:
    """The messages a resident gets for this entry: the reply, then any follow-ups."""
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    openid = "preview-" + secrets.token_hex(8)
    message = Inbound(openid=openid, account="preview", kind="text", create_time=int(time.time()),
                      msg_id=secrets.token_hex(8), text=data.question)
    session = Session(MemorySessionStore(), f"resident:{openid}", app.config["SESSION_TTL"])
    ctx = Context(app=app, message=message, session=session, request_id="preview", meta={"dry_run": True})
    reply = answer_reply(ctx, LiveEntry(data.id, data.question, data.answer, data.law, data.article))
    return [part for part in (reply.text, *reply.later) if part]
