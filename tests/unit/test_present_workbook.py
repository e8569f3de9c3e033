"""The summary workbook of the made-up project, read back as a reader opens it."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis.comparison import COMPARE_COLUMNS
from newinfra.core.errors import NewinfraError
from newinfra.present.workbook import write_summary
from newinfra.present.workbook.summary import SUMMARY_SHEETS


@pytest.fixture(scope="module")
def workbook(made_up_root, as_of, tmp_path_factory):
    path = tmp_path_factory.mktemp("workbook") / "summary.xlsx"
    with ni.using_root(made_up_root):
        written = write_summary(path, as_of=as_of)
    return openpyxl.load_workbook(written)


def _header(ws) -> list[str]:
    return [c.value for c in ws[1]]


def _rows(ws) -> list[dict]:
    header = _header(ws)
    return [
        dict(zip(header, row, strict=True)) for row in ws.iter_rows(min_row=2, values_only=True)
    ]


def _readme(ws) -> dict:
    return {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0]}


def test_the_sheets_come_in_the_documented_order(workbook):
    assert workbook.sheetnames == SUMMARY_SHEETS


def test_the_readme_states_the_date_the_sheets_and_defines_columns(workbook, as_of):
    readme = _readme(workbook["README"])
    assert readme["as_of"] == as_of
    # The Sheets table: each sheet with its row count.
    rows = {r[0]: r[2] for r in workbook["README"].iter_rows(values_only=True) if r[0]}
    assert (rows["Commitments"], rows["Targets"], rows["Comparison"], rows["Peers"]) == (
        17,
        18,
        17,
        5,
    )
    assert readme["multiple"] == (
        "This target over the previous one (per year of each plan for additions)"
    )
    assert readme["share_of_parent"] == "value_std / parent_value_std, for stocks and flows only"


def test_the_comparison_sheet_groups_families_targets_first_with_formats(workbook):
    ws = workbook["Comparison"]
    rows = _rows(ws)
    stations = [r for r in rows if r["family"] == "5g_base_stations" and r["kind"] == "target"]
    assert [(r["plan_id"], r["value_std"], r["verdict"]) for r in stations] == [
        ("city-a", 10_000, "met"),
        ("city-b", 30_000, "not met"),
        ("city-c", 60_000, "pending"),
        ("city-outlook", 40_000, "pending"),
        ("lanxi-a", 6_000, "pending"),
    ]
    header = _header(ws)
    multiple = ws.cell(row=3, column=header.index("multiple") + 1)
    growth = ws.cell(row=3, column=header.index("cagr") + 1)
    assert multiple.value == 3
    assert "×" in multiple.number_format
    assert "%" in growth.number_format
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}18"


def test_commitments_end_with_a_citation_and_a_link_to_the_passage(workbook):
    ws = workbook["Commitments"]
    header = _header(ws)
    assert header[-2:] == ["cite_as", "source_link"]
    link = ws.cell(row=2, column=header.index("source_link") + 1)
    assert link.value.startswith("sources/") and link.hyperlink.target == link.value
    # Keys are hidden, not dropped.
    letter = ws.cell(row=1, column=header.index("commitment_id") + 1).column_letter
    assert ws.column_dimensions[letter].hidden


def test_the_charts_sheet_draws_each_linked_family_one_series_per_place(workbook):
    charts = workbook["Charts"]._charts
    titles = [c.title.tx.rich.p[0].r[0].t for c in charts]
    assert titles == [
        "5G base stations (Harbour City, Lanxi)",
        "Smart charging points for electric vehicles",
        "Racks in internet data centres",
        "Coverage of important public places by WLAN",
    ]
    stations = charts[0]
    assert [s.tx.v for s in stations.series] == ["Harbour City", "Lanxi"]
    # Points are read from the Comparison sheet's value_std cells.
    assert stations.series[0].yVal.numRef.f == "'Comparison'!$H$2:$H$5"


def test_the_peers_sheet_gives_the_districts_share_of_its_city(workbook):
    rows = _rows(workbook["Peers"])
    district = [r for r in rows if r["jurisdiction_id"] == "lanxi"]
    assert [(r["plan_id"], r["parent_plan_id"], r["share_of_parent"]) for r in district] == [
        ("lanxi-a", "city-c", 0.1)
    ]


def test_full_comparison_writes_every_column_of_compare(made_up, as_of, tmp_path):
    path = write_summary(tmp_path / "full.xlsx", as_of=as_of, full_comparison=True)
    read = pd.read_excel(path, sheet_name="Comparison")
    assert list(read.columns) == COMPARE_COLUMNS
    assert len(read) == 17


def test_a_workbook_path_must_end_in_xlsx(made_up, tmp_path):
    with pytest.raises(NewinfraError, match="xlsx"):
        write_summary(tmp_path / "summary.csv")
    assert not (tmp_path / "summary.csv").exists()
    assert list(Path(tmp_path).iterdir()) == []
