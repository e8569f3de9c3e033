"""What pint answered is kept signed in the cache folder; the answers are pint's, to the bit."""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.core import cache
from newinfra.inputs import units

UNITS = [
    "", "count", "point", "percent", "fraction", "percentage_point", "km2", "1/km2", "km**2",
    "Mbps", "Gbps", "Tbps", "kbps", "GB/s", "W", "kW", "MW", "t", "kg", "inch", "nm", "ms",
    "year", "CNY", "USD", "PFLOPS", "1/ten_thousand_people", "degC", "K", "dB", "Gbps/", "kW)",
]  # fmt: skip


@pytest.fixture
def fresh_facts():
    """Facts forgotten in memory before and after (the table on disk is the test's own)."""
    units._facts.cache_clear()
    yield
    units._facts.cache_clear()


def _as_pint_says(value: float, unit: str, to_unit: str):
    if unit == to_unit:
        return float(value)
    try:
        return units._pint_convert(value, unit, to_unit)
    except Exception as exc:  # noqa: BLE001 - the error is part of the answer compared
        return type(exc).__name__, str(exc)


def _as_converted(value: float, unit: str, to_unit: str):
    try:
        return units.convert(value, unit, to_unit)
    except Exception as exc:  # noqa: BLE001
        return type(exc).__name__, str(exc)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # pint on dB of a huge value
@settings(max_examples=400, deadline=None)
@given(
    value=st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12),
    unit=st.sampled_from(UNITS),
    to_unit=st.sampled_from(UNITS),
)
def test_a_kept_factor_gives_pints_own_float_or_error(value, unit, to_unit):
    converted, said = _as_converted(value, unit, to_unit), _as_pint_says(value, unit, to_unit)
    both_nan = all(isinstance(x, float) and math.isnan(x) for x in (converted, said))
    assert both_nan or converted == said  # the logarithm of a negative number is NaN in both


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # pint: the logarithm of a negative
def test_a_negative_value_in_decibels_is_nan_as_pint_says():
    assert math.isnan(units.convert(-1.0, "", "dB"))


def test_offset_and_logarithmic_units_are_not_kept_as_factors(fresh_facts, monkeypatch):
    monkeypatch.setenv("NEWINFRA_CACHE", "off")
    assert units.convert(0, "degC", "K") == 273.15
    assert units.convert(100, "Mbps", "Gbps") == 0.1
    facts = units._facts()
    assert facts.factors[("degC", "K")] is units._NOT_A_PRODUCT
    assert facts.factors[("Mbps", "Gbps")] == 0.001
    with pytest.raises(Exception, match="different dimensions"):
        units.convert(1, "Gbps", "km2")
    assert facts.factors[("Gbps", "km2")] is None


def test_the_table_is_kept_signed_and_read_back(fresh_facts, tmp_path: Path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWINFRA_CACHE", str(folder))
    assert units.convertible("Mbps", "Gbps") and not units.is_known("kW)")
    units._keep(units._facts(), units._facts_key())
    [path] = folder.glob("unit-facts-*.pkl")
    units._facts.cache_clear()
    facts = units._facts()
    assert facts.factors[("Mbps", "Gbps")] == 0.001
    assert facts.problems["kW)"] and facts.problems["Gbps"] == ""
    # A table planted or altered by someone else is never read: pint answers again.
    payload = pickle.dumps({"key": units._facts_key(), "value": ({"kW)": ""}, {})})
    path.write_bytes(cache.HEADER + b"\0" * 32 + payload)
    units._facts.cache_clear()
    assert not units._facts().problems and not units.is_known("kW)")


_SECOND_COMMAND = """
import sys
from newinfra.inputs import units
assert units.convert(150e4, "kW", "MW") == 1500.0
assert units.is_known("Gbps") and not units.is_known("Gbps/")
assert not units.convertible("Gbps", "km2")
print("pint loaded" if "pint" in sys.modules else "pint not loaded")
"""


def test_a_later_command_with_known_units_does_not_load_pint(tmp_path: Path):
    env = {**os.environ, "NEWINFRA_CACHE": str(tmp_path / "cache")}

    def run() -> str:
        done = subprocess.run(
            [sys.executable, "-c", _SECOND_COMMAND], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "pint loaded"  # the first command asks pint and keeps its answers
    assert run() == "pint not loaded"


def test_nan_stays_nan_without_asking_anything():
    assert math.isnan(units.convert(math.nan, "kW)", "MW"))
