"""The form state machine that runs every intake form in :mod:`handlers.intake.forms`.

State lives only in the resident's session (``ctx.session["intake"]``), so a form survives a
web-process restart and any gunicorn worker can take the next message. The step being asked
is not stored: it is the first applicable step without a value. That makes 上一步 (drop the
last answer), 重填 (drop all) and skipped steps (a description given up front, a phone not
asked of an anonymous clue) fall out of one rule instead of a transition table.

Timeouts: the session expires after ``SESSION_TTL``; a longer-lived marker in the session
store remembers that a form was open, so a resident coming back later is told the form timed
out instead of having their next message silently read as something else.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from bot.dispatch import Context, Reply
from bot.messages import MEDIA_KINDS
from handlers.intake import notices
from handlers.intake.fields import Answer, squash
from handlers.intake.forms import FORMS, Form, Step

log = logging.getLogger(__name__)

STATE_KEY = "intake"
DONE_KEY = "intake_done"
# How long after the session expired we still recognise an abandoned form.
MARKER_GRACE = 24 * 3600

_CANCEL = frozenset({"取消", "不办了", "不填了", "不弄了", "算了", "退出", "不要了", "取消填写"})
_BACK = frozenset({"上一步", "返回", "上一个", "返回上一步", "回上一步", "退回"})
_RESTART = frozenset({"重填", "重新填", "从头填", "重来", "重新开始", "重新来", "从头开始"})
_CONFIRM = frozenset({"确认", "确定", "提交", "确认提交", "对", "对的", "是的", "没问题", "可以", "好", "好的", "ok",
                      "要得", "没得问题", "确认无误"})


def command(text: str) -> str | None:
    """cancel / back / restart when the whole message is one of those words."""
    t = squash(text)
    for name, words in (("cancel", _CANCEL), ("back", _BACK), ("restart", _RESTART)):
        if t in words:
            return name
    return None


def is_confirm(text: str) -> bool:
    return squash(text) in _CONFIRM


@dataclass
class FormState:
    """One resident's form in progress, as stored in the session (plain JSON)."""

    case_type: str
    values: dict[str, Any] = field(default_factory=dict)
    media: list[int] = field(default_factory=list)
    # step key -> extra value keys its answer set (a relationship also sets the category)
    extras: dict[str, list[str]] = field(default_factory=dict)

    @property
    def form(self) -> Form:
        return FORMS[self.case_type]

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.case_type, "values": self.values, "media": self.media, "extras": self.extras}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FormState | None:
        if not isinstance(data, dict) or data.get("type") not in FORMS:
            return None
        return cls(data["type"], dict(data.get("values") or {}), list(data.get("media") or []),
                   dict(data.get("extras") or {}))

    def current(self) -> Step | None:
        """The step to ask now; None when everything is answered (the summary)."""
        return next((s for s in self.form.applicable(self.values) if s.key not in self.values), None)

    def previous(self, before: Step | None) -> Step | None:
        """The last answered step before ``before`` (before the summary when None)."""
        steps = self.form.applicable(self.values)
        end = steps.index(before) if before is not None else len(steps)
        return next((s for s in reversed(steps[:end]) if s.key in self.values), None)

    def forget(self, step: Step) -> None:
        self.values.pop(step.key, None)
        for key in self.extras.pop(step.key, []):
            self.values.pop(key, None)

    def answered(self) -> dict[str, Any]:
        """Values of the steps that apply (an answer left over from a changed choice is dropped)."""
        values: dict[str, Any] = {}
        for step in self.form.applicable(self.values):
            if step.key in self.values:
                values[step.key] = self.values[step.key]
                for key in self.extras.get(step.key, []):
                    values[key] = self.values.get(key)
        return values


def load(ctx: Context) -> FormState | None:
    data = ctx.session.get(STATE_KEY)
    return FormState.from_dict(data) if data else None


def save(ctx: Context, state: FormState) -> None:
    ctx.session[STATE_KEY] = state.to_dict()


def end(ctx: Context) -> None:
    ctx.session.pop(STATE_KEY, None)
    set_marker(ctx, None)


# --- the abandoned-form marker ------------------------------------------------------------------

def _marker_key(openid: str) -> str:
    return f"intake-open:{openid}"


def set_marker(ctx: Context, case_type: str | None) -> None:
    """Remember (or forget) that a form is open, for longer than the session lives."""
    if ctx.meta.get("dry_run"):
        return
    from bot.inbox import session_store

    store = session_store(ctx.app)
    key = _marker_key(ctx.message.openid)
    try:
        if case_type is None:
            store.delete(key)
        else:
            store.set(key, {"type": case_type}, ctx.app.config["SESSION_TTL"] + MARKER_GRACE)
    except Exception:
        log.exception("could not update the open-form marker")


def expired_marker(ctx: Context) -> str | None:
    """The type of a form that timed out (marker left, session state gone), else None."""
    from bot.inbox import session_store

    try:
        data = session_store(ctx.app).get(_marker_key(ctx.message.openid))
    except Exception:
        log.exception("could not read the open-form marker")
        return None
    case_type = data.get("type") if data else None
    return case_type if case_type in FORMS else None


# --- asking --------------------------------------------------------------------------------------

def ask(state: FormState, step: Step, lead: str = "") -> str:
    """One question: where we are, the question, and how to go back or stop."""
    steps = state.form.counted(state.values)
    position = notices.STEP.format(i=steps.index(step) + 1, n=len(steps))
    nav = notices.NAV if state.previous(step) is not None else notices.NAV_FIRST
    parts = [lead, position + "\n" + step.field.prompt(state.values), nav]
    return "\n".join(p for p in parts if p)


def summary(state: FormState) -> str:
    """Everything the resident gave, phone masked, with how to confirm, change or stop."""
    form, values = state.form, state.answered()
    lines = [notices.SUMMARY_HEAD.format(label=form.label)]
    for step in form.applicable(values):
        if step.key in values and step.key != "consent":
            lines.append(f"{step.field.label}：{step.field.show(values[step.key])}")
    if values.get("consent") == "anonymous":
        lines.append("联系电话：不留（匿名）")
    if state.media:
        lines.append(notices.SUMMARY_MEDIA.format(items=f"{len(state.media)}件（照片、语音或位置）"))
    lines.append(notices.SUMMARY_FOOT)
    return "\n".join(lines)


def prompt_now(state: FormState, lead: str = "") -> str:
    step = state.current()
    if step is None:
        return "\n".join(p for p in (lead, summary(state)) if p)
    return ask(state, step, lead)


# --- the conversation ----------------------------------------------------------------------------

def start(ctx: Context, case_type: str, *, description: str | None = None, hints: dict[str, Any] | None = None,
          lead: str = "") -> Reply:
    """Open a form; a description (and hints) the resident already gave are not asked again."""
    previous = load(ctx)
    state = FormState(case_type)
    if description:
        state.values["description"] = description
    for key, value in (hints or {}).items():
        step_keys = {s.key for s in state.form.steps}
        if key in step_keys:
            state.values[key] = value
            if key == "relationship":
                state.values["category"] = value
                state.extras[key] = ["category"]
    ctx.session.pop(DONE_KEY, None)
    save(ctx, state)
    set_marker(ctx, case_type)
    switched = (notices.SWITCHED.format(title=previous.form.title)
                if previous is not None and previous.values else "")
    noted = notices.NOTED.format(text=_short(description)) if description else ""
    opening = "\n".join(p for p in (lead, switched, state.form.intro, noted) if p)
    return Reply(prompt_now(state, opening))


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def advance(ctx: Context) -> Reply:
    """Handle one message while a form is open."""
    state = load(ctx)
    if state is None:  # pragma: no cover - matches() checked
        return Reply(None)
    msg = ctx.message
    text = msg.text.strip()
    cmd = command(text) if text else None
    if cmd == "cancel":
        end(ctx)
        return Reply(notices.CANCELLED)
    if cmd == "restart":
        return start(ctx, state.case_type, lead=notices.RESTARTED)
    if cmd == "back":
        return _back(ctx, state)

    step = state.current()
    kind = msg.kind
    if kind in MEDIA_KINDS:
        _attach(ctx, state)
        if not (kind == "voice" and (text or (step is not None and step.key == "description"))):
            lead = notices.VOICE_UNCLEAR if kind == "voice" else notices.MEDIA_ATTACHED.get(kind, "")
            save(ctx, state)
            return Reply(prompt_now(state, lead))
    if step is None:
        if is_confirm(text):
            return _submit(ctx, state)
        return Reply(notices.SUMMARY_AGAIN)

    outcome = step.field.parse(Answer(text, kind))
    if outcome.stop:
        end(ctx)
        return Reply(outcome.stop)
    if outcome.error:
        save(ctx, state)
        nav = notices.NAV if state.previous(step) is not None else notices.NAV_FIRST
        return Reply(outcome.error + "\n" + nav)
    state.values[step.key] = outcome.value
    if outcome.extra:
        state.values.update(outcome.extra)
        state.extras[step.key] = list(outcome.extra)
    save(ctx, state)
    return Reply(prompt_now(state))


def _submit(ctx: Context, state: FormState) -> Reply:
    from handlers.intake.submission import create

    text, number = create(ctx, state.form, state.answered(), state.media)
    if not ctx.meta.get("dry_run"):
        end(ctx)
        # A retry of this same message (e.g. Redis was down, so no dedup) gets the same answer,
        # and a second "确认" typed by the resident is told the form is already in.
        ctx.session[DONE_KEY] = {"key": ctx.message.dedup_key, "type": state.case_type, "reply": text,
                                 "number": number}
    return Reply(text)


def replay(ctx: Context) -> Reply | None:
    """After a submission: the same reply for a retry of the submitting message, a short
    reminder for another "确认"; None for anything else."""
    done = ctx.session.get(DONE_KEY)
    if not isinstance(done, dict):
        return None
    if done.get("key") == ctx.message.dedup_key:
        return Reply(str(done.get("reply") or ""))
    if ctx.message.text and is_confirm(ctx.message.text):
        return Reply(notices.ALREADY_SUBMITTED.format(number=done.get("number", "")))
    return None


def _back(ctx: Context, state: FormState) -> Reply:
    current = state.current()
    previous = state.previous(current)
    if previous is None:
        return Reply(prompt_now(state, notices.AT_FIRST_STEP))
    state.forget(previous)
    save(ctx, state)
    return Reply(prompt_now(state, notices.BACK))


def _attach(ctx: Context, state: FormState) -> None:
    """Keep the photo, voice or location and remember its id for the case (not in a dry run)."""
    if ctx.meta.get("dry_run"):
        return
    from handlers.media import keep_media

    item = keep_media(ctx.message)
    if item is not None and item.id not in state.media:
        state.media.append(item.id)

