"""Quantity mentions in English and Chinese (Traditional or Simplified) policy text.

:func:`extract_quantities` returns one row per mention with character offsets into
the text it was given, so that ``text[start:end]`` is the figure as written:
comparator words, number, magnitude words and unit symbols or measure words
("more than 120,000", "超2000萬個", "RMB 850 billion", "100P-300P左右"). The
counted noun of an English figure ("racks") is not part of the span.

Columns (:data:`COLUMNS`):

``start``, ``end``
    offsets into the Python ``str``.
``text``
    ``text[start:end]``.
``value``
    the number with magnitude words applied (2000萬 -> 2e7, "1,280 billion" ->
    1.28e12); the lower end of a range.
``value_high``
    the upper end of a range ("45-32 nanometer" -> 32 and 45), else NaN.
``unit``
    one of the small vocabulary below.
``comparator``
    ``>=`` (more than, over, at least, exceeding, or more, 以上, 超, 超過,
    不少於...), ``<=`` (up to, 以內, 不超過...), ``~`` (about, nearly,
    approximately, 左右, 約, 近, and the "order of" suffixes 級/量級 as in
    萬億級, 千瓦級), ``=`` otherwise. 累計 ("cumulative") is a basis, not a
    comparator, and stays outside the span: 累計超2000萬個 gives "超2000萬個".
``conversion_of``
    for a figure restated in parentheses in another unit of the same family
    ("400 billion yuan (US$62.5 billion)"), the ``start`` of the figure it
    converts; <NA> otherwise.

Unit vocabulary:

=============  ==============================================================
``count``      things counted: the noun after an English number ("26
               construction tasks"), Chinese measure words 個/个, 家, 座, 所,
               幢, 項/项, 大, 方面, 批, 條, 臺, 套, 處, 戶, 種, 類, 人
``percent``    %, ％, percent, per cent, 百分之
``CNY``        元, yuan, RMB, CNY, ¥ (萬元 and 億元 apply the magnitude)
``USD``        US$, USD, $, 美元, US dollars
``Mbps``       Mbps; the class 百兆 (value 100)
``Gbps``       Gbps, gigabit, a bandwidth "G" (400G); the classes 千兆 and
               雙千兆 (1), 萬兆 and 雙萬兆 (10), "Double Gigabit" (1),
               "10-Gigabit" and "dual 10-Gigabit" (10)
``Tbps``       Tbps
``GB/s``       "gigabyte per second" as written (often a slip for Gbps;
               curation may override it)
``km2``        sq km, square kilometres, 平方公里
``1/km2``      per square kilometre (densities)
``nm``         nanometre, nm, 納米
``inch``       inch, -inch, 英寸
``W``          瓦, watts (百瓦量級 -> 100 W)
``kW``         千瓦, kW; 萬千瓦 -> value x 1e4 kW; MW and 兆瓦 -> x 1e3 kW
``t``          噸/吨, tonnes (萬噸 -> x 1e4 t)
``ms``         毫秒, milliseconds
``PFLOPS``     the "P" of computing power (100P-300P), petaflops
``year``       durations: "three-year", "five-year", "in three years", 3年
``rank``       "No. 1"
``fraction``   "one-third" -> 0.3333
``point``      "35-point action plan" -> 35
(empty)        a bare number with no noun or unit ("the index will reach 80")
=============  ==============================================================

Never returned: dates and years (2023年9月15日, "May 7, 2020", "2023.10.20",
"(2023-2026年)", "by the end of 2022", "the 1990s"), document numbers
(滬府〔2023〕51號), list and task numbering ("1.", "(1)", "1)", "Special Project
Two"), technology generations and names (3G, 5G, 5G-A, 6G, IPv6, "version 6",
L4, 8K, 50G PON, 第五代, 二號, "909 upgrading", "1+16"), plan names ("12th
Five-Year Plan", 十四五) and idioms with 一 (一張圖, 一批, 一鍵, 一體化).

Heuristics worth knowing:

- An English number counts things (``count``) when a content word follows it;
  after a function word ("reach 80, and") it stays bare (empty unit). Spelled-out
  numbers ("eight special projects") are returned only when they count
  something or carry a unit; a bare "one" never is ("one of the few").
- A bare four-digit number from 1800 to 2100 with no unit, magnitude,
  currency or comparator is read as a year ("by 2035", "the 2035 plan").
- A Chinese numeral (五, 三十, 萬億) is returned only with a measure word or
  unit, or as an order of magnitude (萬億級); a lone 一 never is.
- Where candidates overlap, the longest span wins.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

import pandas as pd

__all__ = ["COLUMNS", "extract_quantities"]

COLUMNS = [
    "start",
    "end",
    "text",
    "value",
    "value_high",
    "unit",
    "comparator",
    "conversion_of",
]

# ---------------------------------------------------------------------------
# Word tables
# ---------------------------------------------------------------------------

EN_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

EN_MAGNITUDES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}

# "tens of millions of": an open-ended lower bound, hence ">=".
EN_VAGUE_MAGNITUDES = {
    "tens": 10.0,
    "hundreds": 1e2,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
}

FRACTION_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}

ZH_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_MAGNITUDES = {
    "萬億": 1e12,
    "万亿": 1e12,
    "億": 1e8,
    "亿": 1e8,
    "萬": 1e4,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}
_ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_SMALL_UNITS) + "萬万億亿"

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
    "upwards of": ">=",
    "above": ">=",
    "up to": "<=",
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
# or a hyphen; the single letters P, G and W only glued to it ("100P").
EN_UNITS = [
    (r"%|(?i:percent|per\s+cent)", "percent", 1.0),
    (r"Mbps|Mb/s|(?i:megabits?\s+per\s+second)", "Mbps", 1.0),
    (r"Gbps|Gb/s|(?i:gigabits?(?:\s+per\s+second)?)", "Gbps", 1.0),
    (r"Tbps|Tb/s|(?i:terabits?(?:\s+per\s+second)?)", "Tbps", 1.0),
    (r"GB/s|(?i:gigabytes?\s+per\s+second)", "GB/s", 1.0),
    (r"(?i:per\s+(?:square\s+kilomet(?:er|re)|sq\.?\s*km|km2|km²))", "1/km2", 1.0),
    (r"(?i:square\s+kilomet(?:er|re)s?|sq\.?\s*km)|km2|km²", "km2", 1.0),
    (r"(?i:nanomet(?:er|re)s?)|nm", "nm", 1.0),
    (r"(?i:inch(?:es)?)", "inch", 1.0),
    (r"(?i:kilowatts?)|kW", "kW", 1.0),
    (r"(?i:megawatts?)|MW", "kW", 1e3),
    (r"(?i:gigawatts?)|GW", "kW", 1e6),
    (r"(?i:watts?)", "W", 1.0),
    (r"(?i:tonnes?|tons?)", "t", 1.0),
    (r"(?i:milliseconds?)|ms", "ms", 1.0),
    (r"(?i:petaflops)|PFLOPS", "PFLOPS", 1.0),
    (r"(?i:exaflops)|EFLOPS", "PFLOPS", 1e3),
    (r"(?i:yuan)|RMB|CNY", "CNY", 1.0),
    (r"(?i:US\s+dollars?|dollars?)|USD", "USD", 1.0),
    (r"(?i:years?)", "year", 1.0),
    (r"(?i:points?)", "point", 1.0),
    *(
        (rf"(?i:{word})", "fraction", 1.0 / denominator)
        for word, denominator in FRACTION_DENOMINATORS.items()
    ),
]
GLUED_UNITS = {"P": ("PFLOPS", 1.0), "G": ("Gbps", 1.0), "W": ("W", 1.0)}
ZH_MEASURE_WORDS = [
    "個", "个", "家", "座", "所", "幢", "棟", "栋", "項", "项", "大", "方面", "批",
    "條", "条", "臺", "台", "套", "處", "处", "戶", "户", "種", "种", "類", "类", "人",
]  # fmt: skip
ZH_UNITS = [
    ("美元", "USD", 1.0),
    ("元", "CNY", 1.0),
    ("毫秒", "ms", 1.0),
    ("噸|吨", "t", 1.0),
    ("兆瓦", "kW", 1e3),
    ("千瓦", "kW", 1.0),
    ("瓦", "W", 1.0),
    ("平方公里", "km2", 1.0),
    ("納米|纳米", "nm", 1.0),
    ("英寸", "inch", 1.0),
    ("年", "year", 1.0),
    ("|".join(ZH_MEASURE_WORDS), "count", 1.0),
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

# ---------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------


def _alt(phrases) -> str:
    """Alternation of literal phrases, longest first; a space matches any whitespace run."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in ordered)


_EN_WORD_NUMBER = "|".join(
    [rf"(?:{'|'.join(_EN_TENS)})-(?:{'|'.join(list(EN_NUMBER_WORDS)[:9])})"]
    + sorted(EN_NUMBER_WORDS, key=len, reverse=True)
    + [r"a(?=\s+(?:hundred|thousand|million|billion|trillion)\b)"]
)
_DIGITS = r"(?<!\d)(?<!\d[.,])(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_EN_MAG = r"hundred(?:\s+(?:thousand|million|billion))?|thousand|million|billion|trillion"
_ZH_MAG = r"萬億|万亿|億|亿|萬|万|千(?!瓦)|百(?!瓦)"
_EN_UNIT = "|".join(f"(?:{p})" for p, _, _ in EN_UNITS)
_ZH_UNIT = "|".join(f"(?:{p})" for p, _, _ in ZH_UNITS)
_ZH_CHARS = _ZH_NUMERAL_CHARS

_ZH_STARTS = "".join(sorted({w[0] for w in ZH_PRE_COMPARATORS})) + _ZH_CHARS
_MAIN = re.compile(
    rf"""
    (?=[\d$¥￥{_ZH_STARTS}]|(?<![A-Za-z])[A-Za-z])  # cheap gate: most positions fail here
    (?P<pre>(?<![A-Za-z])(?i:{_alt(EN_PRE_COMPARATORS)})\s+|(?:{_alt(ZH_PRE_COMPARATORS)})\s*)?
    (?P<dual>(?<![A-Za-z])(?i:dual|double)\s+(?=\d))?
    (?P<rank>(?<![A-Za-z])No\.\s*(?=\d))?
    (?P<cur>(?<![A-Za-z])(?:{_alt(CURRENCY_PREFIXES)})\s?(?=\d))?
    (?P<pct>百分之)?
    (?:
        (?P<num>{_DIGITS})(?P<glued>[PG](?![A-Za-z]))?
        (?:(?:\s*[-–—~]\s*|\s*[至到]\s*)(?P<num2>{_DIGITS}))?
      | (?P<word>(?<![A-Za-z-])(?i:{_EN_WORD_NUMBER})(?![A-Za-z]))
        (?:\s+(?i:or|to)\s+(?P<word2>(?i:{_EN_WORD_NUMBER}))(?![A-Za-z]))?
      | (?P<zh>(?<![{_ZH_CHARS}])[{_ZH_CHARS}]+)(?:[至到-](?P<zh2>[{_ZH_CHARS}]+))?
    )
    (?P<mag>(?:\s+|-)(?i:{_EN_MAG})(?![A-Za-z])|{_ZH_MAG})?
    (?P<more>[多餘余](?=\s*(?:{_ZH_UNIT})))?
    (?P<unit>(?:\s*|-)(?:{_EN_UNIT})(?![A-Za-z])|[PGW](?![A-Za-z0-9])|\s*(?:{_ZH_UNIT}))?
    (?P<cls>量級|量级|級|级)?
    (?P<post>\s+(?i:{_alt(EN_POST_COMPARATORS)})(?![A-Za-z])|\s*(?:{_alt(ZH_POST_COMPARATORS)}))?
    """,
    re.VERBOSE,
)

_VAGUE = re.compile(
    r"(?<![A-Za-z])(?i:(?:(?P<v1>tens|hundreds|thousands)\s+of\s+)?"
    r"(?P<v2>tens|hundreds|thousands|millions|billions|trillions))(?=\s+of\b)"
)
_ZH_SPEED = re.compile(
    rf"(?<![\d{_ZH_CHARS}])(?P<pre>超過|超过|超)?(?:雙|双)?(?P<cls>[百千萬万])兆(?P<post>以上)?"
)
_EN_SPEED = re.compile(r"(?<![A-Za-z])(?i:double|dual)[-\s]+(?i:gigabit)(?![A-Za-z])")

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# Spans that hold digits but no quantity; a candidate touching one is dropped.
_NOT_QUANTITY = re.compile(
    rf"""
    (?=[\d〔\[［(（第 \t]|(?<![A-Za-z])[A-Za-z])  # cheap gate, as in _MAIN
    (?:
      (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\d)
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\b(?:,?\s+\d{{4}})?
    | \b(?:{_MONTHS})\s+\d{{4}}\b
    | \d{{4}}\s*[./-]\s*\d{{1,2}}\s*[./-]\s*\d{{1,2}}(?!\d)
    | (?:19|20)\d{{2}}\s*[-–—~至到]\s*(?:19|20)?\d{{2}}(?!\d)(?:\s*年)?
    | \d{{4}}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日號号])?)?
    | \d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*[日號号])? | \d{{1,2}}\s*日
    | (?:19|20)\d0s
    | [〔\[［(（]\d{{4}}[〕\]］)）]\s*\d+\s*[號号] | \d+\s*[號号]
    | (?<![^\n])[ \t]*[(（]?\d{{1,2}}[.．、)）](?!\d)
    | [(（]\d{{1,2}}[)）] | (?<![\w(（.])\d{{1,2}}[)）]
    | 第\s*\d+
    | (?<![A-Za-z0-9.])[2-7]G(?![A-Za-z0-9])(?:-A(?![A-Za-z]))?
    | \d+\s*G\s*(?=E?PON|GPON|無源|无源)
    | (?i:version)\s+\d+
    | \d+\s*\+\s*\d+
    | 909\s+upgrading
    | Three\s+Represents
    | (?:\d+(?:st|nd|rd|th)\s+)?Five[-\s]+Year\s+Plan
    | (?:Special\s+)?(?:Project|Phase|Chapter|Article|Part|Section|Step|Stage)\s+
      (?:(?i:{"|".join(sorted(EN_NUMBER_WORDS, key=len, reverse=True))})|\d+)(?![\w])
    )
    """,
    re.VERBOSE,
)

_NEXT_WORD = re.compile(r"(?:\s+|-)([A-Za-z][A-Za-z'’]*|\d+[A-Za-z]\w*)")
_OF = re.compile(r"\s+of(?=\s)", re.IGNORECASE)
_IN_TOTAL = re.compile(r"\s+in\s+(?:total|all)\b", re.IGNORECASE)
_BEFORE_CONVERSION = re.compile(r"\s*[(（]\s*")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～＋", "0123456789.%-~+")

_EN_UNIT_LOOKUP = [(re.compile(p), unit, factor) for p, unit, factor in EN_UNITS]
_ZH_UNIT_LOOKUP = [(re.compile(p), unit, factor) for p, unit, factor in ZH_UNITS]
_COMPARATOR_LOOKUP = {re.sub(r"\s+", " ", k): v for k, v in COMPARATORS.items()}

# ---------------------------------------------------------------------------
# Parsing helpers
# ---------------------------------------------------------------------------


class _Mention(NamedTuple):
    start: int
    end: int
    value: float
    value_high: float
    unit: str
    comparator: str


def _comparator(phrase: str | None) -> str:
    if not phrase:
        return "="
    return _COMPARATOR_LOOKUP[re.sub(r"\s+", " ", phrase.strip()).lower()]


def _en_words_value(words: str) -> float:
    total = 0.0
    for token in re.split(r"[\s-]+", words.lower()):
        total += 1.0 if token == "a" else EN_NUMBER_WORDS[token]
    return total


def _en_magnitude(words: str) -> float:
    factor = 1.0
    for token in words.lower().replace("-", " ").split():
        factor *= EN_MAGNITUDES[token]
    return factor


def _zh_value(numeral: str) -> float:
    """Chinese numeral to a number: 三十 -> 30, 四十萬 -> 4e5, 萬億 -> 1e12."""
    total, section, digit = 0.0, 0.0, 0.0
    for ch in numeral:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_SMALL_UNITS:
            section += (digit or 1) * ZH_SMALL_UNITS[ch]
            digit = 0
        elif ch in "萬万":
            section = ((section + digit) or 1) * 1e4
            digit = 0
        else:  # 億
            total = ((total + section + digit) or 1) * 1e8
            section = digit = 0
    return total + section + digit


def _unit_of(unit_text: str) -> tuple[str, float]:
    token = unit_text.lstrip().lstrip("-").lstrip()
    if token in GLUED_UNITS:
        return GLUED_UNITS[token]
    for pattern, unit, factor in _ZH_UNIT_LOOKUP:
        if pattern.fullmatch(token):
            return unit, factor
    for pattern, unit, factor in _EN_UNIT_LOOKUP:
        if pattern.fullmatch(token):
            return unit, factor
    raise ValueError(f"unknown unit {unit_text!r}")  # pragma: no cover - table and pattern agree


def _counted_noun_follows(s: str, pos: int, partitive: bool = False) -> bool | None:
    """True if a counted noun follows, False if a function word does, None if no word.

    ``partitive`` lets "of" through when the figure already ended in a magnitude
    or a comparator: "20,000 or more of body frames", "34 billion of them".
    """
    if _IN_TOTAL.match(s, pos):
        return True
    if partitive and (of := _OF.match(s, pos)):
        pos = of.end()
    nxt = _NEXT_WORD.match(s, pos)
    if not nxt:
        return None
    return nxt.group(1).lower() not in EN_STOPWORDS


# ---------------------------------------------------------------------------
# Candidate builders
# ---------------------------------------------------------------------------


def _from_main(m: re.Match, s: str) -> _Mention | None:
    g = m.groupdict()
    start, end = m.start(), m.end()
    kind = "num" if g["num"] else "word" if g["word"] else "zh"
    core_start = m.start(kind)
    second = {"num": "num2", "word": "word2", "zh": "zh2"}[kind]
    core_end = m.end(second) if g[second] else m.end(kind)
    is_range = g[second] is not None

    if kind == "num":
        low = float(g["num"].replace(",", ""))
        high = float(g["num2"].replace(",", "")) if is_range else math.nan
    elif kind == "word":
        low = _en_words_value(g["word"])
        high = _en_words_value(g["word2"]) if is_range else math.nan
    else:
        low = _zh_value(g["zh"])
        high = _zh_value(g["zh2"]) if is_range else math.nan

    magnitude = 1.0
    if g["mag"]:
        mag = g["mag"].strip().lstrip("-")
        magnitude = ZH_MAGNITUDES[mag] if mag in ZH_MAGNITUDES else _en_magnitude(mag)

    unit, factor, explicit = "", 1.0, True
    if g["cur"]:
        unit = CURRENCY_PREFIXES[g["cur"].strip()]
    elif g["rank"]:
        unit = "rank"
    elif g["pct"]:
        unit = "percent"
    if g["unit"] and not (g["cur"] or g["pct"]):
        unit, factor = _unit_of(g["unit"])
    elif g["glued"] and not g["unit"] and not g["cur"]:
        unit, factor = GLUED_UNITS[g["glued"]]

    if kind == "num":
        before = s[core_start - 1] if core_start else ""
        if not (g["cur"] or g["rank"]) and before.isascii() and before.isalpha():
            return None  # L4, IPv6
        if (
            before == "-"
            and core_start > 1
            and s[core_start - 2].isascii()
            and s[core_start - 2].isalpha()
        ):
            return None  # COVID-19
        after = s[core_end] if core_end < len(s) else ""
        if not (unit or g["mag"]) and after.isascii() and after.isalpha():
            return None  # 8K, 12th, 1990s
    elif kind == "zh":
        if core_start and s[core_start - 1] == "第":
            return None  # ordinal
        if g["zh"] == "一" and not (is_range or g["mag"]):
            return None  # 一批, 一張圖, 一鍵: idioms, not counts

    comparators = [_comparator(g["pre"]), _comparator(g["post"])]
    if g["more"]:
        comparators.append(">=")

    if g["cls"]:
        if unit:
            comparators.append("~")  # 百瓦量級, 千瓦級
        elif kind == "zh" and all(ch in "十百千萬万億亿" for ch in g["zh"]):
            unit = "count"  # 萬億級 (parameters)
            comparators.append("~")
        elif kind == "zh" and g["zh"] in ("兩", "两"):
            unit = "count"  # 兩級: two levels
        else:
            return None  # 二級節點, 5級: grades, not quantities

    if g["dual"] and unit not in ("Mbps", "Gbps", "Tbps"):
        start = m.start("rank") if g["rank"] else m.start("cur") if g["cur"] else core_start
        if g["pre"]:
            return None  # a comparator would no longer touch the number

    if not unit:
        if kind == "zh":
            return None  # a Chinese numeral counts only with a measure word
        follows = _counted_noun_follows(s, end, partitive=bool(g["post"] or g["mag"]))
        if kind == "word":
            if low == 1 and not (is_range or g["mag"]):
                return None  # "one of the few", "one declaration"
            if end < len(s) and s[end] == "-":
                return None  # one-belt, three-network
            if not follows:
                return None
        if follows:
            unit, explicit = "count", False

    if (
        kind == "num"
        and (unit == "" or (unit == "count" and not explicit))
        and not (is_range or g["mag"] or g["cur"])
        and re.fullmatch(r"(?:1[89]|20)\d\d|2100", g["num"])
        and all(c == "=" for c in comparators)
    ):
        return None  # a year: "by 2035", "the 2035 plan"

    if unit == "W" and kind == "zh" and low >= 1000:
        unit, factor = "kW", factor / 1000  # 千瓦級 is the kilowatt class

    value = low * magnitude * factor
    value_high = high * magnitude * factor if is_range else math.nan
    if is_range and value_high < value:
        value, value_high = value_high, value
    comparator = next((c for c in comparators if c != "="), "=")
    return _Mention(start, end, value, value_high, unit, comparator)


def _from_vague(m: re.Match) -> _Mention:
    value = EN_VAGUE_MAGNITUDES[m.group("v2").lower()]
    if m.group("v1"):
        value *= EN_VAGUE_MAGNITUDES[m.group("v1").lower()]
    return _Mention(m.start(), m.end(), value, math.nan, "count", ">=")


def _from_zh_speed(m: re.Match) -> _Mention:
    value, unit = ZH_SPEED_CLASSES[m.group("cls")]
    comparator = ">=" if m.group("pre") or m.group("post") else "="
    return _Mention(m.start(), m.end(), value, math.nan, unit, comparator)


def _from_en_speed(m: re.Match) -> _Mention:
    return _Mention(m.start(), m.end(), 1.0, math.nan, "Gbps", "=")


# ---------------------------------------------------------------------------
# Scanning
# ---------------------------------------------------------------------------


def _frame(mentions: list[_Mention], conversions: list[int | None], text: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "start": pd.Series([m.start for m in mentions], dtype="int64"),
            "end": pd.Series([m.end for m in mentions], dtype="int64"),
            "text": pd.Series([text[m.start : m.end] for m in mentions], dtype="str"),
            "value": pd.Series([m.value for m in mentions], dtype="float64"),
            "value_high": pd.Series([m.value_high for m in mentions], dtype="float64"),
            "unit": pd.Series([m.unit for m in mentions], dtype="str"),
            "comparator": pd.Series([m.comparator for m in mentions], dtype="str"),
            "conversion_of": pd.Series(conversions, dtype="Int64"),
        },
        columns=COLUMNS,
    )


def extract_quantities(text: str) -> pd.DataFrame:
    """Every quantity mentioned in ``text``, one row per mention, sorted by ``start``.

    See the module docstring for the columns, the unit vocabulary and what is
    deliberately not a quantity (dates, numbering, technology names...).
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quantities() needs a str, got {type(text).__name__}")
    # Full-width digits map one-to-one onto ASCII, so offsets stay valid.
    s = text.translate(_FULLWIDTH)

    excluded = bytearray(len(s))
    for m in _NOT_QUANTITY.finditer(s):
        excluded[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    candidates: list[_Mention] = []
    for m in _MAIN.finditer(s):
        mention = _from_main(m, s)
        if mention is not None:
            candidates.append(mention)
    candidates.extend(_from_vague(m) for m in _VAGUE.finditer(s))
    candidates.extend(_from_zh_speed(m) for m in _ZH_SPEED.finditer(s))
    candidates.extend(_from_en_speed(m) for m in _EN_SPEED.finditer(s))

    # Longest span wins where candidates overlap ("No. 1" over "1").
    taken = bytearray(len(s))
    kept: list[_Mention] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if c.end <= c.start or excluded.find(1, c.start, c.end) != -1:
            continue
        if taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)

    conversions: list[int | None] = [None] * len(kept)
    for i in range(1, len(kept)):
        prev, cur = kept[i - 1], kept[i]
        family = UNIT_FAMILIES.get(prev.unit)
        if (
            family is not None
            and family == UNIT_FAMILIES.get(cur.unit)
            and _BEFORE_CONVERSION.fullmatch(s, prev.end, cur.start)
        ):
            conversions[i] = prev.start
    return _frame(kept, conversions, text)
