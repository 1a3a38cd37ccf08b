"""The intake handlers: the open form, the timed-out form, and the ways a form starts.

Each handler that acts for one case type is an instance made per type from the form table
(``name`` = the case type, as ``bot explain`` and the logs show it), so adding a form adds no
handler code. Registry order (see ``handlers/__init__.py``): the open form right after the
follow/unfollow events, then the timed-out notice, …, menu starters, …, "人工", free text.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, TypeVar, cast

from bot.dispatch import Context, Handler, Registry, Reply
from bot.messages import MEDIA_KINDS
from handlers.handoff import take as take_handoff
from handlers.intake import engine, notices, timeout, triggers
from handlers.intake.choices import relationship_hint
from handlers.intake.fields import (
    Answer,
    ConsentField,
    DescriptionField,
    choice_number,
    is_one_of,
    normalise_phone,
)
from handlers.intake.forms import FORMS

T = TypeVar("T", bound="PerType")


class PerType:
    """A handler acting for one case type; :meth:`each` makes one per form."""

    name: ClassVar[str] = ""
    case_type: ClassVar[str] = ""

    @classmethod
    def each(cls: type[T]) -> list[T]:
        return [cast(T, type(f"{cls.__name__}_{t}", (cls,), {"name": t, "case_type": t})()) for t in FORMS]


def _answers_something(ctx: Context) -> bool:
    """Messages a form can take: text, voice, photos, locations… (not events)."""
    return ctx.message.kind == "text" or ctx.message.kind in MEDIA_KINDS


class ActiveForm(PerType):
    """The resident is filling in this type's form: every message is an answer, a command or
    an attachment; a retried delivery of the message that submitted it gets the same reply."""

    def matches(self, ctx: Context) -> bool:
        if not _answers_something(ctx):
            return False
        state = engine.load(ctx)
        if state is not None:
            return state.case_type == self.case_type
        done = ctx.session.get(engine.DONE_KEY)
        return isinstance(done, dict) and done.get("type") == self.case_type and engine.replay(ctx) is not None

    def handle(self, ctx: Context) -> Reply:
        if engine.load(ctx) is None:
            return engine.replay(ctx) or Reply(None)
        return engine.advance(ctx)


class ExpiredForm:
    """A form was open but the session expired: say so briefly, then handle the message normally.

    A bare form answer ("确认", "3", a phone number) means nothing on its own any more, so it
    gets only the notice with how to start again; "重填" restarts the same form.
    """

    name: ClassVar[str] = "intake_expired"

    def matches(self, ctx: Context) -> bool:
        msg = ctx.message
        wanted = _answers_something(ctx) or (msg.kind == "event" and msg.event == "click")
        if not wanted or engine.load(ctx) is not None:
            return False
        data = ctx.meta["expired_form"] = timeout.expired(ctx)  # handle uses it: one read of the marker
        if data is None:
            return False
        # once told, only "继续" / "重填" still reach the kept draft
        return not data.get("told") or _RESUME.match(ctx.message.text or "") is not None or \
            engine.command(ctx.message.text) == "restart"

    def handle(self, ctx: Context) -> Reply:
        data = ctx.meta.get("expired_form") or {}
        case_type = str(data.get("type") or "consultation")
        draft = data.get("draft") if isinstance(data.get("draft"), dict) else None
        text = ctx.message.text
        if engine.command(text) == "restart":
            timeout.set_marker(ctx, None)
            return engine.start(ctx, case_type, lead=notices.EXPIRED)
        if draft and text and (_RESUME.match(text) or _form_answer(text)):
            resumed = engine.resume(ctx, draft)  # the answer may be to another step: show where we are
            if resumed is not None:
                return resumed
        if text and _form_answer(text):
            timeout.set_marker(ctx, None)
            return Reply(notices.EXPIRED_RESTART.format(title=FORMS[case_type].title))
        lead = notices.EXPIRED_KEPT.format(title=FORMS[case_type].title) if draft else notices.EXPIRED
        if draft:
            timeout.set_marker(ctx, case_type, draft, told=True)
        else:
            timeout.set_marker(ctx, None)
        registry: Registry = ctx.app.extensions["fazhi.registry"]
        rest = registry.handlers[registry.handlers.index(self) + 1:] if self in registry.handlers else []
        handler = Registry(rest).pick(ctx)
        if handler is None:
            return Reply(lead)
        ctx.handler_name = handler.name
        inner = handler.handle(ctx)
        inner.text = lead + ("\n\n" + inner.text if inner.text else "")
        return inner


_RESUME = re.compile(r"^\s*(继续|接着填|接到填|继续填|接着来|继续填写)[吧嘛哈哦。.!！]*\s*$")
_CONSENT = ConsentField(collects="")
_DESCRIPTION = DescriptionField(ask="")


def _form_answer(text: str) -> bool:
    """Does ``text`` only make sense as an answer inside a form?"""
    return bool(engine.is_confirm(text) or engine.command(text) or choice_number(text) is not None
                or normalise_phone(text) or is_one_of(text, _CONSENT._YES | _CONSENT._NO))


class MenuStart(PerType):
    """A 我要办事 menu button: start that form (a half-filled other form is dropped, and said so;
    the same form's button carries on where the resident was)."""

    def matches(self, ctx: Context) -> bool:
        msg = ctx.message
        return msg.kind == "event" and msg.event == "click" and msg.event_key == FORMS[self.case_type].menu_key

    def handle(self, ctx: Context) -> Reply:
        state = engine.load(ctx)
        if state is not None and state.case_type == self.case_type and state.values:
            # The same button pressed again mid-form: carry on rather than lose the answers.
            lead = notices.CONTINUE.format(title=FORMS[self.case_type].title)
            return Reply(engine.prompt_now(state, lead))
        return engine.start(ctx, self.case_type)


_VIOLENCE = re.compile(r"打我|打人|家暴|家庭暴力|动手打|拿刀|砍我|要杀|打伤|打断|打得|威胁")


def start_from_text(ctx: Context, case_type: str, text: str, lead: str = "") -> Reply:
    """Start a form from the resident's own words: a description in them is not asked again.
    A bare "反映情况"/"投诉"… right after the FAQ could not answer takes that message instead."""
    description = triggers.description_in(text)
    handoff = take_handoff(ctx.session)
    if description is None and triggers.exact_type(text) and handoff:
        description = handoff if _DESCRIPTION.parse(Answer(handoff)).ok else None
        text = handoff if description else text
    hints: dict[str, Any] = {}
    if case_type == "mediation":
        relationship = relationship_hint(text)
        if relationship:
            hints["relationship"] = relationship
    if _VIOLENCE.search(text):
        lead = "\n".join(p for p in (notices.SAFETY_FIRST, lead) if p)
    return engine.start(ctx, case_type, description=description, hints=hints, lead=lead)


class TextStart(PerType):
    """Free text asking a person to take something up ("我要投诉…", "想找人调解一下和邻居的事",
    "黄柏场口弯道护栏坏了")."""

    def matches(self, ctx: Context) -> bool:
        if not _answers_something(ctx) or not ctx.message.text:
            return False
        if "intake.detected" not in ctx.meta:
            ctx.meta["intake.detected"] = triggers.detect(ctx.message.text)
        return bool(ctx.meta["intake.detected"] == self.case_type)

    def handle(self, ctx: Context) -> Reply:
        return start_from_text(ctx, self.case_type, ctx.message.text)


class Handoff:
    """"人工" after the FAQ could not answer: a consultation whose description is the question
    the resident asked (kept briefly by the FAQ handler, see ``handlers.handoff``)."""

    name: ClassVar[str] = "consultation"

    def matches(self, ctx: Context) -> bool:
        return _answers_something(ctx) and bool(ctx.message.text) and triggers.is_handoff(ctx.message.text)

    def handle(self, ctx: Context) -> Reply:
        question = take_handoff(ctx.session)
        described = _DESCRIPTION.parse(Answer(question)).ok if question else False
        return engine.start(ctx, "consultation", description=question if described else None)


def active_forms() -> list[Handler]:
    return list(ActiveForm.each())


def menu_starters() -> list[Handler]:
    return list(MenuStart.each())


def text_starters() -> list[Handler]:
    return list(TextStart.each())
