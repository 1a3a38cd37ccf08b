"""Legal questions answered from the knowledge base: answer, ask which was meant, or say so plainly.

A wrong answer on a legal matter costs a resident more than a clarifying question, and a
clarifying question more than an honest "not sure" with a person offered, so the handler
follows the decision's three outcomes. Questions not answered outright (a choice offered, or
"not sure") are logged (no OpenID in clear) for editors, with the entry the resident then opens
by number; nothing is written under ``dry_run`` (``bot explain``).
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Sequence
from typing import ClassVar

from bot.console_stats.answered import count_answer
from bot.dispatch import Context, Reply
from handlers import follow_up, handoff
from handlers.intake.fields import choice_number, squash
from handlers.intake.triggers import asks_something
from knowledge import service
from knowledge.citations import citation_line, split_citation
from knowledge.decision import DEFAULT as DEFAULT_THRESHOLDS
from knowledge.lookup import split_for_wechat
from knowledge.service import LiveEntry

MAX_REPLY = 600
CHOICE_TTL = 10 * 60
RELATED_MIN_SCORE = DEFAULT_THRESHOLDS.option
"""A "not sure" reply lists candidates scoring at least this as possibly related questions."""
CHOICES = "faq_choices"
CITATION = "faq_citation"
TEXT_KINDS = frozenset({"text", "voice"})

STATUTE_HINT = "回复“法条”查看原文"
UNSURE = (
    "抱歉，这个问题我没有把握答准。\n"
    "您可以换个说法再问一次，或者回复“人工”，我们请工作人员联系您。\n"
    "{hotlines}"
)
UNSURE_RELATED = (
    "抱歉，这个问题我没有把握答准。\n"
    "下面这些常见问题可能有关，回复数字查看：\n{options}\n"
    "都不是的话，可以换个说法再问，或者回复“人工”，我们请工作人员联系您。\n"
    "{hotlines}"
)
TOPIC_MENU = (
    "关于这方面，大家常问的有：\n{options}\n"
    "回复数字查看。都不是的话，可以直接说说您遇到的事，或者回复“人工”，我们请工作人员联系您。\n"
    "{hotlines}"
)
"""For a message that only names a topic ("离婚", "彩礼", "交通事故"): what can be asked about it
instead of "not sure" (a bare word covers too little of any question to be answered, and older
residents often start with one)."""
TOPIC_MAX_CHARS = 8
HOTLINES = "急事请拨 110；法律咨询热线 12348。"
REPORT_HINT = "如果是要反映情况、请工作人员来处理，回复“反映情况”。\n"
"""Added to "not sure" when the message asks nothing: it may be a report the intake rules missed
("村里修的健身器材坏了…"); "反映情况" then opens the clue form with that message as its description."""
SERVICE_HOTLINE = "办证、缴费、补贴这类办事问题，可以拨打 12345 政务服务便民热线，或到乡便民服务中心问。"
_SERVICE_RE = re.compile(
    r"补办|办证|换证|换新证|缴费|交费|报销|补贴|补助|低保|医保|社保卡|养老金|公积金|户口|身份证|护照|"
    r"营业执照|上班时间|几点上班|几点下班|上不上班|开门|在哪里办|去哪里办|去哪办|哪里能办"
)
GONE = "抱歉，这条解答刚刚更新了，请您把问题再发一次。"
STRAY_NUMBER = ("这个编号现在没有对应的问题（可能已经过了时间）。"
                "请直接说您想问什么，我来帮您找；回复“帮助”看看我能做什么。")
NO_SUCH_CHOICE = "没有这个编号。请回复 {numbers} 中的一个，或者直接说您想问什么。"
RUNNER_UP = "如果您想问的是“{question}”，请回复 1。"
"""After an answer: the next entry, one reply away, so a near miss (a sibling entry) costs the
resident one message instead of a wrong answer taken as the law."""


def _hotlines(text: str) -> str:
    """The numbers to call; an errand (a card, a fee, a subsidy, office hours) is not a legal
    question, so the government-service hotline comes first for it."""
    if _SERVICE_RE.search(unicodedata.normalize("NFKC", text)):
        return f"{SERVICE_HOTLINE}\n{HOTLINES}"
    return HOTLINES


def _choice(text: str) -> int | None:
    """"1", "２", "第二个", "选3", "是第二个" -> the number (1-9); None for anything else."""
    number = choice_number(text)
    return number if number is not None and 1 <= number <= 9 else None


def _statute_available(entry: LiveEntry) -> bool:
    """Whether "法条" would find at least one cited article in the statute store."""
    from knowledge.statute_store import find_article

    for part in split_citation(entry.law, entry.article):
        if any(find_article(part.canonical, number) for number in part.numbers[:3]):
            return True
    return False


def answer_reply(ctx: Context, entry: LiveEntry, runner_up: LiveEntry | None = None, lead: str = "") -> Reply:
    """The entry's answer, ending with its legal basis; long answers continue in ``later``.
    ``runner_up``: the next entry, offered at the very end to open by number; ``lead``: a line
    before the answer (which question a follow-up was taken to be about)."""
    ctx.meta["faq_id"] = entry.id
    follow_up.remember(ctx.session, entry.question)
    if not ctx.meta.get("dry_run"):
        count_answer(ctx.app, entry.id)  # one pipelined Redis call; the statistics' "answered" figure
    handoff.drop(ctx.session)
    lines = [lead.rstrip("\n"), entry.answer.strip(), citation_line(entry.law, entry.article)]
    if _statute_available(entry):
        ctx.session[CITATION] = {"law": entry.law, "article": entry.article}
        lines.append(STATUTE_HINT)
    elif entry.law:  # no hint, but a "法条" anyway is told why there is no text to send
        ctx.session[CITATION] = {"law": entry.law, "article": entry.article}
    else:
        ctx.session.pop(CITATION, None)
    if runner_up is not None:
        ctx.meta["faq_runner_up"] = runner_up.id
        lines.append(RUNNER_UP.format(question=runner_up.question))
        _remember(ctx, [runner_up])
    parts = split_for_wechat("\n".join(line for line in lines if line), MAX_REPLY)
    return Reply(parts[0], later=parts[1:])


def _remember(ctx: Context, entries: Sequence[LiveEntry], unanswered: int | None = None) -> None:
    """Keep ``entries`` for the resident's numbered reply (``FaqChoice``).
    ``unanswered``: the logged question's row, to note which entry the resident then opens."""
    ctx.session[CHOICES] = {"ids": [e.id for e in entries], "at": time.time(), "unanswered": unanswered}


def _offer(ctx: Context, entries: Sequence[LiveEntry], unanswered: int | None = None) -> str:
    """``_remember`` the entries and return their numbered list for the reply."""
    _remember(ctx, entries, unanswered)
    return "\n".join(f"{i}. {e.question}" for i, e in enumerate(entries, 1))


SHOW_CITED = re.compile(
    r"^(?:看|看看|查看|查|发|给我看看?)?(?:一下|下)?(?:相关|具体)?(?:法条|原文|条文)(?:原文)?[。.!！?？]*$|"
    # "第几条" / "是哪一条" / "法律依据呢" after an answer (a fourth QA pass: they had got "not sure")
    r"^(?:是|在|那)?(?:第几条|哪一?条|哪条法律?|法律依据|依据)(?:是(?:啥子?|什么))?(?:呢|嘛|哦|啊)?[。.!！?？]*$"
)


def wants_cited(text: str) -> bool:
    """"法条" (or 原文 / 看看条文): the resident asks for the articles the last answer cited."""
    return bool(SHOW_CITED.match(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))))


class FaqChoice:
    """The number a resident replies to "您是想问：1. … 2. …"; any other message but "法条" drops the
    choice."""

    name: ClassVar[str] = "faq"

    def matches(self, ctx: Context) -> bool:
        pending = ctx.session.get(CHOICES)
        if not pending or ctx.message.kind not in TEXT_KINDS:
            return False
        number = _choice(ctx.message.text)
        fresh = time.time() - float(pending.get("at", 0)) < CHOICE_TTL
        if number is None and fresh and wants_cited(ctx.message.text or ""):
            return False  # "法条" after an answer: the offered entries stay one number away
        if number is not None and fresh:
            return True  # past the list's end ("3" to two) too: handle says which numbers there are
        if number is None or not fresh:
            del ctx.session[CHOICES]
            return False
        return True

    def handle(self, ctx: Context) -> Reply:
        # the list stays (until it expires or another message comes): a resident who opened 2 may
        # want 1 too, and had been told the number was no longer valid
        pending = ctx.session[CHOICES]
        number = _choice(ctx.message.text) or 1
        count = len(pending.get("ids", []))
        if number > count:
            return Reply(NO_SUCH_CHOICE.format(numbers="、".join(str(i) for i in range(1, count + 1))))
        entry = service.live_entry(pending["ids"][number - 1], ctx.app)
        if entry is None:
            return Reply(GONE)
        if pending.get("unanswered") and not ctx.meta.get("dry_run"):
            from knowledge.unanswered import record_choice

            record_choice(int(pending["unanswered"]), entry.id)
        return answer_reply(ctx, entry)


class StrayNumber:
    """A bare number with no numbered question waiting for it (none offered, out of range, or
    expired): searching "1" as a question would answer "not sure" and log "1" for the admins."""

    name: ClassVar[str] = "faq"

    def matches(self, ctx: Context) -> bool:
        return (ctx.message.kind in TEXT_KINDS and CHOICES not in ctx.session
                and _choice(ctx.message.text) is not None)

    def handle(self, ctx: Context) -> Reply:
        return Reply(STRAY_NUMBER)


class Faq:
    """Any text message that no earlier handler took is treated as a legal question."""

    name: ClassVar[str] = "faq"

    def matches(self, ctx: Context) -> bool:
        return ctx.message.kind in TEXT_KINDS and bool(ctx.message.text.strip())

    def handle(self, ctx: Context) -> Reply:
        text, lead = ctx.message.text.strip(), ""
        topic = follow_up.topic_of(ctx.session, text)
        together = service.consult(f"{topic}，{text}", ctx.app) if topic is not None else None
        if topic is not None and together is not None and together.decision.kind != "unsure":
            # "那去哪里告他" right after an answer: searched with the question answered (alone only if that fails)
            outcome, lead, text = together, follow_up.LEAD.format(question=topic.rstrip("？?")), f"{topic}，{text}"
        else:
            outcome = service.consult(text, ctx.app)
        kind = outcome.decision.kind
        decided = [c.id for c in outcome.decision.candidates] if kind != "unsure" else []
        ctx.meta.update(faq_id=None, faq_score=outcome.top_score, faq_decision=kind,
                        faq_candidates=decided + [c.id for c in outcome.candidates if c.id not in decided])
        if kind == "answer":
            return answer_reply(ctx, outcome.entries[0], runner_up=outcome.runner_up, lead=lead)
        follow_up.forget(ctx.session)  # not answered: a next short question is not about the last answer
        # Not answered outright: logged for editors (with the entry the resident then opens, if any)
        logged = None
        if not ctx.meta.get("dry_run"):
            from knowledge.unanswered import log_unanswered

            logged = log_unanswered(text, outcome.decision.candidates or outcome.candidates, ctx.message.openid).id
        # a bare topic ("离婚"): what can be asked about it, rather than a choice among the few
        # entries that score best for one word (a passing mention among them) or "not sure"
        about = service.on_topic(text, ctx.app) if len(squash(text)) <= TOPIC_MAX_CHARS else ()
        if kind == "clarify" and len(about) < 2:
            return Reply(f"{lead}您是想问：\n{_offer(ctx, outcome.entries, unanswered=logged)}\n请回复数字。")
        handoff.keep(ctx.session, text)
        ctx.session.pop(CITATION, None)
        hotlines = ("" if asks_something(text) else REPORT_HINT) + _hotlines(text)
        if about:
            ctx.meta.update(faq_decision="topic", faq_candidates=[e.id for e in about])
            return Reply(TOPIC_MENU.format(options=_offer(ctx, about, unanswered=logged), hotlines=hotlines))
        # Not an answer: entries that may be related, offered as questions the resident can open
        # (in the unseen-message benchmarks the right entry is among them for most "not sure"
        # messages); a person stays on offer.
        related = [e for c, e in zip(outcome.decision.candidates, outcome.entries, strict=True)
                   if c.score >= RELATED_MIN_SCORE]
        if not related:
            return Reply(UNSURE.format(hotlines=hotlines))
        return Reply(UNSURE_RELATED.format(options=_offer(ctx, related, unanswered=logged), hotlines=hotlines))
