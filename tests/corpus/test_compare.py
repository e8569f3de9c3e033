"""Linked metrics across Shanghai's plans: values, multiples, growth, verdicts, flags, lineage.

These tests describe the shipped seeds and curated data: adding a plan or an
annotation moves these numbers, which is expected.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis.comparison import linked_families
from newinfra.analysis.verdict_classes import GREEN

ALL_YEARS = [2013, 2020, 2021, 2022, 2023, 2025, 2026]


def _family(family: str, **kwargs) -> pd.DataFrame:
    # Shanghai's own series: figures of places an analyst adds never enter these facts.
    kwargs.setdefault("jurisdiction", "shanghai")
    table = ni.compare(metrics=[family], horizons=ALL_YEARS, **kwargs)
    return table.reset_index(drop=True)


def _points(family: str) -> list[tuple]:
    table = _family(family)
    return list(zip(table["horizon_year"], table["kind"], table["value_std"], strict=True))


# Each link: the figures in year order (year, kind, value in the metric's unit).
LINKS = {
    "home_broadband_access_speed": [
        (2013, "target", 0.1),
        (2021, "baseline", 1.0),
        (2021, "baseline", 2.0),
        (2022, "target", 1.0),
        (2026, "target", 10.0),
    ],
    "enterprises_on_cloud": [
        (2020, "baseline", 60000),
        (2022, "target", 150000),
        (2026, "target", 400000),
    ],
    "iot_sensing_nodes": [
        (2020, "baseline", 1e6),
        (2022, "target", 1e7),
        (2025, "target", 1e8),
        (2026, "target", 2e7),
    ],
    "idc_racks": [(2013, "target", 20000), (2020, "baseline", 120000)],
    "5g_base_stations": [(2021, "baseline", 52000), (2023, "baseline", 88000)],
    "major_science_facilities": [(2020, "baseline", 14), (2023, "baseline", 11)],
    "ev_smart_charging_points": [(2022, "target", 100000), (2026, "target", 200000)],
    "homes_fibre_gigabit": [(2013, "target", 6.5e6), (2021, "baseline", 9.6e6)],
    "industrial_internet_platforms": [(2020, "baseline", 15), (2026, "target", 30)],
    "mobile_broadband_speed": [(2013, "target", 1.0), (2021, "baseline", 1000.0)],
    "plan_tasks": [(2022, "structure", 25), (2022, "structure", 26), (2026, "structure", 30)],
    "plan_measures": [(2022, "structure", 8), (2026, "structure", 7)],
    "plan_domains": [(2022, "structure", 4), (2026, "structure", 5)],
}


@pytest.mark.parametrize("family", sorted(LINKS))
def test_linked_metric_values(family):
    got = [(y, k, pytest.approx(v)) for y, k, v in _points(family)]
    assert got == [(y, k, pytest.approx(v)) for y, k, v in LINKS[family]]


def test_at_least_ten_metrics_are_linked_across_years():
    families = linked_families()
    assert len(families) >= 10
    assert set(LINKS) <= set(families)


def test_ambition_multiples_and_growth():
    cloud = _family("enterprises_on_cloud").set_index("horizon_year")
    assert cloud.loc[2022, "multiple_vs_status"] == pytest.approx(2.5)
    assert cloud.loc[2026, "multiple"] == pytest.approx(400000 / 150000)
    assert cloud.loc[2026, "cagr"] == pytest.approx((400000 / 150000) ** (1 / 4) - 1)
    # A speed class: the multiple (x10 each time), never a growth rate.
    speed = _family("home_broadband_access_speed")
    targets = speed[speed["kind"] == "target"].set_index("horizon_year")
    assert targets.loc[2022, "multiple"] == pytest.approx(10)
    assert targets.loc[2026, "multiple"] == pytest.approx(10)
    assert targets["cagr"].isna().all()
    # New charging points are additions: per year of each plan (3 and 4 years), no CAGR.
    charging = _family("ev_smart_charging_points").set_index("horizon_year")
    assert charging.loc[2026, "multiple"] == pytest.approx((200000 / 4) / (100000 / 3))
    assert pd.isna(charging.loc[2026, "cagr"])
    assert "per year" in charging.loc[2026, "flags"]
    # "Tens of millions" is a lower bound: the step from it is a bound, not a clean x2.
    iot = _family("iot_sensing_nodes").set_index("horizon_year")
    assert iot.loc[2022, "multiple_vs_status"] == pytest.approx(10)
    assert iot.loc[2022, "vague"]
    assert iot.loc[2026, "previous_plan_id"] == "newinfra-2020-2022"
    assert iot.loc[2026, "multiple_bound"] == "<="
    assert "previous figure is vague" in iot.loc[2026, "flags"]
    # The news feature's 2025 target is context: never a link of the series.
    assert pd.isna(iot.loc[2025, "previous_plan_id"])
    structure = _family("plan_tasks")
    assert structure[["multiple", "cagr"]].isna().all().all()


def test_verdicts_for_passed_horizons():
    card = ni.scorecard(as_of=2026).set_index("metric_id")
    # Was "met": 120,000 racks reported for 2020 says nothing of 2013; reached later.
    assert card.loc["idc_racks", "verdict"] == "reached later"
    assert card.loc["idc_racks", "decided_by"] == "newinfra-2020-2022-briefing-en:2467-2484"
    assert "7 years after the horizon" in card.loc["idc_racks", "verdict_note"]
    # Was "met": gigabit-network homes are a related measure, not fibre-to-the-home reach.
    assert card.loc["homes_fibre_access", "verdict"] == "on a related measure"
    assert card.loc["homes_fibre_access", "decided_by_metric_id"] == "homes_gigabit_covered"
    # Was "met": a gigabit city is a related measure of the 2013 3G >= 1 Mbps target.
    assert card.loc["mobile_broadband_speed_citywide", "verdict"] == "on a related measure"
    assert card.loc["enterprises_on_cloud", "verdict"] == "not reported"
    assert "SMEs" in card.loc["enterprises_on_cloud", "verdict_note"]
    assert card.loc["ev_smart_charging_points", "verdict"] == "not reported"
    # The 1 Gbps class reported for 2021 (the same metric) meets the 2022 gigabit target early;
    # the 2 Gbps package on offer is another metric of the family and does not decide it.
    speed = card[card["plan_id"] == "newinfra-2020-2022"].loc["home_broadband_access_speed"]
    assert speed["verdict"] == "met early" and speed["verdict_lag"] == -1
    assert speed["decided_by"] == "digital-2025-news-en:5181-5187"
    # Was "met": the 2013 100 Mbps class, first reported reached in 2021.
    old = card[card["plan_id"] == "smartcity-2011-2013"].loc["home_broadband_access_speed"]
    assert old["verdict"] == "reached later" and old["decided_by"] == speed["decided_by"]
    assert set(card["horizon_year"]) <= {2013, 2022, 2025}
    pending = _family("ev_smart_charging_points", as_of=2026)
    assert pending.loc[pending["horizon_year"] == 2026, "verdict"].item() == "pending"
    assert (pending["as_of"] == "2026-01-01").all()


def test_no_green_verdict_rests_on_another_metric_or_late_evidence():
    card = ni.scorecard(as_of="2026-11-30")
    green = card[card["verdict"].isin(GREEN)]
    assert not green.empty
    assert (green["decided_by_metric_id"] == green["metric_id"]).all()
    assert (green["verdict_lag"] <= 1).all()


def test_the_status_before_a_target_is_of_its_own_metric_first():
    # Two statuses of 2021 in one family: the 1 Gbps class (same metric) comes before the
    # 2 Gbps package on offer, whatever their order (it used to be the larger one).
    speed = _family("home_broadband_access_speed").set_index("horizon_year")
    assert speed.loc[2026, "status_value_std"] == 1.0
    assert speed.loc[2026, "multiple_vs_status"] == 10.0


def test_verdicts_do_not_change_with_the_day_they_are_computed():
    early = ni.scorecard(as_of="2027-12-31")
    late = ni.scorecard(as_of="2027-01-01")
    pd.testing.assert_frame_equal(early.drop(columns="as_of"), late.drop(columns="as_of"))


def test_flags_name_what_would_mislead():
    cloud = _family("enterprises_on_cloud").set_index("horizon_year")
    assert "different definition" in cloud.loc[2026, "flags"]
    assert "plan known only from its press briefing" in cloud.loc[2022, "flags"]
    racks = _family("idc_racks").set_index("horizon_year")
    assert "commitment is 'strive'" in racks.loc[2013, "flags"]
    assert "unofficial translation" in racks.loc[2013, "flags"]
    tasks = _family("plan_tasks").set_index("horizon_year")
    assert tasks.loc[2022, "flags"].str.contains("sources disagree for 2022").all()
    assert "sources disagree" not in str(tasks.loc[2026, "flags"])
    stations = _family("5g_base_stations").set_index("horizon_year")
    assert "Outdoor" in stations.loc[2023, "flags"]
    hpc = ni.targets(plan="newinfra-2023-2026").query("metric_id == 'hpc_peak_performance'")
    assert hpc["value_high"].item() == 300


def test_default_horizons_come_from_the_data_and_the_wide_view_keys_on_plans():
    long = ni.compare()
    targets = long[long["kind"] != "baseline"]
    assert set(targets["horizon_year"]) <= set(ni.plans()["horizon_year"])
    assert 2025 in set(targets["horizon_year"])  # the news feature's own targets
    wide = ni.compare(wide=True, jurisdiction="shanghai").set_index("family")
    assert wide.loc["home_broadband_access_speed", "smartcity-2011-2013"] == pytest.approx(0.1)
    assert wide.loc["home_broadband_access_speed", "newinfra-2023-2026"] == pytest.approx(10)
    assert wide.loc["idc_racks", "status 2020"] == pytest.approx(120000)
    assert math.isnan(wide.loc["idc_racks", "newinfra-2023-2026"])


def test_domain_filter_and_parameter_errors():
    network = ni.compare(domain="network")
    assert "home_broadband_access_speed" in set(network["family"])
    assert "enterprises_on_cloud" not in set(network["family"])
    with pytest.raises(ni.ParameterError, match="domain.*valid choices.*network"):
        ni.compare(domain="roads")
    with pytest.raises(ni.ParameterError, match="metrics.*idc_racks"):
        ni.compare(metrics=["no_such_metric"])
    with pytest.raises(ni.ParameterError, match="horizons.*2013"):
        ni.compare(horizons=[1999])


def test_domain_profile_counts_tasks_and_targets():
    profile = ni.domain_profile().set_index(["plan_id", "domain"])
    new = profile.loc[("newinfra-2023-2026", "terminals")]
    assert new["tasks"] == 10 and new["tasks_with_number"] == 9
    assert profile.loc[("newinfra-2023-2026", "network"), "tasks"] == 4
    assert profile.loc[("newinfra-2023-2026", "security"), "tasks"] == 1
    assert profile.xs("newinfra-2023-2026")["tasks"].sum() == 30
    assert profile.xs("smartcity-2011-2013")["tasks"].sum() == 24
    assert (profile.xs("newinfra-2020-2022")["evidence"] == "briefing_only").all()
    assert profile.loc[("newinfra-2020-2022", "terminals"), "tasks_with_number"] == 2
    # Counted as commitments at their firmest wording: the 10-gigabit target is
    # written ten times (firm, pilot, explore) and counts once, as firm.
    plan = profile.xs("newinfra-2023-2026")
    assert plan["quantified_targets"].sum() == 34
    assert plan["strive"].sum() == 1 and plan["explore"].sum() == 0
    with pytest.raises(ni.ParameterError, match="plans"):
        ni.domain_profile(plans=["nope"])


def test_lineage_moves_between_plans():
    lineage = ni.lineage().set_index(["family", "plan_id"])
    assert lineage.loc[("ev_smart_charging_points", "newinfra-2020-2022"), "status"] == "new"
    row = lineage.loc[("ev_smart_charging_points", "newinfra-2023-2026")]
    assert row["status"] == "rescaled" and row["multiple"] == pytest.approx(1.5)
    assert "plan_milestones" not in lineage.index.get_level_values("family")
    speed = lineage.xs("home_broadband_access_speed")
    assert speed["status"].tolist() == ["new", "rescaled", "rescaled"]
