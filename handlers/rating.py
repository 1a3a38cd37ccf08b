"""满意度: after a case is closed the resident rates it 1–5, then may add a comment.

The closing message (``bot.cases.texts.closed_and_rate``) asks for a digit and allows words
after it, so "5 谢谢你们" is a score and a comment in one go. Elderly residents also answer in
words (很满意, 一般, 五星); those map onto the same scale. A score is stored as soon as it
arrives — a comment that never comes loses nothing — and a later comment replaces the rating
with the same score plus the words.

Only a message that reads as a score, from a resident with a case awaiting a rating, is
taken; "5天了还没人管" is not a rating.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, ClassVar

from bot.dispatch import Context, Reply
from handlers.help import PARTICLE
from handlers.intake.fields import squash

STAGE_KEY = "rating"
# How long after the score a free-text message still counts as its comment.
COMMENT_WINDOW = 10 * 60

_DIGIT = re.compile(r"^\s*([1-5１-５])\s*(?:分|颗星|星|颗)?(?=$|[\s,，.。!！、:：;；]|[\u4e00-\u9fff])")
_CN = str.maketrans("一二三四五", "12345")
# Longest first: 不满意 must win over 满意.
_WORDS: tuple[tuple[str, int], ...] = (
    ("非常不满意", 1), ("很不满意", 1), ("太差了", 1), ("差评", 1), ("不满意", 2), ("不太满意", 2),
    ("基本满意", 3), ("一般般", 3), ("一般", 3), ("还行", 3), ("还可以", 3), ("马马虎虎", 3),
    ("非常满意", 5), ("很满意", 5), ("特别满意", 5), ("好评", 5), ("满意", 4), ("比较满意", 4),
)
_SKIP = frozenset({"不用了", "不用", "没有", "没有了", "没了", "无", "算了", "不了", "没得", "没得了", "不说了",
                   "就这样"})
_AFTER = re.compile(r"^[\s,，.。!！、:：;；]*")

THANKS = "谢谢您的评价（{score}分）！"
ASK_COMMENT = "还有什么意见或建议吗？直接写下来就行；没有请回复“不用了”。"
ASK_COMMENT_LOW = "很抱歉让您不满意。能说说哪里做得不好吗？我们会转告负责人；不想说请回复“不用了”。"
COMMENT_SAVED = "好的，您的意见已记下，谢谢！"
SKIPPED = "好的，谢谢您！"


def parse_score(text: str) -> tuple[int, str] | None:
    """(score, comment after it) for "5", "５分 很好", "五星", "很满意，谢谢"; None otherwise.

    The comment keeps the resident's own characters (full-width punctuation and all).
    """
    t = text.strip()
    star = re.match(r"^([一二三四五])(?:颗星|星|分)", t)
    if star:
        return int(star.group(1).translate(_CN)), _AFTER.sub("", t[star.end():]).strip()
    digit = _DIGIT.match(t)
    if digit:
        rest = t[digit.end():]
        if re.match(r"^[天个年月日号次块元岁点]", rest):  # "5天了…" counts days, not stars
            return None
        return int(unicodedata.normalize("NFKC", digit.group(1))), _AFTER.sub("", rest).strip()
    for word, score in sorted(_WORDS, key=lambda w: -len(w[0])):
        if t.startswith(word):
            rest = re.sub(rf"^({PARTICLE}|的|了)+", "", t[len(word):])  # "还可以吧", "满意的"
            if rest and not re.match(r"^[\s,，.。!！、:：;；]", rest):
                return None  # "一般多久能办好" is a question, not a rating
            return score, _AFTER.sub("", rest).strip()
    return None


class PendingRating:
    """A score for the case awaiting one, then the optional comment."""

    name: ClassVar[str] = "rating"

    def matches(self, ctx: Context) -> bool:
        msg = ctx.message
        if msg.kind not in ("text", "voice") or not msg.text:
            return False
        if self._commenting(ctx):
            return True
        if parse_score(msg.text) is None:
            return False
        from bot.cases.service import pending_rating_case

        return pending_rating_case(msg.openid) is not None

    def handle(self, ctx: Context) -> Reply:
        from bot.cases.service import find_case, pending_rating_case, record_rating

        msg = ctx.message
        parsed = parse_score(msg.text)
        case = pending_rating_case(msg.openid) if parsed is not None else None
        if case is None or parsed is None:  # the comment after an earlier score
            stage: dict[str, Any] = ctx.session.pop(STAGE_KEY)
            if squash(msg.text) in _SKIP:
                return Reply(SKIPPED)
            case = find_case(str(stage["number"]))
            if case is not None and case.openid == msg.openid and not ctx.meta.get("dry_run"):
                record_rating(case, int(stage["score"]), msg.text.strip()[:500])
            return Reply(COMMENT_SAVED)
        score, comment = parsed
        if not ctx.meta.get("dry_run"):
            record_rating(case, score, comment[:500] or None)
        if comment:
            ctx.session.pop(STAGE_KEY, None)
            return Reply(THANKS.format(score=score) + COMMENT_SAVED)
        ctx.session[STAGE_KEY] = {"number": case.number, "score": score, "until": msg.create_time + COMMENT_WINDOW}
        return Reply(THANKS.format(score=score) + "\n" + (ASK_COMMENT_LOW if score <= 2 else ASK_COMMENT))

    @staticmethod
    def _commenting(ctx: Context) -> bool:
        """Waiting for the comment — unless the message plainly starts something else."""
        stage = ctx.session.get(STAGE_KEY)
        if not isinstance(stage, dict) or ctx.message.create_time > int(stage.get("until", 0)):
            return False
        from handlers.intake.triggers import detect, is_handoff

        text = ctx.message.text
        return not (detect(text) or is_handoff(text) or squash(text) in {"办理进度", "进度", "帮助", "菜单"})
