"""Quantity mentions in English and Chinese (Traditional or Simplified) policy text.

:func:`extract_quantities` returns one row per mention with character offsets into
the text it was given, so that ``text[start:end]`` is the figure as written:
comparator words, number, magnitude words and unit symbols or measure words
("more than 120,000", "超2000萬個", "RMB 850 billion", "100P-300P左右"). The
counted noun of an English figure ("racks") is not part of the span, except in
a density, whose span runs to its "per square kilometre" ("13.8 5G base
stations per square kilometre").

Columns (:data:`COLUMNS`):

``start``, ``end``
    offsets into the Python ``str``.
``text``
    ``text[start:end]``.
``value``
    the number with magnitude words applied (2000萬 -> 2e7, "1,280 billion" ->
    1.28e12, "210bn" -> 2.1e11, "1.2mn" -> 1.2e6); the lower end of a range.
    Computed in decimal arithmetic and rounded to a float once, so it prints
    as written: 540.8億 -> 54080000000.0.
``value_high``
    the upper end of a range ("45-32 nanometer" -> 32 and 45), else NaN.
``unit``
    one of the small vocabulary below.
``comparator``
    ``>=`` (more than, over, at least, exceeding, or more, 以上, 超, 超過,
    突破, 不少於, 過百兆...), ``<=`` (up to, within, kept within, below, no
    more than, 以內, 不超過, 低於, 不高於...), ``~`` (about, nearly,
    approximately, 左右, 約, 近, and the "order of" suffixes 級/量級 as in
    萬億級, 千瓦級), ``=`` otherwise. Comparator words after a measure word
    belong to the figure: 10萬架左右. 累計 ("cumulative") is a basis, not a
    comparator, and stays outside the span: 累計超2000萬個 gives "超2000萬個".
``conversion_of``
    for a figure restated in parentheses in another unit of the same family
    ("400 billion yuan (US$62.5 billion)"), the ``start`` of the figure it
    converts; <NA> otherwise.

Unit vocabulary:

=============  ==============================================================
``count``      things counted: the noun after an English number ("26
               construction tasks"), Chinese measure words 個/个, 家, 座, 所,
               幢, 項/项, 大, 方面, 批, 條, 臺, 套, 處, 戶, 種, 類, 人, 架
               (racks), 次 (times), 輛 (vehicles), 張
``percent``    %, ％, percent, per cent, 百分之
``percentage_point``
               a difference of two shares: 個百分點/个百分点, "percentage
               points"
``CNY``        元, yuan, RMB, CNY, ¥ (萬元 and 億元 apply the magnitude)
``USD``        US$, USD, $, 美元, US dollars (never converted to or from CNY)
``Mbps``       Mbps; the class 百兆 (value 100)
``Gbps``       Gbps, gigabit, a bandwidth "G" (400G); the classes 千兆 and
               雙千兆 (1), 萬兆 and 雙萬兆 (10), "Double Gigabit" (1),
               "10-Gigabit" and "dual 10-Gigabit" (10)
``Tbps``       Tbps
``GB/s``       "gigabyte per second" as written (often a slip for Gbps;
               curation may override it)
``km``         km, kilometres, 公里, 千米
``km2``        sq km, square kilometres, 平方公里
``1/km2``      densities: per square kilometre (after the number or after the
               things counted), "/km2", 每平方公里35個, 35個/平方公里
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
  currency or comparator is read as a year ("by 2035", "the 2035 plan"); so
  is one after "within" or "below" ("within 2025", "below 2020 levels").
- A Chinese numeral (五, 三十, 萬億) is returned only with a measure word or
  unit, or as an order of magnitude (萬億級); a lone 一 never is.
- Where candidates overlap, the longest span wins.
"""

from __future__ import annotations

import math
import re

import pandas as pd

from newinfra.text import quantity_patterns as pat
from newinfra.text.memo import last_long_text
from newinfra.text.numerals import EN_VAGUE_MAGNITUDES
from newinfra.text.quantity_reading import (
    Figure,
    Mention,
    comparator_of,
    read_magnitude,
    read_number,
    read_unit,
)
from newinfra.text.quantity_rules import (
    apply_class_suffix,
    apply_counted_noun,
    apply_dual,
    digits_in_a_name,
    is_a_year,
    zh_numeral_not_a_count,
)
from newinfra.text.quantity_vocabulary import (
    UNIT_FAMILIES,
    ZH_SPEED_CLASSES,
)

__all__ = ["COLUMNS", "extract_quantities", "find_quantities"]

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


def _mention(fig: Figure) -> Mention:
    if fig.unit == "W" and fig.kind == "zh" and fig.low >= 1000:
        fig.unit, fig.factor = "kW", fig.factor / 1000  # 千瓦級 is the kilowatt class
    scale = fig.magnitude * fig.factor
    # Exact products, rounded once to the nearest float: 540.8億 prints as written.
    value = float(fig.low * scale)
    value_high = float(fig.high * scale) if fig.high is not None else math.nan
    if fig.is_range and value_high < value:
        value, value_high = value_high, value
    comparator = next((c for c in fig.comparators if c != "="), "=")
    return Mention(fig.start, fig.end, value, value_high, fig.unit, comparator, fig.checked_end)


# ---------------------------------------------------------------------------
# Candidate builders, one per pattern


def _from_main(m: re.Match, s: str) -> Mention | None:
    g = m.groupdict()
    fig = read_number(m)
    fig.magnitude = read_magnitude(g)
    read_unit(fig, g)
    if fig.kind == "num" and digits_in_a_name(fig, g, s):
        return None
    if fig.kind == "zh" and zh_numeral_not_a_count(fig, g, s):
        return None
    fig.comparators = [comparator_of(g["pre"]), comparator_of(g["post"])]
    if g["more"]:
        fig.comparators.append(">=")  # 10多個
    kept = (
        apply_class_suffix(fig, g)
        and apply_dual(fig, g, m)
        and apply_counted_noun(fig, g, s)
        and not is_a_year(fig, g)
    )
    return _mention(fig) if kept else None


def _from_vague(m: re.Match) -> Mention:
    value = EN_VAGUE_MAGNITUDES[m.group("v2").lower()]
    if m.group("v1"):
        value *= EN_VAGUE_MAGNITUDES[m.group("v1").lower()]
    return Mention(m.start(), m.end(), value, math.nan, "count", ">=")


def _from_zh_speed(m: re.Match) -> Mention:
    value, unit = ZH_SPEED_CLASSES[m.group("cls")]
    comparator = ">=" if m.group("pre") or m.group("post") else "="
    return Mention(m.start(), m.end(), value, math.nan, unit, comparator)


def _from_en_speed(m: re.Match) -> Mention:
    return Mention(m.start(), m.end(), 1.0, math.nan, "Gbps", "=")


# ---------------------------------------------------------------------------
# Scanning


def _frame(mentions: list[Mention], conversions: list[int | None], text: str = "") -> pd.DataFrame:
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


def _candidates(s: str) -> list[Mention]:
    found = [mention for m in pat.MAIN.finditer(s) if (mention := _from_main(m, s)) is not None]
    found.extend(_from_vague(m) for m in pat.VAGUE.finditer(s))
    found.extend(_from_zh_speed(m) for m in pat.ZH_SPEED.finditer(s))
    found.extend(_from_en_speed(m) for m in pat.EN_SPEED.finditer(s))
    return found


def _excluded(s: str) -> bytearray:
    """One byte per character: 1 where a span holds digits but no quantity (dates...)."""
    excluded = bytearray(len(s))
    for m in pat.NOT_QUANTITY.finditer(s):
        excluded[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return excluded


def _longest_first(candidates: list[Mention], excluded: bytearray) -> list[Mention]:
    """Where candidates overlap the longest span wins ("No. 1" over "1"); sorted by start."""
    taken = bytearray(len(excluded))
    kept: list[Mention] = []
    for c in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        checked_end = c.end if c.checked_end is None else c.checked_end
        if c.end <= c.start or excluded.find(1, c.start, checked_end) != -1:
            continue
        if taken.find(1, c.start, c.end) != -1:
            continue
        taken[c.start : c.end] = b"\x01" * (c.end - c.start)
        kept.append(c)
    kept.sort(key=lambda c: c.start)
    return kept


def _conversions(kept: list[Mention], s: str) -> list[int | None]:
    """For a figure restated in parentheses in a unit of the same family, the first's start."""
    conversions: list[int | None] = [None] * len(kept)
    for i in range(1, len(kept)):
        prev, cur = kept[i - 1], kept[i]
        family = UNIT_FAMILIES.get(prev.unit)
        if (
            family is not None
            and family == UNIT_FAMILIES.get(cur.unit)
            and pat.BEFORE_CONVERSION.fullmatch(s, prev.end, cur.start)
        ):
            conversions[i] = prev.start
    return conversions


def find_quantities(text: str) -> tuple[list[Mention], list[int | None]]:
    """The quantities of ``text`` sorted by start, and for each the start of the
    figure it restates (``conversion_of``) or None: :func:`extract_quantities`
    without building a table, for callers that read many documents."""
    if not isinstance(text, str):
        raise TypeError(f"extract_quantities() needs a str, got {type(text).__name__}")
    kept, conversions = _scan(text)
    return list(kept), list(conversions)


@last_long_text
def _scan(text: str) -> tuple[tuple[Mention, ...], tuple[int | None, ...]]:
    # Full-width digits map one-to-one onto ASCII, so offsets stay valid.
    s = text.translate(pat.FULLWIDTH)
    kept = _longest_first(_candidates(s), _excluded(s))
    return tuple(kept), tuple(_conversions(kept, s))


def extract_quantities(text: str) -> pd.DataFrame:
    """Every quantity mentioned in ``text``, one row per mention, sorted by ``start``.

    See the module docstring for the columns, the unit vocabulary and what is
    deliberately not a quantity (dates, numbering, technology names...).
    """
    kept, conversions = find_quantities(text)
    return _frame(kept, conversions, text)
