"""Quantity extraction, property tests: numbers rendered in many phrasings come back intact."""

from __future__ import annotations

import math
import re
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newinfra.text.quantities import extract_quantities

# ---------------------------------------------------------------------------
# Property test: rendered numbers come back intact
# ---------------------------------------------------------------------------

EN_FILLER = ["lorem", "ipsum", "dolor", "sit", "amet", "city", "network", "build", "plan"]
ZH_FILLER = "城市網絡建設推進服務智能數據中心發展"
EN_PRE = {
    "more than": ">=",
    "over": ">=",
    "at least": ">=",
    "exceeding": ">=",
    "exceeding a total of": ">=",
    "up to": "<=",
    "about": "~",
    "nearly": "~",
    "approximately": "~",
    "around": "~",
}
EN_POST = {"or more": ">=", "or less": "<=", "and above": ">="}
EN_MAGNITUDE = {
    "thousand": Decimal(10) ** 3,
    "million": Decimal(10) ** 6,
    "billion": Decimal(10) ** 9,
    "trillion": Decimal(10) ** 12,
}
EN_UNIT = {
    "percent": "percent",
    "%": "percent",
    "Mbps": "Mbps",
    "Gbps": "Gbps",
    "Tbps": "Tbps",
    "yuan": "CNY",
    "sq km": "km2",
    "nanometers": "nm",
}
ZH_PRE = {
    "超": ">=",
    "超過": ">=",
    "超过": ">=",
    "不少於": ">=",
    "不少于": ">=",
    "不超過": "<=",
    "約": "~",
    "约": "~",
    "近": "~",
}
ZH_POST = {"以上": ">=", "以內": "<=", "以内": "<=", "左右": "~"}
ZH_MAGNITUDE = {
    "萬": Decimal(10) ** 4,
    "万": Decimal(10) ** 4,
    "億": Decimal(10) ** 8,
    "亿": Decimal(10) ** 8,
    "萬億": Decimal(10) ** 12,
    "千": Decimal(10) ** 3,
}
ZH_UNIT = {
    "個": "count",
    "个": "count",
    "家": "count",
    "項": "count",
    "座": "count",
    "元": "CNY",
    "噸": "t",
    "吨": "t",
    "毫秒": "ms",
    "%": "percent",
}
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")

spaces = st.sampled_from([" ", "\n", "  ", " \n"])


def _spaced(phrase: str, draw) -> str:
    return "".join(
        word + (draw(spaces) if i < len(phrase.split()) - 1 else "")
        for i, word in enumerate(phrase.split())
    )


@st.composite
def decimal_numbers(draw, thousands: bool):
    integer = draw(st.integers(0, 999_999_999))
    decimals = draw(st.sampled_from(["", "", "5", "25", "125", "05"]))
    body = f"{integer:,}" if thousands and draw(st.booleans()) else str(integer)
    text = body + ("." + decimals if decimals else "")
    return text, Decimal(text.replace(",", ""))


@st.composite
def english_phrases(draw):
    number, value = draw(decimal_numbers(thousands=True))
    comparator, pre, post = "=", "", ""
    where = draw(st.sampled_from(["none", "pre", "post"]))
    if where == "pre":
        word = draw(st.sampled_from(sorted(EN_PRE)))
        pre, comparator = _spaced(word, draw) + draw(spaces), EN_PRE[word]
    elif where == "post":
        word = draw(st.sampled_from(sorted(EN_POST)))
        post, comparator = draw(spaces) + _spaced(word, draw), EN_POST[word]
    kind = draw(st.sampled_from(["unit", "currency", "magnitude-count"]))
    magnitude_word = draw(st.sampled_from(["", *EN_MAGNITUDE]))
    magnitude = draw(spaces) + magnitude_word if magnitude_word else ""
    if magnitude_word:
        value *= EN_MAGNITUDE[magnitude_word]
    suffix = ""
    if kind == "unit":
        unit_word = draw(st.sampled_from(sorted(EN_UNIT)))
        unit = EN_UNIT[unit_word]
        gap = "" if unit_word == "%" else draw(st.sampled_from([" ", "\n"]))
        body = number + magnitude + gap + _spaced(unit_word, draw)
    elif kind == "currency":
        prefix = draw(st.sampled_from(["RMB ", "RMB", "US$"]))
        unit = "CNY" if prefix.startswith("RMB") else "USD"
        body = prefix + number + magnitude
    else:
        unit = "count"
        body = number + magnitude
        suffix = " nodes"
        year_like = not magnitude_word and re.fullmatch(r"(?:1[89]|20)\d\d|2100", number)
        assume(not (year_like and comparator == "="))
    return pre + body + post, suffix, float(value), unit, comparator


def _zh_numeral(n: int) -> str:
    digits = "〇一二三四五六七八九"
    tens, units = divmod(n, 10)
    if tens == 0:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[units] if units else "")


@st.composite
def chinese_phrases(draw):
    comparator, pre, post = "=", "", ""
    where = draw(st.sampled_from(["none", "pre", "post"]))
    if where == "pre":
        pre = draw(st.sampled_from(sorted(ZH_PRE)))
        comparator = ZH_PRE[pre]
    elif where == "post":
        post = draw(st.sampled_from(sorted(ZH_POST)))
        comparator = ZH_POST[post]
    if draw(st.booleans()):
        n = draw(st.integers(2, 99))
        measure = draw(st.sampled_from(["個", "个", "家", "項", "座"]))
        return pre + _zh_numeral(n) + measure + post, float(n), "count", comparator
    number, value = draw(decimal_numbers(thousands=False))
    magnitude = draw(st.sampled_from(["", *ZH_MAGNITUDE]))
    if magnitude:
        value *= ZH_MAGNITUDE[magnitude]
    unit_text = draw(st.sampled_from(sorted(ZH_UNIT)))
    if draw(st.booleans()):
        number = number.translate(FULLWIDTH)
        unit_text = unit_text.translate(FULLWIDTH)
    return (
        pre + number + magnitude + unit_text + post,
        float(value),
        ZH_UNIT[unit_text.replace("％", "%")],
        comparator,
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    phrase=english_phrases(),
    before=st.lists(st.sampled_from(EN_FILLER), max_size=6),
    after=st.lists(st.sampled_from(EN_FILLER), max_size=6),
    separator=st.sampled_from([" ", "\n", " \n "]),
)
def test_property_english_round_trip(phrase, before, after, separator):
    rendered, suffix, value, unit, comparator = phrase
    head = " ".join(before) + separator if before else ""
    tail = suffix + (separator + " ".join(after) if after else "") + "."
    text = head + rendered + tail
    df = extract_quantities(text)
    assert len(df) == 1, (text, df.to_string())
    row = df.iloc[0]
    assert text[row["start"] : row["end"]] == rendered
    assert row["text"] == rendered
    assert math.isclose(row["value"], value, rel_tol=1e-9, abs_tol=1e-12)
    assert row["unit"] == unit
    assert row["comparator"] == comparator


@settings(max_examples=300, deadline=None)
@given(
    phrase=chinese_phrases(),
    before=st.text(alphabet=ZH_FILLER, max_size=8),
    after=st.text(alphabet=ZH_FILLER, max_size=8),
    punctuation=st.sampled_from(["", ",", "。", "、", "\n"]),
)
def test_property_chinese_round_trip(phrase, before, after, punctuation):
    rendered, value, unit, comparator = phrase
    text = before + punctuation + rendered + after + "。"
    df = extract_quantities(text)
    assert len(df) == 1, (text, df.to_string())
    row = df.iloc[0]
    assert text[row["start"] : row["end"]] == rendered
    assert math.isclose(row["value"], value, rel_tol=1e-9, abs_tol=1e-12)
    assert row["unit"] == unit
    assert row["comparator"] == comparator
