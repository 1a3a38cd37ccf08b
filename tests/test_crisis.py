"""A resident who says they want to die gets the emergency numbers first, even in the middle of a form."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot.explain import explain
from bot.extensions import db
from handlers.crisis import EMERGENCY, NOTE, SELF_HARM
from knowledge.models import UnansweredQuestion
from tests.conftest import WeChatHelper
from tests.support.intake import Chat, cases
from tests.support.kb import entry, import_yaml
from tests.test_cases_fixtures import seeded  # noqa: F401


@pytest.mark.parametrize("message", [
    "我不想活了", "老公天天打我，我真的活不下去了", "想喝农药算了", "我妈说她要跳河", "活着没得意思",
    "我喝了农药", "刚才吃了一瓶安眠药", "我不活了", "跳河算了",
    # a third QA pass: dialect, 死了 as the wish not a death, a parent's tablets
    "活起有啥子意思哦", "活到起没得意思", "我想死了算了", "儿子不管我，我还不如死了",
])
def test_the_emergency_numbers_come_first_and_nothing_is_logged(app: Flask, wechat: WeChatHelper, tmp_path: Path,
                                                                message: str) -> None:
    # an entry that shares words with the messages: it must not be what they get
    import_yaml(tmp_path, [entry("dv", "老公打我怎么办？", "可以报警。", tags=["家暴"])])
    reply = wechat.text(message)
    assert reply == SELF_HARM and "110" in reply and "120" in reply and "12356" in reply and "人工" in reply
    assert db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.usefixtures("seeded")
def test_a_form_in_progress_goes_on_after_it(wechat: WeChatHelper) -> None:
    chat = Chat(wechat, "o_form")
    chat.click("MENU_CONSULT")
    assert chat.say("我不想活了") == SELF_HARM
    assert chat.say("我男人喝醉了拿刀要砍我") == EMERGENCY
    reply = chat.say("儿子不给赡养费，我该怎么办")  # the form's first step, answered now
    assert "同意" in reply
    chat.finish(reply)
    [case] = cases("o_form")
    assert "赡养费" in case.description


@pytest.mark.parametrize("message", [
    "家里着火了", "有人晕倒了", "娃儿掉进河里了", "屋头老人走丢了", "男人说要杀了我全家",
    "老汉儿把我打了，现在头在流血", "有人在我家门口放火", "娃儿不见了咋办", "有人落水了怎么办", "着火啦",
    "有人触电了", "他说要弄死我", "老汉儿喝了农药",
    # a third QA pass: falls, fits, a flood, a burglary, a beating going on, someone else at the river
    "我妈吃了一瓶药", "老伴摔倒了起不来咋个办", "娃儿发高烧抽筋了", "我老汉儿中风了", "发大水了水淹到屋头了",
    "房子垮了压到人了", "房子垮了", "墙塌了咋办",
    "我家里进贼了", "我要报警", "我老公喝醉了又在打我", "我男人喝了酒在屋头砸东西要打我妈",
    "有人在河边要跳河", "被蛇咬了咋办", "娃儿遭马蜂蛰了",
])
def test_an_emergency_now_gets_the_numbers_to_call(app: Flask, wechat: WeChatHelper, message: str) -> None:
    reply = wechat.text(message)
    assert reply == EMERGENCY and all(n in reply for n in ("110", "119", "120"))
    assert db.session.query(UnansweredQuestion).count() == 0


@pytest.mark.parametrize("message", [
    "邻居喝农药自杀了，家属说是我家逼的，要我赔钱",  # someone else's death
    "去年邻居拿刀砍伤了我，能要他赔吗",  # a past event
    "有人放火烧山要判几年",  # a legal question
    "我儿子上个月在河边救了个落水的娃儿，自己受了伤，能申请法律援助吗",
    "我两个儿子为了分老房子打起来了，能不能派个人来屋头帮忙评个理",  # a mediation request
    "现在催收天天打我电话，这个钱该我还吗",
    "过年要杀猪，请人帮忙要给好多钱",  # 杀猪 is a pig, not a threat
    "我的救命钱被人骗了咋办",
    # a second QA pass's misfires
    "我家狗吃了老鼠药死了，是邻居故意放的，能要他赔不", "我们正在打官司，对方又跑到我家来闹，咋办",
    "刚才有个人打我手机说我涉嫌洗钱，要我转钱到安全账户", "发生火灾时政府征用了我的车会补偿吗",
    "热得想死 这个天在工地上干活中暑了算工伤不", "手机掉进河里了", "邻居砍我家的树",
    "老公经常动手打我，还威胁要弄死我，我该怎么保护自己？",
    # a third pass: the past told by 过 or by a rescue, and who pays
    "男人喝了酒拿刀砍过我两回，这种能离婚不", "我妈喝了农药，抢救过来了，这笔医药费该哪个出",
    "打架把别人打伤了要拘留好多天", "两份遗嘱打架咋个办", "打架被打伤了能要好多钱", "报警有用没得",
    "去年发大水把我家田冲了政府赔不", "被蛇咬了能找哪个赔", "发大水村干部喊我们搬到学校去住，我不想走，他们能强制不",
    # set W: a fallen house to rebuild is a question of permits
    "我家老房子垮了，想在原地重新修一栋，村里说要先办手续，不办直接修会咋样？", "老房子垮了要重新修要办啥手续",
])
def test_the_same_words_in_a_question_about_the_past_are_a_question(app: Flask, message: str) -> None:
    assert explain(app, message)["reply"] not in (SELF_HARM, EMERGENCY)


def test_a_legal_question_that_says_someone_wants_to_die_is_answered_after_a_note(app: Flask, wechat: WeChatHelper,
                                                                               tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("support", "子女不赡养老人，老人能去告他们吗？", "可以起诉要赡养费。", tags=["赡养"])])
    reply = wechat.text("我妈天天说不想活了，几个子女都不管她，能告他们不赡养吗")
    assert reply and reply.startswith(NOTE + "\n") and "可以起诉要赡养费" in reply
