"""Cell formats of the workbook: by column name, by unit, and text that never becomes a formula."""

from __future__ import annotations

from openpyxl import Workbook

from newinfra.present.workbook.cells import (
    MULTIPLE_FORMAT,
    PERCENT_FORMAT,
    PERCENT_POINTS_FORMAT,
    column_format,
    is_percent_column,
    set_text,
    unit_format,
)


def test_growth_and_shares_are_percentages():
    for column in ["cagr", "cagr_vs_status", "share_tasks_with_number", "share_of_parent"]:
        assert is_percent_column(column)
        assert column_format(column) == PERCENT_FORMAT
    assert not is_percent_column("value_std")
    assert column_format("multiple") == MULTIPLE_FORMAT
    assert column_format("value") is None


def test_formats_by_unit():
    assert unit_format("fraction") == PERCENT_FORMAT
    assert unit_format("percent") == PERCENT_POINTS_FORMAT
    assert unit_format("count") is None
    assert unit_format(None) is None


def test_web_addresses_link_and_formulas_stay_text():
    ws = Workbook().active
    set_text(ws["A1"], "https://example.org/plan.html")
    assert ws["A1"].hyperlink.target == "https://example.org/plan.html"
    set_text(ws["A2"], '=HYPERLINK("https://example.org")')
    assert ws["A2"].data_type == "s" and ws["A2"].quotePrefix and ws["A2"].hyperlink is None
    set_text(ws["A3"], "see https://example.org")
    assert ws["A3"].hyperlink is None
