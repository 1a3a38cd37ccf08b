"""A small known dataset for the statistics tests (imported by the test_stats_* modules).

Cases are created and handled through the service and action functions the bot and the
console use, with the case clock set to each moment, so every figure can be worked out by hand:

=====  ============  ======  ===========  ==========  ===========  ======  ======
case   type          office  received     accepted    closed       result  rating
=====  ============  ======  ===========  ==========  ===========  ======  ======
A      mediation 劳动  sfs    01-05 09:00  01-06 on    01-21 on     成功    5
B      mediation 邻里  黄柏调委 02-02 09:00  04-01 late  04-10 late   不成    2
C      consultation  sfs    03-03 09:00  03-03 on    03-03 15:00  -       4
D      clue 环境       zzb    04-01 09:00  -  (late)   - (late)     -       -
E      clue 环境       zzb    06-29 09:00  -  (not due) -           -       -
G      clue 环境       zzb    05-06 09:00  05-06 on    05-08 on     -       -
F      consultation  sfs    2025-12-20   2025-12-21  2025-12-21   -       -
=====  ============  ======  ===========  ==========  ===========  ======  ======

"Now" is 2026-06-30 10:00 (township time). Handling days of the 2026 closed cases: 16, 67,
0.25, 2 → median 9. Bot answers: 6 in 2026 (entry ``wage`` 4, tags 劳动/工资; ``divorce`` 2,
tag 婚姻), 2 unanswered questions in 2026 and 1 in 2025.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from flask import Flask

from bot.cases import actions, service
from bot.cases.models import Case
from bot.console_stats.answered import count_answer, flush
from bot.extensions import db
from knowledge.changes import save_entry, validated
from knowledge.models import UnansweredQuestion
from tests.test_console_fixtures import (  # noqa: F401
    PASSWORD,
    logged_in,
    people,
    routed_case,
    seeded,
    user,
)

CST = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 6, 30, 10, 0, tzinfo=CST)


def clock(app: Flask, month: int, day: int, hour: int = 9, minute: int = 0, year: int = 2026) -> datetime:
    moment = datetime(year, month, day, hour, minute, tzinfo=CST)
    app.extensions["fazhi.clock"] = lambda: moment
    return moment


def _faq(app: Flask) -> None:
    entries = (("wage", "老板拖欠工资怎么办", ["劳动", "工资"]), ("divorce", "离婚财产怎么分", ["婚姻"]))
    for entry_id, question, tags in entries:
        save_entry(validated({"id": entry_id, "question": question, "answer": f"{question}：答案。", "tags": tags}),
                   "test")
    for month, day, entry_id, times in ((6, 29, "wage", 3), (6, 30, "wage", 1), (6, 30, "divorce", 2)):
        clock(app, month, day, 8)
        for _ in range(times):
            count_answer(app, entry_id)
    for when in (datetime(2026, 2, 1, 12, tzinfo=CST), datetime(2026, 6, 1, 12, tzinfo=CST),
                 datetime(2025, 12, 31, 12, tzinfo=CST)):
        db.session.add(UnansweredQuestion(text="宅基地能卖吗", asked_at=when, candidates=[]))
    db.session.commit()


def build(app: Flask) -> dict[str, Case]:
    li, tw, admin = user("sfs_li"), user("hb_tw"), user("admin")
    found: dict[str, Case] = {}

    clock(app, 1, 5)
    a = found["A"] = routed_case(category="劳动", openid="o_a", phone="13800138000",
                                 description="老板欠了我三个月工资，电话13800138000。")
    clock(app, 1, 6)
    actions.claim(a, li)
    clock(app, 1, 20)
    actions.change_status(a, "mediated", author=li)
    clock(app, 1, 21)
    actions.close(a, "双方达成协议，老板分两次付清。", author=li)
    clock(app, 1, 22)
    service.record_rating(a, 5, "很满意")

    clock(app, 2, 2)
    b = found["B"] = routed_case(category="邻里", openid="o_b", phone="13900001111")
    clock(app, 4, 1)
    actions.claim(b, tw)
    clock(app, 4, 2)
    actions.change_status(b, "mediation_failed", author=tw)
    clock(app, 4, 10)
    actions.close(b, "双方意见分歧大，建议诉讼。", author=tw)
    service.record_rating(b, 2, None)

    clock(app, 3, 3)
    c = found["C"] = routed_case(case_type="consultation", category=None, village_code="shiqiao", openid="o_c",
                                 description="儿子不给赡养费怎么办？")
    clock(app, 3, 3, 14)
    actions.claim(c, li)
    clock(app, 3, 3, 15)
    actions.close(c, "可以先调解，也可以起诉。", author=li)
    service.record_rating(c, 4, None)

    clock(app, 4, 1)
    found["D"] = routed_case(case_type="clue", category="环境", village_code="qinglong", openid="o_d",
                             description="河边有人倒垃圾。")
    clock(app, 6, 29)
    found["E"] = routed_case(case_type="clue", category="环境", village_code="qinglong", openid="o_e",
                             description="桥上护栏坏了。")
    clock(app, 5, 6)
    g = found["G"] = routed_case(case_type="clue", category="环境", village_code="qinglong", openid="o_g",
                                 description="路灯不亮。")
    clock(app, 5, 6, 10)
    actions.claim(g, admin)
    clock(app, 5, 8)
    actions.close(g, "已修好。", author=admin)

    clock(app, 12, 20, year=2025)
    f = found["F"] = routed_case(case_type="consultation", category=None, openid="o_f", description="去年的咨询。")
    clock(app, 12, 21, year=2025)
    actions.claim(f, li)
    actions.close(f, "已答复。", author=li)

    _faq(app)
    app.extensions["fazhi.clock"] = lambda: NOW
    flush()
    return found


@pytest.fixture
def dataset(app: Flask, people: dict[str, Any]) -> dict[str, Case]:  # noqa: F811
    return build(app)
