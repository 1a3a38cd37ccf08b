"""What residents read during intake: privacy notices, questions, re-asks and confirmations.

Kept apart from the logic so the wording can be reviewed in one place. Readers are often
elderly: short lines, everyday words, one instruction per line, and every question says how to
go back or stop.
"""

from __future__ import annotations

# --- privacy notice (PIPL: who collects, why, how long, how we answer) -------------------------

NOTICE = (
    "先跟您说明一下个人信息的事：\n"
    "· 谁收：{township}人民政府和办理这件事的部门；\n"
    "· 收什么：{collects}；\n"
    "· 做什么用：只用来办您这件事、联系您；\n"
    "· 存多久：办完后保存{years}年，到期删除；\n"
    "· 办理结果会通过这个公众号告诉您。\n"
)
CONSENT_REQUIRED = "同意请回复“同意”；不同意回复“不同意”。"
CONSENT_OPTIONAL = "愿意留电话方便我们回电，请回复“同意”；不想留，回复“匿名”也能办。"

CONSENT_AGAIN = "请回复“同意”继续；不同意请回复“不同意”。"
CONSENT_AGAIN_OPTIONAL = "请回复“同意”（留电话）或“匿名”（不留电话）。"
CONSENT_DECLINED = (
    "好的，不填了，您说的内容没有保存。\n"
    "您也可以到乡政府便民服务中心当面办理，或拨打 12348 法律咨询热线。"
)

# --- questions -----------------------------------------------------------------------------

ASK_VILLAGE = "您是哪个村（社区）的？回复前面的数字或村名就行（不清楚就回复“不晓得”）："
ASK_PLACE_VILLAGE = "这件事在哪个村（社区）？回复前面的数字或村名就行："
ASK_PHONE = "请留一个手机号，方便工作人员联系您（座机也行；没有电话就回复“没有电话”）："
ASK_OTHER_PARTY = "对方是谁？说名字或称呼都行，比如“隔壁张大爷”“我弟弟”："
ASK_RELATIONSHIP = (
    "你们是什么关系？回复数字就行：\n"
    "1.邻里  2.家庭  3.婚姻\n"
    "4.劳动（工钱、工伤）  5.土地（宅基地、承包地）  6.其他"
)

# --- re-asks ---------------------------------------------------------------------------------

DESCRIPTION_WHAT_HAPPENED = "好的。请直接说说是什么事：什么时候、在哪里、发生了什么（至少{n}个字）。"
SHOWN_SHORTER = "……（共{n}字，已全部记下）"
DESCRIPTION_TOO_SHORT = "说得有点少，请再多说几句（至少{n}个字），比如什么时候、在哪里、怎么回事。"
DESCRIPTION_TOO_LONG = "内容有点长（超过{n}个字），请说主要的事；照片可以另外发。"
VOICE_DESCRIPTION = "（语音留言，请收听附件）"
PHONE_INVALID = ("这个号码好像不对。请发11位手机号，比如 13812345678；座机请带区号，比如 0838-6201234。"
                 "没有电话就回复“没有电话”，我们在微信里回复您。")
ASK_LANDLINE = "座机也可以，请把号码发过来，带上区号，比如 0838-6201234。没有电话就回复“没有电话”。"
NO_PHONE_SHOWN = "没有留（工作人员在微信里回复您，请留意消息）"
OTHER_PARTY_AGAIN = "请说一下对方是谁，名字或称呼都行，比如“隔壁张大爷”。"
OTHER_PARTY_WHY = "调解员要知道去找谁、请谁来一起谈，所以问对方是谁。说称呼就行，比如“隔壁张大爷”。"
OTHER_PARTY_QUESTION = "这个问题提交以后可以再问我。现在请先说对方是谁，名字或称呼都行，比如“隔壁张大爷”。"
NOT_PASSED_ON = "请放心：您的姓名、电话只给办理的工作人员看，不会告诉对方，也不会公开。\n"
KEPT_CONFIDENTIAL = ("请放心：您的姓名、电话只给办理的工作人员看，不会告诉对方，也不会公开。"
                     "现在请说说是什么事：什么时候、在哪里、发生了什么。")
WHO_WE_ARE = "这里是乡人民政府的法治助手，您说的事会交给乡里的司法所、派出所、综治办或信访办办理。现在请说说是什么事。"
OTHER_PARTY_TOO_LONG = "请简单说对方的名字或称呼就行，事情经过前面已经记下了。"
RELATIONSHIP_AGAIN = "没看明白，请回复1到6的数字，比如邻居之间的事回复“1”。"
VILLAGE_AGAIN = "没找到这个村（社区），请回复下面的数字（不清楚就回复“不晓得”）："
VILLAGE_NOT_KNOWN = "不清楚（工作人员联系时再问）"

# --- navigation ------------------------------------------------------------------------------

NAV_FIRST = "（不办了回复“取消”）"
NAV = "（回复“上一步”返回，“取消”不办了）"
STEP = "第{i}步，共{n}步："
AT_FIRST_STEP = "已经是第一步了。"
BACK = "好的，请重新回答这一步。"
CANCELLED = "好的，已取消，您填的内容没有保存。需要时再点菜单“我要办事”就行。"
RESTARTED = "好的，我们从头再填一次。"
EXPIRED = "您上次填写的内容已超时，请重新开始。"
EXPIRED_RESTART = "您上次填写的{title}已超时，请重新开始：回复“重填”从头填写，或点菜单“我要办事”。"
EXPIRED_KEPT = "您上次填写的{title}还没提交，已帮您保留到明天：回复“继续”接着填，回复“重填”从头填。"
RESUMED = "好的，接着填您的{title}。"
NOTED = "已记下您说的：“{text}”"
CONTINUE = "您正在填写{title}，接着填就行；要从头填请回复“重填”。"
SWITCHED = "刚才没提交的{title}已放弃。"

MEDIA_ATTACHED = {
    "image": "照片收到了，会附在您这件事里。",
    "voice": "语音收到了，会附在您这件事里。",
    "video": "视频收到了，会附在您这件事里。",
    "shortvideo": "视频收到了，会附在您这件事里。",
    "location": "位置收到了，会附在您这件事里。",
    "link": "链接收到了，会附在您这件事里。",
}
VOICE_UNCLEAR = "语音收到了，会附在这件事里，但我没听清您的回答。请打字再回答一次："

# --- summary and result ----------------------------------------------------------------------

SUMMARY_HEAD = "请核对您的{label}："
SUMMARY_MEDIA = "附件：{items}"
SUMMARY_FOOT = "没问题请回复“确认”提交；要修改回复“上一步”；不办了回复“取消”。"
SUMMARY_AGAIN = "请回复“确认”提交，“上一步”修改，“取消”不办了。"

SUBMITTED = (
    "提交成功！\n"
    "编号：{number}\n"
    "（记住尾号 {tail} 就行）\n"
    "由{office}办理，{limits}。\n"
    "办理结果会在这个公众号里告诉您；查进度回复“办理进度”。"
)
ALREADY_SUBMITTED = "您的事项已经提交了（编号 {number}），不用再确认。查进度请回复“办理进度”。"
DRY_RUN_SUBMITTED = "（演示，未保存）确认后会登记为{label}，由{office}办理，{limits}。"
SAFETY_FIRST = "如果有人正在打您、您有危险，请先拨打 110；遭受家庭暴力的，还可以向法院申请人身安全保护令。"
"""Put before a form started from words of violence: mediation or a complaint is not what keeps
the resident safe tonight (the QA pass: "我男人天天打我，想找人调解一下" got the mediation form alone)."""
PERSON_AFTER_SUBMIT = "填完提交以后，工作人员就会联系您，还差几步；不想填了回复“取消”。"
""""人工" in the middle of a form (the QA pass had got the step's prompt again, as if unheard)."""
