"""The index finds the right entry for colloquial messages and scores are calibrated 0..1."""

import pytest

from knowledge.decision import decide
from knowledge.index import Doc, FaqIndex
from knowledge.text import analyze

DOCS = [
    Doc("wage", "在外打工被老板拖欠工资，怎么讨回来？", ("包工头欠农民工工资不给怎么办？",), ("劳动", "欠薪")),
    Doc("gift", "没结成婚，彩礼能不能要回来？", ("退婚了女方要不要退彩礼？",), ("婚姻家庭", "彩礼")),
    Doc("homestead", "邻居占了我家宅基地怎么办？", ("宅基地边界纠纷找谁解决？",), ("宅基地", "相邻关系")),
    Doc("support", "子女不赡养老人，老人该怎么办？", ("儿子不给生活费，老人能去告他吗？",), ("赡养",)),
    Doc("dog", "被别人家的狗咬伤了，医药费谁赔？", ("打狂犬疫苗的钱找谁要？",), ("侵权", "饲养动物")),
    Doc("will", "立遗嘱有哪几种形式，怎样写才有效？", ("老人自己手写的遗嘱算不算数？",), ("继承", "遗嘱")),
]


@pytest.fixture(scope="module")
def index() -> FaqIndex:
    return FaqIndex.build(DOCS)


def test_len(index: FaqIndex) -> None:
    assert len(index) == len(DOCS)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("老板拖起工钱不给 咋个办", "wage"),
        ("订婚黄了聘金退不退", "gift"),
        ("隔壁修房子占了我屋基", "homestead"),
        ("几个娃儿都不管我这个老人家", "support"),
        ("遭隔壁的狗儿咬了 打针的钱哪个出", "dog"),
        ("老汉儿自己写的遗嘱算数不", "will"),
    ],
)
def test_dialect_message_finds_its_entry(index: FaqIndex, message: str, expected: str) -> None:
    hits = index.search(message)
    assert hits and hits[0].id == expected


def test_scores_are_sorted_and_bounded(index: FaqIndex) -> None:
    hits = index.search("老板欠工钱", k=3)
    assert 1 <= len(hits) <= 3
    assert all(0.0 <= h.score <= 1.0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].question == DOCS[0].question


def test_nonsense_and_greetings_find_nothing_confident(index: FaqIndex) -> None:
    assert index.search("你好 在吗") == []
    hits = index.search("明天天气咋样")
    assert not hits or hits[0].score < 0.3


def test_best_question_beats_a_diluted_entry() -> None:
    docs = [
        Doc("a", "工伤认定怎么申请？", ("工伤", "上班受伤", "认定时限", "材料", "部门")),
        Doc("b", "单位不交社保怎么办？", ()),
    ]
    assert FaqIndex.build(docs).search("上班受伤了")[0].id == "a"


def test_empty_index_returns_nothing() -> None:
    assert FaqIndex.build([]).search("彩礼") == []


def test_scores_rank_by_lead_and_features_are_reported(index: FaqIndex) -> None:
    hits = index.search_debug("隔壁的狗咬了我 还占了我家屋基", k=3)
    top, feats = hits[0]
    assert len(hits) >= 2 and top.id in {"homestead", "dog"}
    assert feats["lead"] > 0 and all(f["lead"] < 0 for _, f in hits[1:])
    assert 0.0 <= feats["cov_w"] <= 1.0 and 0.0 <= feats["rev"] <= 1.0 and 0.0 <= feats["oov"] < 1.0


def test_a_sibling_is_not_confident_when_the_asked_entry_is_missing() -> None:
    """The near miss: without its own entry, a message about the dog-bite bill must not be
    answered confidently by the entry that merely shares 老人/医药费-like words."""
    docs = [d for d in DOCS if d.id != "dog"]
    hits = FaqIndex.build(docs).search("遭隔壁的狗儿咬了 打针的钱哪个出")
    assert not hits or hits[0].score < 0.5


def test_unknown_parts_of_a_known_word_are_not_unknown_words() -> None:
    """东方闪电 is a known name of a cult: its parts 东方 and 闪电 must not count as unknown words
    that say the message is about something else."""
    docs = [Doc("cult", "怎么识别邪教？", ("邪教有哪些特点",)), Doc("dog", "狗咬人谁赔？", ())]
    _, feats = FaqIndex.build(docs).search_debug("东方闪电是不是邪教")[0]
    assert feats["oov"] == 0.0


def test_an_unknown_specific_word_lowers_confidence_more_than_an_everyday_one(index: FaqIndex) -> None:
    """Both messages share 狗 and 医药费 with the dog-bite entry; 补办 (a reissue, which no entry
    covers) says the message is about something else, 晚上 (in the evening) does not."""
    (everyday, f_everyday), *_ = index.search_debug("晚上被狗咬了医药费谁赔")
    (specific, f_specific), *_ = index.search_debug("狗证掉了要补办 医药费谁赔")
    assert everyday.id == "dog" and specific.id == "dog"
    assert 3 * f_everyday["oov"] < f_specific["oov"]
    assert specific.score < everyday.score


def test_a_licence_or_inspection_is_its_own_word_not_its_characters(index: FaqIndex) -> None:
    """jieba cuts 狗证 (a dog licence) and 年审 (a vehicle's annual inspection) into single
    characters, and 狗 alone made "do I need a dog licence" a dog-bite question; the user
    dictionary keeps them whole, so they count as what the knowledge base does not cover."""
    (top, f), *_ = index.search_debug("屋头养的土狗要不要去办狗证")
    assert top.id == "dog" and f["oov"] > 0.3
    assert "年审" in analyze("摩托车好久要年审一次").terms


def test_a_long_unknown_word_counts_by_its_unknown_parts() -> None:
    """农村户口: 农村 is known here, 户口 is not, so the message is partly about something else; a
    long word whose parts are all known (农村土地) adds nothing unknown."""
    idx = FaqIndex.build([Doc("build", "农村建房要办什么手续？", ("在农村修房子要审批吗",))])
    _, unknown = idx.search_debug("农村户口要办什么手续")[0]
    assert unknown["oov"] > 0.05
    known = FaqIndex.build([Doc("build", "农村建房要办什么手续？", ("农村土地上修房子要审批吗",))])
    _, f = known.search_debug("农村土地上建房要办什么手续")[0]
    assert f["oov"] == 0.0


def test_an_entry_lacking_a_required_word_is_not_confident() -> None:
    """补办 (reissue a lost document) is required: "结婚证丢了咋补办" must not get the answer on
    what marriage registration needs, however well the rest matches; an entry that is about
    reissuing can still answer it."""
    reg = Doc("marriage-registration", "结婚登记需要什么条件和材料？", ("领结婚证要带啥",), ("结婚登记",))
    (top, feats), *_ = FaqIndex.build([reg]).search_debug("结婚证丢了咋个补办")
    assert top.id == "marriage-registration" and feats["missing_required"] == 1.0 and top.score <= 0.3
    assert FaqIndex.build([reg]).search("领结婚证要带些啥子")[0].score > 0.5

    reissue = Doc("certificate-reissue", "结婚证丢了怎么补办？", ("结婚证补领去哪里",), ("结婚登记",))
    (top, feats), *_ = FaqIndex.build([reg, reissue]).search_debug("结婚证丢了咋个补办")
    assert top.id == "certificate-reissue" and feats["missing_required"] == 0.0 and top.score > 0.5


def test_a_thing_no_entry_names_keeps_a_near_topic_question_unanswered() -> None:
    """担保 (standing guarantor), 补贴 (a subsidy), 狗证 (a dog licence), 年审 (an inspection) name
    what a question is about: an entry on IOUs, land leases or dog bites does not answer it, however
    many other words they share; an entry that names the thing still can."""
    iou = Doc("iou", "借钱给别人，借条应该怎么写才规范？", ("借条上要写些啥",), ("借条", "借钱"))
    (top, feats), *_ = FaqIndex.build([iou]).search_debug("亲戚借钱喊我当担保人 签了借条他不还 我要帮他还不")
    assert top.id == "iou" and feats["missing_required"] == 1.0 and top.score <= 0.3
    guarantor = Doc("guarantor", "给别人借钱当担保人，要承担什么责任？", ("帮朋友借钱签了担保人，他不还我要还吗",))
    both = FaqIndex.build([iou, guarantor])
    (top, feats), (second, _) = both.search_debug("亲戚借钱喊我当担保人 签了借条他不还 我要帮他还不")
    assert top.id == "guarantor" and feats["missing_required"] == 0.0 and second.id == "iou"
    dog = Doc("dog", "被别人家的狗咬伤了，医药费谁赔？", ("狗咬人了主人要赔吗",), ("狗",))
    assert FaqIndex.build([dog]).search_debug("养狗要不要去办狗证 不办会罚不")[0][1]["missing_required"] == 1.0
    # a scheme or a document the entry never names: 灵活就业 (self-employed insurance), 使用证
    insurance = Doc("insurance", "单位不给员工买社保合法吗？", ("上班几年单位都没交社保，能要求补缴吗？",),
                    ("社会保险",))
    (top, feats), *_ = FaqIndex.build([insurance]).search_debug("自己交的灵活就业养老保险断了两年，还能补交不")
    assert feats["missing_required"] == 1.0 and top.score < 0.31
    homestead = Doc("homestead", "宅基地边界纠纷找谁解决？", ("邻居占了我家宅基地怎么办？",), ("宅基地",))
    assert FaqIndex.build([homestead]).search_debug("宅基地使用证去哪里办")[0][1]["missing_required"] == 1.0


def test_a_required_word_no_entry_names_leaves_the_bot_unsure_not_offering_choices() -> None:
    """补办 named by no entry: the message is about something the knowledge base does not cover,
    so it gets "not sure" and a person (below the choice band), not a list of unrelated questions;
    with an entry that names 补办 somewhere, the others stay at the choice cap."""
    reg = Doc("marriage-registration", "结婚登记需要什么条件和材料？", ("领结婚证要带啥",), ("结婚登记",))
    aid = Doc("legal-aid", "法律援助怎么申请，要带什么材料？", ("去哪里申请法律援助",), ("法律援助",))
    message = "补办结婚证需要什么条件和材料"  # word for word the registration question, but 补办
    assert "补办" in analyze(message).terms  # not 补 | 办结婚证
    ranked = FaqIndex.build([reg, aid]).search(message)
    assert ranked and all(c.score <= 0.15 for c in ranked)
    assert decide(ranked).kind == "unsure"
    reissue = Doc("id-card", "身份证丢了怎么补办？", ("身份证补领去哪里",), ("身份证",))
    found = {c.id: c.score for c in FaqIndex.build([reg, aid, reissue]).search(message)}
    assert 0.15 < found["marriage-registration"] <= 0.3 + 1e-9


def test_a_concept_the_message_tells_is_required_of_the_answer() -> None:
    """Drinking told as a story (喝了二两白酒 + 骑摩托 -> 酒驾) or a lawyer the government pays
    (律师 + 政府 -> 法律援助): an entry on unlicensed riding, or on children who will not support
    their parents, does not answer it however much of the story it shares."""
    unlicensed = Doc("unlicensed", "没有驾驶证开车或者骑摩托车，会怎么处罚？", ("无证驾驶摩托车被交警查到怎么罚？",),
                     ("无证驾驶", "摩托车"))
    drink = Doc("drink", "酒驾和醉驾怎么区分，分别会受到什么处罚？", ("喝了一瓶啤酒开车算酒驾还是醉驾？",), ("酒驾",))
    story = "吃酒席喝了二两白酒骑摩托回去 遭交警查到了 是不是要坐牢哦"
    (top, feats), *_ = FaqIndex.build([unlicensed]).search_debug(story)
    assert feats["missing_required"] == 1.0 and top.score < 0.31
    found = {c.id: f for c, f in FaqIndex.build([unlicensed, drink]).search_debug(story)}
    assert found["drink"]["missing_required"] == 0.0 and found["unlicensed"]["missing_required"] == 1.0
    support = Doc("support", "子女不赡养老人怎么办？", ("儿子不给生活费能告他吗",), ("赡养",))
    story = "儿子不给我生活费 我想告他 莫得钱请律师 可以找政府帮忙出律师不"
    (top, feats), *_ = FaqIndex.build([support]).search_debug(story)
    assert feats["missing_required"] == 1.0 and top.score < 0.31


def test_an_entry_all_of_whose_questions_ask_the_cost_answers_only_cost_questions() -> None:
    """Every question of the mediation-fee entry asks what mediation costs (费用 in focus.txt): it
    must not answer "想找调解员咋个弄" (how to find a mediator), which shares all its other words,
    but still answers a message that asks the cost.  An entry with one question not about cost
    is not limited."""
    fee = Doc("fee", "找人民调解委员会调解纠纷要收费吗？", ("请调解员来调解需要出多少钱？",), ("人民调解",))
    index = FaqIndex.build([fee])
    (top, feats), *_ = index.search_debug("想找调解员咋个弄")
    assert top.id == "fee" and feats["missing_required"] == 1.0 and top.score < 0.31
    (top, feats), *_ = index.search_debug("请调解员来调解要给钱不")
    assert feats["missing_required"] == 0.0 and top.score > 0.5
    mixed = Doc("mixed", fee.question, (*fee.alt_questions, "怎么找调解员？"), fee.tags)
    (top, feats), *_ = FaqIndex.build([mixed]).search_debug("想找调解员咋个弄")
    assert feats["missing_required"] == 0.0


def test_an_answer_that_speaks_of_the_message_words_makes_its_entry_the_likelier_one() -> None:
    """Two entries whose questions match a message equally: the one whose answer explains the
    message's other words (营养费, 误工费) wins, and is more confident than with no answers."""
    questions = ("被车撞了能找对方赔些什么？", "被车撞了交警怎么认定责任？")
    answers = ("可以要医疗费、护理费、误工费、营养费、交通费，残疾的还有残疾赔偿金。",
               "交警根据现场勘查和当事人的过错认定责任；对认定不服的，三日内可以申请复核。")
    message = "被车撞了住院 营养费误工费能要不"
    pairs = enumerate(zip(questions, answers, strict=True))
    with_answers = FaqIndex.build([Doc(f"e{i}", q, (), (), a) for i, (q, a) in pairs])
    without = FaqIndex.build([Doc(f"e{i}", q) for i, q in enumerate(questions)])
    (first, feats), *_ = with_answers.search_debug(message)
    assert first.id == "e0" and feats["ans_only"] > 0.2
    plain = dict((c.id, (c.score, f)) for c, f in without.search_debug(message))
    assert plain["e0"][1]["ans_only"] == 0.0 and first.score > plain["e0"][0]
    assert dict((c.id, f["ans_only"]) for c, f in with_answers.search_debug(message))["e1"] == 0.0


def test_answer_words_the_questions_already_have_are_not_counted_twice() -> None:
    doc = Doc("dog", "被狗咬伤了医药费谁赔？", (), (), "狗咬伤人的，医药费由狗的主人赔。")
    (_, feats), = FaqIndex.build([doc]).search_debug("狗咬伤了医药费谁赔")
    assert feats["ans_only"] == 0.0 and feats["cov_w"] > 0.5


def test_a_topic_word_the_entry_never_speaks_of_lowers_it_more_than_an_everyday_word() -> None:
    """miss_sal: 年审 (a rare, topical word) that the dog entry mentions nowhere says the message
    is about something else; 晚上 (everyday) says little.  Words its answer has do not count."""
    doc = Doc("dog", "被狗咬伤了医药费谁赔？", (), ("狗",), "狗咬伤人的，医药费由狗的主人赔；打狂犬疫苗的钱也算。")
    index = FaqIndex.build([doc, Doc("will", "遗嘱怎么写才有效？")])

    def first(message: str) -> tuple[float, float]:
        (cand, feats), *_ = index.search_debug(message)
        assert cand.id == "dog"
        return cand.score, feats["miss_sal"]

    base, rare, everyday, answered = (first(m) for m in (
        "狗咬了医药费谁赔", "狗咬了医药费谁赔 年审", "狗咬了医药费谁赔 晚上", "狗咬了医药费谁赔 狂犬疫苗"))
    assert base[1] == 0.0 and answered[1] == 0.0
    assert rare[1] > everyday[1] > 0.0 or (rare[1] > 0.0 and everyday[1] == 0.0)
    assert rare[0] < everyday[0] <= base[0] + 1e-9


def test_passages_are_the_questions_and_the_answers_first_sentence() -> None:
    doc = Doc("dog-bite", "狗咬了谁赔", ("被狗咬伤",), ("侵权",),
              "饲养人应当承担侵权责任。先去打狂犬疫苗，保留票据！")
    assert doc.passages == ("狗咬了谁赔", "被狗咬伤", "饲养人应当承担侵权责任")
    assert Doc("x", "问题", answer="").passages == ("问题",)
    assert Doc("x", "问题", answer="。后面").passages == ("问题",)  # no first sentence, no row


TOPIC_DOCS = [
    Doc("divorce-suit", "对方不同意离婚，想离的一方怎么办？", ("离婚要去法院起诉吗",), ("婚姻家庭", "离婚")),
    Doc("divorce-child", "离婚后孩子归谁抚养？", ("离婚了娃儿跟哪个",), ("婚姻家庭", "抚养")),
    Doc("divorce-cooling", "协议离婚的冷静期是多久？", (), ("婚姻家庭",)),
    Doc("gift", "没结成婚，彩礼能不能要回来？", ("退婚了女方要不要退彩礼？",), ("婚姻家庭", "彩礼")),
    Doc("debts", "夫妻一方借的钱，另一方要不要还？", ("老公在外面欠的债我要还吗", "欠债的事情", "借钱给亲戚",
                                                  "做生意欠的钱", "离婚前他借的钱算共同债务吗"), ("债务",)),
    Doc("helmet", "骑电动车必须戴头盔吗？", (), ("交通",)),
]


def test_a_bare_topic_lists_the_entries_that_are_about_it() -> None:
    index = FaqIndex.build(TOPIC_DOCS)
    about = index.on_topic("离婚")
    assert set(about) == {"divorce-suit", "divorce-child", "divorce-cooling"}  # debts names it only in passing
    assert about[0] == "divorce-suit"  # in a question, an alt question and a tag: the most about it
    assert index.on_topic("离婚", k=2) == about[:2]
    assert index.on_topic("彩礼") == ["gift"] and index.on_topic("离婚 孩子") == ["divorce-child"]


def test_not_a_bare_topic_lists_nothing() -> None:
    index = FaqIndex.build(TOPIC_DOCS)
    assert index.on_topic("天气") == []  # a word no entry names
    assert index.on_topic("离婚 彩礼 孩子") == []  # no entry is about all three
    assert index.on_topic("离婚 头盔") == []  # no entry names both
    assert FaqIndex.build([]).on_topic("离婚") == []
