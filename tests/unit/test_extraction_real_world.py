"""Quantity extraction on phrasings of news and government pages, in Traditional and
Simplified Chinese and in English: abbreviated magnitudes, lengths and areas,
counters, percentage points, densities, comparator words and speed classes.
Values are exact: they print as written."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.inputs import units
from newinfra.text.numerals import en_magnitude
from newinfra.text.quantities import extract_quantities
from newinfra.text.quantity_vocabulary import EN_UNITS, GLUED_UNITS, ZH_UNITS


def _only(text: str):
    df = extract_quantities(text)
    assert len(df) == 1, df.to_string()
    return df.iloc[0]


def _check(text, span, value, unit, comparator):
    row = _only(text)
    assert row["text"] == span
    assert row["value"] == value, (row["value"], value)
    assert math.isnan(row["value_high"])
    assert row["unit"] == unit
    assert row["comparator"] == comparator


CASES = {
    "abbreviated magnitudes": [
        ("revenue hit 45bn yuan last year", "45bn yuan", 4.5e10, "CNY", "="),
        ("a fund of $2.7bn for chips", "$2.7bn", 2.7e9, "USD", "="),
        ("a budget of RMB 12.5bn was set", "RMB 12.5bn", 1.25e10, "CNY", "="),
        ("US$1.05 bn in bonds", "US$1.05 bn", 1.05e9, "USD", "="),
        ("serving 3.4mn users", "3.4mn", 3.4e6, "count", "="),
        ("output of 7.5 mln tonnes", "7.5 mln tonnes", 7.5e6, "t", "="),
        ("a 2tn yuan economy", "2tn yuan", 2e12, "CNY", "="),
        ("nearly 4.1bn yuan of orders", "nearly 4.1bn yuan", 4.1e9, "CNY", "~"),
    ],
    "lengths and areas": [
        ("鋪設光纜1500公里", "1500公里", 1500, "km", "="),
        ("铺设管网2.5万公里", "2.5万公里", 25_000, "km", "="),
        ("建成綠道120千米", "120千米", 120, "km", "="),
        ("覆蓋面積達到45平方公里", "45平方公里", 45, "km2", "="),
        ("覆盖面积达到45平方公里", "45平方公里", 45, "km2", "="),
        ("a 30 km metro line", "30 km", 30, "km", "="),
        ("laying 2,400 kilometres of pipes", "2,400 kilometres", 2400, "km", "="),
        ("over 12 kilometers of road", "over 12 kilometers", 12, "km", ">="),
        ("an area of 86 square kilometres", "86 square kilometres", 86, "km2", "="),
        ("about 9.5 km2 of land", "about 9.5 km2", 9.5, "km2", "~"),
    ],
    "counters": [
        ("新增機架2萬架", "2萬架", 2e4, "count", "="),
        ("新增机架2万架", "2万架", 2e4, "count", "="),
        ("新增服务器500台", "500台", 500, "count", "="),
        ("敷設專線30條", "30條", 30, "count", "="),
        ("铺设专线30条", "30条", 30, "count", "="),
        ("覆蓋家庭80萬戶", "80萬戶", 8e5, "count", "="),
        ("覆盖家庭80万户", "80万户", 8e5, "count", "="),
        ("年服務量達到50萬次", "50萬次", 5e5, "count", "="),
        ("年服务量达到50万次", "50万次", 5e5, "count", "="),
        ("每月開展2次巡檢", "2次", 2, "count", "="),
        ("投放無人車200輛", "200輛", 200, "count", "="),
        ("投放无人车200辆", "200辆", 200, "count", "="),
    ],
    "percentage points": [
        ("比重提高2.5個百分點", "2.5個百分點", 2.5, "percentage_point", "="),
        ("比重提高2.5个百分点", "2.5个百分点", 2.5, "percentage_point", "="),
        ("下降0.8百分點", "0.8百分點", 0.8, "percentage_point", "="),
        ("a rise of 1.5 percentage points", "1.5 percentage points", 1.5, "percentage_point", "="),
        ("a 3-percentage-point rise", "3-percentage-point", 3, "percentage_point", "="),
        ("up by 1 percentage point", "1 percentage point", 1, "percentage_point", "="),
        ("still 20 percent of output", "20 percent", 20, "percent", "="),
    ],
    "densities": [
        ("基站密度達到每平方公里28個", "每平方公里28個", 28, "1/km2", "="),
        ("基站密度达到每平方公里28个", "每平方公里28个", 28, "1/km2", "="),
        ("每平方千米12个", "每平方千米12个", 12, "1/km2", "="),
        ("密度为40个/平方公里", "40个/平方公里", 40, "1/km2", "="),
        ("a density of 6.5/km2 in", "6.5/km2", 6.5, "1/km2", "="),
        (
            "9.2 charging points per square kilometre",
            "9.2 charging points per square kilometre",
            9.2,
            "1/km2",
            "=",
        ),
        ("22 sensors per sq km", "22 sensors per sq km", 22, "1/km2", "="),
        (
            "over 30 4G cells per square kilometer",
            "over 30 4G cells per square kilometer",
            30,
            "1/km2",
            ">=",
        ),
    ],
    "comparator words": [
        ("latency within 10 ms", "within 10 ms", 10, "ms", "<="),
        ("PUE kept within 1.4 in new sites", "kept within 1.4", 1.4, "", "<="),
        ("a PUE below 1.25 for", "below 1.25", 1.25, "", "<="),
        ("a PUE of no more than 1.3", "no more than 1.3", 1.3, "", "<="),
        ("no more than 8 pilots", "no more than 8", 8, "count", "<="),
        ("finished within three years", "within three years", 3, "year", "<="),
        ("用戶數突破500萬戶", "突破500萬戶", 5e6, "count", ">="),
        ("用户数突破500万户", "突破500万户", 5e6, "count", ">="),
        ("機架3萬架左右", "3萬架左右", 3e4, "count", "~"),
        ("机架3万架左右", "3万架左右", 3e4, "count", "~"),
        ("節點200個左右", "200個左右", 200, "count", "~"),
        ("PUE低於1.3", "低於1.3", 1.3, "", "<="),
        ("PUE低于1.3", "低于1.3", 1.3, "", "<="),
        ("PUE不高於1.25", "不高於1.25", 1.25, "", "<="),
        ("PUE不高于1.25", "不高于1.25", 1.25, "", "<="),
        ("no fewer than 15,000 firms", "no fewer than 15,000", 15000, "count", ">="),
        ("not fewer than 20 parks", "not fewer than 20", 20, "count", ">="),
        ("fewer than 5 sites", "fewer than 5", 5, "count", "<="),
    ],
    "speed classes": [
        ("家庭寬帶普遍過百兆", "過百兆", 100, "Mbps", ">="),
        ("家庭宽带普遍过百兆", "过百兆", 100, "Mbps", ">="),
        ("企業專線超千兆", "超千兆", 1, "Gbps", ">="),
        ("企业专线超千兆", "超千兆", 1, "Gbps", ">="),
        ("通過千兆光網接入", "千兆", 1, "Gbps", "="),
        ("通过千兆光网接入", "千兆", 1, "Gbps", "="),
    ],
}


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "comparator"),
    [pytest.param(*case, id=f"{cls}: {case[0]}") for cls, cases in CASES.items() for case in cases],
)
def test_phrasing_classes(text, span, value, unit, comparator):
    _check(text, span, value, unit, comparator)


# ---------------------------------------------------------------------------
# Rules that must not over-reach
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["complete the rollout within 2026, and", "within 2030年", "to fall below 2020 levels"],
)
def test_a_year_after_within_or_below_is_a_date_not_a_quantity(text):
    assert extract_quantities(text).empty


def test_a_density_needs_the_counted_words_right_before_per():
    df = extract_quantities("40 nodes in each district per square kilometre")
    assert list(df["text"]) == ["40"]
    assert df["unit"].iloc[0] == "count"


def test_a_bare_number_without_a_counted_noun_stays_bare():
    row = _only("Public charging points numbered 35,200 at the end of the year")
    assert (row["text"], row["unit"]) == ("35,200", "")


def test_a_technology_name_inside_a_density_is_no_figure_of_its_own():
    df = extract_quantities("or 13.8 5G base stations per square kilometre, and 5G-A")
    assert list(df["text"]) == ["13.8 5G base stations per square kilometre"]


def test_metres_and_percent_stay_apart_from_new_units():
    assert _only("5千米")["unit"] == "km"
    assert _only("提高3百分點")["unit"] == "percentage_point"


# ---------------------------------------------------------------------------
# Exact values
# ---------------------------------------------------------------------------

EXACT = [
    ("累計投資超過540.8億元", "54080000000.0"),
    ("累计投资超过540.8亿元", "54080000000.0"),
    ("資金0.07億元", "7000000.0"),
    ("上雲企業1.15萬家", "11500.0"),
    ("產值4.35萬億元", "4350000000000.0"),
    ("RMB 2.675bn of funds", "2675000000.0"),
    ("3.3 billion yuan", "3300000000.0"),
    ("a 0.1 percent share", "0.1"),
]


@pytest.mark.parametrize(("text", "printed"), EXACT)
def test_values_print_as_written(text, printed):
    assert repr(float(_only(text)["value"])) == printed


MAGNITUDES = {"萬": 10**4, "億": 10**8, " billion": 10**9, "bn": 10**9, " million": 10**6}


@given(
    whole=st.integers(min_value=1, max_value=99_999),
    decimals=st.text(alphabet="0123456789", min_size=1, max_size=4),
    magnitude=st.sampled_from(sorted(MAGNITUDES)),
)
def test_property_value_is_the_exact_product_rounded_once(whole, decimals, magnitude):
    written = f"{whole}.{decimals}"
    unit = "元" if magnitude in ("萬", "億") else " yuan"
    row = _only(
        f"達到{written}{magnitude}{unit}" if unit == "元" else f"of {written}{magnitude}{unit}"
    )
    assert row["value"] == float(Decimal(written) * MAGNITUDES[magnitude])


# ---------------------------------------------------------------------------
# Currencies and units for pint
# ---------------------------------------------------------------------------


def test_usd_and_cny_are_never_converted_into_each_other():
    text = "a fund of RMB 5bn (US$0.7bn) and $3bn in yuan bonds"
    df = extract_quantities(text)
    assert list(zip(df["text"], df["value"], df["unit"], strict=True)) == [
        ("RMB 5bn", 5e9, "CNY"),
        ("US$0.7bn", 7e8, "USD"),
        ("$3bn", 3e9, "USD"),
    ]
    # The restatement is marked as one; its value stays in its own currency.
    assert df["conversion_of"].iloc[1] == text.index("RMB")
    assert not units.convertible("USD", "CNY")


def test_every_unit_the_extractor_emits_is_known_to_pint():
    emitted = {unit for _, unit, _ in EN_UNITS + ZH_UNITS} | {u for u, _ in GLUED_UNITS.values()}
    assert {u for u in emitted if not units.is_known(u)} == set()


@pytest.mark.parametrize(
    ("text", "metric_unit", "value_std"),
    [
        ("13.8 5G base stations per square kilometre", "1/km**2", 13.8),
        ("每平方公里35個", "1/km**2", 35),
        ("68平方公里", "km**2", 68),
        ("150 square kilometres", "km**2", 150),
        ("3个百分点", "percent", 3),
        ("300 megawatts", "kW", 300_000),
        ("1,200 km", "m", 1_200_000),
    ],
)
def test_new_units_convert_to_metric_units(text, metric_unit, value_std):
    row = _only(text)
    assert units.convert(row["value"], row["unit"], metric_unit) == pytest.approx(value_std)


def test_abbreviated_magnitudes_are_english_magnitudes():
    assert [en_magnitude(w) for w in ("bn", "mn", "mln", "tn", "Bn")] == [1e9, 1e6, 1e6, 1e12, 1e9]
