"""Intake validators and trigger rules, one field at a time (no webhook, no database)."""

from __future__ import annotations

import pytest

from handlers.intake.choices import RelationshipField, relationship_hint
from handlers.intake.fields import (
    Answer,
    ConsentField,
    DescriptionField,
    OtherPartyField,
    PhoneField,
    choice_number,
    normalise_phone,
)
from handlers.intake.forms import FORMS
from handlers.intake.triggers import asks_something, description_in, detect, hazard, is_handoff
from handlers.rating import parse_score
from handlers.status import parse_number, parse_tail, split_supplement


@pytest.mark.parametrize(
    "text",
    [
        "13812345678",
        "138 1234 5678",
        "138-1234-5678",
        "１３８１２３４５６７８",
        "+86 138 1234 5678",
        "我的电话是13812345678。",
        "幺三八一二三四五六七八",
    ],
)
def test_phone_accepts_the_ways_residents_write_it(text: str) -> None:
    assert normalise_phone(text) == "13812345678"


@pytest.mark.parametrize("text", ["12812345678", "1381234567", "138123456789", "13812345678 或 13912345678", "123"])
def test_phone_refuses_what_is_not_one_number(text: str) -> None:
    assert normalise_phone(text) is None
    outcome = PhoneField().parse(Answer(text))
    assert not outcome.ok and outcome.error and "11位手机号" in outcome.error and "没有电话" in outcome.error


@pytest.mark.parametrize("text", ["0838-6201148", "座机 0838 6201148", "我家电话是08386201148"])
def test_a_fixed_line_with_its_area_code_is_a_number(text: str) -> None:
    assert normalise_phone(text) is None
    assert PhoneField().parse(Answer(text)).value == "0838-6201148"
    assert PhoneField().show("0838-6201148") == "*******1148"


@pytest.mark.parametrize("text", ["没有电话", "我没得手机号", "不晓得", "不知道", "老人家不会用手机", "不想留"])
def test_a_resident_without_a_phone_goes_on_and_is_answered_in_wechat(text: str) -> None:
    outcome = PhoneField().parse(Answer(text))
    assert outcome.ok and outcome.value == ""
    assert "微信" in PhoneField().show(outcome.value)


def test_a_landline_mentioned_without_its_number_is_asked_for() -> None:
    outcome = PhoneField().parse(Answer("我没得手机 只有座机"))
    assert not outcome.ok and outcome.error and "区号" in outcome.error


def test_phone_is_masked_when_shown() -> None:
    assert PhoneField().show("13812345678") == "138****5678"


def test_description_needs_five_meaningful_characters() -> None:
    field = DescriptionField(ask="?")
    assert field.parse(Answer("吵架了。。。")).error  # 3 characters once punctuation is gone
    assert field.parse(Answer("邻居占了我家的路")).value == "邻居占了我家的路"
    assert field.parse(Answer("长" * 1001)).error


@pytest.mark.parametrize("text", ["我要投诉一下", "我想反映个问题", "好的谢谢你们", "嗯嗯好的[微笑]", "请帮我调解一下"])
def test_a_description_that_says_nothing_of_what_happened_is_asked_again(text: str) -> None:
    outcome = DescriptionField(ask="?").parse(Answer(text))
    assert not outcome.ok and outcome.error and "什么事" in outcome.error


@pytest.mark.parametrize(("text", "says"), [("好的", "对方是谁"), ("嗯嗯[微笑]", "对方是谁"),
                                           ("为啥要问这个", "调解员"), ("问这个做啥子", "调解员")])
def test_the_other_party_is_asked_again_after_small_talk_or_why(text: str, says: str) -> None:
    outcome = OtherPartyField().parse(Answer(text))
    assert not outcome.ok and outcome.error and says in outcome.error


def test_a_question_at_the_other_party_step_is_not_taken_for_the_other_party() -> None:
    # a third QA pass: a mediation case went in with 对方："调解要钱不"
    for text in ("调解要钱不", "这个要收费吗", "调解员咋个找"):
        outcome = OtherPartyField().parse(Answer(text))
        assert not outcome.ok and outcome.error and "对方是谁" in outcome.error


@pytest.mark.parametrize(("text", "says"), [("我想问一下投诉了对方会不会晓得是我投诉的", "不会告诉对方"),
                                           ("反映了会不会被报复？", "不会告诉对方"),
                                           ("你们是哪个单位的", "乡人民政府")])
def test_a_worry_or_who_we_are_at_the_description_step_is_answered_first(text: str, says: str) -> None:
    outcome = DescriptionField(ask="?").parse(Answer(text))
    assert not outcome.ok and outcome.error and says in outcome.error and "什么事" in outcome.error


def test_a_description_that_mentions_a_worry_is_still_the_description() -> None:
    text = "村会计做假账，怕他晓得是我反映的会报复我家，去年修路的钱他贪了两万"
    assert DescriptionField(ask="?").parse(Answer(text)).value == text


def test_the_other_party_by_how_the_resident_calls_them() -> None:
    assert OtherPartyField().parse(Answer("隔壁王二娃")).value == "隔壁王二娃"
    assert OtherPartyField().parse(Answer("我大哥")).value == "我大哥"


def test_a_long_description_is_shortened_in_the_summary_only() -> None:
    # a third QA pass: a 960-character account echoed whole would pass WeChat's 2,048-byte reply limit
    field, text = DescriptionField(ask="?"), "邻居占了我家的路。" * 100
    assert field.parse(Answer(text)).value == text
    shown = field.show(text)
    assert len(shown.encode()) < 600 and shown.startswith("邻居占了我家的路") and "共900字" in shown
    assert field.show("邻居占了我家的路") == "邻居占了我家的路"


def test_untranscribed_voice_counts_as_a_description() -> None:
    outcome = DescriptionField(ask="?").parse(Answer("", kind="voice"))
    assert outcome.ok and "语音" in outcome.value


def test_consent_required_and_optional() -> None:
    required, optional = ConsentField(collects="x"), ConsentField(collects="x", optional=True)
    assert required.parse(Answer("同意。")).value == "yes"
    assert required.parse(Answer("不同意")).stop
    assert required.parse(Answer("匿名")).error
    assert optional.parse(Answer("匿名")).value == "anonymous"
    assert optional.parse(Answer("不留")).value == "anonymous"
    assert optional.parse(Answer("好的")).value == "yes"
    assert optional.parse(Answer("啥意思")).error


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", "邻里"),
        ("２", "家庭"),
        ("三", "婚姻"),
        ("第4个", "劳动"),
        ("土地", "土地"),
        ("宅基地", "土地"),
        ("邻居", "邻里"),
        ("工钱", "劳动"),
        ("6", "其他"),
        ("我们是邻居", "邻里"),
    ],
)
def test_relationship_by_number_or_word_sets_category(text: str, expected: str) -> None:
    outcome = RelationshipField().parse(Answer(text))
    assert outcome.value == expected and outcome.extra == {"category": expected}


@pytest.mark.parametrize("text", ["7", "0", "随便", "邻居和土地都有"])
def test_relationship_out_of_range_is_reasked(text: str) -> None:
    assert RelationshipField().parse(Answer(text)).error


def test_relationship_hint_ignores_one_character_words_inside_sentences() -> None:
    assert relationship_hint("想找人调解一下和邻居的事") == "邻里"
    assert relationship_hint("工地上老板不给工钱") == "劳动"
    assert relationship_hint("为了宅基地和邻居吵") is None


def test_other_party_needs_a_name_or_title() -> None:
    assert OtherPartyField().parse(Answer("张")).error
    assert OtherPartyField().parse(Answer("隔壁张大爷")).value == "隔壁张大爷"


def test_choice_numbers() -> None:
    assert [choice_number(t) for t in ("3", "３", "三", "第三个", "选3", "3号", "三组", "")] == [
        3,
        3,
        3,
        3,
        3,
        3,
        None,
        None,
    ]
    # a third QA pass: "是第二个" had dropped the FAQ's list
    replies = ("是第二个", "第二个吧", "就是3", "我要看第一个", "两个都想看")
    assert [choice_number(t) for t in replies] == [2, 2, 3, 1, None]


@pytest.mark.parametrize(
    ("text", "case_type"),
    [
        ("我要投诉", "complaint"),
        ("投诉", "complaint"),
        ("我要投诉村里乱收费，每户要交两百", "complaint"),
        ("想找人调解一下和邻居的事", "mediation"),
        ("调解", "mediation"),
        ("咨询", "consultation"),
        ("反映情况", "clue"),
        ("黄柏场口弯道护栏坏了", "clue"),
        ("村口有人聚众赌博", "clue"),
        ("我们组的路被大车压烂了，下雨天根本走不成", "clue"),
        ("隔壁村的桥裂了", "clue"),
        ("学校旁边有个小卖部卖烟给小娃儿", "clue"),
        ("晚上有人开着大车来河边偷沙", "clue"),
        ("我们这边的信号塔倒了一半，怕砸到人", "clue"),
        # something wrong where many live or pass, told without a question
        ("我们组那个水井被人倒了农药，好多家都在吃这个水", "clue"),
        ("村上的公厕好久没人打扫，臭得进不去", "clue"),
        ("村小学的校车天天超载，娃儿挤得站都站不稳", "clue"),
        ("我有个建议", "suggestion"),
        ("建议", "suggestion"),
    ],
)
def test_free_text_opens_the_right_form(text: str, case_type: str) -> None:
    assert detect(text) == case_type


@pytest.mark.parametrize("text", ["彩礼能退吗", "护栏坏了找谁修", "赌博犯法吗", "5天了还没人管", "你好", "去哪里投诉"])
def test_questions_do_not_open_a_form(text: str) -> None:
    assert detect(text) is None


def test_hazard_is_a_report_not_a_question() -> None:
    assert hazard("石桥铺那个井盖掉了") and not hazard("井盖掉了怎么办")


@pytest.mark.parametrize(
    "text", ["我在村里被人骗了五千块", "我妈在镇上赶场被偷了钱包", "电瓶车停在场镇上被偷了 报警有用没",
             "校车超载怎么处罚", "村里的水塘淹死了人谁负责"]
)
def test_a_victim_or_a_question_is_not_a_report(text: str) -> None:
    assert detect(text) is None


def test_a_dialect_yes_or_no_question_is_a_question() -> None:
    # "……我可以告她不" ends in the dialect's 不 question; told as a statement it is a report
    assert detect("村头有人在抖音上说我偷人 好多人都看到了 名声都搞臭了 我可以告她不") is None
    assert asks_something("隔壁占了我的地 我能去告他不嘛") and not asks_something("村口的路灯坏了不亮")
    assert detect("我们村河边有好多死猪") == "clue"


def test_someone_dumping_is_a_clue_and_rubbish_left_is_a_complaint() -> None:
    assert detect("村头有人往河里乱倒垃圾 臭得很") == "clue"
    assert detect("垃圾堆了一个星期没人收 臭得很") == "complaint"


def test_asking_who_fixes_a_broken_thing_still_reports_it() -> None:
    # the township is being asked to get it fixed; who is *liable* for a death is a question
    assert detect("路灯坏了谁负责修") == "clue" and detect("村里的水塘淹死了人") == "clue"
    assert asks_something("村里的水塘淹死了人谁负责") and not asks_something("村里的水塘淹死了人")


def test_a_neighbours_doing_is_a_dispute_not_a_hazard() -> None:
    assert not hazard("邻居把我家门口的路挖断了") and not hazard("隔壁家的墙裂了")


def test_ones_own_tree_or_wall_is_a_question_of_liability_not_a_hazard() -> None:
    """A fourth QA pass: "我屋的树倒了砸到别个车了" opened the clue form."""
    assert not hazard("我屋的树倒了砸到别个车了") and detect("我屋的树倒了砸到别个车了") is None
    assert hazard("村口那棵大树倒了，把路挡住了")  # a tree on the road is still reported


def test_description_in_the_first_message() -> None:
    assert description_in("我要投诉") is None
    assert description_in("想找人调解一下和邻居的事") is None
    assert description_in("我要投诉村里乱收费") == "我要投诉村里乱收费"
    assert description_in("黄柏场口弯道护栏坏了") == "黄柏场口弯道护栏坏了"


def test_handoff_words() -> None:
    assert all(is_handoff(t) for t in ("人工", "人工咨询", "转人工", "找人工", "找工作人员。"))
    assert not is_handoff("人工费多少")


def test_forms_collect_the_minimum() -> None:
    keys = {t: [s.key for s in f.steps] for t, f in FORMS.items()}
    assert "village" not in keys["suggestion"]
    assert "other_party" in keys["mediation"] and "relationship" in keys["mediation"]
    assert all(k.index("consent") < k.index("phone") for k in keys.values())
    anonymous_clue = FORMS["clue"].applicable({"consent": "anonymous"})
    assert "phone" not in [s.key for s in anonymous_clue]


@pytest.mark.parametrize(
    "text",
    [
        "查询 HB-20261126-0042",
        "查询hb-20261126-0042",
        "hb 20261126 0042",
        "查询 H B 二零二六一一二六 零零四二",
        "HB２０２６１１２６００４２",
    ],
)
def test_case_numbers_typed_or_spoken(text: str) -> None:
    assert parse_number(text) == "HB-20261126-0042"


def test_case_number_tails_and_supplement_split() -> None:
    assert parse_tail("尾号0042") == parse_tail("查询 0042") == parse_tail("0042") == "0042"
    assert parse_tail("13812345678") is None
    assert split_supplement("补充0042 他昨天又来了") == ("0042", "他昨天又来了")
    assert split_supplement("补充 HB-20261126-0042") == ("HB-20261126-0042", "")
    assert split_supplement("补充") == ("", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5", (5, "")),
        ("５分", (5, "")),
        ("五星", (5, "")),
        ("3 态度还行", (3, "态度还行")),
        ("很满意，谢谢", (5, "谢谢")),
        ("满意", (4, "")),
        ("不满意", (2, "")),
        ("非常不满意！拖了好久", (1, "拖了好久")),
        ("一般", (3, "")),
    ],
)
def test_rating_scores(text: str, expected: tuple[int, str]) -> None:
    assert parse_score(text) == expected


@pytest.mark.parametrize("text", ["5天了还没人管", "6", "12", "一般多久能办好", "满意度怎么算", "谢谢"])
def test_not_ratings(text: str) -> None:
    assert parse_score(text) is None
