"""Traditional characters in residents' messages (bot/hanzi.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.hanzi import to_simplified
from bot.messages import Inbound
from tests.conftest import WeChatHelper
from tests.support.kb import entry, import_yaml


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        ("鄰居占了我家宅基地怎麼辦", "邻居占了我家宅基地怎么办"),
        ("我要投訴村幹部", "我要投诉村干部"),
        ("頭髮", "头发"),
        ("機器壞了，補償款怎麼算？", "机器坏了，补偿款怎么算？"),
    ],
)
def test_traditional_characters_become_simplified(traditional: str, simplified: str) -> None:
    assert to_simplified(traditional) == simplified


@pytest.mark.parametrize("text", ["用了三回齿轮就打坏了", "乾隆年间的老房子", "著名", "ok 123", ""])
def test_simplified_text_is_left_as_it_is(text: str) -> None:
    # OpenCC's t2s alone would turn 坏 into 坯
    assert to_simplified(text) == text


def test_a_message_arrives_simplified_and_keeps_what_was_sent() -> None:
    msg = Inbound(openid="o", account="gh", kind="text", create_time=1, text="我要投訴",
                  raw={"Content": "我要投訴"})
    assert msg.text == "我要投诉" and msg.raw["Content"] == "我要投訴"


def test_a_traditional_question_gets_the_same_answer(wechat: WeChatHelper, tmp_path: Path) -> None:
    import_yaml(tmp_path, [entry("homestead-boundary", "邻居占了我家的宅基地怎么办？",
                                 "先找村委会或村人民调解委员会调解。", law="《中华人民共和国民法典》")])
    traditional = wechat.text("鄰居占了我家宅基地怎麼辦", openid="o_hant")
    assert traditional and traditional.startswith("先找村委会或村人民调解委员会调解。")


def test_a_traditional_complaint_starts_the_complaint_form(wechat: WeChatHelper) -> None:
    simplified = wechat.text("我要投诉", openid="o_hans2")
    traditional = wechat.text("我要投訴", openid="o_hant2")
    assert simplified and traditional == simplified and "投诉" in simplified
