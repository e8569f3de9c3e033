"""The compare matrix holds every target commitment once; headline findings follow the data."""

from __future__ import annotations

from pathlib import Path

import newinfra as ni
from newinfra.analysis.figures import written_value
from newinfra.analysis.findings import headline_findings
from newinfra.analysis.matrix import compare_matrix
from newinfra.curate import synthetic

AS_OF = "2026-11-30"


def test_every_target_commitment_of_every_place_fills_one_cell():
    matrix = compare_matrix(as_of=AS_OF)
    targets = ni.commitments().query("kind == 'target'")
    assert sorted(matrix["commitment_id"]) == sorted(targets["commitment_id"])
    shanghai = compare_matrix("shanghai", as_of=AS_OF)
    assert set(shanghai["jurisdiction_id"]) == {"shanghai"}
    context = shanghai[shanghai["is_context"]]
    assert set(context["plan_id"]) == {"digital-2025"}


def test_cells_show_the_target_as_written_with_its_wording_and_verdict():
    matrix = compare_matrix("shanghai", as_of=AS_OF).set_index("commitment_id")
    racks = matrix.loc["smartcity-2011-2013-en:16886-16900"]
    assert racks["written"] == "≥ 20,000"
    # Was "met": the only evidence, 120,000 racks in 2020, came seven years after 2013.
    assert racks["verdict"] == "reached later" and racks["verdict_lag"] == 7
    assert written_value(95.0, ">=", "percent") == "≥ 95%"
    assert written_value(1.5, "~", "Gbps") == "≈ 1.5 Gbps"


def test_headline_findings_change_with_the_data(project_copy: Path):
    before = headline_findings(as_of=AS_OF)
    assert 3 <= len(before) <= 5
    assert any("briefing leaves out" in line for line in before)
    later = synthetic.SyntheticPlan(
        plan_id="shanghai-2027-2030",
        source_id="shanghai-2027-2030-en",
        title="Shanghai Digital Infrastructure Plan (2027-2030)",
        publisher="Shanghai Municipal People's Government",
        start=2027,
        end=2030,
        published="2026-10-01",
        chargers=400_000,
    )
    synthetic.add_plan(project_copy, later)
    after = headline_findings(as_of=AS_OF)
    assert after != before
    assert "2027-2030: 5" in after[0]
    # The landing page builds the matrix of every place once and hands it over.
    every_place = compare_matrix(as_of=AS_OF)
    assert headline_findings(as_of=AS_OF, matrix=every_place) == after


def test_rows_carry_their_family_label_and_cells_name_a_metric_of_another_definition():
    matrix = compare_matrix("shanghai", as_of=AS_OF)
    cloud = matrix[matrix["row"] == "enterprises_on_cloud"]
    # The row used to take its first member's label, "SMEs on cloud platforms".
    assert set(cloud["row_label"]) == {"Enterprises on cloud platforms"}
    assert not matrix["row_label"].str.contains("SME").any()
    cells = cloud.set_index("metric_id")["cell_metric"]
    assert cells["enterprises_on_cloud_industrial"] == "Industrial enterprises on cloud platforms"
    assert cells["enterprises_on_cloud"] == ""
    speed = matrix[matrix["metric_id"] == "mobile_broadband_speed_citywide"]
    assert speed["row_label"].item() != "Gigabit-city bandwidth standard (5G and broadband)"
    assert speed["cell_metric"].item() == "Wireless broadband speed across the city"
