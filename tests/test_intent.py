"""Intake intents: a request for a person vs a question about the law."""

from pathlib import Path

import pytest
import yaml

from knowledge.intent import detect_intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("我要投诉村里的网格员，开个证明推了三回都不给办", "complaint"),
        ("投诉一下，镇上垃圾站好久没人清运了，请赶紧处理", "complaint"),
        ("请镇上派人来帮我们两家调解一下，为地边的树吵了好久", "mediation"),
        ("我们兄弟分老房子分不拢，想请村里的同志出面帮我们调一调", "mediation"),
        ("反映个情况：石桥村急弯的护栏被撞断了，一直没人修", "clue"),
        ("报个线索，河坝边经常有人晚上电鱼", "clue"),
        ("有人在后山偷偷开采石头放炮，请派人来查一下", "clue"),
        ("想预约法律顾问当面咨询一下我家的纠纷", "consultation"),
        ("能不能帮我约个时间，我想找司法所的同志当面聊一下", "consultation"),
        # an office alone, nothing else asked: reaching it ("司法" had found the judicial-confirmation entry)
        ("我要找司法所", "consultation"),
        # an official's misconduct is a complaint about a person, not a hazard clue
        ("我要举报村干部贪污", "complaint"),
        ("张书记他把低保给他亲戚了我想反映一下", "complaint"),
        ("开个证明拖了半个月还要我请客，我想找乡上的领导反映他", "complaint"),
        ("收了我们的钱事情一直不办，我要反映村上的文书", "complaint"),
        ("想找一下派出所。", "consultation"),
        ("建议镇上在学校门口装个减速带", "suggestion"),
        ("希望政府能多搞点普法讲座", "suggestion"),
        ("投诉！村委会乱收费，每家收两百块修路钱", "complaint"),
        ("有个情况想反映一下，村口的桥裂了好长一条缝，怕出事", "clue"),
        ("麻烦你们派人来看一下，我们这里有人往河里倒化工废水", "clue"),
        ("我想找个懂法的人帮我看看这份租地合同", "consultation"),
        ("请安排一个律师跟我打个电话，说一下我家分房子的事", "consultation"),
        ("反映个隐患：学校后面的挡土墙裂了", "clue"),
        ("发现一个安全隐患，河边的护栏全部锈断了", "clue"),
        # no 投诉/调解/举报 word: who is asked to act, and about what, tells the intent
        ("办证窗口那个同志态度差得很，害我跑了三趟，我要反映一下她", "complaint"),
        ("我们组停水一个礼拜了，打电话给水厂没人理，你们镇上要管一下", "complaint"),
        ("我和儿媳为分家吵翻了，想请司法所的同志来屋头给我们调一下，好久能来", "mediation"),
        ("哥哥不出赡养费，能不能请村上出面把我们几兄妹喊到一起说清楚", "mediation"),
        ("后山有人晚上偷偷挖河沙，堤都挖垮了，你们去查一下嘛", "clue"),
        ("村里会计老是推，我去了三趟盖个章都不给盖，这个人你们得管管", "complaint"),
        ("村主任评低保评的全是他亲戚，麻烦镇上来查一查", "complaint"),
        ("想请司法所的同志出面帮我们兄弟俩把话说开", "mediation"),
        ("村口老桥的栏杆断了，娃娃天天从那走，赶紧找人来修下", "clue"),
        # told as a statement, no request and no legal question: someone should know and act
        ("便民服务中心窗口那个人态度好凶，问两句就吼人，太不像话了", "complaint"),
        ("村主任评低保把他亲戚都评上了，真正困难的没评上，太不公平了", "complaint"),
        ("后山有人半夜偷偷往河沟里倒废水，鱼都死了", "clue"),
        ("村口老桥栏杆断了，桥面也裂了，娃儿天天过，怕要出事", "clue"),
        ("隔壁的鸡天天刨我的菜地，吵了几回，想请村上出面帮我们理一下", "mediation"),
        ("我手头有份承包合同，能不能拿过来请你们帮我看一下有没有问题", "consultation"),
        # "我要反映" about how the resident was served is a complaint, not a clue
        ("医保卡说好上周就办好，我来了三回都说没到，办事效率太低了，我要反映", "complaint"),
        ("想反映下我们组发补贴的那个干部，问他补贴为啥没到，他爱理不理的", "complaint"),
        ("服务中心那个窗口态度凶得很，材料退了两回，你们到底管不管？", "complaint"),
        ("三组河边那根电杆斜起了，电线垂得快挨到地，娃儿天天走，危险得很", "clue"),
        # asking the office to look into, settle or see to a failing service (set F's even lines)
        ("我们院坝的垃圾箱十多天莫得人来收了，麻烦派人来处理一下", "complaint"),
        ("村上收了每户三百块的水管钱，一直不给收据，请镇上来查清楚", "complaint"),
        ("卫生室的医生一个礼拜有四天门都是锁起的，看个病都找不到人，希望镇上落实一下", "complaint"),
        ("村口的路灯坏了三个多月，说报上去了就没有下文了，请领导重视一下", "complaint"),
        ("我要反映一下我们村的会计，发钱的时候专门克扣老年人的", "complaint"),
        # getting both sides together without the word 调解
        ("我兄弟占了我家半块自留地，想请村上把他喊过来当面说清楚", "mediation"),
        ("老板欠了我们几户人的运费，想请镇上出面把他约出来一起谈", "mediation"),
        ("妈走了以后几姊妹为了那几间房子闹得很凶，想请司法所来帮我们分清楚", "mediation"),
        ("我想申请调解，和邻居的排水沟纠纷", "mediation"),
        # what a resident saw, told as a report
        ("赶场那天看见有人在卖病死猪肉，好多人在买", "clue"),
        ("去放牛的时候看到有人在河滩上偷偷挖沙，挖了好大几个坑", "clue"),
        ("村道上那棵大树被雷劈裂了，歪起要倒了", "clue"),
        ("学校对面那个弯道没有警示牌，这个月已经撞了两回了", "clue"),
        ("村头那家茶馆天天有生人聚起打牌，进出都是大钱，怀疑是在赌博，请你们去了解一下", "clue"),
        # a person to read or write a document, and when to come
        ("想请司法所的人帮我写个起诉状，我哪天来合适", "consultation"),
        ("约个律师，我有个借款的事", "consultation"),
        # a person, asked for at the end of the message, or an office's people
        ("我想咨询一下离婚的事情，能不能找个人跟我说", "consultation"),
        ("有没有工作人员跟我讲讲", "consultation"),
        ("我要找司法所的人", "consultation"),
        ("我想找人咨询", "consultation"),
        ("想找个律师当面问一下", "consultation"),
        ("转人工", "consultation"),
        # a public facility asked for, with or without where
        ("小学门口那个路口车子开得飞快，能不能装个减速带", "suggestion"),
        ("能不能在村口装个路灯", "suggestion"),
        ("镇上能不能组织一次普法讲座，讲讲防诈骗", "suggestion"),
        # a service failing, told as a statement
        ("我们村的自来水三天没来了，打电话也没人接", "complaint"),
        ("村口的垃圾堆了一个多月了臭得很", "complaint"),
        ("组长评贫困户只评他自己屋头的人", "complaint"),
        ("我家的补助款被村会计扣了一半", "complaint"),
        # someone asked to come and settle a dispute, without the word 调解
        ("我和邻居的地界扯不清楚，想请村上来量一下", "mediation"),
        # a dispute and someone to come: mediation, though 哪天过来 also books a visit
        ("我们几兄弟为老人住哪家扯皮，想请司法所的同志哪天过来帮我们说一下", "mediation"),
        # cadres favouring their own, an official dragging a file: complaints, not clues
        ("村干部自己亲戚领了两回救灾米，我们一样都莫得，请镇上派人来查一下", "complaint"),
        ("村主任发救灾物资只发给他亲戚，请镇上派人下来查一下", "complaint"),
        ("村上的文书办事拖得很，材料交了两个月了，麻烦镇上派人查一下", "complaint"),
        # a hazard and someone asked to come, however briefly
        ("后山坡下雨裂了一条缝还在掉石头，请你们快点来人看一下", "clue"),
        ("河坝头那座便桥桥板烂了个洞，已经有人摔了，麻烦来修下", "clue"),
        # 反映一下 / 报个情况 opening a grievance or a report
        ("反映一下 村上修路的账目一直不公开 跟村干部说了几回都不理 请镇上来查一下", "complaint"),
        ("报个情况，学校门口的电线杆歪了，电线垂得好低", "clue"),
        ("反映一下 我去信访接待室门锁起的 一个人都莫得 白跑一趟", "complaint"),
        # someone asked to come without 请/派: 喊人来修, 哪个来管一下, 请…来看一下
        ("急弯那里护栏撞断了 喊人来修", "clue"),
        ("村口一群野狗咬了两个人了 哪个来管一下嘛", "clue"),
        ("后山石头松了 怕下雨垮下来 请国土所的来看一下", "clue"),
        # staff who turn a resident out, lose a file or hand a subsidy to their own: complaints
        ("我去派出所办身份证 那个女的把我赶出来 你们喊她领导管一下", "complaint"),
        ("村委会办公时间锁起门的 去了三回都没人 哪个来管一下嘛", "complaint"),
        ("养老保险资料乡里头弄丢了 喊我重新交 我要反映", "complaint"),
        ("反映一下 危房补助被村主任拿去给他亲戚了 希望乡上来人调查", "complaint"),
        # a contractor's unpaid wages, someone asked to talk it through: mediation
        ("包工头拖起工钱不给 能不能请司法所出面帮我们谈一下", "mediation"),
    ],
)
def test_intake_requests(text: str, intent: str) -> None:
    assert detect_intent(text) == intent


@pytest.mark.parametrize(
    "text",
    [
        "工地干完活老板不结工钱，去哪里投诉？",
        "怎么投诉村干部？",
        "邻居乱搭乱建，可以向哪里举报？",
        "发现有人卖毒品，咋个举报，打哪个电话？",
        "想找人民调解，咋个申请，去哪里申请？",
        "请村里调委会帮忙调解，要不要给钱？",
        "申请了人民调解，可对方说不接受调解，那我还有啥办法？",
        "法律援助去哪里申请，要走啥子流程？",
        "离婚冷静期是好久",
        "投诉村干部要去哪里投诉",
        "当面咨询要不要钱",
        "法律顾问是免费的吗",
        "反映问题除了信访还有啥子渠道",
        "发现一个安全隐患该找哪个部门反映",
        "调委会的人来调解，要不要请他们吃饭给点辛苦费",
        "调解员是对方的亲戚，明显帮他说话，我能喊换个人不",
        "年纪大了走不动，想反映问题，不跑到县里有没有其他方式",
        "有人半夜偷偷在卖毒品，我想举报又怕被报复，该打哪个电话",
        "邻居半夜偷偷在我家地边挖沟，这样违法吗",
        "窗口工作人员态度差，我该去哪里反映？",
        # questions about how mediation works, even when they name someone coming
        "调解的时候能不能请个懂木工的师傅来看一下",
        "想请村上出面调解，有些啥子手续",
        "调委会上门来调解，我可以不同意吗",
        "人民调解是无偿的不",
        # a call received, a suggestion channel, what to write
        "有个自称12381的给我打电话，是不是骗子",
        "我老婆在网上借了好几万 现在催款的天天打电话给我 说我是配偶要一起还 这个合法吗",
        # how to report, whether anyone will act, what mediation costs: questions, not requests
        "我发现镇上有个人在卖白粉 我想举报一下 要去哪里举报 举报了有没有奖励",
        "我那个事镇上县上都不管 我打算直接买票去北京 到了北京会不会有人管",
        "请调解员来我们家调解要不要给人家钱 要不要请吃饭",
        "我们想给镇上提建议，有哪些渠道",
        "我想反映低保评得不公平，材料里头该写些啥",
        # facts about the service, and asking how mediation is applied for
        "法律顾问一般哪天在镇上坐班",
        "司法所周末在不在上班",
        "投诉以后好久会有回复",
        "我想申请人民调解，要带哪些材料",
        "想申请调解，是不是要两家都同意",
        "楼上掉东西砸伤了人，问了一圈都没人承认，这种找谁赔",
        # a person named mid-message leads a question; an office's address is a fact
        "有没有人跟我说一下宅基地怎么分",
        "司法所在哪里，我想找司法所的人",
        "找司法所有用吗",
        # what use something is, and whether to leave a number: questions
        "民警来我们村喊装那个软件，装了管啥子用",
        "写信反映问题要不要留电话，留不留电话都可以吗",
        # 当面说好的: what two sides agreed face to face, not a meeting asked for
        "卖牛的时候只是当面说好的价钱 没签字 法律认不认哦",
        "村干部贪污怎么举报",
        "有人放火烧山要判几年",  # a question of criminal law, not a report
        "找律师咨询要多少钱",
        "我想找人问一下离婚要带哪些材料",
        # whether a channel may be used, and what to prepare for mediation asked for
        "想在手机上给县里反映个问题，能行不？",
        "有事情要反映 写信打电话得行不",
        "和亲戚闹翻了，想请村里调解，需要准备些什么？",
        # 上门女婿 is a son-in-law living with his wife's family, nobody sent to the door
        "弟弟说他是上门女婿，不管爸妈了，这样行吗？",
        # a camera at someone's own home: is it legal, not a facility asked for
        "邻居可以在他家门口装监控对着我家吗",
        "我能不能在自家门口装个监控",
        # a neighbour's rubbish is a dispute; where to report is a question
        "邻居家的垃圾堆在我家门口臭得很",
        "停水了怎么办",
        "垃圾没人收应该找哪个部门",
        # how to apply, and whether the other side can be made to come: questions about mediation
        "跟邻居吵了好几回了 想请村上调解一下 要写申请不 去找哪个",
        "想请村上来调解 但是对方说啥子都不来 村上能不能硬喊他来",
        # how many days until an answer, what a court will do: questions, not requests
        "材料交到信访的地方就没人理了 也不晓得收没收 一般好多天会给个话",
        "投诉村干部要找哪个部门",
        "在镇上调解按了手印 他说帮我把墙修好又没动 我拿这张纸去法院 法院会不会去他屋头收拾他",
        "",
    ],
)
def test_plain_questions_are_not_intake(text: str) -> None:
    assert detect_intent(text) is None


def _faq_questions() -> list[str]:
    root = Path(__file__).resolve().parents[1]
    found = []
    for path in sorted((root / "knowledge" / "data").glob("*.yaml")):
        for e in yaml.safe_load(path.read_text(encoding="utf-8")):
            found += [e["question"], *(e.get("alt_questions") or [])]
    for path in sorted((root / "benchmarks" / "data" / "alt_candidates").glob("*.yaml")):
        for alts in yaml.safe_load(path.read_text(encoding="utf-8")).values():
            found += alts
    return found


def test_no_faq_question_reads_as_a_request_for_a_person() -> None:
    """Every wording of every shipped entry (and the candidate wordings) is a question the FAQ
    answers; routing one of them to an intake form would keep the answer from the resident."""
    questions = _faq_questions()
    assert len(questions) > 2000
    assert [(q, detect_intent(q)) for q in questions if detect_intent(q)] == []
