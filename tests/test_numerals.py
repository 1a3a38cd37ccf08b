"""Chinese numeral conversion, as used for statute article numbers."""

from __future__ import annotations

import pytest

from knowledge.numerals import cn_to_int, int_to_cn, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十一", 21),
        ("一百", 100),
        ("一百零五", 105),
        ("一百一十", 110),
        ("一千零一十", 1010),
        ("一千零七十九", 1079),
        ("一千二百六十", 1260),
        ("一千五百", 1500),
        ("一万零一十", 10010),
        ("十万", 100_000),
    ],
)
def test_canonical_forms_both_ways(text: str, value: int) -> None:
    assert cn_to_int(text) == value
    assert int_to_cn(value) == text


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("〇", 0),
        ("零", 0),
        ("两百", 200),
        ("两千", 2000),
        ("一十一", 11),
        ("一千零十", 1010),
        ("一〇七九", 1079),
        ("二〇二一", 2021),
        ("壹仟零柒拾玖", 1079),
    ],
)
def test_variant_forms(text: str, value: int) -> None:
    assert cn_to_int(text) == value


def test_round_trip_1_to_1500() -> None:
    for n in range(1, 1501):
        text = int_to_cn(n)
        assert cn_to_int(text) == n, text
        assert parse_number(text) == n
        assert parse_number(str(n)) == n


def test_round_trip_is_unique() -> None:
    rendered = [int_to_cn(n) for n in range(0, 20_000)]
    assert len(set(rendered)) == len(rendered)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "百",  # unit without a digit
        "十十",
        "两十",
        "一百一",  # colloquial 110 or a typo for 101: refuse to guess
        "一百十",
        "一百零一十",  # 零 where no unit is skipped
        "一千零",
        "零五",
        "千一",
        "一万一",
        "一二三十",
        "三条",
        "abc",
    ],
)
def test_malformed_numerals_are_rejected(text: str) -> None:
    with pytest.raises(ValueError):
        cn_to_int(text)
    assert parse_number(text) is None


def test_parse_number_accepts_arabic_and_fullwidth_digits() -> None:
    assert parse_number("1079") == 1079
    assert parse_number("１０７９") == 1079
    assert parse_number(" 33 ") == 33


def test_int_to_cn_range() -> None:
    assert int_to_cn(0) == "零"
    with pytest.raises(ValueError):
        int_to_cn(-1)
    with pytest.raises(ValueError):
        int_to_cn(100_000_000)
