"""Reading one quantity candidate: its number, magnitude, unit and comparator words.

The candidate is a match of :data:`newinfra.text.quantity_patterns.MAIN`; the
rules that keep, drop or complete it live in :mod:`newinfra.text.quantity_rules`.
Numbers are read exactly (:class:`decimal.Decimal`) and rounded to a float once,
at the end, so that 540.8億 prints as 54080000000.0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from newinfra.text import quantity_patterns as pat
from newinfra.text.numerals import ZH_MAGNITUDES, en_magnitude, en_words_value, zh_value
from newinfra.text.quantity_vocabulary import CURRENCY_PREFIXES, GLUED_UNITS

__all__ = [
    "Figure",
    "Mention",
    "comparator_of",
    "exact",
    "read_magnitude",
    "read_number",
    "read_unit",
    "unit_of",
]


class Mention(NamedTuple):
    start: int
    end: int
    value: float
    value_high: float
    unit: str
    comparator: str
    # Where the span stops being checked against non-quantities: a density's
    # counted words may name a technology ("13.8 5G base stations per km2").
    checked_end: int | None = None


@dataclass
class Figure:
    """A candidate of the main pattern while its rules are applied one by one."""

    kind: str  # "num" (digits), "word" (English words) or "zh" (Chinese numeral)
    start: int
    end: int
    core_start: int  # where the number itself starts and ends
    core_end: int
    is_range: bool
    low: Decimal  # exact: 540.8億 is 54080000000, not 54079999999.99999
    high: Decimal | None
    magnitude: Decimal = Decimal(1)
    unit: str = ""
    factor: Decimal = Decimal(1)
    explicit: bool = True  # the unit is written, not inferred from a following noun
    comparators: list[str] = field(default_factory=list)
    checked_end: int | None = None


# ---------------------------------------------------------------------------
# Parsing helpers


def comparator_of(phrase: str | None) -> str:
    if not phrase:
        return "="
    return pat.COMPARATOR_LOOKUP[re.sub(r"\s+", " ", phrase.strip()).lower()]


def exact(number) -> Decimal:
    """A number as an exact Decimal; a float's binary value is exact for the whole
    numbers and powers of ten that the number tables hold."""
    return number if isinstance(number, Decimal) else Decimal(number)


def unit_of(unit_text: str) -> tuple[str, Decimal]:
    token = unit_text.lstrip().lstrip("-").lstrip()
    if token in GLUED_UNITS:
        unit, factor = GLUED_UNITS[token]
        return unit, exact(factor)
    for pattern, unit, factor in pat.ZH_UNIT_LOOKUP:
        if pattern.fullmatch(token):
            return unit, exact(factor)
    for pattern, unit, factor in pat.EN_UNIT_LOOKUP:
        if pattern.fullmatch(token):
            return unit, exact(factor)
    raise ValueError(f"unknown unit {unit_text!r}")  # pragma: no cover - table and pattern agree


# ---------------------------------------------------------------------------
# The number itself: one reader per form


def _number(m: re.Match, kind: str, parse) -> Figure:
    """The figure's number and range, read by ``parse`` from groups ``kind`` and ``kind2``."""
    second = m.group(f"{kind}2")
    return Figure(
        kind=kind,
        start=m.start(),
        end=m.end(),
        core_start=m.start(kind),
        core_end=m.end(f"{kind}2") if second is not None else m.end(kind),
        is_range=second is not None,
        low=exact(parse(m.group(kind))),
        high=exact(parse(second)) if second is not None else None,
    )


def _digits_value(written: str) -> Decimal:
    return Decimal(written.replace(",", ""))


def read_number(m: re.Match) -> Figure:
    if m.group("num"):
        return _number(m, "num", _digits_value)  # 120,000 / 2.5 / 100-300
    if m.group("word"):
        return _number(m, "word", en_words_value)  # twenty-five / three to five
    return _number(m, "zh", zh_value)  # 三十 / 四十萬 / 三至五


def read_magnitude(g: dict) -> Decimal:
    if not g["mag"]:
        return Decimal(1)
    mag = g["mag"].strip().lstrip("-")
    return exact(ZH_MAGNITUDES[mag] if mag in ZH_MAGNITUDES else en_magnitude(mag))


def read_unit(fig: Figure, g: dict) -> None:
    """Currency prefixes, "No.", 百分之, a unit after the number, a glued P or G."""
    if g["cur"]:
        fig.unit = CURRENCY_PREFIXES[g["cur"].strip()]
    elif g["rank"]:
        fig.unit = "rank"
    elif g["pct"]:
        fig.unit = "percent"
    if g["unit"] and not (g["cur"] or g["pct"]):
        fig.unit, fig.factor = unit_of(g["unit"])
    elif g["glued"] and not g["unit"] and not g["cur"]:
        fig.unit, fig.factor = unit_of(g["glued"])
    if (g["per"] or g["area"]) and fig.unit in ("", "count"):
        fig.unit = "1/km2"  # 每平方公里35個, 35個/平方公里
