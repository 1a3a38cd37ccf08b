"""The form state machine that runs every intake form in :mod:`handlers.intake.forms`.

State lives only in the resident's session (``ctx.session["intake"]``, see
:mod:`handlers.intake.state`), so a form survives a web-process restart and any gunicorn
worker can take the next message. Each message is a command (取消, 上一步, 重填), an
attachment (photo, voice, location), an answer for the current step's field, or — at the
summary — the confirmation that creates the case.
"""

from __future__ import annotations

import re
from typing import Any

from bot.dispatch import Context, Reply
from bot.messages import MEDIA_KINDS
from handlers.intake import notices, triggers
from handlers.intake.fields import Answer, Outcome, is_one_of
from handlers.intake.forms import Step
from handlers.intake.state import FormState
from handlers.intake.timeout import set_marker

STATE_KEY = "intake"
DONE_KEY = "intake_done"

_CANCEL = frozenset({"取消", "取消了", "不办了", "我不办了", "不想办了", "我不想办了", "不填了", "不弄了", "不想弄了",
                     "不搞了", "不想搞了", "算了", "退出", "不要了", "取消填写", "不申请了", "不反映了", "不投诉了",
                     "不用了", "没事了", "不问了", "不咨询了", "不调解了", "不整了", "莫弄了", "不提了", "不需要了",
                     "等会儿再说", "以后再说", "下次再说", "算球了"})
_BACK = frozenset({"上一步", "返回", "上一个", "返回上一步", "回上一步", "退回"})
_RESTART = frozenset({"重填", "重新填", "从头填", "重来", "重新开始", "重新来", "从头开始"})
_CONFIRM = frozenset({"确认", "确定", "提交", "确认提交", "对", "对的", "对头", "是的", "没问题", "可以", "可以了",
                      "好", "好的", "好了", "ok", "要得", "没得问题", "没有问题", "确认无误", "没错", "就这样", "行",
                      "行的", "同意", "嗯", "是", "中", "好滴", "提交了", "确认了"})


def command(text: str) -> str | None:
    """cancel / back / restart when the whole message is one of those words."""
    for name, words in (("cancel", _CANCEL), ("back", _BACK), ("restart", _RESTART)):
        if is_one_of(text, words):
            return name
    return None


_CONFIRM_EXPLICIT = frozenset({"确认", "确定", "提交", "确认提交", "确认无误", "提交了", "确认了"})
"""After a submission only these are a second confirmation: "好的", "好了" and "谢谢" then are small
talk, the end of adding material ("补充"), or an answer to a staff reply (a third QA pass: they
were told "不用再确认")."""


def is_confirm(text: str) -> bool:
    return is_one_of(text, _CONFIRM)


def load(ctx: Context) -> FormState | None:
    data = ctx.session.get(STATE_KEY)
    return FormState.from_dict(data) if data else None


def save(ctx: Context, state: FormState) -> None:
    draft = state.to_dict()
    if draft != ctx.session.get(STATE_KEY):  # a step asked again changes nothing: no second write
        set_marker(ctx, state.case_type, draft)
    ctx.session[STATE_KEY] = draft


def resume(ctx: Context, draft: dict[str, Any]) -> Reply | None:
    """Pick a timed-out form up where it was (its draft kept by the open-form marker); None when
    the draft cannot be read any more (a form changed since)."""
    state = FormState.from_dict(draft)
    if state is None:
        return None
    save(ctx, state)
    return Reply(prompt_now(state, notices.RESUMED.format(title=state.form.title)))


def end(ctx: Context) -> None:
    ctx.session.pop(STATE_KEY, None)
    set_marker(ctx, None)


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
    for step in state.form.steps:
        if step.key in (hints or {}):
            _store(state, step, step.field.parse(Answer(str((hints or {})[step.key]))))
    ctx.session.pop(DONE_KEY, None)
    save(ctx, state)  # also marks the form open (handlers/intake/timeout.py)
    switched = (notices.SWITCHED.format(title=previous.form.title)  # not when the same form restarts
                if previous is not None and previous.values and previous.case_type != case_type else "")
    noted = notices.NOTED.format(text=_short(description)) if description else ""
    opening = "\n".join(p for p in (lead, switched, state.form.intro, noted) if p)
    return Reply(prompt_now(state, opening))


_CHANGE_OF_MIND = re.compile(r"^(我)?(不想|不要|不|不用)(投诉|调解|咨询|举报|反映|提建议|建议)了[，,。.!！\s]*")


def _switched_to(text: str, state: FormState) -> str | None:
    """The form a resident changes to in so many words ("我不想投诉了我想找人调解"), else None."""
    head = _CHANGE_OF_MIND.match(text.strip())
    if head is None:
        return None
    rest = text.strip()[head.end():]
    wanted = triggers.detect(rest) if rest else None
    return wanted if wanted is not None and wanted != state.case_type else None


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
    if cmd == "cancel" and _means_no_phone(state, text):
        cmd = None  # "不用了" where the phone is optional: go on without it, not cancel the report
    if cmd == "cancel":
        end(ctx)
        return Reply(notices.CANCELLED)
    if cmd == "restart":
        return start(ctx, state.case_type, lead=notices.RESTARTED)
    if cmd == "back":
        return _back(ctx, state)
    if text and triggers.is_handoff(text):  # "人工" mid-form: this form is the way to a person
        return Reply(prompt_now(state, notices.PERSON_AFTER_SUBMIT))
    other = _switched_to(text, state) if text else None
    if other is not None:  # "我不想投诉了，我想找人调解": the other form, with what was already said
        return start(ctx, other, description=state.values.get("description"))

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
    _store(state, step, outcome)
    save(ctx, state)
    return Reply(prompt_now(state))


def _means_no_phone(state: FormState, text: str) -> bool:
    step = state.current()
    return step is not None and step.field.parse(Answer(text)).value == "anonymous"


def _store(state: FormState, step: Step, outcome: Outcome) -> None:
    if not outcome.ok:
        return
    state.values[step.key] = outcome.value
    if outcome.extra:
        state.values.update(outcome.extra)
        state.extras[step.key] = list(outcome.extra)


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
    if ctx.message.text and is_one_of(ctx.message.text, _CONFIRM_EXPLICIT):
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

