"""Office phone numbers: "司法所电话多少", "乡政府电话是好多", "怎么联系派出所".

Residents, many of them elderly, ask for a number to call more than for anything else, and the
knowledge base has no entry for it ("乡政府电话多少" got choices about information disclosure).
The offices and their phones are in the database (bot/data/offices.yaml, edited by admins), so
the answer is always the current one.  Hours and addresses are not kept: those questions get the
phone to ask.  Only a short message that *asks* for a contact matches: "派出所给我打电话说我涉嫌洗钱"
names a phone but asks nothing of the kind, and "12348电话是多少" is the FAQ's.
"""

from __future__ import annotations

import re
from typing import ClassVar

from sqlalchemy import select

from bot.dispatch import Context, Reply
from bot.extensions import db
from bot.org.models import Office, Village

_ASK = re.compile(
    r"(电话|号码|手机号?)(号码)?(是)?(多少|好多|几号|是啥|是什么|给我|发我|有没有|有不|有吗)|联系方式|联系电话|"
    r"(怎么|咋个?|啷个|如何|咋样|哪个)联系|(在哪|在哪里|在哪儿|在啥子地方|在什么地方|地址|位置|办公地点)|"
    r"(几点|啥时候|什么时候|哪天)(上班|下班|开门|办公)|(上班|办公)(时间|不|吗|没)|电话(号码)?[\s?？。!！]*$"
)
_KINDS: dict[str, tuple[str, ...]] = {
    "judicial": ("司法所",),
    "police": ("派出所",),
    "safety": ("综治办", "平安办", "综治"),
    "petition": ("信访办",),
    "economic": ("经发办", "经济发展办"),
    "social": ("社保所", "劳动保障所", "劳保所"),
}
_TOWNSHIP = re.compile(r"乡政府|镇政府|政府|你们|乡长|镇长|书记")
"""The township itself (乡上 / 镇上 name where something is: "镇上办健康证在哪里" is not about us)."""
_PERSON = re.compile(r"乡长|镇长|书记")
PERSONAL = "领导个人的电话我这里没有，可以打下面这些电话找人："
_BARE = re.compile(
    r"^(联系|办公|值班)?电话(号码)?(是)?(多少|好多|是好多|是多少)?[\s?？。!！]*$|^(你们的?|乡里的?)?电话$"
)
"""A bare "电话多少" / "联系电话" in the township's account asks for the township's."""
_HOURS = re.compile(
    r"(几点|啥时候|什么时候|哪天)(上班|下班|开门|关门|办公|看病)|(上班|办公)时间|上不上班|开不开门|看不看病|办不办公|"
    r"(上班|开门|看病|办公)(不|没|吗|没得|没有)[\s?？。!！]*$"
)
"""Opening hours of somewhere that is not ours ("镇卫生院星期天看不看病", "银行几点开门"): we do not
know them; the message had been answered with the medical-dispute entry (看病 -> 医疗)."""
ELSEWHERE = "这个地方的上班时间我这里查不到，请直接打电话问一下。乡里各部门的电话，回复“电话”就能看到。"
_NOT_AN_ASK = re.compile(r"\d{3}|骗|冒充|打电话给我|给我打|打来|打过来|催")
MAX_LEN = 25
HOURS_OR_PLACE = re.compile(r"在哪|地址|地方|位置|地点|上班|下班|开门|办公")


def _named_kinds(text: str) -> list[str]:
    return [kind for kind, words in _KINDS.items() if any(w in text for w in words)]


class Contacts:
    """The phone of the office a resident names, or the township's offices when none is named."""

    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        text = (ctx.message.text or "").strip()
        if not text or len(text) > MAX_LEN or _NOT_AN_ASK.search(text) or _asks_law(text):
            return False
        if _BARE.match(text):
            return True
        if not (_ASK.search(text) or _HOURS.search(text)):
            return False
        return bool(_HOURS.search(text) or _named_kinds(text) or _TOWNSHIP.search(text) or self._village(text))

    def handle(self, ctx: Context) -> Reply:
        text = ctx.message.text or ""
        kinds = _named_kinds(text)
        village = self._village(text)  # one query, only for messages naming a village or committee
        if not (_BARE.match(text) or kinds or village is not None or _TOWNSHIP.search(text)):
            return Reply(ELSEWHERE)
        query = select(Office).where(Office.active.is_(True), Office.phone.is_not(None), Office.phone != "")
        if village is not None:
            query = query.where(Office.village_id == village.id)
        elif kinds:
            query = query.where(Office.kind.in_(kinds), Office.village_id.is_(None))
        else:
            query = query.where(Office.village_id.is_(None))
        offices = db.session.scalars(query.order_by(Office.id)).all()
        if not offices:
            return Reply("这个电话我这里没有。请回复“人工”，我们请工作人员联系您；急事请拨 110。")
        lines = [PERSONAL] if _PERSON.search(text) else []
        lines += [f"{o.name}：{o.phone}" for o in offices]
        if HOURS_OR_PLACE.search(text):
            lines.append("办公时间和具体地址，请先打电话问一下。")
        lines.append("要工作人员联系您，回复“人工”；急事请拨 110。")
        return Reply("\n".join(lines))

    @staticmethod
    def _village(text: str) -> Village | None:
        if not any(w in text for w in ("村", "社区", "调委会", "调解委员会")):
            return None
        for village in db.session.scalars(select(Village)):
            if village.name in text:
                return village
        return None


_PROCEDURE = re.compile(
    r"申请|公开|起诉|告(?!诉)|投诉|举报|反映|上访|赔|罚|办(?!公)|县|查|领|审批|建房|补偿|补贴|律师|账|"
    # "上班时间打架受伤算工伤不" asks about the law, not anyone's hours (a fourth QA pass)
    r"工伤|受伤|算不算|算.{0,4}不|加班|工资|打架"
)


def _asks_law(text: str) -> bool:
    """"政府信息公开去哪里申请", "狗证在哪里办", "政府信息在哪里查": a question about a procedure, for
    the FAQ; a county office is not one of ours."""
    for words in (*_KINDS.values(), ("办不办公",)):  # 信访办, 经发办: names, not 办 (to get something done)
        for word in words:
            text = text.replace(word, "")
    return bool(_PROCEDURE.search(text))
