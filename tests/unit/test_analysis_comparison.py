"""compare(), scorecard(), lineage() on the made-up project of tests/unit/conftest.py."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from newinfra.analysis.comparison import (
    COMPARE_COLUMNS,
    UNLINKED_FLAG,
    compare,
    linked_families,
    scorecard,
)
from newinfra.analysis.lineage import lineage
from newinfra.core.errors import ParameterError


def _row(frame: pd.DataFrame, plan_id: str, metric_id: str, kind: str = "target") -> pd.Series:
    rows = frame[
        (frame["plan_id"] == plan_id) & (frame["metric_id"] == metric_id) & (frame["kind"] == kind)
    ]
    assert len(rows) == 1, (plan_id, metric_id, kind, len(rows))
    return rows.iloc[0]


@pytest.fixture
def long(made_up, as_of) -> pd.DataFrame:
    return compare(as_of=as_of)


def test_compare_returns_every_commitment_in_the_documented_columns(long, as_of):
    assert list(long.columns) == COMPARE_COLUMNS
    # 12 targets (the briefing adds one, repeats another) and the city's 5 statuses.
    assert long["kind"].value_counts().to_dict() == {"target": 12, "baseline": 5}
    assert set(long["as_of"]) == {as_of}


def test_a_stock_is_set_against_the_previous_plans_target_with_its_growth(long):
    row = _row(long, "city-b", "5g_base_stations")
    assert row["previous_plan_id"] == "city-a"
    assert row["previous_year"] == 2020
    assert row["previous_value_std"] == 10_000
    assert row["multiple"] == pytest.approx(3.0)
    assert row["cagr"] == pytest.approx(3 ** (1 / 3) - 1)
    assert pd.isna(row["difference"])


def test_additions_are_compared_per_year_of_each_plan_without_growth_rate(long):
    row = _row(long, "city-b", "ev_smart_charging_points")
    assert row["per_year_std"] == pytest.approx(2_000)
    assert row["previous_per_year_std"] == pytest.approx(1_000)
    assert row["multiple"] == pytest.approx(2.0)
    assert pd.isna(row["cagr"])
    assert "additions compared per year of each plan" in row["flags"]


def test_a_share_gets_the_difference_and_no_multiple(long):
    row = _row(long, "city-b", "wlan_public_place_coverage")
    assert row["difference"] == pytest.approx(15.0)
    assert pd.isna(row["multiple"])


@pytest.mark.parametrize(
    ("plan_id", "metric_id", "verdict", "decided_by_year"),
    [
        ("city-a", "5g_base_stations", "met", 2020),
        ("city-b", "5g_base_stations", "not met", 2023),
        ("city-c", "5g_base_stations", "pending", None),
        ("city-a", "idc_racks", "not met", 2020),
        ("city-b", "enterprises_on_cloud", "on a related measure", 2023),
        ("city-a", "ev_smart_charging_points", "not reported", None),
        ("lanxi-a", "5g_base_stations", "pending", None),
    ],
)
def test_each_target_gets_the_verdict_its_statuses_decide(
    long, plan_id, metric_id, verdict, decided_by_year
):
    row = _row(long, plan_id, metric_id)
    assert row["verdict"] == verdict
    if decided_by_year is None:
        assert pd.isna(row["decided_by_year"])
    else:
        assert row["decided_by_year"] == decided_by_year


def test_a_status_of_another_place_never_decides_a_target(long):
    # The district's 2026 target has no status of its own; the city's 2023 status is not its.
    row = _row(long, "lanxi-a", "5g_base_stations")
    assert pd.isna(row["status_value_std"])
    assert pd.isna(row["decided_by"])


def test_a_target_is_set_against_the_status_reported_before_its_horizon(long):
    row = _row(long, "city-b", "5g_base_stations")
    assert (row["status_year"], row["status_value_std"]) == (2020, 12_000)
    assert row["multiple_vs_status"] == pytest.approx(2.5)
    assert row["cagr_vs_status"] == pytest.approx(2.5 ** (1 / 3) - 1)
    # Additions are never set against a level.
    assert pd.isna(_row(long, "city-b", "ev_smart_charging_points")["multiple_vs_status"])


def test_flags_name_hedged_wording_and_families_without_a_predecessor(long):
    hedged = _row(long, "city-b", "enterprises_on_cloud")
    assert hedged["commitment"] == "strive"
    assert "commitment is 'strive', not firm" in hedged["flags"]
    assert UNLINKED_FLAG in hedged["flags"]
    assert UNLINKED_FLAG in _row(long, "lanxi-a", "5g_base_stations")["flags"]
    assert pd.isna(_row(long, "city-a", "5g_base_stations")["flags"])


def test_verdicts_follow_as_of_not_the_day_they_are_computed(made_up):
    # Before city-b's 2020 status was published (2021-01-15), city-a's 2020 target was undecided.
    early = compare(metrics=["5g_base_stations"], as_of="2020-06-30")
    assert _row(early, "city-a", "5g_base_stations")["verdict"] == "pending"
    late = compare(metrics=["5g_base_stations"], as_of="2021-06-30")
    assert _row(late, "city-a", "5g_base_stations")["verdict"] == "met"


def test_filters_keep_the_metrics_domain_horizons_and_place_asked_for(made_up, as_of):
    racks = compare(metrics=["idc_racks"], as_of=as_of)
    assert set(racks["metric_id"]) == {"idc_racks"}
    assert len(racks) == 3
    due_2023 = compare(horizons=[2023], as_of=as_of)
    assert set(due_2023.loc[due_2023["kind"] == "target", "horizon_year"]) == {2023}
    assert set(due_2023.loc[due_2023["kind"] == "baseline", "horizon_year"]) == {2023}
    district = compare(jurisdiction="lanxi", as_of=as_of)
    assert district["plan_id"].tolist() == ["lanxi-a"]
    family = compare(metrics=["enterprises_on_cloud"], as_of=as_of)
    # A family id keeps every member: the SME status too.
    assert set(family["metric_id"]) == {"enterprises_on_cloud", "enterprises_on_cloud_sme"}
    computing = compare(domain="computing", as_of=as_of)
    assert set(computing["family"]) == {"idc_racks"}


def test_an_empty_comparison_says_why(made_up, as_of):
    empty = compare(metrics=["idc_racks"], jurisdiction="lanxi", as_of=as_of)
    assert empty.empty
    assert empty.attrs["empty"] == "no figure matches the metrics, domain or horizons given"


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"metrics": ["no_such_metric"]}, "metrics"),
        ({"domain": "no_such_domain"}, "domain"),
        ({"horizons": [1999]}, "horizons"),
        ({"horizons": []}, "horizons"),
        ({"jurisdiction": "atlantis"}, "jurisdiction"),
    ],
)
def test_a_bad_parameter_is_one_error_naming_it(made_up, arguments, named):
    with pytest.raises(ParameterError) as raised:
        compare(**arguments)
    assert named in str(raised.value)


def test_the_wide_table_has_one_column_per_plan_in_series_order_then_status_years(made_up, as_of):
    wide = compare(wide=True, as_of=as_of)
    plans = [c for c in wide.columns if c.startswith(("city-", "lanxi-"))]
    assert plans == ["city-a", "city-b", "city-outlook", "city-c", "lanxi-a"]
    statuses = [c for c in wide.columns if c.startswith("status ")]
    assert statuses == ["status 2017", "status 2020", "status 2023"]
    stations = wide[(wide["jurisdiction_id"] != "lanxi") & (wide["family"] == "5g_base_stations")]
    assert stations[["city-a", "city-b", "city-c", "status 2020"]].iloc[0].tolist() == [
        10_000,
        30_000,
        60_000,
        12_000,
    ]


def test_the_scorecard_holds_the_decided_targets_only(made_up, as_of):
    card = scorecard(as_of=as_of)
    assert "pending" not in set(card["verdict"])
    assert card["verdict"].value_counts().to_dict() == {
        "not reported": 5,
        "not met": 2,
        "met": 1,
        "on a related measure": 1,
    }
    assert scorecard(as_of=as_of, jurisdiction="lanxi").empty


def test_linked_families_are_those_with_figures_in_two_years_of_one_place(made_up):
    assert linked_families() == [
        "5g_base_stations",
        "ev_smart_charging_points",
        "idc_racks",
        "wlan_public_place_coverage",
    ]


def test_lineage_says_new_rescaled_and_dropped_plan_by_plan(made_up):
    table = lineage()
    stations = table[table["family"] == "5g_base_stations"]
    assert stations["status"].tolist() == ["new", "rescaled", "rescaled"]
    assert stations["multiple"].iloc[1:].tolist() == [3.0, 2.0]
    charging = table[table["family"] == "ev_smart_charging_points"]
    assert charging[["plan_id", "status"]].values.tolist() == [
        ["city-a", "new"],
        ["city-b", "rescaled"],
        ["city-c", "dropped"],
    ]
    assert charging["from_plan"].iloc[2] == "city-b"
    # A place with one plan has no lineage; a context document is no link of a series.
    assert set(table["jurisdiction_id"]) == {table["jurisdiction_id"].iloc[0]}
    assert "city-outlook" not in set(table["plan_id"])
    assert set(lineage(["idc_racks"])["family"]) == {"idc_racks"}
    assert lineage(jurisdiction="lanxi").empty


def test_a_share_is_rescaled_by_its_value_without_a_multiple(made_up):
    table = lineage(["wlan_public_place_coverage"])
    assert table["status"].tolist() == ["new", "rescaled", "dropped"]
    # 80% then 95%: a share has no multiple, so it is rescaled by its value.
    assert math.isnan(table["multiple"].iloc[1])
