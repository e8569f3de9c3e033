"""The words around a number that make it a quantity: units, comparators, currencies.

Vocabulary of :mod:`newinfra.text.quantities` in English and Chinese (Traditional
and Simplified). Number words themselves live in :mod:`newinfra.text.numerals`.
"""

from __future__ import annotations

from decimal import Decimal

from newinfra.text.numerals import FRACTION_DENOMINATORS

# Chinese bandwidth classes: the character before 兆 names the class.
ZH_SPEED_CLASSES = {
    "百": (100.0, "Mbps"),
    "千": (1.0, "Gbps"),
    "萬": (10.0, "Gbps"),
    "万": (10.0, "Gbps"),
}

EN_PRE_COMPARATORS = {
    "more than": ">=",
    "over": ">=",
    "at least": ">=",
    "exceeding": ">=",
    "exceeding a total of": ">=",
    "exceeds": ">=",
    "exceed": ">=",
    "surpass": ">=",
    "surpasses": ">=",
    "surpassing": ">=",
    "in excess of": ">=",
    "no less than": ">=",
    "not less than": ">=",
    "no fewer than": ">=",
    "not fewer than": ">=",
    "upwards of": ">=",
    "above": ">=",
    "up to": "<=",
    "within": "<=",
    "kept within": "<=",
    "below": "<=",
    "kept below": "<=",
    "not exceeding": "<=",
    "no higher than": "<=",
    "no more than": "<=",
    "not more than": "<=",
    "at most": "<=",
    "less than": "<=",
    "fewer than": "<=",
    "about": "~",
    "nearly": "~",
    "approximately": "~",
    "around": "~",
    "almost": "~",
    "roughly": "~",
    "close to": "~",
}
EN_POST_COMPARATORS = {
    "or more": ">=",
    "or above": ">=",
    "and above": ">=",
    "or over": ">=",
    "and over": ">=",
    "or less": "<=",
    "or below": "<=",
    "and below": "<=",
    "or fewer": "<=",
}
ZH_PRE_COMPARATORS = {
    "超過": ">=",
    "超过": ">=",
    "超": ">=",
    "逾": ">=",
    "不少於": ">=",
    "不少于": ">=",
    "不低於": ">=",
    "不低于": ">=",
    "至少": ">=",
    "不超過": "<=",
    "不超过": "<=",
    "最多": "<=",
    "約": "~",
    "约": "~",
    "大約": "~",
    "大约": "~",
    "近": "~",
    "將近": "~",
    "将近": "~",
    "接近": "~",
    "突破": ">=",
    "低於": "<=",
    "低于": "<=",
    "不高於": "<=",
    "不高于": "<=",
}
ZH_POST_COMPARATORS = {
    "以上": ">=",
    "及以上": ">=",
    "以內": "<=",
    "以内": "<=",
    "之內": "<=",
    "之内": "<=",
    "以下": "<=",
    "左右": "~",
}
# Before a bare year these place it in time, not in size: "within 2025" is a
# deadline, "below 2020 levels" a reference year.
EN_COMPARATORS_BEFORE_YEARS = frozenset({"within", "kept within", "below", "kept below"})

COMPARATORS = {
    **EN_PRE_COMPARATORS,
    **EN_POST_COMPARATORS,
    **ZH_PRE_COMPARATORS,
    **ZH_POST_COMPARATORS,
}

CURRENCY_PREFIXES = {
    "RMB": "CNY",
    "CNY": "CNY",
    "¥": "CNY",
    "￥": "CNY",
    "US$": "USD",
    "USD": "USD",
    "$": "USD",
}

# (pattern, unit, factor). English units may follow the number after a space
# or a hyphen; the single letters P, G and W only glued to it ("100P"). Factors
# are exact (int or Decimal): values are computed in decimal arithmetic.
# Within a list, the first pattern that matches wins: longer phrases come first.
EN_UNITS = [
    (r"(?i:percentage[\s-]+points?|per\s+cent(?:age)?\s+points?)", "percentage_point", 1),
    (r"%|(?i:percent|per\s+cent)", "percent", 1),
    (r"Mbps|Mb/s|(?i:megabits?\s+per\s+second)", "Mbps", 1),
    (r"Gbps|Gb/s|(?i:gigabits?(?:\s+per\s+second)?)", "Gbps", 1),
    (r"Tbps|Tb/s|(?i:terabits?(?:\s+per\s+second)?)", "Tbps", 1),
    (r"GB/s|(?i:gigabytes?\s+per\s+second)", "GB/s", 1),
    (r"(?i:per\s+(?:square\s+kilomet(?:er|re)|sq\.?\s*km|km2|km²))", "1/km2", 1),
    (r"(?i:square\s+kilomet(?:er|re)s?|sq\.?\s*km)|km2|km²", "km2", 1),
    (r"(?i:kilomet(?:er|re)s?)|km", "km", 1),
    (r"(?i:nanomet(?:er|re)s?)|nm", "nm", 1),
    (r"(?i:inch(?:es)?)", "inch", 1),
    (r"(?i:kilowatts?)|kW", "kW", 1),
    (r"(?i:megawatts?)|MW", "kW", 1000),
    (r"(?i:gigawatts?)|GW", "kW", 1000000),
    (r"(?i:watts?)", "W", 1),
    (r"(?i:tonnes?|tons?)", "t", 1),
    (r"(?i:milliseconds?)|ms", "ms", 1),
    (r"(?i:petaflops)|PFLOPS", "PFLOPS", 1),
    (r"(?i:exaflops)|EFLOPS", "PFLOPS", 1000),
    (r"(?i:yuan)|RMB|CNY", "CNY", 1),
    (r"(?i:US\s+dollars?|dollars?)|USD", "USD", 1),
    (r"(?i:years?)", "year", 1),
    (r"(?i:points?)", "point", 1),
    *(
        (rf"(?i:{word})", "fraction", Decimal(1) / denominator)
        for word, denominator in FRACTION_DENOMINATORS.items()
    ),
]
GLUED_UNITS = {"P": ("PFLOPS", 1), "G": ("Gbps", 1), "W": ("W", 1)}
ZH_MEASURE_WORDS = [
    "個", "个", "家", "座", "所", "幢", "棟", "栋", "項", "项", "大", "方面", "批",
    "條", "条", "臺", "台", "套", "處", "处", "戶", "户", "種", "种", "類", "类", "人",
    "架", "次", "輛", "辆", "張", "张",
]  # fmt: skip
ZH_UNITS = [
    ("美元", "USD", 1),
    ("元", "CNY", 1),
    ("毫秒", "ms", 1),
    ("噸|吨", "t", 1),
    ("兆瓦", "kW", 1000),
    ("千瓦", "kW", 1),
    ("瓦", "W", 1),
    ("(?:個|个)?百分(?:點|点)", "percentage_point", 1),
    ("平方公里|平方千米", "km2", 1),
    ("公里|千米", "km", 1),
    ("納米|纳米", "nm", 1),
    ("英寸", "inch", 1),
    ("年", "year", 1),
    ("|".join(ZH_MEASURE_WORDS), "count", 1),
]
UNIT_FAMILIES = {
    "CNY": "currency",
    "USD": "currency",
    "Mbps": "bandwidth",
    "Gbps": "bandwidth",
    "Tbps": "bandwidth",
    "GB/s": "bandwidth",
    "W": "power",
    "kW": "power",
}

# Words after a number that say nothing was counted ("reach 80, and").
EN_STOPWORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "been", "being", "but", "by", "each", "for",
    "from", "had", "has", "have", "in", "into", "is", "it", "its", "of", "on", "or", "per",
    "so", "than", "that", "the", "their", "then", "these", "this", "those", "to", "was",
    "were", "which", "while", "who", "will", "with", "would",
})  # fmt: skip
