"""The tables notebooks show and charts draw (analysis.views), on the made-up project."""

from __future__ import annotations

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis import orders, profiles, views


@pytest.fixture
def long(made_up, as_of) -> pd.DataFrame:
    return ni.compare(as_of=as_of)


def test_ambition_rows_keep_families_with_two_years_in_one_place(long):
    rows = views.ambition_rows(long)
    assert set(rows["family"]) == {
        "5g_base_stations",
        "ev_smart_charging_points",
        "idc_racks",
        "wlan_public_place_coverage",
    }
    # The district's one 5G target links nothing: two years of one place are needed.
    assert "lanxi" not in set(rows["jurisdiction_id"])
    assert set(rows["family_label"]) >= {"5G base stations", "Racks in internet data centres"}


def test_the_ambition_table_writes_each_step_and_growth_largest_first(long):
    table = views.ambition_table(long)
    assert table[["metric", "plan_id", "step", "growth"]].values.tolist() == [
        ["5G base stations", "city-b", "×3", "+44%/yr"],
        ["5G base stations", "city-c", "×2", "+26%/yr"],
        ["Smart charging points for electric vehicles", "city-b", "1,000/yr → 2,000/yr, ×2", ""],
        ["Racks in internet data centres", "city-b", "×2", "+26%/yr"],
    ]


def test_status_steps_write_the_status_and_the_target_it_is_set_against(long):
    steps = views.status_steps(long)
    row = steps[(steps["plan_id"] == "city-b") & (steps["metric"] == "5G base stations")].iloc[0]
    assert row["step"] == "12,000 (2020 status) → 30,000 (2023 target)"
    assert row["multiple_vs_status"] == pytest.approx(2.5)
    assert row["definition_change"] == ""
    assert "city-a" in set(steps["plan_id"]) and "lanxi-a" not in set(steps["plan_id"])


def test_the_verdict_table_quotes_the_status_that_decides_each_target(long):
    table = views.verdict_table(long)
    assert "pending" not in set(table["verdict"])
    met = table[table["verdict"] == "met"].iloc[0]
    assert (met["plan_id"], met["status_quote"], met["status_source_id"]) == (
        "city-a",
        "12,000",
        "city-b-en",
    )
    related = table[table["verdict"] == "on a related measure"].iloc[0]
    assert (related["status_quote"], related["decided_by_year"]) == ("120,000", 2023)
    assert table["horizon_year"].is_monotonic_increasing


def test_the_verdict_count_table_lists_classes_present_in_verdict_order(long):
    counts = views.verdict_count_table(long)
    assert counts.values.tolist() == [
        ["met", 1],
        ["on a related measure", 1],
        ["not met", 2],
        ["not reported", 5],
        ["pending", 3],
    ]


def test_plan_structure_counts_tasks_and_puts_context_documents_last(made_up):
    table = views.plan_structure()
    assert table["plan_id"].tolist() == ["city-a", "city-b", "city-c", "lanxi-a", "city-outlook"]
    assert table["task"].tolist() == [2] * 5
    assert table["domains_with_tasks"].tolist() == [2] * 5
    assert views.plan_structure(["city-b"])["plan_id"].tolist() == ["city-b"]


def test_plan_totals_add_up_each_plans_domains(made_up):
    totals = views.plan_totals(profiles.domain_profile()).set_index("plan_id")
    assert totals.loc["city-b", ["tasks", "tasks_with_number", "quantified_targets"]].tolist() == [
        2,
        1,
        5,
    ]
    assert totals.loc["city-b", "share_tasks_with_number"] == 0.5
    assert totals.loc["city-b", ["firm", "strive"]].tolist() == [4, 1]
    assert totals.loc["city-c", "baselines"] == 2


def test_the_coverage_table_shares_the_full_text_figures_the_briefing_reports(made_up):
    table = views.coverage_table(ni.concordance()).set_index("domain")
    assert table.loc["network", ["in_both", "primary_only", "secondary_only"]].tolist() == [1, 5, 0]
    assert table.loc["network", "share_of_full_text_reported"] == pytest.approx(0.167)
    assert table.loc["all domains", "secondary_only"] == 1
    assert list(table.index) == ["network", "computing", "all domains"]


def test_evidence_rows_carry_a_citation_and_sort_by_horizon(made_up):
    table = views.evidence_table(ni.targets())
    assert table["horizon_year"].is_monotonic_increasing
    first = table[table["plan_id"] == "city-a"].iloc[0]
    assert first["citation"].startswith("Made-up Government, Made-up Plan A (2018-01-15)")
    assert list(table.columns) == [c for c in views.EVIDENCE_COLUMNS if c in table.columns]


def test_firmness_by_domain_reads_tasks_and_written_targets_by_wording(made_up):
    wide = views.firmness_by_domain(profiles.firmness_profile()).set_index(["plan_id", "domain"])
    row = wide.loc[("city-b", "network")]
    assert row["Tasks: strive"] == 1
    assert (row["Written targets: firm"], row["Written targets: strive"]) == (4, 1)
    assert wide.index.get_level_values("plan_id")[0] == "city-a"


def test_hedged_commitments_list_targets_with_a_hedged_mention(made_up):
    hedged = views.hedged_commitments(["city-a", "city-b"])
    assert hedged[["plan_id", "metric_label", "commitment", "quote"]].values.tolist() == [
        ["city-b", "Enterprises on cloud platforms", "strive", "100,000"]
    ]
    assert views.hedged_commitments(["city-a"]).empty


def test_family_movements_count_new_continued_and_dropped_families(made_up):
    moves = views.family_movements("network", ["city-a", "city-b", "city-c"]).set_index("plan_id")
    assert moves[["new", "continued", "dropped"]].values.tolist() == [
        [4, 0, 0],
        [1, 3, 1],
        [0, 1, 3],
    ]
    assert moves.loc["city-b", "new_families"] == "Enterprises on cloud platforms"
    assert moves.loc["city-c", "continued_families"] == "5G base stations"


def test_domain_tasks_and_plan_sources(made_up):
    tasks = views.domain_tasks("network", ["city-a", "city-b"])
    assert tasks[["plan_id", "task_ref", "title_en"]].values.tolist() == [
        ["city-a", "N1", "Networks"],
        ["city-b", "N1", "Networks"],
    ]
    assert orders.plan_sources(["city-b", "city-a"]) == ["city-b-en", "city-a-en"]


def test_a_figure_only_the_briefing_states_says_why(made_up):
    table = ni.concordance()
    extra = table[table["status"] == "secondary_only"]
    reasons = views.briefing_only_reasons(extra)
    assert reasons.iloc[0].startswith("the full text does not state it (Racks in")


def test_orders_follow_horizons_and_the_domain_list(made_up, long):
    assert orders.plan_order(long) == ["city-a", "city-b", "city-c", "lanxi-a", "city-outlook"]
    frame = pd.DataFrame({"domain": ["terminals", "computing", "network"]})
    assert orders.domain_order(frame) == ["network", "computing", "terminals"]


def test_a_family_unknown_to_the_catalogue_is_named_by_its_members_label(made_up):
    frame = pd.DataFrame({"family": ["made_up_family"], "metric_label": ["Made-up things"]})
    assert views.family_label(frame, "made_up_family") == "Made-up things"
    frame = pd.DataFrame({"family": ["made_up_family"] * 2, "metric_label": ["A", "B"]})
    assert views.family_label(frame, "made_up_family") == "made up family"


def test_every_column_of_the_views_the_pages_show_has_a_definition(long):
    # Was: "Tasks: strive", "Step", "Growth per year", "New families"... had no hover title.
    from newinfra.inputs import fields

    shown = {
        "plan_structure": views.plan_structure(),
        "plan_totals": views.plan_totals(ni.domain_profile()),
        "firmness_by_domain": views.firmness_by_domain(profiles.firmness_profile()),
        "ambition_table": views.ambition_table(long),
        "status_steps": views.status_steps(long),
        "verdict_table": views.verdict_table(long),
        "verdict_count_table": views.verdict_count_table(long),
        "coverage_table": views.coverage_table(ni.concordance()),
        "family_movements": views.family_movements("network", ["city-a", "city-b", "city-c"]),
        "evidence_table": views.evidence_table(ni.targets()),
        "lineage": ni.lineage(),
    }
    undefined = [
        f"{name}: {column}"
        for name, frame in shown.items()
        for column in frame.columns
        if column not in fields.frame_definitions(frame)
    ]
    assert not undefined, ", ".join(undefined)
    steps = fields.frame_definitions(shown["status_steps"])["step"]
    assert steps == fields.definitions("status_steps")["step"] != fields.definitions()["step"]
    firmness = fields.frame_definitions(shown["firmness_by_domain"])
    assert firmness["Tasks: strive"].endswith(" — worded strive")
    assert firmness["Written targets: firm"].endswith(" — worded firm")
