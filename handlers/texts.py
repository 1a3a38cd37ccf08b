"""Words residents read, in one place so they stay short, plain and consistent."""

from __future__ import annotations

from bot.menu import button_names, parent_names, readable_menu


def welcome(township: str) -> str:
    """The first message after following: what the account does, in the words of the menu
    residents see (``bot.menu.current_menu``: the version saved in the console, else the file)."""
    menu = readable_menu()  # read once: it may be a database query
    names, parents = (button_names(menu), parent_names(menu)) if menu is not None else ({}, {})
    under = f"“{parents['MENU_CONSULT']}”里的" if "MENU_CONSULT" in parents else ""

    def n(key: str, default: str) -> str:
        return "“" + names.get(key, default) + "”"

    return (
        f"您好，欢迎关注{township}法治助手！\n"
        "我可以帮您：\n"
        f"· 问法律问题：直接打字或说话，比如“借钱不还怎么办”，也可点{n('MENU_FAQ', '普法问答')}；\n"
        f"· 找人办事：点{under}{n('MENU_CONSULT', '我要咨询')}{n('MENU_COMPLAINT', '我要投诉')}"
        f"{n('MENU_MEDIATION', '申请调解')}{n('MENU_CLUE', '反映线索')}；\n"
        f"· 查办理进度：点{n('MENU_STATUS', '办理进度')}。\n"
        "急事请拨 110；法律咨询热线 12348。"
    )


HELP = (
    "您可以这样用我：\n"
    "· 直接问法律问题，比如“彩礼能退吗”“工钱拿不到咋办”；\n"
    "· 查法条，比如“民法典第1079条”；\n"
    "· 要找人帮忙，回复“咨询”“投诉”“调解”或“反映情况”；\n"
    "· 查进度，回复“办理进度”。\n"
    "急事请拨 110；法律咨询热线 12348。"
)



def who_am_i(township: str) -> str:
    """"你是机器人吗": say plainly that replies are automatic, and how to reach a person."""
    return (f"我是{township}法治助手，由电脑自动回复，不是真人。法律问题直接问我；"
            "要工作人员联系您，回复“人工”。\n" + HELP)


FAQ_MENU = (
    "请直接把您的问题打字发给我，或按住说话，比如：\n"
    "“借钱不还怎么办”“离婚孩子归谁”“电动车要戴头盔吗”。\n"
    "我会告诉您法律怎么规定、该去哪里办。"
)

ASK_AWAY = (
    "您请说。把想问的事直接发给我就行，打字或按住说话都可以，比如：\n"
    "“借钱不还怎么办”“离婚孩子归谁”。\n"
    "想请工作人员联系您，回复“人工”。"
)

NOT_UNDERSTOOD = (
    "抱歉，这个问题我还答不好。\n"
    "您可以换个说法再问一次，或者回复“人工”，我们请工作人员联系您。\n"
    "急事请拨 110；法律咨询热线 12348。"
)

YOU_ARE_WELCOME = "不客气！以后有法律上的问题，随时发消息问我；要找工作人员，回复“人工”。"

CANT_READ = "不好意思，没说明白。您可以换个简单的说法再问我一次；也可以回复“人工”，请工作人员给您讲。"
CANT_TYPE = "不会打字也没关系：按住下面的话筒说话，发语音给我就行。要找工作人员，回复“人工”。"
OK_ANYTHING_ELSE = "好的。还有别的问题，随时发消息问我；要找工作人员，回复“人工”。"

UNSUPPORTED_KIND = "收到了。这类消息我暂时看不懂，请用文字或语音告诉我您想问什么。回复“帮助”看看我能做什么。"

VOICE_NOT_RECOGNISED = "收到您的语音了，但我没听清楚。请用文字再发一次，或者说得慢一点再试试。"

MEDIA_RECEIVED = {
    "image": "照片收到了。如果是要反映问题或申请调解，请点“我要办事”，照片会附在您的事项里。",
    "video": "视频收到了。如果是要反映问题，请点“我要办事”，视频会附在您的事项里。",
    "shortvideo": "视频收到了。如果是要反映问题，请点“我要办事”，视频会附在您的事项里。",
    "location": "位置收到了。如果是要反映路上的隐患或问题，请点“我要办事”里的“反映线索”，位置会附在您的事项里。",
    "link": "链接收到了。如果您怀疑是诈骗链接，请不要点开，不要转账，可拨打 96110 反诈专线咨询。",
}

GOODBYE_LOGGED = "unsubscribe"
