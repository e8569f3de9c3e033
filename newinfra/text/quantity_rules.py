"""The rules that keep, drop or complete one quantity candidate, from the words around it.

A candidate is a match of :data:`newinfra.text.quantity_patterns.MAIN`, read by
:mod:`newinfra.text.quantity_reading`; :mod:`newinfra.text.quantities` applies
these rules: digits inside a name, a Chinese numeral that is not a count, a
speed class suffix, a dual figure, the noun a count is of, and bare years.
"""

from __future__ import annotations

import re

from newinfra.core.display import is_han
from newinfra.text import quantity_patterns as pat
from newinfra.text.quantity_reading import Figure
from newinfra.text.quantity_vocabulary import EN_COMPARATORS_BEFORE_YEARS, EN_STOPWORDS

__all__ = [
    "apply_class_suffix",
    "apply_counted_noun",
    "apply_dual",
    "digits_in_a_name",
    "is_a_year",
    "zh_numeral_not_a_count",
]

_YEAR = re.compile(r"(?:1[89]|20)\d\d|2100")
_POWERS_OF_TEN = "十百千萬万億亿"


def _counted_noun_follows(s: str, pos: int, partitive: bool = False) -> bool | None:
    """True if a counted noun follows, False if a function word does, None if no word.

    ``partitive`` lets "of" through when the figure already ended in a magnitude
    or a comparator: "20,000 or more of body frames", "34 billion of them".
    """
    if pat.IN_TOTAL.match(s, pos):
        return True
    if partitive and (of := pat.OF.match(s, pos)):
        pos = of.end()
    nxt = pat.NEXT_WORD.match(s, pos)
    if not nxt:
        return None
    return nxt.group(1).lower() not in EN_STOPWORDS


# ---------------------------------------------------------------------------
# Rules that drop a candidate or complete it


def digits_in_a_name(fig: Figure, g: dict, s: str) -> bool:
    """Digits that are part of a word or code: L4, IPv6, COVID-19, 8K, 12th, 1990s."""
    before = s[fig.core_start - 1] if fig.core_start else ""
    if not (g["cur"] or g["rank"]) and before.isascii() and before.isalpha():
        return True
    if before == "-" and fig.core_start > 1:
        two_before = s[fig.core_start - 2]
        if two_before.isascii() and two_before.isalpha():
            return True
    after = s[fig.core_end] if fig.core_end < len(s) else ""
    return not (fig.unit or g["mag"]) and after.isascii() and after.isalpha()


def zh_numeral_not_a_count(fig: Figure, g: dict, s: str) -> bool:
    """An ordinal (第五) or an idiom with 一 (一批, 一張圖, 一鍵)."""
    if fig.core_start and s[fig.core_start - 1] == "第":
        return True
    return g["zh"] == "一" and not (fig.is_range or g["mag"] or _one_after_its_noun(fig, g, s))


# Measure words of single things (facilities, bodies, sets); 批 (a batch) or 種 (a kind)
# after 一 stay idioms.
_ONE_THING = frozenset("座個个所家套臺台幢棟栋處处")
_CLAUSE_ENDS = frozenset("，,。；;、)）")


def _one_after_its_noun(fig: Figure, g: dict, s: str) -> bool:
    """An inventory count written after its noun: 建設智算中心一座，... (one centre)."""
    unit = (g["unit"] or "").strip()
    if unit not in _ONE_THING or g["pre"] or g["post"] or g["cls"] or g["more"]:
        return False
    before = s[fig.start - 1] if fig.start else ""
    after = s[fig.end] if fig.end < len(s) else "。"
    return is_han(before) and after in _CLAUSE_ENDS


def apply_class_suffix(fig: Figure, g: dict) -> bool:
    """級/量級 after a figure: an order of magnitude, or a grade that is no quantity."""
    if not g["cls"]:
        return True
    if fig.unit:
        fig.comparators.append("~")  # 百瓦量級, 千瓦級
    elif fig.kind == "zh" and all(ch in _POWERS_OF_TEN for ch in g["zh"]):
        fig.unit = "count"  # 萬億級 (parameters)
        fig.comparators.append("~")
    elif fig.kind == "zh" and g["zh"] in ("兩", "两"):
        fig.unit = "count"  # 兩級: two levels
    else:
        return False  # 二級節點, 5級: grades, not quantities
    return True


def apply_dual(fig: Figure, g: dict, m: re.Match) -> bool:
    """ "dual" or "double" belongs to the figure only for a bandwidth class."""
    if not g["dual"] or fig.unit in ("Mbps", "Gbps", "Tbps"):
        return True
    if g["pre"]:
        return False  # a comparator would no longer touch the number
    fig.start = m.start("rank") if g["rank"] else m.start("cur") if g["cur"] else fig.core_start
    return True


def apply_counted_noun(fig: Figure, g: dict, s: str) -> bool:
    """A figure without a unit counts the noun after it, or stays bare."""
    if fig.unit:
        return True
    if fig.kind == "zh":
        return False  # a Chinese numeral counts only with a measure word
    follows = _counted_noun_follows(s, fig.end, partitive=bool(g["post"] or g["mag"]))
    if fig.kind == "word" and not _word_counts(fig, g, s, follows):
        return False
    if follows:
        fig.unit, fig.explicit = "count", False
        _apply_nouns_per_area(fig, s)
    return True


def _apply_nouns_per_area(fig: Figure, s: str) -> None:
    """ "13.8 5G base stations per square kilometre": a density of the counted things."""
    m = pat.NOUNS_PER_AREA.match(s, fig.end)
    if m is None:
        return
    words = re.split(r"[\s-]+", m.group("nouns").strip().strip("-"))
    if any(word.lower() in EN_STOPWORDS for word in words):
        return  # "40 nodes in each district per km2" is no density of the 40
    fig.checked_end = fig.end
    fig.end, fig.unit, fig.explicit = m.end(), "1/km2", True


def _word_counts(fig: Figure, g: dict, s: str, follows: bool | None) -> bool:
    """Spelled-out numbers count only before a noun: not "one of the few", "one-belt"."""
    if fig.low == 1 and not (fig.is_range or g["mag"]):
        return False
    if fig.end < len(s) and s[fig.end] == "-":
        return False
    return bool(follows)


def is_a_year(fig: Figure, g: dict) -> bool:
    """A bare four-digit number from 1800 to 2100: "by 2035", "the 2035 plan"."""
    return (
        fig.kind == "num"
        and (fig.unit == "" or (fig.unit == "count" and not fig.explicit))
        and not (fig.is_range or g["mag"] or g["cur"])
        and _YEAR.fullmatch(g["num"]) is not None
        and (
            all(c == "=" for c in fig.comparators)
            or _normalised(g["pre"]) in EN_COMPARATORS_BEFORE_YEARS
        )
    )


def _normalised(phrase: str | None) -> str:
    return re.sub(r"\s+", " ", phrase.strip()).lower() if phrase else ""
