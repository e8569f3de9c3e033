"""Figures as a reader writes them: magnitudes in words, ranges whole, bounds and flows named."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.analysis.figures import growth_text, in_words, step_text, written_value


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1.28e12, "=", "CNY"), "RMB 1.28 trillion"),
        ((2e7, ">=", "count"), "≥ 20 million"),
        ((1000.0, "~", "PFLOPS", 3000.0), "≈ 1,000–3,000 PFLOPS"),
        ((1.0, "=", "count", 2.0), "1–2"),
        # Lower is better: the range reads in the plan's order, from 45 down to 32 nm.
        ((32.0, "=", "nm", 45.0, False), "45–32 nm"),
        ((95.0, ">=", "percent"), "≥ 95%"),
        ((20000.0, ">=", "count"), "≥ 20,000"),
        ((1234567.0, "=", "count"), "1,234,567"),
    ],
)
def test_written_values_keep_ranges_whole_and_say_magnitudes_in_words(args, expected):
    assert written_value(*args) == expected


@given(st.integers(100, 99_999), st.sampled_from([1e6, 1e9, 1e12]))
def test_words_say_the_same_number(hundredths, scale):
    value = hundredths / 100 * scale
    number, word = in_words(value).split(" ")
    scales = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
    assert math.isclose(float(number.replace(",", "")) * scales[word], value, rel_tol=1e-9)


def test_a_multiple_from_a_floor_is_a_ceiling_and_flows_show_their_years():
    assert step_text({"multiple": 2.0, "multiple_bound": "<=", "is_flow": False}) == "≤ ×2"
    assert step_text({"multiple": 3.0, "multiple_bound": ">=", "is_flow": False}) == "≥ ×3"
    flow = {"multiple": 1.5, "is_flow": True, "per_year_std": 50000.0,
            "previous_per_year_std": 100000 / 3}  # fmt: skip
    assert step_text(flow) == "33,333/yr → 50,000/yr, ×1.5"
    assert growth_text(0.189, "<=") == "at most +19%/yr"
    assert growth_text(float("nan")) == ""
