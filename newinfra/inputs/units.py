"""Unit conversion with pint: the extractor's unit words to each metric's canonical unit.

pint takes about half a second to import and load its units, more than a
command spends on everything else it asks of it. What pint answers here is
two kinds of fact: whether a text is a unit (and why not), and the number a
value in one unit is multiplied by to be in another (pint multiplies by that
same number, so the result is the same float). Both are kept in a table in
the cache folder, signed like every cached result and keyed by pint's version
and the library's code; a command whose units are all in it never loads pint.
Units with an offset or a logarithm (degC, dB) are not a multiplication and
always go to pint.
"""

from __future__ import annotations

import atexit
import functools
import importlib.metadata
import math
import re
import tokenize
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from newinfra.core import cache
from newinfra.core.errors import NewinfraError

if TYPE_CHECKING:
    import pint

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
    import pint

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
    ValueError,
    AttributeError,
    TypeError,
    AssertionError,
    ArithmeticError,
    LookupError,  # "%^0": pint drops the unit raised to 0, then looks it up by name
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
        raise _not_a_unit(unit, parsed)
    return parsed


def _not_a_unit(unit: str, problem: str) -> NewinfraError:
    return NewinfraError(f"unit {unit!r} is not known to pint ({problem})")


# A plan's pending rows repeat a handful of units thousands of times; pint parses each
# spelling once. Units are immutable, so sharing one parse is safe.
@lru_cache(maxsize=4096)
def _parsed_unit(unit: str) -> pint.Unit | str:
    """The pint unit, or why the text is not one."""
    name = PINT_NAMES.get(unit, unit)
    problem = _power_problem(name)
    if problem:
        return problem
    ureg = registry()
    import pint

    try:
        return ureg.Unit(name)
    except (pint.errors.PintError, *_NOT_A_UNIT) as exc:
        return str(exc).strip() or "not a unit expression"


def is_known(unit: str) -> bool:
    return not _problem(unit)


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
    factor = _factor(unit, to_unit)
    if factor is _NOT_A_PRODUCT:
        return _pint_convert(value, unit, to_unit)
    return float(round(float(value) * factor, 12))


def convertible(unit: str, to_unit: str) -> bool:
    try:
        convert(1.0, unit, to_unit)
    except NewinfraError:
        return False
    return True


def _pint_convert(value: float, unit: str, to_unit: str) -> float:
    """:func:`convert` as pint computes it."""
    return float(round(_pint_convert_exactly(float(value), unit, to_unit), 12))


def _different_dimensions(unit: str, to_unit: str) -> NewinfraError:
    return NewinfraError(f"cannot convert {unit!r} to {to_unit!r}: different dimensions")


# -- what pint answered, kept -----------------------------------------------------------

# A factor of the table: a number, or None where the units measure different things.
# Offset and logarithmic units are not a factor: _NOT_A_PRODUCT, in memory only.
_NOT_A_PRODUCT = object()
_FACTS_NAME = "unit-facts"


@dataclass
class _Facts:
    problems: dict[str, str] = field(default_factory=dict)  # unit -> why not ("": a unit)
    factors: dict[tuple[str, str], float | None] = field(default_factory=dict)
    added: bool = False


def _facts_key() -> tuple:
    return ("pint", importlib.metadata.version("pint"), cache.code_fingerprint())


@functools.lru_cache(maxsize=1)
def _facts() -> _Facts:
    """The facts kept by earlier commands (written back when the process ends)."""
    key = _facts_key()
    facts = _Facts()
    kept = cache.stored(_FACTS_NAME, key)
    if _is_table(kept):
        facts.problems.update(kept[0])
        facts.factors.update(kept[1])
    atexit.register(_keep, facts, key)
    return facts


def _is_table(kept) -> bool:
    if not (isinstance(kept, tuple) and len(kept) == 2):
        return False
    problems, factors = kept
    return (
        isinstance(problems, dict)
        and isinstance(factors, dict)
        and all(isinstance(k, str) and isinstance(v, str) for k, v in problems.items())
        and all(
            isinstance(pair, tuple)
            and len(pair) == 2
            and all(isinstance(u, str) for u in pair)
            and (factor is None or isinstance(factor, float))
            for pair, factor in factors.items()
        )
    )


def _keep(facts: _Facts, key: tuple) -> None:
    if facts.added:
        factors = {pair: f for pair, f in facts.factors.items() if f is not _NOT_A_PRODUCT}
        cache.store(_FACTS_NAME, key, (dict(facts.problems), factors))
        facts.added = False


def _problem(unit: str) -> str:
    """Why ``unit`` is not a unit pint reads, or "" when it is one."""
    facts = _facts()
    problem = facts.problems.get(unit)
    if problem is None:
        parsed = _parsed_unit(unit)
        problem = parsed if isinstance(parsed, str) else ""
        facts.problems[unit] = problem
        facts.added = True
    return problem


def _factor(unit: str, to_unit: str):
    """The number a value in ``unit`` is multiplied by to be in ``to_unit``, or _NOT_A_PRODUCT.

    Raises NewinfraError, as pint's conversion would, for a text that is not a
    unit or for units of different dimensions.
    """
    for text in (unit, to_unit):
        problem = _problem(text)
        if problem:
            raise _not_a_unit(text, problem)
    facts = _facts()
    pair = (unit, to_unit)
    if pair not in facts.factors:
        facts.factors[pair] = _pint_factor(unit, to_unit)
        facts.added = facts.added or facts.factors[pair] is not _NOT_A_PRODUCT
    factor = facts.factors[pair]
    if factor is None:
        raise _different_dimensions(unit, to_unit)
    return factor


# Values a factor must turn into their products to stand for pint's conversion: zero
# (an offset moves it), a negative, a large and a small value (a logarithm does not scale).
_PROBES = (0.0, 2.0, -3.5, 1e6, 1e-6)


def _pint_factor(unit: str, to_unit: str):
    """pint's factor from ``unit`` to ``to_unit``: a float, None (different dimensions),
    or _NOT_A_PRODUCT where pint's conversion is not a multiplication."""
    try:
        factor = _pint_convert_exactly(1.0, unit, to_unit)
    except NewinfraError:
        return None
    with warnings.catch_warnings():  # a logarithm of the zero or negative probe
        warnings.simplefilter("ignore", RuntimeWarning)
        products = all(_pint_convert_exactly(p, unit, to_unit) == p * factor for p in _PROBES)
    return float(factor) if products and math.isfinite(factor) else _NOT_A_PRODUCT


def _pint_convert_exactly(value: float, unit: str, to_unit: str) -> float:
    """pint's conversion, not rounded."""
    import pint

    try:
        quantity = registry().Quantity(value, pint_unit(unit)).to(pint_unit(to_unit))
    except pint.errors.DimensionalityError:
        raise _different_dimensions(unit, to_unit) from None
    return quantity.magnitude
