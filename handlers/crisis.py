"""A resident who says they want to die ("我不想活了", "想喝农药"), or that someone is about to harm
themselves: the emergency numbers first, before any form step or search.

Through the simulator "我不想活了" had got FAQ choices about mediation.  This handler comes right
after the follow/unfollow events, so it answers in the middle of a form too; the form is left as
it was and the next message goes on with it.  Someone else's death in a legal question
("邻居喝农药自杀了，家属找我赔") names no intent of the writer's and is left to the FAQ.
"""

from __future__ import annotations

import re
from typing import ClassVar

from bot.dispatch import Context, Reply

_CRISIS = re.compile(
    r"不想活|活不下去|活不成了|活着没(有|得)?意思|活够了|想死|想自杀|要自杀|寻短见|轻生|了结自己|结束自己的?生命|一死了之|"
    r"死了算了|不如死了|死了干净|(想|要|准备|打算)(去)?(跳河|跳楼|跳崖|跳水库|喝农药|喝敌敌畏|上吊|割腕)"
)
REPLY = (
    "您的安全最要紧。\n"
    "有危险请马上拨打 110 或 120。\n"
    "心里难受、想找人说说，可以拨打心理援助热线 12356，也请告诉身边的家人或村干部。\n"
    "遇到的难处，回复“人工”，我们请工作人员尽快联系您。"
)


class Crisis:
    name: ClassVar[str] = "help"

    def matches(self, ctx: Context) -> bool:
        return bool(ctx.message.text) and bool(_CRISIS.search(ctx.message.text or ""))

    def handle(self, ctx: Context) -> Reply:
        return Reply(REPLY)
