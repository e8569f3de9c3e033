"""One plan order everywhere: context last, then place, horizon, period start, plan_id."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from newinfra.analysis import orders, themes

PLANS = pd.DataFrame(
    [
        # plan_id, is_context, place_order, horizon_year, period_start
        ("home-2013", False, 0, 2013, 2011),
        ("home-2026", False, 0, 2026, 2023),
        ("home-2026b", False, 0, 2026, 2024),
        ("home-news", True, 0, 2025, 2021),
        ("district-2022", False, 1, 2022, 2020),
        ("district-2027", False, 1, 2027, 2025),
        ("other-2026", False, 2, 2026, 2024),
        ("other-2026a", False, 2, 2026, 2024),
    ],
    columns=["plan_id", "is_context", "place_order", "horizon_year", "period_start"],
)
EXPECTED = [
    "home-2013", "home-2026", "home-2026b",
    "district-2022", "district-2027",
    "other-2026", "other-2026a",
    "home-news",
]  # fmt: skip


def test_plans_are_grouped_by_place_with_context_last():
    assert orders.plan_order(PLANS) == EXPECTED


@given(st.permutations(range(len(PLANS))), st.integers(1, 3))
def test_row_order_and_repeated_rows_never_change_the_plan_order(permutation, copies):
    shuffled = pd.concat([PLANS.iloc[list(permutation)]] * copies, ignore_index=True)
    assert orders.plan_order(shuffled) == EXPECTED
    assert list(orders.plan_rank(shuffled)) == EXPECTED


def test_theme_sources_follow_the_same_order_primary_source_first():
    sources = PLANS.assign(source_id=PLANS["plan_id"] + "-zh", primary=True)
    briefings = PLANS.assign(source_id=PLANS["plan_id"] + "-a-en", primary=False)
    both = pd.concat([briefings, sources], ignore_index=True).sample(frac=1, random_state=3)
    ordered = themes.source_order(both)
    assert ordered[::2] == [f"{plan}-zh" for plan in EXPECTED]
    assert ordered[1::2] == [f"{plan}-a-en" for plan in EXPECTED]
