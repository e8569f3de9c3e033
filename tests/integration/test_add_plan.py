"""Adding a plan takes data only: a text, a manifest row, a plan row, task, crosswalk and annotation rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import newinfra as ni
from newinfra.curate import audit, synthetic

PUDONG = synthetic.SyntheticPlan(
    plan_id="pudong-2024-2025",
    source_id="pudong-2024-2025-en",
    title="Pudong New Area Digital Infrastructure Plan (2024-2025)",
    publisher="Pudong New Area People's Government",
    start=2024,
    end=2025,
    published="2024-03-01",
    jurisdiction_id="pudong",
)
PLAN, SOURCE = PUDONG.plan_id, PUDONG.source_id


def test_a_new_plan_needs_data_only(project_copy: Path):
    synthetic.add_plan(project_copy, PUDONG, annotate=False)

    # The audit lists what still needs a decision, and nothing else.
    report = audit.run()
    assert not report.ok
    pending = report.unreviewed
    assert set(pending["source_id"]) == {SOURCE}
    assert pending["text"].tolist() == ["more than 5,000", "10-Gigabit", "200,000", "30,000", "20"]
    assert "newinfra audit" in report.render() and SOURCE in report.render()

    synthetic.add_annotations(project_copy, PUDONG)
    assert audit.run().ok

    ledger = ni.targets(plan=PLAN)
    assert len(ledger) == 5
    row = ledger.set_index("quote").loc["10-Gigabit"]
    assert (row["commitment"], row["domain"], row["value_std"]) == ("strive", "network", 10.0)
    assert ledger.set_index("quote").loc["20", "commitment"] == "pilot"
    text = PUDONG.text()
    assert (
        ledger["quote"] == [text[s:e] for s, e in zip(ledger["start"], ledger["end"], strict=True)]
    ).all()

    # A district's plan is not the next plan of its city: Shanghai's series is unchanged,
    # and the district stands beside it in peers(), as a share of the city's target.
    compared = ni.compare(metrics=["ev_smart_charging_points"])
    compared = compared[compared["jurisdiction_id"].isin(["pudong", "shanghai"])]
    compared = compared.set_index("plan_id")
    # The district's first plan is in its own series, with no predecessor (flagged).
    assert compared.index.tolist() == [PLAN, "newinfra-2020-2022", "newinfra-2023-2026"]
    assert pd.isna(compared.loc[PLAN, "previous_plan_id"])
    assert "no predecessor" in compared.loc[PLAN, "flags"]
    assert compared.loc["newinfra-2023-2026", "previous_plan_id"] == "newinfra-2020-2022"
    peers = ni.peers(family="ev_smart_charging_points").set_index("plan_id")
    assert peers.loc[PLAN, "parent_plan_id"] == "newinfra-2023-2026"
    assert peers.loc[PLAN, "share_of_parent"] == 30_000 / 200_000

    profile = ni.domain_profile(plans=[PLAN]).set_index("domain")
    assert profile.loc["network", "tasks"] == 1 and profile.loc["network", "tasks_with_number"] == 1
    assert profile.loc["terminals", "quantified_targets"] == 2
    assert isinstance(ni.lineage(), pd.DataFrame)
