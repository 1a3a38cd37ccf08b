"""Danger first: a resident who says they want to die or has taken poison ("我不想活了", "我喝了农药"),
and an emergency happening now (a fire, someone hurt or poisoned, a knife, a child in the river):
the numbers to call, before any form step or search.

Through the simulator "我不想活了" had got FAQ choices about mediation, and a QA pass found "家里着火了",
"有人晕倒了" and "我男人喝醉了拿刀要砍我" answered with "not sure" or unrelated entries.  This
handler comes right after the follow/unfollow events, so it answers in the middle of a form too; the
form is left as it was and the next message goes on with it.  An emergency told as a past event in
a legal question ("去年邻居拿刀砍伤了我，能要他赔吗", "邻居家着火烧到我家，要他赔不") is the FAQ's;
so is someone else's death ("邻居喝农药自杀了，家属找我赔").
"""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply

_POISONS = r"(农药|敌敌畏|百草枯|老鼠药|耗子药|安眠药)"
_SELF_HARM = re.compile(
    r"不想活|不活了|活不下去|活不成了|活着没(有|得)?意思|活够了|想死|要去死|我去死|去死算了|想自杀|要自杀|寻短见|轻生|"
    r"了结自己|结束自己的?生命|一死了之|死了算了|不如死了|死了干净|(跳河|跳楼|跳崖|喝药)算了|"
    r"(想|要|准备|打算)(去)?(跳河|跳楼|跳崖|跳水库|上吊|割腕|喝农药|喝敌敌畏|喝百草枯|喝老鼠药|吃老鼠药|吃安眠药)|"
    rf"(我|刚|刚才|刚刚|已经).{{0,4}}(喝|吃)了?(一瓶|一包|半瓶|好多|一把)?.{{0,2}}{_POISONS}"
)
_URGENT = re.compile(
    r"着火了|失火|火灾|放火|烧起来了|拿(起|着)?刀|持刀|要杀(?!猪|鸡|鸭|鹅|牛|羊|鱼|年猪)|杀了我|^救命|救命[啊呀!！]*$|煤气中毒|中毒了|掉(进|到)(河|水|塘|井|堰塘|水库|粪坑)|"
    r"血流不止|流了好多血|(头|身上)(在|都)?流血|没气了|没得气了|不省人事|(正在|现在|刚才|刚刚).{0,6}(打我(?!电话)|家暴)"
)
"""Danger now, whatever else the message asks (unless told as a past event)."""
_SIGN = re.compile(
    r"晕倒|昏倒|昏过去|落水|溺水|走丢|走失|(娃儿|孩子|小孩|老人)不见了|打起来了|在打人|正在打|抢劫|(有人|正)在偷(?!偷)|"
    r"绑架|起火|砍我"
)
"""Words that are an emergency in a short message or said to be happening now, and a past event or
a question in a story ("救落水的娃儿自己受了伤…法律援助", "都快打起来了，请镇上派人调解")."""
_PAST = re.compile(r"去年|前年|上个月|上次|以前|那年|几年前|前几年|当时|之前")
_NOW = re.compile(r"现在|正在|刚才|刚刚|马上|着急")
_ASKS = re.compile(
    r"[吗不？?]$|咋|怎么|啷个|能不能|可不可以|可以|哪个|哪里|啥|什么|赔|犯法|判|坐牢|责任|违法|算不算|申请|调解"
)
_LEGAL = re.compile(r"赔|犯法|判|坐牢|责任|违法|算不算")
"""A legal question about the event ("有人放火烧山要判几年"): the FAQ's, unless it is happening now."""
SHORT = 15
SELF_HARM = (
    "您的安全最要紧。\n"
    "有危险请马上拨打 110 或 120；已经喝了药、吃了药的，马上打 120。\n"
    "心里难受、想找人说说，可以拨打心理援助热线 12356，也请告诉身边的家人或村干部。\n"
    "遇到的难处，回复“人工”，我们请工作人员尽快联系您。"
)
EMERGENCY = (
    "这是急事，请先打电话求助：\n"
    "有人受伤、生病、中毒、落水，打 120；\n"
    "着火打 119；\n"
    "有人行凶、打人、抢东西，或者人走丢了，打 110。\n"
    "安全了以后再跟我说，回复“人工”我们请工作人员联系您。"
)


class Crisis:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return self._reply(ctx.message.text or "") is not None

    def handle(self, ctx: Context) -> Reply:
        return Reply(self._reply(ctx.message.text or ""))

    @staticmethod
    def _reply(text: str) -> str | None:
        if not text:
            return None
        if _SELF_HARM.search(text):
            return SELF_HARM
        past, now = _PAST.search(text), _NOW.search(text)
        if _URGENT.search(text) and (now or not (past or _LEGAL.search(text))):
            return EMERGENCY
        if _SIGN.search(text) and not past and (now or (len(text) <= SHORT and not _ASKS.search(text))):
            return EMERGENCY
        return None
