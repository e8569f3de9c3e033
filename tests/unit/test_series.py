"""Plan series, steps between plans and verdicts, on small made-up tables."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.analysis.series import link_plans, series_positions
from newinfra.analysis.verdict_classes import GREEN, VERDICTS
from newinfra.analysis.verdicts import judge

PLANS = pd.DataFrame(
    [
        ("a-2013", "city", 2011, 2013, "false"),
        ("a-2022", "city", 2020, 2022, "false"),
        ("a-2026", "city", 2023, 2026, "false"),
        ("news", "city", 2021, 2025, "true"),
        ("d-2026", "district", 2023, 2026, "false"),
    ],
    columns=["plan_id", "jurisdiction_id", "period_start", "period_end", "is_context"],
)


def point(plan, value, *, family="f", metric="m", kind="target", year=None, nature="stock",
          basis="cumulative", vague=False, value_high=None, quote=None):  # fmt: skip
    plans = series_positions(PLANS).set_index("plan_id")
    info = plans.loc[plan]
    is_flow = nature == "flow" or basis == "new"
    return {
        "commitment_id": f"{plan}:{value}",
        "plan_id": plan,
        "jurisdiction_id": info["jurisdiction_id"],
        "series_position": info["series_position"],
        "family": family,
        "metric_id": metric,
        "kind": kind,
        "horizon_year": year or int(info["period_end"]),
        "value_std": float(value),
        "value_high": value_high,
        "per_year_std": float(value) / info["plan_years"] if is_flow else math.nan,
        "is_flow": is_flow,
        "vague": vague,
        "nature": nature,
        "basis": basis,
        "quote": quote or str(value),
    }


def linked(*points) -> pd.DataFrame:
    return link_plans(pd.DataFrame(list(points)))


def test_series_positions_leave_out_context_documents_and_count_years_inclusively():
    plans = series_positions(PLANS).set_index("plan_id")
    assert plans.loc["a-2013", "series_position"] == 1
    assert plans.loc["a-2026", "series_position"] == 3
    assert pd.isna(plans.loc["news", "series_position"])
    assert plans.loc["d-2026", "series_position"] == 1
    assert plans.loc["a-2022", "plan_years"] == 3


def test_stocks_get_the_multiple_and_the_implied_annual_growth():
    out = linked(point("a-2013", 100), point("a-2022", 400)).set_index("plan_id")
    assert out.loc["a-2022", "multiple"] == 4.0
    assert out.loc["a-2022", "cagr"] == pytest.approx(4 ** (1 / 9) - 1)
    assert pd.isna(out.loc["a-2013", "multiple"])


def test_flows_are_compared_per_year_of_their_plan_and_get_no_growth_rate():
    out = linked(
        point("a-2022", 30_000, basis="new"), point("a-2026", 40_000, basis="new")
    ).set_index("plan_id")
    assert out.loc["a-2026", "multiple"] == pytest.approx((40_000 / 4) / (30_000 / 3))
    assert pd.isna(out.loc["a-2026", "cagr"])
    assert "per year" in out.loc["a-2026", "step_flags"]


def test_a_flow_is_never_compared_with_a_stock():
    out = linked(point("a-2022", 30_000), point("a-2026", 40_000, basis="new")).set_index("plan_id")
    assert pd.isna(out.loc["a-2026", "multiple"])
    assert "flow compared with a stock" in out.loc["a-2026", "step_flags"]


def test_shares_get_the_difference_classes_the_multiple_structure_neither():
    share = linked(point("a-2022", 40, nature="share"), point("a-2026", 55, nature="share"))
    assert share["difference"].iloc[1] == 15
    assert share["multiple"].isna().all() and share["cagr"].isna().all()
    klass = linked(point("a-2022", 1, nature="class"), point("a-2026", 10, nature="class"))
    assert klass["multiple"].iloc[1] == 10 and klass["cagr"].isna().all()
    structure = linked(
        point("a-2022", 25, nature="structure"), point("a-2026", 30, nature="structure")
    )
    assert structure[["multiple", "cagr", "difference"]].isna().all().all()


def test_vague_values_give_bounds_not_clean_multiples():
    out = linked(point("a-2022", 10_000_000, vague=True), point("a-2026", 20_000_000))
    assert out["multiple_bound"].iloc[1] == "<="
    assert "previous figure is vague" in out["step_flags"].iloc[1]


def test_other_jurisdictions_and_context_documents_are_never_links():
    out = linked(
        point("a-2022", 100), point("news", 500), point("d-2026", 6), point("a-2026", 200)
    ).set_index("plan_id")
    assert out.loc["a-2026", "previous_plan_id"] == "a-2022"
    assert pd.isna(out.loc["d-2026", "previous_plan_id"])
    assert pd.isna(out.loc["news", "previous_plan_id"])


def test_a_missing_family_in_the_middle_links_to_the_last_plan_that_set_one():
    out = linked(point("a-2013", 100), point("a-2026", 300)).set_index("plan_id")
    assert out.loc["a-2026", "previous_plan_id"] == "a-2013"


TARGETS = pd.DataFrame(
    [
        ("city", "f", False, 2013, 100.0, math.nan, True, "m"),
        ("city", "f", False, 2026, 500.0, math.nan, True, "m"),
        ("city", "f", False, 2022, 50.0, math.nan, False, "m"),
    ],
    columns=["jurisdiction_id", "family", "is_flow", "horizon_year", "value_std",
             "value_high_std", "higher_is_better", "metric_id"],
)  # fmt: skip


def statuses(*rows, metric="m") -> pd.DataFrame:
    return pd.DataFrame(
        [("city", "f", False, y, v, f"s{y}", p, metric) for y, v, p in rows],
        columns=[
            "jurisdiction_id", "family", "is_flow", "horizon_year", "value_std",
            "commitment_id", "published", "metric_id",
        ],
    )  # fmt: skip


def test_a_target_first_reached_years_after_its_horizon_reads_reached_later():
    # Was "met": a status eight years late cannot show the target was met on time.
    out = judge(TARGETS.iloc[[0]], statuses((2021, 120.0, "2022-01-04")), dt.date(2026, 11, 30))
    assert out["verdict"].iloc[0] == "reached later"
    assert out["verdict_lag"].iloc[0] == 8
    assert out["verdict_note"].iloc[0] == (
        "first reached in 2021, 8 years after the horizon; whether it was met on time is not known"
    )


def test_a_status_of_another_definition_is_a_related_measure_never_met():
    # Was "met" with a note: a related metric reaching the figure is not the target met.
    evidence = statuses((2013, 120.0, "2014-01-04"), metric="other")
    out = judge(TARGETS.iloc[[0]], evidence, dt.date(2026, 11, 30))
    assert out["verdict"].iloc[0] == "on a related measure"
    assert out["decided_by_metric_id"].iloc[0] == "other"
    assert "of a related measure: it counts other, the target m" in out["verdict_note"].iloc[0]


def test_a_related_status_that_falls_short_is_not_reported_with_a_note():
    evidence = statuses((2013, 90.0, "2014-01-04"), metric="other")
    out = judge(TARGETS.iloc[[0]], evidence, dt.date(2026, 11, 30))
    assert out["verdict"].iloc[0] == "not reported"
    assert pd.isna(out["decided_by"].iloc[0])
    assert out["verdict_note"].iloc[0] == (
        "the nearest status of a related measure (other), 90 (2013, the horizon year), falls short"
    )


def test_same_metric_evidence_comes_before_a_nearer_related_one():
    evidence = pd.concat(
        [
            statuses((2013, 150.0, "2014-01-01"), metric="other"),
            statuses((2014, 110.0, "2015-01-01")),
        ]
    )
    out = judge(TARGETS.iloc[[0]], evidence, dt.date(2026, 11, 30))
    assert out["verdict"].iloc[0] == "met"
    assert out["decided_by_metric_id"].iloc[0] == "m" and out["verdict_lag"].iloc[0] == 1


def test_met_early_takes_precedence_over_pending():
    out = judge(TARGETS.iloc[[1]], statuses((2023, 600.0, "2023-10-19")), dt.date(2026, 11, 30))
    assert out["verdict"].iloc[0] == "met early"
    assert out["verdict_lag"].iloc[0] == -3


def test_pending_not_met_and_not_reported():
    as_of = dt.date(2026, 11, 30)
    assert judge(TARGETS.iloc[[1]], statuses(), as_of)["verdict"].iloc[0] == "pending"
    assert judge(TARGETS.iloc[[0]], statuses(), as_of)["verdict"].iloc[0] == "not reported"
    out = judge(TARGETS.iloc[[0]], statuses((2013, 90.0, "2014-01-01")), as_of)
    assert out["verdict"].iloc[0] == "not met"


def test_a_shortfall_far_from_the_horizon_decides_nothing():
    late = judge(TARGETS.iloc[[0]], statuses((2016, 90.0, "2017-01-01")), dt.date(2026, 11, 30))
    assert late["verdict"].iloc[0] == "not reported"
    assert "3 years after the horizon), falls short" in late["verdict_note"].iloc[0]
    # A shortfall two years before the horizon, then the figure reached later: reached later.
    both = statuses((2011, 90.0, "2012-01-01"), (2016, 130.0, "2017-01-01"))
    assert judge(TARGETS.iloc[[0]], both, dt.date(2026, 1, 1))["verdict"].iloc[0] == "reached later"


def test_lower_is_better_is_met_by_a_smaller_status():
    out = judge(TARGETS.iloc[[2]], statuses((2022, 40.0, "2023-01-01")), dt.date(2026, 1, 1))
    assert out["verdict"].iloc[0] == "met"


def test_verdicts_depend_on_as_of_not_on_the_day_they_are_computed():
    evidence = statuses((2023, 80.0, "2023-06-01"), (2027, 600.0, "2028-01-10"))
    before = judge(TARGETS.iloc[[1]], evidence, dt.date(2027, 12, 31))
    after = judge(TARGETS.iloc[[1]], evidence, dt.date(2028, 2, 1))
    assert before["verdict"].iloc[0] == "not reported"
    assert after["verdict"].iloc[0] == "met"


def test_additions_are_not_judged_by_a_stock():
    flow = TARGETS.iloc[[0]].assign(is_flow=True)
    out = judge(flow, statuses((2013, 500.0, "2014-01-01")), dt.date(2026, 1, 1))
    assert out["verdict"].iloc[0] == "not reported"


def _tied(order):
    """Two statuses of one year and metric, from a briefing and from news, in a given order."""
    rows = statuses((2021, 1.0, "2022-01-01"), (2021, 2.0, "2022-01-01"))
    rows = rows.assign(
        commitment_id=["news:5-6", "brief:9-10"],
        source_id=["news", "brief"],
        doc_type=["news", "press_briefing"],
        start=[5, 9],
    )
    return rows.iloc[list(order)].reset_index(drop=True)


def test_the_evidence_key_breaks_ties_by_the_kind_of_source_whatever_the_row_order():
    target = TARGETS.iloc[[1]]
    first = judge(target, _tied([0, 1]), dt.date(2026, 11, 30))
    second = judge(target, _tied([1, 0]), dt.date(2026, 11, 30))
    # The press briefing comes before the news article: its 2 is the status before the horizon.
    assert first["status_id"].iloc[0] == second["status_id"].iloc[0] == "brief:9-10"
    assert first["status_value_std"].iloc[0] == 2.0
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    rows=st.lists(
        st.tuples(
            st.integers(2009, 2030),
            st.sampled_from([50.0, 100.0, 120.0, 600.0]),
            st.sampled_from(["m", "other"]),
            st.sampled_from(["plan_text", "press_briefing", "news"]),
        ),
        max_size=6,
    ),
    order=st.randoms(use_true_random=False),
)
def test_verdicts_never_depend_on_the_order_of_the_statuses(rows, order):
    evidence = pd.DataFrame(
        [
            ("city", "f", False, y, v, f"src{i}:{i}-{i + 1}", "2009-01-01", metric, doc, f"src{i}", i)
            for i, (y, v, metric, doc) in enumerate(rows)
        ],
        columns=[
            "jurisdiction_id", "family", "is_flow", "horizon_year", "value_std", "commitment_id",
            "published", "metric_id", "doc_type", "source_id", "start",
        ],
    )  # fmt: skip
    shuffled = evidence.sample(frac=1.0, random_state=order.randint(0, 10_000))
    as_of = dt.date(2026, 11, 30)
    got = judge(TARGETS, evidence, as_of)
    assert got.equals(judge(TARGETS, shuffled.reset_index(drop=True), as_of))
    assert set(got["verdict"]) <= set(VERDICTS)
    related = got["decided_by_metric_id"] == "other"
    assert set(got.loc[related, "verdict"]) <= {"on a related measure"}
    green = got["verdict"].isin(GREEN)
    assert (got.loc[green, "verdict_lag"] <= 1).all()
    assert (got.loc[green, "decided_by_metric_id"] == "m").all()


JURISDICTIONS = pd.DataFrame(
    [("city", "City", "city", None), ("district", "District", "district", "city")],
    columns=["jurisdiction_id", "name_en", "level", "parent_id"],
)


def peer_rows(*rows) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "commitment_id": f"{plan}:{value}",
                "plan_id": plan,
                "jurisdiction_id": jur,
                "family": "f",
                "metric_id": metric,
                "metric_label": metric,
                "horizon_year": year,
                "comparator": "=",
                "value_std": float(value),
                "unit_std": "count",
                "basis": "cumulative",
            }
            for plan, jur, year, value, metric in rows
        ]
    )


def test_a_district_is_set_against_its_parents_target_for_the_period_that_contains_its_horizon():
    from newinfra.analysis.peers import peer_table

    targets = peer_rows(
        ("a-2026", "city", 2026, 80_000, "m"),
        ("a-2022", "city", 2022, 30_000, "m"),
        ("d-2026", "district", 2026, 6_000, "m"),
    )
    out = peer_table(targets, peer_rows(), series_positions(PLANS), JURISDICTIONS)
    district = out.set_index("plan_id").loc["d-2026"]
    assert district["parent_plan_id"] == "a-2026"
    assert district["parent_figure"] == "target"
    assert district["share_of_parent"] == pytest.approx(6_000 / 80_000)
    assert out["flags"].str.contains("never one series").all()
    assert "multiple" not in out.columns and "cagr" not in out.columns


def test_without_a_parent_target_the_parents_latest_status_is_used_and_labelled():
    from newinfra.analysis.peers import peer_table

    targets = peer_rows(("d-2026", "district", 2026, 6_000, "m"))
    statuses = peer_rows(
        ("news", "city", 2021, 52_000, "m"),
        ("a-2026", "city", 2023, 88_000, "m"),
        ("a-2026", "city", 2023, 1, "other"),
    )
    out = peer_table(targets, statuses, series_positions(PLANS), JURISDICTIONS)
    only = out.iloc[0]
    assert only["parent_figure"] == "status"
    assert only["parent_year"] == 2023
    assert only["share_of_parent"] == pytest.approx(6_000 / 88_000)
    assert "reported status instead" in only["flags"]


def test_a_figure_each_year_is_a_rate_never_divided_by_the_plan_years_again():
    from newinfra.analysis.points import with_flows

    table = pd.DataFrame(
        {
            "nature": ["stock", "stock", "flow", "stock"],
            "basis": ["per_year", "new", "cumulative", "cumulative"],
            "value_std": [8000.0, 8000.0, 8000.0, 8000.0],
            "plan_years": [4, 4, 4, 4],
        }
    )
    out = with_flows(table)
    assert out["is_flow"].tolist() == [True, True, True, False]
    assert out["per_year_std"].tolist()[:3] == [8000.0, 2000.0, 2000.0]
    assert pd.isna(out["per_year_std"].iloc[3])
