"""Recognise a resident asking a *person* to take up their matter (intake), as opposed to a
question about the law, which the FAQ answers.

"去哪里投诉？" asks about the law (how to complain); "我要投诉镇民政办……请领导处理" is a complaint
the township must register.  The difference is a request addressed to the office (我要投诉,
请派人来, 帮我约个时间, 反映个情况) rather than a question about a procedure (怎么申请, 要不要钱,
去哪里).  Rules, not a model: they are few, auditable, and a wrong "intake" only costs the
resident one extra question.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

Intent = Literal["consultation", "complaint", "mediation", "clue", "suggestion"]

# "what ways / channels are there": asks how to do something (a complaint, a suggestion).
_WAYS = r"(啥子?|什么|哪些)(办法|渠道|途径|方式)"
# "how / where / how much" about a procedure: the resident wants information, not a visit.
_PROCEDURE_QUESTION = re.compile(
    r"(怎么|咋个?|啷个|如何|哪里|哪儿|哪个部门|啥子?地方|什么地方|去哪|找哪|要不要|需不需要|收不收|"
    r"多少钱|好多钱|费用|收费|给钱|交钱|出钱|材料|手续|流程|申请书|程序|多久|好久|算不算|有没有用|"
    r"管不管用|犯法|违法|合法|能不能|有没有(其他|别的)?(办法|方式|渠道|途径)|可不可以|可以吗|行不行|是不是|"
    rf"{_WAYS}|咋办|怎么办|(写|带|附|准备)(些|点)?(啥|什么|哪些)|"
    r"管(啥子?|什么)用?|有(啥子?|什么)用|干(啥子?|什么)用)"  # "安起到底管啥子嘛": what use it is
)
# A request addressed to the office: send someone, arrange, call back.
_DISPATCH = re.compile(
    r"(派(个|一个|几个)?(人|调解员|工作人员|同志|干部)|安排(个|一个)?(人|时间|同志|工作人员|律师|法律顾问)|"
    r"来(我们|我)?(村|组|家|这里|这边|屋头|家里)|来一趟|上门(?!女婿)|出面|"
    r"(?<!申)请.{0,8}(处理|来管|管一下|来查|查一下|查查|查清楚|重视|落实|解决|过问|做主|了解一?(下|哈)|给.{0,4}说法)|"
    r"希望.{0,6}(落实|解决|重视|处理|管一下|给.{0,4}说法)|"
    r"你们.{0,3}(去|来|快|赶紧|要)?(查|管|看)(一下|一哈|下|一管|管)|你们.{0,4}(管不管|管一下|管一管)[？?！!。 ]*$|"
    r"(要|得|该)管(一管|管|一下)|找(个)?人来|来(查|看|修)一(查|看|修)|(?<!申)请.{0,8}来(量|测|丈量)一?(下|哈)|"
    r"麻烦.{0,8}(处理|管一下|来人|派|安排|来查|查一|来修)|赶紧处理|尽快处理|派人来|派个人来|"
    r"(快点|赶紧|尽快)?来(个)?人(看|查|修|处理|管)(一下|一哈|下|看)|(喊|叫|找)(个)?人来(修|看|查|管|处理)|"
    r"哪个来(管|看|修|处理)(一下|一哈|下)|(?<!申)请.{0,8}来看(一下|一哈|下|看))"
)

_COMPLAINT = re.compile(r"(我要|我想|我们要|正式|实名|我)投诉|投诉(一下|你们|他们|这个|下)|投诉[，,。!！ ]*请")
_COMPLAINT_WEAK = re.compile(r"^投诉|投诉[，,。!！ ]")
# "去哪里投诉？", "怎么投诉", "投诉电话": asking how to complain, not complaining.
_HOW_TO_COMPLAIN = re.compile(
    r"(哪里|哪儿|哪个|怎么|咋个?|如何|可以|能不能|能否|能)投诉|投诉(电话|渠道|热线)|投诉.{0,3}(吗|不)[？?]?$|"
    r"投诉.{0,6}(多久|几天|好久|回复|结果|进度)|投诉.{0,10}(找哪|哪个部门|去哪|哪里)"
)
# The people and offices a resident may complain about.
_ROLES = r"工作人员|干部|网格员|办事员|窗口|公职人员|村支书|村主任|书记|所长|会计|文书|组长|社长|队长|医生"
_OFFICES = r"便民服务中心|接待室|信访办|派出所|水厂|供电所|卫生院|村委会|村委|居委会|村上|镇上|乡上"
_COMPLAINT_STAFF = re.compile(
    rf"({_ROLES}).{{0,30}}"
    r"(推来推去|不给办|不办|甩脸色|态度|刁难|吃拿卡要|不作为|乱收费|骂人|推诿)"
)
_CLUE = re.compile(
    r"(反映(个|一个|一下|下)(情况|问题|线索|隐患|险情)|(报|提供|交)(个|一个|一条|点)?线索|^报(个|一个)(情况|险情|隐患)|举报(个|一个|一下)|"
    r"我要举报|我想举报一?下|实名举报|我手里有.{0,6}(名单|证据|材料))"
)
_CLUE_WEAK = re.compile(
    r"((有个|有一个|有件)(情况|事情?).{0,4}反映|(想|要)反映(一下|下)?(情况)?|^反映(一下|一哈|下)|(发现|有)(个|一个|一处)(安全)?隐患)"
)
_CONSULTATION = re.compile(
    # being called back is asked for (可以打电话给我吗, 麻烦同志给我打个电话); 催款的天天打电话给我 is not
    r"(预约|约(个|一个)?时间|回(个|一个)?电话|"
    r"(请|麻烦|可以|能不能|能否|可不可以|让|叫|喊|帮忙|你们|同志|律师|顾问).{0,8}"
    r"(打(个|一个)?电话给我|(给|跟)我打(个|一个)?电话)|(?<!留不)(?<!不要)(?<!需要)留(个)?电话|联系我|"
    r"(安排|约)(个|一个)?(律师|法律顾问)|律师.{0,6}(帮我|给我)看|律师看(一下|一哈|下|看)|"
    r"(帮我|给我)(写|改)(一下|一哈|下|个)?.{0,6}(起诉状|诉状|协议|合同|借条|申请书|材料)|"
    r"(哪天|什么时候|啥时候|几点)来.{0,2}(合适|方便)|"
    r"帮我看(一下|一哈|下|看)?.{0,10}(合同|协议|材料|借条)|(合同|协议|材料|借条).{0,20}(帮我|给我)看(一下|一哈|下|看)?|"
    r"(什么时候|啥时候|哪天|几时).{0,6}(过来|来找你们|来办公室|方便)|(过来|来)找你们)"
)
_SOUGHT = r"司法所|派出所|信访办|综治办|平安办|调解委员会|调委会|镇上|乡上|政府"
"""Offices a resident asks to reach ("我要找司法所的人")."""
# "96110给我打电话是不是骗子": asking whether a call was genuine, not asking to be called.
_GENUINE = re.compile(r"(是不是|真的|假的|骗子|诈骗)")
_CONSULTATION_WEAK = re.compile(
    # 当面说清楚 / 当面说好的: between two sides, not a meeting asked for
    r"(当面(咨询|聊|谈|问|说)(?!清楚|好|定|了|过|的)|法律顾问|懂法的人|"
    # "能不能找个人跟我说": a person, at the end of the message (mid-message it leads a question)
    r"(找|有没有|有没得|安排)(个|一个)?(人|工作人员|懂行的人)(来)?(跟我|给我|和我)(说说|讲讲|聊聊|说|讲|聊|解释)(一下|一哈|下)?"
    r"(嘛|吗|不|呢)?[？?。.!！]*$|"
    # "我要找司法所(的人)": an office or its people, with nothing else asked (not its address or hours:
    # "司法所在哪里"); the knowledge base has no entry for reaching an office, and 司法 had found one
    rf"^(我要|我想|想|要)找(一下|一哈|下)?({_SOUGHT})(的?(人|同志|工作人员|领导))?(一下|一哈|下)?[？?。.!！]*$|"
    rf"(我要|我想|想)找({_SOUGHT})的?(人|同志|工作人员|领导)[？?。.!！]*$|"
    # "我想找人咨询": a person to ask, with nothing asked yet
    r"(我|想|要)找(个|一个)?(人|工作人员|律师|懂法的人|懂行的人|法律顾问)(当面)?(咨询|问问|问一下|问下|请教)(一下|一哈|下)?"
    r"[？?。.!！]*$|"
    r"转人工|找人工|人工(客服|服务))"
)
# Questions of fact or cost: "法律顾问是免费的吗" asks about the service, it books nothing.
_FACT_QUESTION = re.compile(
    r"(要不要钱|收费|收不收|免费|多少钱|好多钱|是不是|有没有用|算不算|合法|违法|犯法|哪里|哪儿|哪天在|几点(在|上班)|坐班|"
    r"判几年|判多久|判好久|坐几年牢|会不会判|要不要坐牢|什么罪|啥子?罪)"
)
# "想申请调解": applying for mediation is asking for it
_MEDIATION_APPLY = re.compile(r"(我|想|要)申请(人民)?调解")
_MEDIATION = re.compile(
    r"(调解|调节|调一调|调一下|调和|说和|劝和|评理|主持公道|坐下来谈|坐下来调|(喊|叫|约|请)到一起|坐到一起|(?<!处)理一下|(?<!处)理一理|"
    r"把话说开|说开|讲和|主持|一起谈|(约|喊|叫)(出来|过来|拢来|来).{0,12}(谈|说|算|讲|对质)|"
    r"当.{0,2}面.{0,8}(说|讲|算|理|分)清楚|(帮|来).{0,6}(我们|两家|双方|他们).{0,6}(分|说|讲|算|理)清楚|"
    r"帮我.{0,2}(和|跟).{1,6}(分|说|讲|算|理)(一下|一哈|清楚|开)|帮(我们|他们|两家|我们两家)说(一下|一哈|下|和)|帮(我们|我)谈(一下|一哈|下))"
)
# Asking someone to come or act: 请 (not 请问/申请), 麻烦, 帮我(们).
_REQUEST = re.compile(r"((?<!申)请(?!问)|麻烦|帮我)")
# Questions about mediation itself (its cost, effect, procedure), not a request for it.
_MEDIATION_QUESTION = re.compile(
    r"(怎么|咋个?|啷个|如何|哪里|要不要|(给|出|花|收)钱|费$|费用|辛苦费|收费|多少钱|好多钱|效力|有没有用|算不算|管用|"
    r"申请书|写(个|份)?申请|找哪|口头|换(个|一个)?人|行不行|可不可以|能不能换|会不会|"
    r"(准备|带)(些|点)?(啥|什么|哪些))"
)
# Questions about how mediation works (cost, procedure, who may join, refusing or replacing the
# mediator): "调解能不能请懂测量的人来" asks a rule even though it names someone coming.
_MEDIATION_RULES = re.compile(
    r"(免费|无偿|收费|交钱|要钱|花钱|(要不要|需不需要|用不用|得不得)给.{0,4}钱|请.{0,4}吃饭|手续|"
    r"(怎么|如何|去哪儿?|哪里)申请|程序|流程|拒绝|换掉|换人|参加|第三方|邀请|"
    r"懂.{0,4}的(人|师傅)|多叫|喊.{0,8}来帮我说|我(可以|能)(不|拒绝)|"
    # "对方不来，村上能不能硬喊他来": whether anyone can be made to come (mediation is voluntary)
    r"(硬|强制|强迫|逼)(喊|叫|拉|要求|让)?(他|她|对方|人家)?(来|参加))"
)
# A public service or an official failing the resident: what a complaint is about.
_SERVICE_FAILURE = re.compile(
    r"(态度.{0,3}(差|凶|恶|不好)|没得?人(理|管|来修|来管)|不理人|爱理不理|不理不睬|吼我|吼人|骂人|推来推去|老是推|"
    r"不给(办|盖|开)|不一次说清楚|人都不在|一直拖|效率.{0,2}低|"
    r"(跑|去|拿|来)了[好几一两二三四五六七八九十]{1,3}多?(趟|回)|乱收费|送烟|送礼|优亲厚友|关系户|全是.{0,4}(亲戚|关系)|不公平|"
    r"停水|停电|没水|断水|水费|电费|(水|电)停了|电话打不通|也不管|都不管|(也|都|又)?不来(管|修|看|处理|收)|"
    r"(钱|款).{0,6}收了.{0,8}(还没|都没|一直没|也没)(修|办|搞|弄|动工)|(没得?|莫得|没有)人(来|理|管|收|拉|清|修)|(没得?|莫得|没有)下文|"
    r"找不到人|门.{0,3}锁|办事不公|不公道|不给(收据|发票|票)|(没|莫得|没有)到账|截留|克扣|扣了一半|扣了.{0,3}(钱|块)|"
    r"(打|拨).{0,4}电话.{0,4}(没人接|没得人接|不接)|"
    r"只(评|给|发给|照顾|分给).{0,6}(自己|他).{0,4}(屋头|家里|亲戚|家|人)|(自己|他)的?亲戚.{0,4}(领|拿|评|分)了|"
    r"拖得很|故意卡|卡我|拖着不办|白跑一趟|(账目|账|财务).{0,4}不公开|说了.{0,4}(都|也)不理|"
    r"赶(我)?出来|锁(起|着|了)?门|(资料|材料|档案|证明|文件).{0,8}(弄丢|搞丢|搞掉|弄掉)|"
    r"(拿去|拿给|送给|分给)(给)?(他|自己)的?(亲戚|家里人|屋头)|"
    r"坏了.{0,4}(个月|天|年|星期|礼拜))"
)
# Who failed the resident: staff, cadres, offices, utilities.
_STAFF = re.compile(f"({_ROLES}|{_OFFICES})")
# Something dangerous or illegal going on, as a resident reports it.
_HAZARD = re.compile(
    r"((偷偷|私自|悄悄|半夜|晚上).{0,12}(倒|排|挖|采|熬|卖|烧|砍|炸|放炮|电鱼|种)|"
    r"(栏杆|护栏|桥|路|堤|挡土墙|电线|电杆).{0,6}(断|裂|垮|塌|烂|倒|歪|斜|吊|垂|漏电|松).{0,20}(怕|危险|出事)|"
    r"(电线杆|电杆|树|墙|桥|挡土墙|岩|石头).{0,6}(歪|斜|裂|松).{0,6}(要|快)(倒|垮|塌|断|掉)了|"
    r"(看到|看见|发现)有人.{0,12}(倒|排|挖|采|熬|卖|烧|砍|炸|电鱼|种|吸)|"
    r"(卖|售|生产).{0,3}(假酒|假药|假货|假化肥|假种子|病死猪|死猪肉|注水肉)|"
    r"(莫得|没有|没得|缺).{0,2}(反光镜|警示牌|标志|标牌|护栏|栏杆|减速带).{0,20}(撞|出事|危险|翻)|"
    r"(太|好|很|硬是)危险|车牌(号|尾号)?(是|为)|怀疑(是|在)?.{0,4}(诈骗|传销|邪教|吸毒|贩毒|卖毒|赌博))"
)
# A public service failing for days, as a resident tells it (not a neighbour's rubbish or drain).
_PUBLIC_NEGLECT = re.compile(
    r"(停水|停电|断水|断电|自来水.{0,6}(没来|不来|停了)|(?<![话脑视梯瓶])(水|电)(又|都|已经)?(停了|没来了|不来了)|"
    r"垃圾.{0,10}(堆了|没人(收|拉|清|管)|臭))"
)
# "有人往河里乱倒垃圾": someone doing wrong, a clue for the office (not a service failing)
_SOMEONE_DUMPS = re.compile(r"有人.{0,10}(倒|扔|丢|排|堆)")
# "…要得不": asking whether something is all right, however it is worded before.
_ASKS_OK = re.compile(r"(要得不|要不得|得不得行|可不可以|行不行|可以不)[？?。.!！]*$")
_NEIGHBOUR = re.compile(r"(邻居|隔壁(?!村|组|社|乡|镇)|他家|他们家|对门)")
_DISPUTE = re.compile(r"(扯不清|扯皮|吵架|吵了|闹翻|闹矛盾|纠纷|矛盾|地界|边界|界限|谈.{0,4}赔偿|赔偿的事)")
_HOW_QUESTION = re.compile(
    r"(怎么|咋个?|啷个|如何|哪个|哪里|哪儿|能不能|可不可以|可以吗|要不要|会不会|吗[？?]?$|不[？?]$|[？?]$|"
    r"(好多|多少|几)天.{0,2}(会|能|才|要)?给)"
)
# "我要找镇上领导反映他", "我要反映村干部": a person reported, to someone or not
_REPORT_PERSON = re.compile(
    rf"(我要|我想)(找.{{0,8}})?(反映|举报)(一下|下)?(她|他|这个人|这个同志|(村|镇|乡|村上|镇上|乡上|村里)?的?({_ROLES}))"
)
# An official's misconduct reported ("张书记把低保给他亲戚了，我想反映一下"): a complaint about a
# person, for the 信访办 / 纪检, not a hazard clue for the 综治办.
_MISCONDUCT = re.compile(
    rf"({_ROLES}).{{0,20}}(贪污|贪了|挪用|截留|克扣|优亲厚友|低保给|给(他|她)(的)?亲戚|收好处|收红包|受贿|回扣|以权谋私|虚报|冒领)"
)
# "想给政府提建议，能用哪些办法联系上": how to make a suggestion, not one.
_HOW_TO_REACH = re.compile(rf"({_WAYS}|怎么(提|联系|反映)|如何|去哪|哪里|联系上)")
# "在手机上反映个问题，能行不": whether a channel may be used (letter, phone, online), not a report.
_CHANNEL_OK = re.compile(
    r"(手机|网上|微信|写信|来信|寄信|信件|邮寄|电话).{0,12}(能行不|得行不|行不行|行不|可以不|可不可以|可以吗|行吗)"
    r"[嘛吗呢？?。.!！]*$"
)
_SUGGESTION = re.compile(
    r"((我|提|有)(个|一个|一点|几点|条)?建议|建议(镇上|镇里|政府|你们|村里|相关部门|领导|上面)|"
    r"希望(镇上|镇里|政府|你们|村里|相关部门|领导).{0,30}(能|可以|尽快|多|加强)|"
    r"(镇上|镇里|乡上|政府|村里|村上|你们)(能不能|可不可以|可以|最好)(组织|搞|办|开|请人来讲)(一次|一场|个|几次)?.{0,6}(讲座|培训|宣传|活动))"
)
# "路口能不能装个减速带": a public facility asked for.  Not a camera or toilet at someone's own
# home ("邻居可以在他家门口装监控对着我家吗" asks whether that is legal).
_SUGGEST_FACILITY = re.compile(
    r"(能不能|可不可以|可以|最好)(在.{0,10})?(装|修|建|设|安)(个|一个|几个|一些|点)?.{0,6}"
    r"(路灯|护栏|垃圾桶|减速带|监控|公厕|站)"
)
_PRIVATE_OR_LEGAL = re.compile(
    r"(自家|我家|他家|她家|我屋|他屋|屋头|自己家|自己屋|邻居|隔壁|违法|犯法|合法|侵权|隐私|审批|批准)"
)


def detect_intent(text: str) -> Intent | None:
    """The intake intent of a message, or None when it is a plain question for the FAQ."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t:
        return None
    asks_procedure = bool(_PROCEDURE_QUESTION.search(t))
    asks_fact = bool(_FACT_QUESTION.search(t))
    dispatch = bool(_DISPATCH.search(t))
    if _COMPLAINT.search(t) or (_COMPLAINT_STAFF.search(t) and dispatch) or _REPORT_PERSON.search(t):
        return "complaint"
    if _MISCONDUCT.search(t) and not (asks_procedure or _HOW_QUESTION.search(t)):
        return "complaint"
    if _COMPLAINT_WEAK.search(t) and not _HOW_TO_COMPLAIN.search(t):
        return "complaint"
    if _CLUE_WEAK.search(t) and _SERVICE_FAILURE.search(t) and not asks_procedure:
        return "complaint"  # "我要反映" about how the resident was served is a complaint
    if ((_CLUE.search(t) and not _HOW_TO_REACH.search(t)) or (_CLUE_WEAK.search(t) and not asks_procedure)) and \
            not _CHANNEL_OK.search(t):
        return "clue"
    # "兄弟几个扯皮，请司法所的同志哪天过来帮我们说一下": someone to settle a dispute, not a call
    settle = bool(_DISPUTE.search(t) and _MEDIATION.search(t))
    if (_CONSULTATION.search(t) and not (_GENUINE.search(t) or settle)) or \
            (_CONSULTATION_WEAK.search(t) and not asks_fact):
        return "consultation"
    if _MEDIATION_APPLY.search(t) and not (asks_procedure or _MEDIATION_QUESTION.search(t) or _HOW_QUESTION.search(t)):
        return "mediation"
    if _MEDIATION.search(t) and not _MEDIATION_RULES.search(t) and (
        dispatch
        or ((_REQUEST.search(t) or (not asks_procedure and "帮" in t)) and not _MEDIATION_QUESTION.search(t))
    ):
        return "mediation"
    if (_SUGGESTION.search(t) or (_SUGGEST_FACILITY.search(t) and not _PRIVATE_OR_LEGAL.search(t))) and \
            not _HOW_TO_REACH.search(t):
        return "suggestion"
    if dispatch and _SERVICE_FAILURE.search(t):
        return "complaint"
    # A grievance or a report told as a statement, with no question about the law in it: the
    # resident wants someone to know and act (是不是/违法/怎么办 would make it a question).
    statement = not (asks_fact or _HOW_QUESTION.search(t))
    if statement and _STAFF.search(t) and _SERVICE_FAILURE.search(t):
        return "complaint"
    if statement and _PUBLIC_NEGLECT.search(t) and not (_NEIGHBOUR.search(t) or _SOMEONE_DUMPS.search(t)):
        return "complaint"  # water or power gone for days, rubbish left to rot: a service failing
    if dispatch and _DISPUTE.search(t) and not (asks_procedure or _ASKS_OK.search(t)):
        return "mediation"  # "地界扯不清楚，想请村上来量一下": someone to settle a dispute
    if statement and _HAZARD.search(t):
        return "clue"
    if dispatch and re.search(r"(查|管|处理|看|修)", t) and not asks_procedure:
        return "clue"
    return None
