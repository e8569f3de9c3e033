"""The compare matrix and the headline findings, on the made-up project (tests/unit/conftest.py)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.analysis.findings import headline_findings
from newinfra.analysis.matrix import MATRIX_COLUMNS, compare_matrix
from newinfra.analysis.verdict_classes import VERDICTS, verdict_counts, verdict_summary
from newinfra.core.errors import ParameterError


@pytest.fixture
def matrix(made_up, as_of) -> pd.DataFrame:
    return compare_matrix(as_of=as_of)


def _cell(matrix: pd.DataFrame, row: str, column: str) -> pd.Series:
    cells = matrix[(matrix["row"] == row) & (matrix["column"] == column)]
    assert len(cells) == 1, (row, column, len(cells))
    return cells.iloc[0]


def test_one_cell_per_target_commitment_in_the_documented_columns(matrix):
    assert list(matrix.columns) == MATRIX_COLUMNS
    assert len(matrix) == 12
    assert matrix["commitment_id"].is_unique


def test_a_cell_holds_the_target_as_written_its_wording_and_its_verdict(matrix):
    cell = _cell(matrix, "5g_base_stations", "city-b")
    assert cell["written"] == "30,000"
    assert cell["commitment"] == "firm"
    assert cell["verdict"] == "not met"
    assert cell["decided_by_year"] == 2023
    assert cell["verdict_lag"] == 0
    share = _cell(matrix, "wlan_public_place_coverage", "city-a")
    assert share["written"] == "80%"
    hedged = _cell(matrix, "enterprises_on_cloud", "city-b")
    assert (hedged["commitment"], hedged["verdict"]) == ("strive", "on a related measure")


def test_rows_are_families_named_by_their_label(matrix):
    stations = matrix[matrix["row"] == "5g_base_stations"]
    assert set(stations["row_label"]) == {"5G base stations"}
    # A member that is the family's own metric names nothing more in its cell.
    assert set(stations["cell_metric"]) == {""}


def test_the_home_place_comes_first_its_plans_in_series_order_context_last(matrix):
    places = list(dict.fromkeys(matrix["jurisdiction_id"]))
    assert places[-1] == "lanxi"
    stations = matrix[
        (matrix["row"] == "5g_base_stations") & (matrix["jurisdiction_id"] != "lanxi")
    ]
    assert stations["column"].tolist() == ["city-a", "city-b", "city-c", "city-outlook"]
    assert stations["is_context"].tolist() == [False, False, False, True]
    assert stations["series_position"].isna().tolist() == [False, False, False, True]


def test_a_place_can_be_chosen_and_an_unknown_one_is_refused(made_up, as_of):
    district = compare_matrix("lanxi", as_of=as_of)
    assert district[["plan_id", "written", "verdict"]].values.tolist() == [
        ["lanxi-a", "6,000", "pending"]
    ]
    with pytest.raises(ParameterError, match="jurisdiction"):
        compare_matrix("atlantis", as_of=as_of)


def test_headline_findings_count_targets_name_step_ups_and_tally_verdicts(made_up, as_of):
    findings = headline_findings(as_of=as_of)
    assert findings[0] == (
        "Quantified target commitments per plan: 2018-2020: 4 (most in network); "
        "2021-2023: 5 (most in network); 2024-2026: 1 (most in network)."
    )
    assert findings[1].startswith(
        "Largest step-ups between consecutive plans: 5G base stations ×3 (2018-2020 to 2021-2023)"
    )
    assert "1,000/yr → 2,000/yr, ×2" in findings[1]
    # city-b is known from its full text and a briefing.
    assert findings[2].startswith("The 2021-2023 briefing leaves out 3 of the 5 target")
    assert "(1 commitment stated in both, 1 only in the briefing)" in findings[2]
    assert findings[3] == (
        "Verdicts of the 11 target commitments of Harbour City's plans and context documents: "
        "1 met, 1 on a related measure, 2 not met, 5 not reported, 2 pending."
    )
    assert headline_findings(as_of=as_of, limit=2) == findings[:2]


def test_a_place_with_one_plan_has_no_step_up_to_report(made_up, as_of):
    findings = headline_findings("lanxi", as_of=as_of)
    assert findings == [
        "Quantified target commitments per plan: 2024-2026: 1 (most in network).",
        "Verdicts of the 1 target commitments of Lanxi's plans and context documents: 1 pending.",
    ]


@given(st.lists(st.sampled_from(VERDICTS), max_size=30))
def test_verdict_counts_name_each_class_present_in_the_order_of_verdicts(verdicts):
    text = verdict_counts(pd.Series(verdicts, dtype=object))
    parts = [p.split(" ", 1) for p in text.split(", ")] if text else []
    assert [name for _, name in parts] == [v for v in VERDICTS if v in verdicts]
    assert [int(n) for n, _ in parts] == [verdicts.count(v) for v in VERDICTS if v in verdicts]
    table = pd.DataFrame({"verdict": verdicts})
    assert verdict_summary(table, "targets").startswith(f"Verdicts of the {len(verdicts)} targets")


def test_findings_read_from_a_matrix_built_once_equal_those_computed_afresh(made_up, as_of):
    everything = compare_matrix(as_of=as_of)
    for place in ("harbour-city", "lanxi"):
        assert headline_findings(place, as_of=as_of, matrix=everything) == headline_findings(
            place, as_of=as_of
        )
