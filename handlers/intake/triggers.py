"""Which intake form a free-text message opens, and whether it already describes the matter.

The shared rule for "a resident asking a person to take up a matter" is
:func:`knowledge.intent.detect_intent`; this module only adds what it does not cover: the
single words the help text and menu teach (投诉, 调解, 反映情况 …), the "talk to a person"
words the FAQ offers (人工), and hazard reports that name a broken thing without asking for
anyone (黄柏场口弯道护栏坏了).
"""

from __future__ import annotations

import logging
import re

from handlers.intake.fields import FILLERS, DescriptionField, squash, substance

log = logging.getLogger(__name__)

# Whole-message words (after removing punctuation and spaces) and the form each opens.
EXACT: dict[str, str] = {
    **dict.fromkeys(("咨询", "我要咨询", "我想咨询", "法律咨询", "预约咨询", "咨询一下"), "consultation"),
    **dict.fromkeys(("投诉", "我要投诉", "我想投诉", "投诉举报"), "complaint"),
    **dict.fromkeys(("调解", "申请调解", "我要调解", "我想调解", "调解申请"), "mediation"),
    **dict.fromkeys(("反映情况", "反映线索", "线索", "举报", "反映问题", "报线索"), "clue"),
    **dict.fromkeys(("建议", "意见建议", "提建议", "意见", "我有建议", "提意见"), "suggestion"),
}

HANDOFF = frozenset({"人工", "人工咨询", "转人工", "找人工", "找工作人员", "人工服务", "我要人工", "转人工服务",
                     "找真人", "真人", "人工客服"})

# A broken or dangerous thing on the road or in public, reported rather than asked about.
_HAZARD_THING = (r"护栏|栏杆|路灯|井盖|桥|路面|路基|公路|马路|弯道|红绿灯|信号灯|减速带|电线|电杆|线杆|水管|"
                 r"信号塔|铁塔|广告牌|堡坎|挡墙|涵洞|标志牌|警示牌|山体|石头|树|坑|窨井|消防栓|围墙|危房")
_HAZARD_STATE = (r"坏了|坏掉|断了|倒了|塌了|垮了|掉了|没了|不亮|被偷|丢了|裂了|烂了|歪了|翻了|漏水|垮塌|塌方|滑坡|"
                 r"松动|缺了|冒烟|着火|堵了|挡住|掉下来|落石|积水|沉陷|下陷|开裂|被撞")
_HAZARD = re.compile(rf"({_HAZARD_THING}).{{0,8}}({_HAZARD_STATE})|"
                     # "我们组的路被大车压烂了": a village's or group's road (a neighbour cutting
                     # one's path is a dispute, see ``_NEIGHBOUR``)
                     r"(村|组|社|队|这条|那条)(里|上|头)?的?路(被|给|遭)?.{0,6}(压烂|压坏|冲毁|冲垮|烂了|垮了|塌了|断了)")
# A statement (no question in it) of something wrong where many people live or pass: a report.
_PUBLIC_PLACE = re.compile(r"(村上|村里|村头|村口|组里|我们组|我们村|我们这边|公厕|河里|河边|河沟|水井|水源|学校|校车|"
                           r"镇上|镇政府|公路|马路|街上|场镇|好多家|好几家|好多人|挨家挨户)")
# Not 被骗/被偷 of the resident: a victim is better served by the FAQ's "call 110 first".
_BAD_STATE = re.compile(r"(臭|堵了|被人占|违章|污染|农药|死猪|死鸡|淹|超载|骗(老人|老年人|大家|村民|人家)|"
                        r"乱倒|乱排|乱扔|没人(打扫|管|收|清|来)|错了|不改|危险|出事)")
_NEIGHBOUR = re.compile(r"(邻居|隔壁(?!村|组|社|乡|镇)|他家|他们家|对门)")
# "我屋的树倒了砸到别个车了": the resident's own tree or wall, a matter of liability, not a public hazard
_OWN_THING = re.compile(r"(我屋|我家|自家|自己家|我们家|屋头)的?(树|围墙|墙|房子|老房子|危房|堡坎)")
_ILLEGAL = re.compile(r"有人.{0,10}(聚众赌博|赌博|吸毒|贩毒|卖毒|偷电|偷砂|偷沙|挖沙|盗采|采砂|盗伐|砍树|放高利贷|传销|"
                      r"倒垃圾|排污|卖假|烧荒|烧山)|(开|搞)(地下)?赌场|(卖|给)(烟|酒)给(小娃儿|娃儿|小孩|未成年|学生)|"
                      r"冒领|骗领|骗保|(死了|去世|过世)的人.{0,6}领")
# Asking for mediation in so many words ("想找人调解一下和邻居的事"), not asking about it.
_ASK_MEDIATION = re.compile(r"(找人|找个人|想|要|申请|请人|帮忙|帮我|麻烦.{0,4})(来|给我们|帮我们)?调解")
# "村里的水塘淹死了人谁负责" asks who is liable: a question, not a report of the pond (a broken
# thing's "谁负责修" stays a hazard report: fixing it is what the township is asked for)
_ASKS_LIABILITY = re.compile(r"谁(来)?负责|谁(来)?(赔|出钱|承担)|谁的责任")
_QUESTION = re.compile(r"(怎么|咋|啷个|如何|为什么|啥|什么|哪|谁管|找谁|吗|呢|能不能|可不可以|是否|要不要|会不会|"
                       r"犯法|违法|算不算|有用没|有没有用|管用不|\?|？|"
                       # the dialect's yes-or-no question, told by its last word: "我可以告她不"
                       r"(可以|能|要|会|该|敢|得行|算|是|有|行|对)[^，,。.!！\s]{0,8}不[嘛哦噻哈呢啊]?[\s.。!！~～]*$)")

_DESCRIBES = DescriptionField(ask="")


def asks_something(text: str) -> bool:
    """Does the message ask a question (as opposed to telling what happened)?"""
    return bool(_QUESTION.search(text) or _ASKS_LIABILITY.search(text))


def exact_type(text: str) -> str | None:
    return EXACT.get(squash(text))


def is_handoff(text: str) -> bool:
    return squash(text) in HANDOFF


def hazard(text: str) -> bool:
    """A report of a hazard or an illegal activity (not a question about one)."""
    if _QUESTION.search(text):
        return False
    return bool(_ILLEGAL.search(text) or (_HAZARD.search(text) and not (_NEIGHBOUR.search(text)
                                                                       or _OWN_THING.search(text))))


def detect(text: str) -> str | None:
    """The form a free-text message opens, or None (a question for the FAQ)."""
    if not text.strip():
        return None
    found = exact_type(text)
    if found:
        return found
    found = shared_intent(text)
    if found:
        return found
    if _QUESTION.search(text):
        return None
    if _ASK_MEDIATION.search(text):
        return "mediation"
    if hazard(text):
        return "clue"
    public_wrong = _PUBLIC_PLACE.search(text) and _BAD_STATE.search(text)
    if public_wrong and not (_NEIGHBOUR.search(text) or _ASKS_LIABILITY.search(text)):
        return "clue"
    return None


def shared_intent(text: str) -> str | None:
    """The knowledge side's intent rules, when that package is installed."""
    try:
        from knowledge.intent import detect_intent
    except ImportError:  # intake works without the knowledge package
        return None
    intent = detect_intent(text)
    return str(intent) if intent else None


def description_in(text: str) -> str | None:
    """The message itself when it says what happened (beyond "我要投诉"), else None."""
    if exact_type(text) or is_handoff(text):
        return None
    if len(substance(text, FILLERS)) < _DESCRIBES.min_chars:
        return None
    return text.strip() if len(text.strip()) <= _DESCRIBES.max_chars else None
