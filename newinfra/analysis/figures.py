"""Figures as a reader writes them: magnitudes in words, ranges whole, bounds and flows named.

- :func:`in_words`: 1,280,000,000,000 is "1.28 trillion", 20,000,000 "20 million";
  a number words cannot carry exactly keeps its digits.
- :func:`written_value`: a target with its comparator, both ends of a range and
  its unit ("≥ 20,000", "≈ 1,000–3,000 PFLOPS", "45–32 nm", "RMB 1.28 trillion").
- :func:`step_text`: the step between two plans' targets with its bound
  ("≤ ×2": the earlier figure was a floor, so the multiple is a ceiling) and,
  for additions, the per-year values it compares ("33,333/yr → 50,000/yr, ×1.5").
"""

from __future__ import annotations

import math

import pandas as pd

from newinfra.inputs.reader_words import unit_words

_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))
_COMPARATORS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "~": "≈ "}
#: How a bound reads before a multiple or a growth rate.
BOUND_SIGNS = {"<=": "≤ ", ">=": "≥ "}
BOUND_WORDS = {"<=": "at most ", ">=": "at least "}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def digits(value: float) -> str:
    """A number with thousands separators: whole numbers whole, others to six digits."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def in_words(value: float) -> str:
    """A large number as readers say it ("1.28 trillion", "9.6 million"), else its digits."""
    for scale, word in _SCALES:
        scaled = abs(value) / scale
        if scaled >= 1 and math.isclose(scaled, round(scaled, 2), rel_tol=1e-9, abs_tol=1e-9):
            sign = "-" if value < 0 else ""
            return f"{sign}{round(scaled, 2):g} {word}"
    return digits(value)


def with_unit(number: str, unit) -> str:
    """A number with its unit: counts bare, percent as %, yuan as RMB before the number."""
    if _missing(unit) or unit in ("count", ""):
        return number
    if unit == "percent":
        return f"{number}%"
    if unit == "CNY":
        return f"RMB {number}"
    return f"{number} {unit_words().get(unit, unit)}"


def written_value(
    value: float, comparator, unit, value_high=None, higher_is_better: bool = True
) -> str:
    """A target as written for a reader: '≥ 20,000', '≈ 1,000–3,000 PFLOPS', '45–32 nm'."""
    prefix = _COMPARATORS.get(comparator, "") if isinstance(comparator, str) else ""
    if _missing(value_high) or value_high == value:
        number = in_words(value)
    else:
        # A range keeps both ends, in the order of its ambition: 1–2, but 45–32 nm.
        low, high = in_words(value), in_words(value_high)
        number = f"{low}–{high}" if higher_is_better else f"{high}–{low}"
    return f"{prefix}{with_unit(number, unit)}"


def per_year_text(value: float) -> str:
    return f"{in_words(round(value))}/yr" if abs(value) >= 100 else f"{value:,.3g}/yr"


def step_text(row) -> str:
    """The step from the previous plan's target: bound, multiple and, for flows, per-year values.

    ``row`` has ``multiple``, ``multiple_bound``, ``is_flow``, ``per_year_std``
    and ``previous_per_year_std`` (a ``compare()`` row).
    """
    fields = row._asdict() if hasattr(row, "_asdict") else dict(row)
    multiple = fields.get("multiple")
    if _missing(multiple):
        return ""
    bound = fields.get("multiple_bound")
    sign = BOUND_SIGNS.get(bound, "") if isinstance(bound, str) else ""
    text = f"{sign}×{multiple:.3g}"
    previous, current = fields.get("previous_per_year_std"), fields.get("per_year_std")
    if bool(fields.get("is_flow")) and not _missing(previous) and not _missing(current):
        text = f"{per_year_text(previous)} → {per_year_text(current)}, {text}"
    return text


def growth_text(cagr, bound=None) -> str:
    """An implied annual growth with its bound: '+19%/yr', 'at most +19%/yr'."""
    if _missing(cagr):
        return ""
    words = BOUND_WORDS.get(bound, "") if isinstance(bound, str) else ""
    return f"{words}{cagr:+.0%}/yr"
