"""Unit conversion with pint: the extractor's unit words to each metric's canonical unit."""

from __future__ import annotations

import math
import re
import tokenize
from functools import lru_cache

import pint

from newinfra.core.errors import NewinfraError

# The extractor's unit vocabulary, spelt for pint. `count` and `point` are plain
# numbers of things; `rank` is an ordinal position and never converts.
PINT_NAMES = {
    "": "dimensionless",
    "count": "count",
    "point": "count",
    "percent": "percent",
    "fraction": "fraction",
    "km2": "km**2",
    "1/km2": "1/km**2",
    "GB/s": "gigabyte/second",
    "PFLOPS": "petaFLOPS",
    "year": "year",
}


@lru_cache(maxsize=1)
def registry() -> pint.UnitRegistry:
    ureg = pint.UnitRegistry()
    # pint knows bps (as baud); the prefixed forms are spelt out so that pint does
    # not have to guess ("Mbps" also reads as mega-point-second).
    for prefix, factor in (("k", "1e3"), ("M", "1e6"), ("G", "1e9"), ("T", "1e12")):
        ureg.define(f"{prefix}bps = {factor} * bps")
    ureg.define("FLOPS = [computing_power]")
    # Currencies are dimensions of their own: converting yuan to dollars takes an
    # exchange rate, which is a choice for the analyst, not a unit conversion.
    ureg.define("CNY = [currency_cny] = yuan = RMB")
    ureg.define("USD = [currency_usd] = US_dollar")
    ureg.define("fraction = 1")
    # People are counted things of their own, so a rate per 10,000 people
    # (每万人拥有5G基站33个) has a unit of its own and never reads as a count.
    ureg.define("person = [population] = people")
    ureg.define("ten_thousand_people = 10000 * person")
    # A difference of two shares ("up 3 percentage points"), on the scale of a share in percent.
    ureg.define("percentage_point = percent")
    return ureg


# pint parses a unit as a Python expression; text that is not one ("Gbps/", "kW)", "*")
# fails inside its tokenizer or evaluator with these, not with a pint error.
_NOT_A_UNIT = (
    pint.errors.PintError,
    ValueError,
    AttributeError,
    TypeError,
    AssertionError,
    ArithmeticError,
    SyntaxError,
    RecursionError,  # deeply nested or very long expressions: "((((...m))))"
    tokenize.TokenError,
)


# pint evaluates a unit's powers as arithmetic, so "9**9**9" would compute a number of
# hundreds of millions of digits before failing. A unit's exponent is a small number,
# and a power is never raised to another power.
_POWER = re.compile(r"\*\*|\^")
_SMALL_EXPONENT = re.compile(r"\s*\(?\s*[-+]?\d{1,2}(?:\.\d{1,3})?(?![\d.])\s*\)?")


def _power_problem(unit: str) -> str | None:
    """Why the powers of a unit text are not those of a unit, or None."""
    parts = _POWER.split(unit)
    for position, part in enumerate(parts[1:], start=1):
        exponent = _SMALL_EXPONENT.match(part)
        if not exponent:
            return "an exponent must be a number of at most two digits"
        if position < len(parts) - 1 and not part[exponent.end() :].strip():
            return "a power of a power is not a unit"
    return None


def pint_unit(unit: str) -> pint.Unit:
    parsed = _parsed_unit(unit)
    if isinstance(parsed, str):
        raise NewinfraError(f"unit {unit!r} is not known to pint ({parsed})")
    return parsed


# A plan's pending rows repeat a handful of units thousands of times; pint parses each
# spelling once. Units are immutable, so sharing one parse is safe.
@lru_cache(maxsize=4096)
def _parsed_unit(unit: str) -> pint.Unit | str:
    """The pint unit, or why the text is not one."""
    name = PINT_NAMES.get(unit, unit)
    problem = _power_problem(name)
    if problem:
        return problem
    try:
        return registry().Unit(name)
    except _NOT_A_UNIT as exc:
        return str(exc).strip() or "not a unit expression"


def is_known(unit: str) -> bool:
    try:
        pint_unit(unit)
    except NewinfraError:
        return False
    return True


def convert(value: float, unit: str, to_unit: str) -> float:
    """``value`` in ``unit`` expressed in ``to_unit``; NaN stays NaN.

    >>> convert(100, "Mbps", "Gbps")
    0.1
    >>> convert(150e4, "kW", "MW")
    1500.0
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return math.nan
    if unit == to_unit:
        return float(value)
    ureg = registry()
    try:
        quantity = ureg.Quantity(float(value), pint_unit(unit)).to(pint_unit(to_unit))
    except pint.errors.DimensionalityError:
        raise NewinfraError(
            f"cannot convert {unit!r} to {to_unit!r}: different dimensions"
        ) from None
    return float(round(quantity.magnitude, 12))


def convertible(unit: str, to_unit: str) -> bool:
    try:
        convert(1.0, unit, to_unit)
    except NewinfraError:
        return False
    return True
