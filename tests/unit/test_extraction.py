"""Quantity extraction on made-up phrases: phrasings, conversions, non-quantities."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newinfra.text.quantities import COLUMNS, extract_quantities

NAN = math.nan


def _only(text: str) -> pd.Series:
    df = extract_quantities(text)
    assert len(df) == 1, df.to_string()
    return df.iloc[0]


def _same(a: float, b: float) -> bool:
    if math.isnan(b):
        return math.isnan(a)
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


def _check(row: pd.Series, text: str, value: float, high: float, unit: str, comparator: str):
    assert row["text"] == text
    assert _same(row["value"], value), (row["value"], value)
    assert _same(row["value_high"], high), (row["value_high"], high)
    assert row["unit"] == unit
    assert row["comparator"] == comparator


# ---------------------------------------------------------------------------
# Shape of the result
# ---------------------------------------------------------------------------


def test_columns_and_dtypes():
    df = extract_quantities("Over 80 percent of 3,000 firms; 400 billion yuan (US$62.5 billion).")
    assert list(df.columns) == COLUMNS
    assert str(df["start"].dtype) == "int64" and str(df["end"].dtype) == "int64"
    assert str(df["value"].dtype) == "float64" and str(df["value_high"].dtype) == "float64"
    assert str(df["conversion_of"].dtype) == "Int64"
    for column in ("text", "unit", "comparator"):
        assert pd.api.types.is_string_dtype(df[column])
    assert df["start"].is_monotonic_increasing


@pytest.mark.parametrize("text", ["", "No figures here.", "沒有數字。", "2023年9月15日"])
def test_empty_result_keeps_columns_and_dtypes(text):
    df = extract_quantities(text)
    full = extract_quantities("more than 120,000 racks")
    assert df.empty
    assert list(df.columns) == COLUMNS
    assert list(df.dtypes.astype(str)) == list(full.dtypes.astype(str))


def test_offsets_index_the_original_string():
    text = "甲\n更多 than\n  more than 120,000 racks, 超2000萬個節點"
    df = extract_quantities(text)
    for row in df.itertuples():
        assert text[row.start : row.end] == row.text


def test_rejects_non_text():
    with pytest.raises(TypeError, match="str"):
        extract_quantities(b"88,000")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# English phrasings
# ---------------------------------------------------------------------------

ENGLISH = [
    # text, expected span, value, value_high, unit, comparator
    ("a network of 88,000 base stations", "88,000", 88_000, NAN, "count", "="),
    ("standing at 37.2%, the share", "37.2%", 37.2, NAN, "percent", "="),
    ("a scale of RMB 1,280 billion by then", "RMB 1,280 billion", 1.28e12, NAN, "CNY", "="),
    ("cover 6.5 million homes", "6.5 million", 6.5e6, NAN, "count", "="),
    ("1,000 thousand tonnes", "1,000 thousand tonnes", 1e6, NAN, "t", "="),
    ("will hit 1.47 trillion yuan soon", "1.47 trillion yuan", 1.47e12, NAN, "CNY", "="),
    (
        "e-business will come to RMB 850 billion annually",
        "RMB 850 billion",
        8.5e11,
        NAN,
        "CNY",
        "=",
    ),
    ("income of RMB210 billion", "RMB210 billion", 2.1e11, NAN, "CNY", "="),
    ("about 270 billion yuan.", "about 270 billion yuan", 2.7e11, NAN, "CNY", "~"),
    ("funds of US$62.5 billion for", "US$62.5 billion", 6.25e10, NAN, "USD", "="),
    ("100Mbps access capacity", "100Mbps", 100, NAN, "Mbps", "="),
    ("up to 20 Mbps, leading", "up to 20 Mbps", 20, NAN, "Mbps", "<="),
    ("an upgraded 2 Gbps service", "2 Gbps", 2, NAN, "Gbps", "="),
    ("bandwidth will reach 1Tbps and", "1Tbps", 1, NAN, "Tbps", "="),
    ("a gross capacity of 10Tbps of", "10Tbps", 10, NAN, "Tbps", "="),
    ("pioneering the “Dual 10-Gigabit City”", "Dual 10-Gigabit", 10, NAN, "Gbps", "="),
    ("pilots for 10-Gigabit home networks", "10-Gigabit", 10, NAN, "Gbps", "="),
    ('a "Double Gigabit" fixed network', "Double Gigabit", 1, NAN, "Gbps", "="),
    ("one of China's One-Gbps cities", "One-Gbps", 1, NAN, "Gbps", "="),
    ("a free upgrade to one Gbps bandwidth", "one Gbps", 1, NAN, "Gbps", "="),
    ("both surpass 1 gigabyte per second", "surpass 1 gigabyte per second", 1, NAN, "GB/s", ">="),
    ("deployment of 1-million-node Internet", "1-million", 1e6, NAN, "count", "="),
    ("at least 80 percent of manufacturers", "at least 80 percent", 80, NAN, "percent", ">="),
    ("a coverage rate of over 80% of places", "over 80%", 80, NAN, "percent", ">="),
    (
        "measuring 13.8 per square kilometer, lead",
        "13.8 per square kilometer",
        13.8,
        NAN,
        "1/km2",
        "=",
    ),
    ("a combined 600 sq km of urbanized area", "600 sq km", 600, NAN, "km2", "="),
    ("level of 45-32 nanometer.", "45-32 nanometer", 32, 45, "nm", "="),
    ("a 12-inch wafer production line", "12-inch", 12, NAN, "inch", "="),
    ("forming one or two service brands", "one or two", 1, 2, "count", "="),
    ("more than 120,000 racks", "more than 120,000", 120_000, NAN, "count", ">="),
    ("over 100 smart nursing homes", "over 100", 100, NAN, "count", ">="),
    ("at least 30 platforms", "at least 30", 30, NAN, "count", ">="),
    ("nodes, exceeding 20 million, thereby", "exceeding 20 million", 2e7, NAN, "", ">="),
    (
        "exceeding a total of 20 million, thereby",
        "exceeding a total of 20 million",
        2e7,
        NAN,
        "",
        ">=",
    ),
    ("about 1 billion users", "about 1 billion", 1e9, NAN, "count", "~"),
    ("nearly 40 percent of firms", "nearly 40 percent", 40, NAN, "percent", "~"),
    ("approximately 3,500 engineers", "approximately 3,500", 3_500, NAN, "count", "~"),
    ("striving for 20,000 or more of body frames", "20,000 or more", 20_000, NAN, "count", ">="),
    ("scaled deployment of tens of millions of nodes", "tens of millions", 1e7, NAN, "count", ">="),
    ("models with trillions of parameters", "trillions", 1e12, NAN, "count", ">="),
    ("carry out eight special projects", "eight", 8, NAN, "count", "="),
    ("three key tasks of perfecting", "three", 3, NAN, "count", "="),
    ("This involves five primary components", "five", 5, NAN, "count", "="),
    ("It specifies the four key areas in", "four", 4, NAN, "count", "="),
    ("twenty-five tasks", "twenty-five", 25, NAN, "count", "="),
    ("two hundred firms", "two hundred", 200, NAN, "count", "="),
    ("the integrated index will reach 80, and", "80", 80, NAN, "", "="),
    ("22,000 in total", "22,000", 22_000, NAN, "count", "="),
    ("download speeds ranking No. 1 nationwide", "No. 1", 1, NAN, "rank", "="),
    ("one-third of which", "one-third", 1 / 3, NAN, "fraction", "="),
    ("the 35-point action plan", "35-point", 35, NAN, "point", "="),
    ("the three-year Action Plan", "three-year", 3, NAN, "year", "="),
    ("In the next three years, the city", "three years", 3, NAN, "year", "="),
    ("Shanghai's five-year digitalization plan", "five-year", 5, NAN, "year", "="),
    ("a 100 MW wind farm", "100 MW", 1e5, NAN, "kW", "="),
    ("latency of 5 ms or less", "5 ms or less", 5, NAN, "ms", "<="),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "unit", "comparator"), ENGLISH)
def test_english_phrasings(text, span, value, high, unit, comparator):
    _check(_only(text), span, value, high, unit, comparator)


# ---------------------------------------------------------------------------
# Chinese phrasings, Traditional and Simplified
# ---------------------------------------------------------------------------

CHINESE = [
    ("清單內95%以上和", "95%以上", 95, NAN, "percent", ">="),
    ("和4000幢以上商務樓", "4000幢以上", 4000, NAN, "count", ">="),
    ("建成30個以上工業互聯網", "30個以上", 30, NAN, "count", ">="),
    ("建成30个以上工业互联网", "30个以上", 30, NAN, "count", ">="),
    ("節點,2-3個以上國家級", "2-3個以上", 2, 3, "count", ">="),
    ("节点,2-3个以上国家级", "2-3个以上", 2, 3, "count", ">="),
    ("平臺、30家以上行業", "30家以上", 30, NAN, "count", ">="),
    ("推動40萬家工業企業", "40萬家", 4e5, NAN, "count", "="),
    ("推动40万家工业企业", "40万家", 4e5, NAN, "count", "="),
    ("帶寬達到400G以上、", "400G以上", 400, NAN, "Gbps", ">="),
    ("時延控制在1毫秒以內,", "1毫秒以內", 1, NAN, "ms", "<="),
    ("时延控制在1毫秒以内,", "1毫秒以内", 1, NAN, "ms", "<="),
    ("節點數量累計超2000萬個。", "超2000萬個", 2e7, NAN, "count", ">="),
    ("节点数量累计超2000万个。", "超2000万个", 2e7, NAN, "count", ">="),
    ("形成超40萬噸冷藏", "超40萬噸", 4e5, NAN, "t", ">="),
    ("形成超40万吨冷藏", "超40万吨", 4e5, NAN, "t", ">="),
    ("新建充電樁3萬個以上,", "3萬個以上", 3e4, NAN, "count", ">="),
    ("新增150萬千瓦容量", "150萬千瓦", 1.5e6, NAN, "kW", "="),
    ("新增150万千瓦容量", "150万千瓦", 1.5e6, NAN, "kW", "="),
    ("加氫站50座以上,", "50座以上", 50, NAN, "count", ">="),
    ("建設20所“未來學校”", "20所", 20, NAN, "count", "="),
    ("算力峰值規模為100P-300P左右;", "100P-300P左右", 100, 300, "PFLOPS", "~"),
    ("最低總投資調整為5000萬元,", "5000萬元", 5e7, NAN, "CNY", "="),
    ("最低总投资调整为5000万元,", "5000万元", 5e7, NAN, "CNY", "="),
    ("產業規模達1.5億元", "1.5億元", 1.5e8, NAN, "CNY", "="),
    ("產業規模達2萬億元", "2萬億元", 2e12, NAN, "CNY", "="),
    ("支撐萬億級參數大模型", "萬億級", 1e12, NAN, "count", "~"),
    ("支撑万亿级参数大模型", "万亿级", 1e12, NAN, "count", "~"),
    ("實現特定波長的百瓦量級輸出", "百瓦量級", 100, NAN, "W", "~"),
    ("实现特定波长的百瓦量级输出", "百瓦量级", 100, NAN, "W", "~"),
    ("為建設千瓦級工業專用", "千瓦級", 1, NAN, "kW", "~"),
    ("提出30項主要任務", "30項", 30, NAN, "count", "="),
    ("提出30项主要任务", "30项", 30, NAN, "count", "="),
    ("、10大示范工程", "10大", 10, NAN, "count", "="),
    ("聚焦新網絡等五方面,提出", "五方面", 5, NAN, "count", "="),
    ("建設三個中心", "三個", 3, NAN, "count", "="),
    ("建设三十个中心", "三十个", 30, NAN, "count", "="),
    ("建立市、區兩級網絡安全", "兩級", 2, NAN, "count", "="),
    ("不少於50家企業", "不少於50家", 50, NAN, "count", ">="),
    ("不少于50家企业", "不少于50家", 50, NAN, "count", ">="),
    ("超過30個平台", "超過30個", 30, NAN, "count", ">="),
    ("超过30个平台", "超过30个", 30, NAN, "count", ">="),
    ("不超過10個", "不超過10個", 10, NAN, "count", "<="),
    ("約100家", "約100家", 100, NAN, "count", "~"),
    ("约100家", "约100家", 100, NAN, "count", "~"),
    ("近3萬個", "近3萬個", 3e4, NAN, "count", "~"),
    ("300多家企業", "300多家", 300, NAN, "count", ">="),
    ("百分之五十的企業", "百分之五十", 50, NAN, "percent", "="),
    ("三年行動計劃", "三年", 3, NAN, "year", "="),
    ("全球雙萬兆城市", "雙萬兆", 10, NAN, "Gbps", "="),
    ("全球双万兆城市", "双万兆", 10, NAN, "Gbps", "="),
    ("以5G-A和萬兆光網為標志", "萬兆", 10, NAN, "Gbps", "="),
    ("以5G-A和万兆光网为标志", "万兆", 10, NAN, "Gbps", "="),
    ("“萬兆到校、百兆到班”", "百兆", 100, NAN, "Mbps", "="),
    ("建設雙千兆城市", "雙千兆", 1, NAN, "Gbps", "="),
    ("建设双千兆城市", "双千兆", 1, NAN, "Gbps", "="),
    ("千兆光網", "千兆", 1, NAN, "Gbps", "="),
    ("(PON)的超千兆寬帶業務", "超千兆", 1, NAN, "Gbps", ">="),
    # Full-width digits, point and percent sign
    ("達到１２．５％以上", "１２．５％以上", 12.5, NAN, "percent", ">="),
    ("超４０萬噸", "超４０萬噸", 4e5, NAN, "t", ">="),
]


@pytest.mark.parametrize(("text", "span", "value", "high", "unit", "comparator"), CHINESE)
def test_chinese_phrasings(text, span, value, high, unit, comparator):
    if span == "百兆":  # the sentence holds two classes
        df = extract_quantities(text)
        assert list(df["text"]) == ["萬兆", "百兆"]
        _check(df.iloc[1], span, value, high, unit, comparator)
        return
    _check(_only(text), span, value, high, unit, comparator)


# ---------------------------------------------------------------------------
# Text hard-wrapped across lines
# ---------------------------------------------------------------------------

WRAPPED = [
    (
        "city,\nexceeding a total of\n20 million, thereby",
        "exceeding a total of\n20 million",
        2e7,
        "",
        ">=",
    ),
    ("networks\ntowards “dual\n10-Gigabit,” coupled", "dual\n10-Gigabit", 10, "Gbps", "="),
    (
        "measuring 13.8 per\nsquare kilometer, lead",
        "13.8 per\nsquare kilometer",
        13.8,
        "1/km2",
        "=",
    ),
    ("involves five\nprimary components", "five", 5, "count", "="),
    ("executed 26\nconstruction tasks", "26", 26, "count", "="),
    ("more\r\nthan  120,000 racks", "more\r\nthan  120,000", 120_000, "count", ">="),
    ("tens\nof millions of nodes", "tens\nof millions", 1e7, "count", ">="),
    ("400 billion\nyuan", "400 billion\nyuan", 4e11, "CNY", "="),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "comparator"), WRAPPED)
def test_wrapped_phrases(text, span, value, unit, comparator):
    _check(_only(text), span, value, NAN, unit, comparator)


# ---------------------------------------------------------------------------
# Conversions in parentheses
# ---------------------------------------------------------------------------


def test_currency_conversion_points_at_the_converted_figure():
    text = "output will hit 400 billion yuan (US$62.5 billion), with"
    df = extract_quantities(text)
    assert list(df["text"]) == ["400 billion yuan", "US$62.5 billion"]
    assert pd.isna(df["conversion_of"].iloc[0])
    assert df["conversion_of"].iloc[1] == text.index("400")


def test_two_different_quantities_are_not_a_conversion():
    df = extract_quantities("throughout the city, 22,000 in total (about 130,000 AP); achieving")
    assert list(df["text"]) == ["22,000", "about 130,000"]
    assert df["conversion_of"].isna().all()


def test_currency_followed_by_unrelated_parenthesis_is_not_a_conversion():
    df = extract_quantities("RMB 85 billion (30 percent of output)")
    assert df["conversion_of"].isna().all()


# ---------------------------------------------------------------------------
# Non-quantities
# ---------------------------------------------------------------------------

NOT_QUANTITIES = [
    # dates and years
    "上海市人民政府\n2023年9月15日\n",
    "on October 19, 2023",
    "a press conference today (May 7), during",
    "on May 7, 2020",
    "2023.10.20",
    "Updated: Feb 07, 2013 Print",
    "Action Plan (2020-2022).",
    "行動方案(2023-2026年)》",
    "By 2013, the information industry",
    "by the end of 2022,",
    "Since the 1990s, having",
    "In 2021, Shanghai firms",
    "founded since 2020.",
    "到2026年底,全市",
    "the 2035 plan",
    "by the conclusion of 2026,\nunderpinned",
    # document numbers
    "滬府〔2023〕51號",
    "沪府〔2023〕51号",
    # list and task numbering
    "\n1. Guiding Principle",
    "\n1.推動5G移動通信網絡",
    "\n10.率先創建",
    "\n(一)構建泛在互聯",
    "\n一、主要目標",
    "\n(1) Building a Solid Foundation",
    "components: 1) the promotion",
    "capabilities; 6)\nDevelopment",
    "\n2. Core components and supporting measures",
    "Special Project Two: Wireless City",
    "Special Project Eight: Information Service",
    "(2023-2026).\n\n1.\xa0\xa0\xa0\xa0\xa0\xa0\xa0\nFundamental",
    # technology generations and names
    "3G, 5G, 5G-A and 6G networks",
    "TD-LTE and TD-SCDMA",
    "GPON that supports the IPv6 standards",
    "Internet Protocol version 6;",
    "建立L4等更高級別自動駕駛",
    "8K超高清等應用",
    "超前部署基于50G無源光纖網絡(PON)的",
    "a 50G PON network",
    "第五代移動通信(5G)",
    "第六代移動通信(6G)",
    "the 909 upgrading and renovation project",
    "東南亞-日本二號海底光纜建設",
    "重大科技基礎設施一期項目",
    "建立全市“1+16”數字教學系統",
    # plan names
    "the 12th Five-Year Plan",
    "the 14th Five-Year Plan period",
    "covering the 14th Five Year Plan for",
    "加快推進“十四五”國家重大",
    "Thought of “Three Represents”, further",
    # idioms and non-counts
    "城市“一張圖”服務應用體系",
    "城市電力充儲放一張網",
    "打造一批高質量行業數據集",
    "建設示範項目一批。",
    "建成一個市級平台",
    "“一鍵叫車終端”",
    "形成一體化城市級",
    "“五位一體”的綜合應用場景",
    "“雙核一帶”的全市商用算力",
    "“雙循環”內連外通",
    "工業互聯網標識解析二級節點",
    "建立城市三維數字模型庫",
    "it will be one of the few with",
    "a “dual-core, one-belt” layout",
    "an urban “one-map” service",
    "comprehensive one-stop geographic information",
    "three-network convergence",
    "making one declaration to both",
    "First, the city; Secondly, the plan; third-party services",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_quantities(text):
    df = extract_quantities(text)
    assert df.empty, df.to_string()


@pytest.mark.parametrize(
    "text, quote",
    [
        ("建設區級智算中心一座，智能算力規模達到1000PFLOPS左右", "一座"),
        ("新建区级数据中心一个；", "一个"),
        ("設立產業基金一家。", "一家"),
    ],
)
def test_one_written_after_its_noun_is_a_count(text, quote):
    df = extract_quantities(text)
    assert quote in list(df["text"]), df.to_string()
    assert df.loc[df["text"] == quote, "value"].item() == 1


def test_year_rule_spares_numbers_with_comparators_or_separators():
    df = extract_quantities("by 2035 there will be more than 2000 firms and 2,025 shops")
    assert list(df["text"]) == ["more than 2000", "2,025"]
