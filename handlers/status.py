"""办理进度: a resident's own cases, one case by its number, and adding material to an open case.

Residents only ever see their own cases: a number that belongs to someone else answers
exactly like a number that does not exist. Numbers come typed (HB-20261126-0042, lower case,
with spaces), spoken through speech recognition (二零二六一一二六零零四二), or as the four-digit
tail the confirmation told them to remember.

Adding material ("补充"): the resident picks an open case (by tail, or automatically when
only one is open), then every text, photo, voice or location they send is added to it until
they say "好了" (or the session expires) — simpler for elderly users than repeating a number
with every photo.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar

from flask import current_app

from bot.dispatch import Context, Reply
from bot.messages import MEDIA_KINDS
from handlers.intake.fields import squash

SUPPLEMENT_KEY = "supplement"

_STATUS_WORDS = re.compile(r"^(办理进度|进度|查进度|查询进度|进度查询|查询|我的事项|我的事|查办理进度|办事进度|"
                           r"我的投诉|我的申请|查结果|有结果没|有没有结果|办得怎么样了?|办得咋样了?|办到哪了?|"
                           r"((我的|我那个|我家的|我们的|那个)?|(我|我的|我那个|我家|我家的|我们|我们的|我们那个).{1,8}的)"
                           r"(事|事情|案子|案件|事项|投诉|调解申请|申请|调解)"
                           r"((办得?|处理得?|弄得?)?(怎么样|咋样|如何|咋个样|啷个样|到哪(一)?步|到哪)了?|"
                           r"有(结果|消息|下文|进展|回音)了?(没有|没得|没|吗|不)?)(嘛|呢|啊|哦)?)$")
# Asking after one's own case in a sentence: "我上个月报的那个事情办得咋样了",
# "我的案子编号是多少来着".  Anchored at both ends, so a question about a procedure that
# mentions 反映/申请 ("我反映的问题多久会处理") stays with the FAQ.
_MY_CASE_ASK = re.compile(
    r"^((上次|上回|之前|前几天|前天|昨天|上个月|上周|上个星期)(我|我们|我家)?|我|我们|我家).{0,16}"
    r"(报|反映|投诉|申请|提交|登记|提|交|说)(的|了的|上去的|上来的).{0,8}"
    r"((办得?|处理得?|弄得?|搞得?)(怎么样|咋样|如何|到哪|到哪一步|好了?没|完了?没)了?|"
    r"有(结果|下文|回音|消息|进展)了?(没有|没得|没|吗|不)|有人管(了)?(没有|没得|没|吗|不)|"
    r"(修|办|处理|弄|搞|解决)(好|完)了?(没有|没得|没|吗|不)|"
    r"(咋个|怎么|为啥|为什么)?还没(得|有)?人?(联系|管|来|回|回复|处理)(我|我们)?)(嘛|呢|啊|哦)?$|"
    r"^(我|我的|我那个|我们的).{0,6}(编号|案件号|案号|事项号)(是)?(多少|啥|什么|忘了)"
)
_QUERY_WORDS = re.compile(r"(查询|查|编号|尾号|进度|办理)")
_SUPPLEMENT = re.compile(
    r"^(补充材料|补充说明|补充情况|补材料|加材料|补交材料|补发材料)|"
    r"^(补充|补交|补发)(一下|一哈)?($|(尾号)?\d{4}|[a-z]{0,4}\d{8})"
)
"""Adding to one's case: the explicit words, or a bare 补充 (with the case's number).  "补发工资怎么算",
"补交社保可以吗", "补充协议有法律效力吗" are questions (a second QA pass: they had been written into
the resident's open case, and the questions after them too)."""
_SUPPLEMENT_SAID = re.compile(r"^\s*补充\s*[:：,，\s]+\S")
"""补充 followed by a separator and words ("补充 明天上午在家"): what a staff reply tells residents to
send to answer it (a third QA pass: replies to staff had gone to the FAQ)."""
_DONE_WORDS = frozenset({"好了", "完了", "发完了", "没有了", "没了", "结束", "就这些", "取消", "不补了", "可以了",
                         "完成"})
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九幺两", "0012345678912")
_SEPARATORS = re.compile(r"[\s\-－—–_.·、,，:：#＃号]")


_ELSEWHERE = re.compile(r"法律援助|工伤|法院|仲裁|诉状|官司|加班费|老板|低保|社保|医保|公安")
"""A procedure with someone else ("我申请的法律援助有结果没"): not a case of ours."""


def _starts_supplement(word: str, text: str) -> bool:
    """补充 (with a case's number, or a separator and words): adding to one's case."""
    return bool(_SUPPLEMENT.match(word) or _SUPPLEMENT_SAID.match(text))


def _asks_listing(word: str) -> bool:
    """A squashed message asking for the resident's cases as a whole."""
    return bool(_STATUS_WORDS.match(word) or _MY_CASE_ASK.match(word)) and not _ELSEWHERE.search(word)


def _digits_text(text: str) -> str:
    t = unicodedata.normalize("NFKC", text).lower().translate(_CN_DIGITS)
    return _SEPARATORS.sub("", t)


def parse_number(text: str, prefix: str = "HB") -> str | None:
    """HB-20261126-0042 from any way a resident writes or says it; None when there is none."""
    t = _digits_text(text)
    m = re.search(rf"{re.escape(prefix.lower())}(\d{{8}})(\d{{4}})(?!\d)", t) or \
        re.search(r"(?<!\d)(20\d{6})(\d{4})(?!\d)", t)
    return f"{prefix.upper()}-{m.group(1)}-{m.group(2)}" if m else None


def parse_tail(text: str) -> str | None:
    """The four-digit tail ("尾号0042", "查询 0042", "补充0042", or just "0042")."""
    t = _digits_text(text)
    m = re.fullmatch(r"(?:查询|查|查1下|编|尾|进度|补充材料|补充|补材料)*(\d{4})", t)
    return m.group(1) if m else None


def _prefix() -> str:
    return str(current_app.config.get("CASE_PREFIX", "HB"))


def _own(ctx: Context, text: str) -> tuple[Any | None, bool]:
    """(case, a number was given): the resident's case named in ``text`` by number or tail."""
    from bot.cases.service import find_case, resident_cases

    number = parse_number(text, _prefix())
    if number is not None:
        case = find_case(number)
        return (case if case is not None and case.openid == ctx.message.openid else None), True
    tail = parse_tail(text)
    if tail is not None:
        matches = [c for c in resident_cases(ctx.message.openid, limit=50) if c.number.endswith(tail)]
        return (matches[0] if len(matches) == 1 else None), True
    return None, False


def _is_open(case: Any) -> bool:
    return bool(case.status != "closed")


def _latest_reply(case: Any) -> str:
    from bot.cases.texts import snippet

    reply = next((e for e in reversed(case.events) if e.kind == "staff_reply" and e.text), None)
    return f"\n   最新回复：{snippet(reply.text, 40)}" if reply is not None else ""


def listing(ctx: Context) -> str:
    from bot.cases.service import resident_cases

    cases = resident_cases(ctx.message.openid, limit=5)
    if not cases:
        return "您还没有提交过事项。要办事请点菜单“我要办事”，或直接说“我要咨询”“我要投诉”。"
    lines = ["您最近的事项："]
    for i, case in enumerate(cases, start=1):
        office = case.office.name if case.office is not None else "正在分派"
        lines.append(f"{i}. {case.number} {case.type_label}\n"
                     f"   状态：{case.status_label}（{office}）{_latest_reply(case)}")
    lines.append(f"看某一件的详情，回复“查询”加尾号，比如“查询{cases[0].number[-4:]}”。")
    open_case = next((c for c in cases if _is_open(c)), None)
    if open_case is not None:
        lines.append(f"要给没办完的事补充照片或说明，回复“补充”加尾号，比如“补充{open_case.number[-4:]}”。")
    return "\n".join(lines)


def detail(case: Any) -> str:
    from bot.cases.service import resident_summary

    text = resident_summary(case)
    if _is_open(case):
        text += f"\n要补充照片或说明，回复“补充{case.number[-4:]}”。"
    return text


NOT_FOUND = "没有找到这个编号的事项，请核对一下。回复“办理进度”可以看您提交过的所有事项。"
SUPPLEMENT_START = ("好的，请发要补充给 {number} 的文字、照片或语音，可以发好几条。\n"
                    "发完回复“好了”。")
SUPPLEMENT_ADDED = "已补充到 {number}，会转给办理的工作人员。还有就接着发，发完回复“好了”。"
SUPPLEMENT_DONE = "好的，补充的内容已转给办理的工作人员，有进展会在这里告诉您。"
SUPPLEMENT_NONE_OPEN = "您没有正在办理的事项，不用补充。要办新的事请点菜单“我要办事”。"
SUPPLEMENT_WHICH = "您有几件事在办，补充给哪一件？请回复“补充”加尾号：\n{choices}"
SUPPLEMENT_CLOSED = "{number} 已经办结了，不能再补充。有新的情况请点菜单“我要办事”重新提交。"


_SUPPLEMENT_HEAD = re.compile(r"^\s*(补充材料|补充说明|补充情况|补充|补材料|加材料|补交|补发)(一下|一哈)?[\s:：,，。]*")
_REFERENCE = re.compile(r"^(?:[a-zA-Z]{1,4}[\s\-－]*)?\d{8}[\s\-－]*\d{4}|^(?:尾号)?\s*\d{4}(?!\d)")


def split_supplement(text: str) -> tuple[str, str]:
    """"补充0042 他昨天又来了" → ("0042", "他昨天又来了"): which case, and material to add now."""
    t = unicodedata.normalize("NFKC", text)
    head = _SUPPLEMENT_HEAD.match(t)
    after = t[head.end():] if head else t
    ref = _REFERENCE.match(after)
    reference, rest = ("", after) if ref is None else (ref.group(0), after[ref.end():])
    if len(t) == len(text):  # the material as the resident wrote it (full-width ，stays ，)
        rest = text[len(text) - len(rest):]
    return reference, rest.lstrip(" ，,。:：\u3000").strip()


class Status:
    """办理进度, 查询 <编号>, 补充 <尾号>, and the material sent while adding to a case."""

    name: ClassVar[str] = "status"

    def matches(self, ctx: Context) -> bool:
        msg = ctx.message
        if msg.kind == "event":
            return msg.event == "click" and msg.event_key == "MENU_STATUS"
        if ctx.session.get(SUPPLEMENT_KEY) and (msg.kind == "text" or msg.kind in MEDIA_KINDS):
            return True
        text = msg.text
        if not text:
            return False
        word = squash(text)
        if _asks_listing(word) or _starts_supplement(word, text):
            return True
        if parse_number(text, _prefix()) is not None:
            return len(word) <= 30 and bool(_QUERY_WORDS.search(text) or re.match(r"^\s*[a-zA-Z]", text))
        return parse_tail(text) is not None

    def handle(self, ctx: Context) -> Reply:
        msg = ctx.message
        word = squash(msg.text or "")
        if ctx.session.get(SUPPLEMENT_KEY) and msg.kind != "event":
            is_text = msg.kind == "text"
            if is_text and word in _DONE_WORDS:
                ctx.session.pop(SUPPLEMENT_KEY, None)
                return Reply(SUPPLEMENT_DONE)
            if not (is_text and (_asks_listing(word) or _starts_supplement(word, msg.text or ""))):
                return self._add(ctx, msg.text or None)
            ctx.session.pop(SUPPLEMENT_KEY, None)  # a new command ends the current supplement
        if msg.kind != "event" and _starts_supplement(word, msg.text or ""):
            return self._begin_supplement(ctx, msg.text)
        if msg.kind == "event" or _asks_listing(word):
            return Reply(listing(ctx))
        case, _ = _own(ctx, msg.text)
        return Reply(detail(case) if case is not None else NOT_FOUND)

    def _begin_supplement(self, ctx: Context, text: str) -> Reply:
        from bot.cases.service import resident_cases

        reference, rest = split_supplement(text)
        case, named = _own(ctx, reference) if reference else (None, False)
        if named and case is None:
            return Reply(NOT_FOUND)
        if case is None:
            open_cases = [c for c in resident_cases(ctx.message.openid, limit=20) if _is_open(c)]
            if not open_cases:
                return Reply(SUPPLEMENT_NONE_OPEN)
            if len(open_cases) > 1:
                choices = "\n".join(f"· 补充{c.number[-4:]}（{c.type_label}）" for c in open_cases[:5])
                return Reply(SUPPLEMENT_WHICH.format(choices=choices))
            case = open_cases[0]
        if not _is_open(case):
            return Reply(SUPPLEMENT_CLOSED.format(number=case.number))
        ctx.session[SUPPLEMENT_KEY] = {"number": case.number}
        if len(squash(rest)) >= 2:
            return self._add(ctx, rest)
        return Reply(SUPPLEMENT_START.format(number=case.number))

    def _add(self, ctx: Context, text: str | None) -> Reply:
        """Add this message to the case being supplemented (once per message; nothing in a dry run)."""
        from bot.cases.service import add_resident_message, find_case
        from handlers.media import keep_media

        state: dict[str, Any] = dict(ctx.session.get(SUPPLEMENT_KEY) or {})
        number = str(state.get("number", ""))
        case = find_case(number)
        if case is None or case.openid != ctx.message.openid or not _is_open(case):
            ctx.session.pop(SUPPLEMENT_KEY, None)
            return Reply(SUPPLEMENT_CLOSED.format(number=number))
        msg = ctx.message
        if not ctx.meta.get("dry_run") and state.get("last") != msg.dedup_key:
            item = keep_media(msg) if msg.kind in MEDIA_KINDS else None
            add_resident_message(case, text=text, media_id=item.id if item is not None else None)
            state["last"] = msg.dedup_key  # a retried delivery (Redis down) is not added twice
            ctx.session[SUPPLEMENT_KEY] = state
        return Reply(SUPPLEMENT_ADDED.format(number=case.number))
