"""The comparison's verdict, flag and step rules, on tiny made-up rows."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newinfra.analysis.comparison import _flags, _growth, _step, _verdict


def _figure(**changes) -> pd.Series:
    """One ledger row as compare() sees it, firm and unremarkable unless changed."""
    row = {
        "target_id": "t-1",
        "plan_id": "plan-a",
        "metric_id": "racks",
        "kind": "target",
        "horizon_year": 2020,
        "value_std": 100.0,
        "value_high": math.nan,
        "basis": "cumulative",
        "commitment": "firm",
        "quote": "100",
        "doc_type": "plan_text",
        "comparator": "=",
        "higher_is_better": True,
    }
    row.update(changes)
    return pd.Series(row)


def _later(*rows: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(rows) if rows else pd.DataFrame(columns=_figure().index)


PLANS = pd.DataFrame(
    {"evidence": ["full_text", "briefing_only"]}, index=pd.Index(["plan-a", "plan-b"])
)
DEFINITIONS = pd.Series({"racks": "racks in use", "racks_built": "racks built"})


# ---------------------------------------------------------------- verdict


def test_only_targets_get_a_verdict():
    assert _verdict(_figure(kind="baseline"), _later(), as_of=2030) == {}


def test_a_target_due_this_year_or_later_is_pending():
    assert _verdict(_figure(horizon_year=2030), _later(), as_of=2030) == {"verdict": "pending"}


def test_a_passed_target_without_a_later_figure_is_not_reported():
    earlier = _figure(target_id="b-1", kind="baseline", horizon_year=2019, value_std=500.0)
    out = _verdict(_figure(), _later(earlier), as_of=2030)
    assert out["verdict"] == "not reported"
    assert "no later document" in out["verdict_note"]


@pytest.mark.parametrize(("status", "verdict"), [(100.0, "met"), (150.0, "met"), (99.0, "not met")])
def test_higher_is_better_is_met_at_or_above_the_goal(status: float, verdict: str):
    baseline = _figure(target_id="b-1", kind="baseline", horizon_year=2020, value_std=status)
    out = _verdict(_figure(), _later(baseline), as_of=2030)
    assert out["verdict"] == verdict
    assert (out["decided_by"], out["decided_by_year"], out["decided_by_value_std"]) == (
        "b-1",
        2020,
        status,
    )
    assert out["verdict_note"] is None


def test_the_first_figure_at_or_after_the_horizon_decides():
    first = _figure(target_id="b-1", kind="baseline", horizon_year=2022, value_std=50.0)
    second = _figure(target_id="b-2", kind="baseline", horizon_year=2024, value_std=500.0)
    out = _verdict(_figure(), _later(second, first), as_of=2030)
    assert (out["verdict"], out["decided_by"]) == ("not met", "b-1")
    assert out["verdict_note"] == "status reported for 2022, 2 years after the horizon"


@pytest.mark.parametrize(("status", "verdict"), [(10.0, "met"), (12.0, "met"), (13.0, "not met")])
def test_lower_is_better_is_met_up_to_the_top_of_a_range(status: float, verdict: str):
    target = _figure(higher_is_better=False, value_std=10.0, value_high=12.0)
    baseline = _figure(target_id="b-1", kind="baseline", value_std=status)
    assert _verdict(target, _later(baseline), as_of=2030)["verdict"] == verdict


def test_lower_is_better_without_a_range_is_met_at_or_below_the_goal():
    target = _figure(higher_is_better=False, value_std=10.0)
    baseline = _figure(target_id="b-1", kind="baseline", value_std=11.0)
    assert _verdict(target, _later(baseline), as_of=2030)["verdict"] == "not met"


def test_a_status_of_another_metric_says_so():
    baseline = _figure(target_id="b-1", kind="baseline", metric_id="racks_built")
    out = _verdict(_figure(), _later(baseline), as_of=2030)
    assert out["verdict_note"] == "status measures racks_built, the target racks"


# ---------------------------------------------------------------- flags


def test_a_firm_full_text_figure_has_no_flags():
    assert _flags(_figure(), None, DEFINITIONS, PLANS) == []


def test_a_different_definition_and_basis_from_the_previous_figure_are_flagged():
    previous = _figure(metric_id="racks_built", basis="new")
    flags = _flags(_figure(), previous, DEFINITIONS, PLANS)
    assert flags == [
        "different definition: racks_built (racks built) vs racks (racks in use)",
        "different basis: new vs cumulative",
    ]


def test_an_unknown_basis_is_not_a_difference():
    previous = _figure(basis="unknown")
    assert _flags(_figure(), previous, DEFINITIONS, PLANS) == []


def test_ranges_on_either_side_are_flagged():
    previous = _figure(value_high=120.0, quote="100-120")
    row = _figure(value_high=300.0, quote="200-300")
    assert _flags(row, previous, DEFINITIONS, PLANS) == [
        "previous figure is a range (100-120)",
        "range (200-300)",
    ]


@pytest.mark.parametrize("commitment", ["strive", "explore", "pilot"])
def test_a_hedged_commitment_is_flagged(commitment: str):
    flags = _flags(_figure(commitment=commitment), None, DEFINITIONS, PLANS)
    assert flags == [f"commitment is '{commitment}', not firm"]


@pytest.mark.parametrize(
    ("changes", "flag"),
    [
        ({"plan_id": "plan-b"}, "plan known only from its press briefing"),
        ({"doc_type": "news"}, "figure reported by a news article"),
        ({"doc_type": "translation"}, "figure from an unofficial translation"),
        ({"comparator": ">="}, "open-ended (>=)"),
        ({"comparator": "<="}, "open-ended (<=)"),
        ({"higher_is_better": False}, "lower is more ambitious"),
    ],
)
def test_weaker_evidence_and_direction_are_flagged(changes: dict, flag: str):
    assert _flags(_figure(**changes), None, DEFINITIONS, PLANS) == [flag]


def test_an_open_ended_baseline_is_not_flagged():
    row = _figure(kind="baseline", comparator=">=")
    assert _flags(row, None, DEFINITIONS, PLANS) == []


# ---------------------------------------------------------------- steps


def test_growth_is_the_ratio_and_its_compound_annual_rate():
    multiple, cagr = _growth(_figure(value_std=100.0), _figure(horizon_year=2022, value_std=400.0))
    assert multiple == 4.0
    assert cagr == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("earlier", "later", "multiple"),
    [
        ({"value_std": 0.0}, {"horizon_year": 2022}, math.nan),  # no base to divide by
        ({}, {"horizon_year": 2020, "value_std": 200.0}, 2.0),  # same year: no annual rate
        ({}, {"horizon_year": 2022, "value_std": 0.0}, 0.0),  # down to nothing: no rate
        ({}, {"horizon_year": 2022, "value_std": -50.0}, -0.5),
    ],
)
def test_growth_has_no_rate_without_a_positive_ratio_over_years(
    earlier: dict, later: dict, multiple: float
):
    got_multiple, cagr = _growth(_figure(**earlier), _figure(**later))
    assert got_multiple == pytest.approx(multiple, nan_ok=True)
    assert math.isnan(cagr)


def test_step_names_its_columns_by_what_it_compares():
    earlier = _figure(horizon_year=2018, value_std=50.0)
    later = _figure(horizon_year=2020, value_std=200.0)
    assert _step(earlier, later, "status_year", "status_value_std", "_vs_status") == {
        "status_year": 2018,
        "status_value_std": 50.0,
        "multiple_vs_status": 4.0,
        "cagr_vs_status": pytest.approx(1.0),
    }
    assert set(_step(earlier, later, "previous_year", "previous_value_std", "")) == {
        "previous_year",
        "previous_value_std",
        "multiple",
        "cagr",
    }
