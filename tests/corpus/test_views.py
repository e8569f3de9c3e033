"""Corpus facts of the tables the notebooks show: ambition, verdicts, plan structure, coverage.

These assert numbers of the shipped seeds and curated data; adding a plan moves them.
"""

from __future__ import annotations

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis import views
from newinfra.analysis.verdict_classes import DECIDED
from newinfra.inputs.curation import tasks as load_tasks
from newinfra.ledger.targets import primary_view


@pytest.fixture(scope="module")
def profile() -> pd.DataFrame:
    return ni.domain_profile()


@pytest.fixture(scope="module")
def long() -> pd.DataFrame:
    return ni.compare()


@pytest.fixture(scope="module")
def concordance() -> pd.DataFrame:
    return ni.concordance(plan="newinfra-2023-2026")


def test_ambition_rows_keep_targets_and_baselines_in_one_unit_per_family(long):
    rows = views.ambition_rows(long)
    assert set(rows["kind"]) <= {"target", "baseline"}
    assert (rows.groupby("family")["unit_std"].nunique() == 1).all()
    assert (rows.groupby("family")["horizon_year"].nunique() >= 2).all()


def test_ambition_table_is_ranked(long):
    table = views.ambition_table(long)
    assert table["multiple"].is_monotonic_decreasing
    # "cagr" became "growth": a rate computed from a bound is a bound, and the text says which.
    assert {"quote", "flags", "step", "growth", "previous_year"} <= set(table.columns)
    iot = table[table["family"] == "iot_sensing_nodes"].iloc[0]
    # The 2022 figure was a floor ("tens of millions"), so the step to 2026 is a ceiling.
    assert iot["step"] == "≤ ×2" and iot["growth"].startswith("at most +")
    charging = table[table["family"] == "ev_smart_charging_points"].iloc[0]
    assert charging["step"] == "33,333/yr → 50,000/yr, ×1.5"


def test_the_step_from_a_status_to_the_next_target_names_both_definitions(long):
    steps = views.status_steps(long).set_index("plan_id")
    cloud = steps[steps["metric"] == "Enterprises on cloud platforms"].loc["newinfra-2020-2022"]
    assert cloud["step"] == (
        "60,000 SMEs on cloud platforms (2020 status) → "
        "150,000 Enterprises on cloud platforms (2022 target)"
    )
    assert cloud["definition_change"].startswith("different definition: SMEs")


def test_verdict_table_carries_the_deciding_quote(long):
    table = views.verdict_table(long)
    # The classes of the verdict frame (reached later, on a related measure added), never pending.
    assert set(table["verdict"]) <= set(DECIDED)
    assert {"reached later", "on a related measure"} <= set(table["verdict"])
    ledger = ni.targets().set_index("target_id")
    decided = long[long["decided_by"].notna()]
    for row in decided.itertuples():
        match = table[(table["quote"] == row.quote) & (table["status_quote"].notna())]
        assert not match.empty
        assert ledger.loc[row.decided_by, "quote"] in set(match["status_quote"])


def test_plan_structure_and_totals(profile):
    structure = views.plan_structure(["newinfra-2023-2026", "smartcity-2011-2013"])
    assert structure["plan_id"].tolist() == ["smartcity-2011-2013", "newinfra-2023-2026"]
    tasks = load_tasks()
    row = structure.set_index("plan_id").loc["newinfra-2023-2026"]
    assert (
        row["task"]
        == ((tasks["plan_id"] == "newinfra-2023-2026") & (tasks["task_type"] == "task")).sum()
    )
    totals = views.plan_totals(profile).set_index("plan_id")
    sums = profile.groupby("plan_id")["tasks"].sum()
    assert (totals["tasks"] == sums.reindex(totals.index)).all()


def test_evidence_table_keeps_the_quote_and_sentence():
    ledger = primary_view(ni.targets(domain="network"))
    table = views.evidence_table(ledger)
    assert {"quote", "sentence", "gloss_en", "source_id"} <= set(table.columns)
    assert table["horizon_year"].is_monotonic_increasing


def test_coverage_table_adds_up(concordance):
    table = views.coverage_table(concordance).set_index("domain")
    total = table.loc["all domains"]
    assert total["in_both"] == (concordance["status"] == "in_both").sum()
    assert total["primary_only"] == (concordance["status"] == "primary_only").sum()


def test_ambition_rows_name_each_family(long):
    rows = views.ambition_rows(long)
    assert rows["family_label"].notna().all()
    assert (rows.groupby("family")["family_label"].nunique() == 1).all()
