"""Danger first: a resident who says they want to die or has taken poison ("我不想活了", "我喝了农药"),
and an emergency happening now (a fire, someone hurt or poisoned, a knife, a child in the river):
the numbers to call, before any form step or search.

Through the simulator "我不想活了" had got FAQ choices about mediation, and a QA pass found "家里着火了",
"有人晕倒了" and "我男人喝醉了拿刀要砍我" answered with "not sure" or unrelated entries.  This
handler comes right after the follow/unfollow events, so it answers in the middle of a form too; the
form is left as it was and the next message goes on with it.

The same words in a question about the law or the past are the FAQ's: "去年邻居拿刀砍伤了我，能要他赔吗",
"发生火灾时政府征用了我的车会补偿吗", "我爸喝农药走了，保险公司说不赔".  When such a question also
says someone wants to die ("我妈天天说不想活了…能告他们不赡养吗"), the answer it gets starts with a
one-line note (``NOTE``, through ``ctx.meta["lead"]``, see ``bot.dispatch``).  A second QA pass
found the misfires the word lists below now exclude (打官司, 杀头猪, 救命钱, 热得想死, 手机掉河里); a
third found misses (活起有啥子意思, 我想死了算了, 吃了一瓶药, 摔倒了起不来, 抽筋, 水淹到屋头, 进贼了,
又在打我) and "两份遗嘱打架" read as a fight.
"""

from __future__ import annotations

import re
from typing import ClassVar, Literal

from bot.dispatch import Context, Reply

_PERSON = r"(人|我|他|她|娃|娃儿|孩子|小孩|老人|妈|爸|老汉|婆婆|爷爷|奶奶|儿子|女儿|孙子|孙女|一家)"
_POISON = r"(农药|敌敌畏|百草枯|老鼠药|耗子药|安眠药)"
_SELF_HARM = re.compile(
    r"不想活|不活了|活不下去|活不成了|活(着|起|到起)(还)?(没(有|得)?|有(啥子?|什么))意思|活够了|(?<![得热累笑烦困冷饿馋急气])想死(?!你|您|了你)|要去死|我去死|"
    r"去死算了|想自杀|要自杀|寻短见|轻生|了结自己|结束自己的?生命|一死了之|死了算了|不如死了|死了干净|"
    r"(跳河|跳楼|跳崖|喝药)算了|(想|要|准备|打算)(去)?(跳河|跳楼|跳崖|跳水库|上吊|割腕|喝农药|喝敌敌畏|喝百草枯|"
    r"喝老鼠药|吃老鼠药|吃安眠药)(?!游泳|洗澡|耍)"
)
_SOMEONE = re.compile(r"^(有人|有个人|有个(男|女)的|一个人)")
"""A stranger in danger: the emergency numbers, not words addressed to the sender."""
_NOT_A_PERSON = re.compile(r"(鱼|鸡|鸭|猪|牛|羊|狗|树|庄稼|苗|菜|生意|厂)\S{0,4}(活不下去|活不成)")
_POISONED = re.compile(
    rf"(喝|吃|吞)了?(一瓶|一包|半瓶|好多|一把)?.{{0,2}}{_POISON}|(吞|吃|喝)了(一整瓶|一瓶|一把|好多|半瓶|一板)(安眠)?药"
)
_TAKEN_BY_ME = re.compile(
    rf"^(我(?![妈爸家老儿女婆爷奶屋])|刚|刚才|刚刚|已经)|(我|刚才|刚刚|已经).{{0,4}}(喝|吃|吞)了?.{{0,4}}{_POISON}"
)
_URGENT = re.compile(
    r"着火|失火|火灾|放火|起火了|烧起来了|拿(起|着)?(刀|锄头|斧头|棒棒|棍子)|持刀|"
    r"要杀(?!.{0,2}(猪|鸡|鸭|鹅|牛|羊|鱼|兔))|杀了我(?!也)|煤气泄漏|漏气了|触电|"
    rf"(煤气|食物)中毒|{_PERSON}.{{0,4}}(?<![鱼鸡鸭猪牛羊狗菜苗树])中毒|"
    rf"{_PERSON}.{{0,4}}(?<![鱼鸡鸭猪牛羊狗机车包])(掉|跳|落)(进|到)?(了)?(河|水|塘|井|堰塘|水库|粪坑)|"
    r"血流不止|流了好多血|(头|身上)(在|都)?流血|不省人事|(正在|现在|刚才|刚刚).{0,6}(打我(?!电话|手机)|家暴)|"
    r"(又在|在)打我(?!电话|手机)|要打(我|我妈|我爸|娃儿|孩子)|(在|又在)(屋头|家里)?砸东西|"
    r"水淹(到|进)(了)?(屋|家|房)|洪水(来了|进屋)|泥石流(来了|冲)|(压|埋)(到|住)(了)?人"
)
"""Danger now (unless asked as a question of law or told as a past event)."""
_SIGN = re.compile(
    rf"晕倒|昏倒|昏过去|{_PERSON}.{{0,3}}没(得)?气了|溺水|{_PERSON}.{{0,4}}(走丢|走失|不见了)|打起来了|在打人|"
    rf"正在打(?!官司|工|电话|麻将|牌|针|疫苗|游戏|字)|(有人)?(在)?(?<!遗嘱)打架|抢劫|抢我|偷我家|(?<!道德)绑架|"
    rf"砍我(?!家|们家|的)|(打|弄|整)死我|^(救命|救救我|快来人)|(救命|救救我|快来人)[啊呀!！]*$|"
    r"(被|遭|让)(毒蛇|蛇|马蜂|胡蜂)(咬|蛰|叮)|(摔|跌)倒.{0,3}起不来|抽筋了|抽风|中风了|昏迷|休克|喘不(过|上)气|进贼|进了贼|遭贼|小偷(在|进)|"
    r"^(我要|我想|帮我|快)?报警[啊呀!！。]*$|(房子|屋|墙)(垮|塌)了"  # 老房子垮了要重新修: a building question
)
"""An emergency in a short message or one asking what to do ("有人晕倒了咋办"), a story otherwise
("救落水的娃儿自己受了伤…法律援助", "都快打起来了，请镇上派人调解")."""
_FOR_THE_FAQ = re.compile(
    r"去年|前年|上个月|上次|以前|那年|几年前|前几年|当时|之前|(?<![想如])死了(?!算了)|走了|去世|过世|"
    r"赔|罚|补偿|犯法|判|坐牢|责任|负责|违法|算不算|什么罪|啥子?罪|申请|调解|告|起诉|投诉|举报|反映|隐患|"
    r"法律|规定|保护令|保险|工伤|管不管|处理|引起|能不能|可不可以|合法|要不要|算.{0,4}(吗|不)|"
    r"调(一下|一哈|解)|派(个)?人|评理|离婚|拘留|关(几|好多|多少)天|(好多|多少)钱|医药费|医疗费|费用|(哪个|谁)(出|来出|掏|付)|"
    r"救(回来|过来)|抢救过来|脱离(了)?危险|出院|[打砍捅踢推]过(我|他|她|人)|"  # 砍过我: told as the past
    r"手续|审批|重新修|重修|重建|翻修|修房|建房"  # rebuilding a fallen house is a question of permits
)
"""A question of law, or a past event: the FAQ answers it (a fire *question*, a death already)."""
_NOW = re.compile(r"正在|刚才|刚刚|马上|快来人|快点来")
_WHAT_NOW = re.compile(r"咋办|咋个办|怎么办|啷个办|咋弄|怎么弄|咋整|快")
SHORT = 20
Kind = Literal["self_harm", "emergency", "note"]

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
NOTE = "如果您或家里人有轻生的念头，请马上拨打 120 或心理援助热线 12356。"


def assess(text: str) -> Kind | None:
    """What the message needs first: the self-harm reply, the emergency numbers, a note before the
    answer it gets anyway, or nothing."""
    if not text:
        return None
    legal = bool(_FOR_THE_FAQ.search(text))
    if _SELF_HARM.search(text) and not _NOT_A_PERSON.search(text):
        if legal:
            return "note"
        return "emergency" if _SOMEONE.match(text) else "self_harm"  # "有人在河边要跳河": call 110
    if _POISONED.search(text) and not legal and "睡不着" not in text:
        return "self_harm" if _TAKEN_BY_ME.search(text) else "emergency"
    now = bool(_NOW.search(text))
    if _URGENT.search(text) and (not legal or now):
        return "emergency"
    if _SIGN.search(text) and not legal and (now or len(text) <= SHORT or _WHAT_NOW.search(text)):
        return "emergency"
    return None


class Crisis:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        kind = ctx.meta["crisis"] = assess(ctx.message.text or "")
        if kind == "note":
            ctx.meta["lead"] = NOTE  # the handler that answers puts it first
            return False
        return kind is not None

    def handle(self, ctx: Context) -> Reply:
        return Reply(SELF_HARM if ctx.meta.get("crisis") == "self_harm" else EMERGENCY)
