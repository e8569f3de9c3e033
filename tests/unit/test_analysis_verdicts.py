"""A verdict for any made-up target and status pair follows the rules in analysis.verdicts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.analysis.verdict_classes import GREEN
from newinfra.analysis.verdicts import judge


def _expected(goal, value, horizon, year, related, known, as_of_year, higher) -> str:
    """The documented classification of one target with at most one status."""
    passed = horizon < as_of_year
    if not known:
        return "not reported" if passed else "pending"
    reaches = value >= goal if higher else value <= goal
    lag = year - horizon
    if related:
        if reaches:
            return "on a related measure"
        return "not reported" if passed else "pending"
    if reaches:
        return "met early" if lag < 0 else "met" if lag <= 1 else "reached later"
    if abs(lag) <= 1:
        return "not met" if passed else "pending"
    return "not reported" if passed else "pending"


# Each example joins and sorts small frames: 60 cover the branches in a few seconds.
@settings(max_examples=60)
@given(
    goal=st.integers(1, 1_000),
    value=st.integers(0, 2_000),
    horizon=st.integers(2015, 2030),
    lag=st.integers(-4, 4),
    related=st.booleans(),
    published_after=st.booleans(),
    as_of_year=st.integers(2014, 2036),
    higher=st.booleans(),
)
def test_one_status_decides_a_target_as_the_rules_say(
    goal, value, horizon, lag, related, published_after, as_of_year, higher
):
    as_of = dt.date(as_of_year, 6, 30)
    # A status is known when published on or before as_of.
    published = dt.date(as_of_year, 12, 1) if published_after else dt.date(as_of_year, 6, 1)
    keys = {"jurisdiction_id": "made-up-city", "family": "stations", "is_flow": False}
    targets = pd.DataFrame(
        [keys | {"horizon_year": horizon, "metric_id": "stations", "value_std": float(goal),
                 "value_high_std": None, "higher_is_better": higher}]
    )  # fmt: skip
    statuses = pd.DataFrame(
        [keys | {"horizon_year": horizon + lag, "value_std": float(value),
                 "metric_id": "outdoor_stations" if related else "stations",
                 "commitment_id": "status-1", "published": published.isoformat()}]
    )  # fmt: skip
    out = judge(targets, statuses, as_of).iloc[0]
    expected = _expected(
        goal, value, horizon, horizon + lag, related, not published_after, as_of_year, higher
    )
    assert out["verdict"] == expected
    decided = expected not in ("not reported", "pending")
    assert (out["decided_by"] == "status-1") if decided else pd.isna(out["decided_by"])
    if decided:
        assert out["verdict_lag"] == lag
    # Only the same metric, reached in time, is ever green.
    if out["verdict"] in GREEN:
        assert not related and lag <= 1
