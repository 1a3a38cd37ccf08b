"""Normalisation and tokenisation: dialect meets formal wording, fillers vanish."""

import re
import unicodedata
from pathlib import Path

import pytest

from knowledge import text
from knowledge.text import analyze, is_quantity, normalize, standard_words, tokenizer


def words(text: str) -> set[str]:
    return set(analyze(text).words)


def test_normalize_folds_width_case_and_punctuation() -> None:
    assert normalize("ＡＢＣ，你好！！  在吗？") == "abc 你好 在吗"


def _nfkc_normalize(text: str) -> str:
    return re.sub(r"[^0-9a-z\u3400-\u9fff]+", " ", unicodedata.normalize("NFKC", text).lower()).strip()


def test_normalize_is_nfkc_for_every_character() -> None:
    # full-width characters are mapped by a table first: the result must be NFKC's, whatever is
    # around them (combining marks, compatibility ideographs, circled numbers, ligatures)
    chars = [chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000]
    for i in range(0, len(chars), 500):
        text = "".join(f"{c}，Ａ{c}\u0301" for c in chars[i : i + 500])
        assert normalize(text) == _nfkc_normalize(text)


def test_dialect_synonyms_map_to_canonical_words() -> None:
    assert "工资" in words("老板拖起工钱不给")
    assert "彩礼" in words("订婚给的聘金退不退")
    assert "彩礼" in words("礼金要得回来不")
    assert "宅基地" in words("隔壁占了我家屋基")
    assert "孩子" in words("娃儿读书的事")
    assert "老人" in words("老人家没人管")
    assert "条件" in words("法律援助我够不够格")  # jieba cuts 够不够 | 格: the whole phrase is a variant
    assert "时间长" in words("借条放久了还有用不")  # an IOU left too long: the limitation period
    assert "违约" in words("签了协议对方不照着做")  # not doing what was agreed is a breach
    assert "交通事故" in words("我骑摩托被货车挂倒了")  # 挂倒: knocked down by a vehicle
    assert "辞退" in words("老板喊我明天莫来了")  # 莫 is dialect for 不要
    assert "催款" in words("借给表哥两万块 一直没问他要")  # never asked for it back
    assert "遗嘱" in words("我妈录了段视频说钱都留给我幺妹")  # leaving property to someone is a will
    assert {"信访", "举报"} <= words("村上解决不了 想往上面反映一下")  # 反映: a petition, or a report
    assert "离婚" not in words("我在老家离得远")  # 离 alone is a divorce; 离得远 is a distance
    assert "诈骗" in words("钱遭骗走了找哪个")  # not 遭骗 | 走了 (走了 alone: passed away)
    assert "拒绝" in words("他就是死不松口") and "去世" not in words("他就是死不松口")
    assert "社会保险" in words("公司从来没给我买过养老医疗这些保险")
    assert "调解" in words("吵架了找哪个来说和")
    assert "加班" in words("过年上班咋个算钱")  # working on a holiday is overtime
    assert "排水" in words("邻居猪圈的粪水往我家菜地里放")
    assert "国家安全" in words("发现间谍找哪里")
    assert "年审" in words("摩托车好几年没年检了")
    assert "无证驾驶" in words("儿子还没考驾照 经常开我的面包车")
    assert "失败" in words("调解没调拢咋办") and "无证驾驶" in words("他没得驾照 被查到了咋个处理")
    assert "超员" in words("顺路带人 有时候多坐了两个人")
    assert "办公时间" in words("司法所星期六上不上班") and "办公时间" in words("12348热线晚上有人接吗")
    assert "办公时间" not in words("过年上班咋个算钱")
    assert "递交" in words("上周把上访信交到县信访办了")  # the entries say 递交 (submitted)
    assert "延长" in words("信访办说情况复杂要延期")
    assert "酒驾" in words("遭交警吹出来了")  # the breath test came out positive
    assert "造谣" in words("她在群头瞎编我偷人")
    assert {"结婚", "房子"} <= words("新房子是结了婚以后盖的")
    assert "彩礼" in words("订婚钱能要回来不") and "户口簿" in words("领证还要带户口本不")
    assert "增加" in words("能找他多要点抚养费不")
    assert "举报" in words("晓得哪个在吸毒咋个报")
    assert "撂荒" in words("我家的地好几年没人种了") and "造谣" in words("群里说我卖病猪肉 根本没得这回事")
    assert "加班" in words("多干的那几个钟头老板一分钱不给") and "探望" in words("离了婚多久可以去看一回娃儿")
    assert "赡养" in words("她说房子给了她哥哥 她就不管我们了") and "辍学" in words("书读不进去了 初中没毕业")
    assert "债务" in words("老公欠的赌债我要还不") and "坐牢" in words("除了被关进去 还有啥子办法戒掉")
    assert "饮酒" in words("吃酒席喝了两杯") and "结婚" in words("给儿子娶媳妇借了十几万")
    assert "不服" in words("事故责任划得不公") and "女儿" in words("我一个女娃子真的就没份了吗")
    assert "盗号" in words("我的微信遭盗了 骗子用我的号借钱")
    assert "遗嘱" in words("老汉没留话房子咋分")  # 留话: last words about the estate


def test_an_x_not_x_question_is_not_a_negation() -> None:
    # jieba cuts 还要 | 不要我 and 给 | 不给: read as 辞退 (dismissed) and 拖欠 (withheld) they gave
    # the message a topic it does not have; the negation itself still counts
    assert "辞退" not in words("诉讼费还要不要我自己出") and "辞退" in words("老板不要我了")
    assert "拖欠" not in words("彩礼给不给退") and "拖欠" in words("老板不给工资")
    assert "同意" in words("他同不同意离婚")


def test_question_words_and_particles_are_dropped() -> None:
    assert words("咋个办嘛") == set()
    assert words("怎么办呢？可以吗") == set()
    assert "怎么" not in words("啷个申请法律援助")
    assert words("就是说 我想问下 打扰一下 哎呀 说实话") == set()  # fillers of spoken messages


def test_dialect_and_formal_question_share_their_content_words() -> None:
    resident = words("老汉儿走了莫得遗嘱，屋头的房子咋个分")
    formal = words("老人去世没有留遗嘱，房子怎么分")
    assert {"遗嘱", "房子", "去世"} <= resident & formal


def test_standard_words_rewrites_dialect_for_the_embedding_model() -> None:
    assert standard_words("屋基咋个分？") == standard_words("宅基地怎么分") == "宅基地怎么分"
    assert standard_words("工钱拖起不给") == "工资拖欠"
    # clauses kept apart; a word with several readings (老汉: father, or an old man) stays
    assert standard_words("老汉走了，屋基咋个分") == "老汉去世，宅基地怎么分"


def test_long_legal_terms_also_yield_their_parts() -> None:
    assert "冷静期" in words("离婚冷静期有多久")
    assert words("保护令咋个办") & words("怎样申请人身安全保护令")


def test_parts_of_a_known_long_word_are_marked() -> None:
    a = analyze("我姨妈信的东方闪电")
    assert "邪教" in a.terms and "邪教" not in a.parts
    assert {"东方", "闪电"} <= a.parts


def test_bigrams_skip_stopwords_and_keep_surface_text() -> None:
    a = analyze("我想问一下彩里钱")
    assert "彩里" in a.bigrams
    assert not any("我" in g or "想" in g for g in a.bigrams)


def test_quantities_are_recognised() -> None:
    assert is_quantity("两万块") and is_quantity("75岁") and is_quantity("八年")
    assert not is_quantity("宅基地")
    assert is_quantity("两个钟头") and is_quantity("两个礼拜") and not is_quantity("星期")
    assert is_quantity("十几户") and is_quantity("十月份") and is_quantity("几十桌") and not is_quantity("有份")
    # a duration is not "the two of us" (两个 -> 双方): jieba had cut 两个 | 多月
    assert "双方" not in words("受理了但是都两个多月了还没有结果") and "双方" in words("我们两个商量好了")


def test_private_tokenizer_is_built_once() -> None:
    assert tokenizer() is tokenizer()
    import jieba

    assert tokenizer() is not jieba.dt


def test_everyday_descriptions_reach_legal_words() -> None:
    assert "出嫁" in words("我户口早就迁到婆家了")
    assert "辞退" in words("厂里把我开了")
    assert "交通事故" in words("在村道上跟人剐蹭了一下")
    assert "隐瞒" in words("婆娘背着我借了钱")
    assert "赡养" in words("儿子不给善养费")  # voice input for 赡养费
    assert "辞退" not in words("被人冒用身份证开了公司")


def test_salience_tells_everyday_words_from_specific_ones() -> None:
    """From jieba's general-language word frequencies: everyday words say little about a topic."""
    from knowledge.text import salience

    for everyday in ("晚上", "朋友", "跑"):
        assert salience(everyday) < 0.2, everyday
    for specific in ("补办", "社保卡", "营业执照"):
        assert salience(specific) > 0.8, specific
    assert salience("没见过的词汇组合") == 1.0


def test_voice_input_homophones_reach_the_intended_word() -> None:
    """Voice input and hurried typing write a word by its sound: 调节 for 调解, 斜教 for 邪教."""
    assert "调解" in words("找村里调节要不要给钱")
    assert "邪教" in words("有人发斜教的光碟")
    assert "信访" in words("交了信方材料没人理")
    assert "抚养费" in words("一个月该出多少府养费")
    assert "人身安全保护令" in words("那个保护另要去哪点申请") and "违法建设" in words("村里说是违见要拆")


def test_two_words_together_say_a_concept() -> None:
    # drink-driving told as what happened: no single word of it is 酒驾 (concepts.tsv)
    assert "酒驾" in words("喝了两杯啤酒 骑摩托回来遭交警查到了")
    assert "酒驾" in words("吃了酒开三轮车")
    assert "酒驾" not in words("喝醉了打人") and "酒驾" not in words("骑摩托车要戴头盔")
    # land taken for a public project is expropriation; a neighbour taking it is not
    assert "征收" in words("修高速占了田赔好多")
    assert "征收" not in words("邻居修房子占了我家的地")
    # both spouses agreeing is the registry's divorce, not a court's; 分开 between spouses is divorce
    assert "协议离婚" in words("我和我婆娘商量好了要离 啷个去办离婚证")
    assert "邪教" in words("我老公信了一个什么教 天天出去聚会")  # believing in some 教
    assert "越级" in words("到省里上访管用不") and "越级" not in words("去县信访局上访")
    assert "狗证" in words("养狗要不要去办证打疫苗") and "狗证" not in words("狗咬了人要不要赔")
    assert "更换律师" in words("法律援助给我派的律师不负责 能不能换一个")
    assert "诉讼时效" in words("欠款几年过期") and "诉讼时效" not in words("买的药过期了")  # a debt's time limit
    assert "协议离婚" not in words("离婚后娃儿跟我，想把娃儿的姓改成跟我姓，要他爸同意不")
    assert "离婚" in words("我跟我男人现在两个都想通了要分开")
    # a lawyer the government provides, or one for people who cannot pay, is legal aid
    assert "法律援助" in words("屋头莫得钱请律师，可以找政府帮忙出律师不")
    assert "法律援助" not in words("打官司要不要请律师")


def test_every_concept_word_survives_analysis() -> None:
    # a word the analysis drops (a stopword) or maps to another canonical can never trigger a concept
    for concept, word, others in text.lexicon().concepts:
        for w in (word, *others):
            assert w in words(w), (concept, w)


def test_a_malformed_dictionary_line_names_its_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("synonyms.tsv", "stopwords.txt", "userdict.txt", "required.txt", "focus.txt", "concepts.tsv"):
        (tmp_path / name).write_text((text.DICTIONARY_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    good = (tmp_path / "concepts.tsv").read_text(encoding="utf-8")
    synonyms = (tmp_path / "synonyms.tsv").read_text(encoding="utf-8")
    (tmp_path / "concepts.tsv").write_text(good + "酒驾\t饮酒\n", encoding="utf-8")  # the third field lost
    monkeypatch.setattr(text, "DICTIONARY_DIR", tmp_path)
    text.lexicon.cache_clear()
    try:
        with pytest.raises(text.DictionaryError, match=rf"concepts.tsv line {len(good.splitlines()) + 1}: expected 3"):
            text.lexicon()
        (tmp_path / "concepts.tsv").write_text(good, encoding="utf-8")
        (tmp_path / "synonyms.tsv").write_text("工资\n", encoding="utf-8")  # a canonical with no variants
        with pytest.raises(text.DictionaryError, match="synonyms.tsv line 1"):
            text.lexicon()
        (tmp_path / "synonyms.tsv").write_text(synonyms, encoding="utf-8")
        (tmp_path / "userdict.txt").write_text("快手 很多\n", encoding="utf-8")  # a frequency that is no number
        with pytest.raises(text.DictionaryError, match="userdict.txt line 1"):
            text.lexicon()
    finally:
        text.lexicon.cache_clear()


def test_a_frequency_in_the_user_dictionary_keeps_a_word_whole_in_context() -> None:
    # alone jieba keeps 快手 whole, but 快手上 cut 快 | 手上 and the platform (网络) was lost
    assert text.lexicon().frequencies["快手"] > 0
    assert "网络" in words("有人在快手上发视频说我卖的橙子有毒")
    assert "手上" not in words("有人在快手上发视频说我卖的橙子有毒")
    # and a frequency of 1 keeps a word residents never mean (书签, a bookmark) from taking characters
    assert "调解协议" in words("调解书签了算数不")
    assert "网络" in words("喊我给抖音视频点赞") and "多久" in words("受理了要好多天才给答复")


def test_every_canonical_word_is_cut_whole() -> None:
    # a canonical jieba cut into pieces (第一 | 时间) never matched the entries that say it
    assert "第一时间" in words("发生交通事故后，第一时间应该怎么做？")
    assert "交强险" in words("交强险赔多少")
    tok = tokenizer()
    split = [c for c in text.lexicon().canonicals
             if len(c) > 1 and not c[0].isdigit() and tok.lcut(c, HMM=False) != [c]]
    assert split == []
