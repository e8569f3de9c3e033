"""The field registry (data/fields.csv): lookups, narrowing by table, and its errors."""

from __future__ import annotations

import inspect
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest

import newinfra as ni
from newinfra.cli import runs
from newinfra.core.errors import DataFileError
from newinfra.inputs import fields
from newinfra.present.columns import column_definitions, heading

HEADER = "name,table,dtype,unit,unit_column,heading,definition\n"
ROWS = (
    "value,,number,,unit,Value,The figure as a number\n"
    "unit,,string,,,Unit,Unit as written\n"
    "horizon_year,,integer,year,,Year,Year the figure describes\n"
    "value,data/annotations.csv,,,,,The curator's reading\n"
    "status,concordance,string,,,,Where the plan's sources state it\n"
    "*,theme_table,number,,,,The term's rate in this source\n"
)


def project(tmp_path: Path, text: str | None) -> Path:
    """A project holding only its registry (``None``: not even that)."""
    for folder in ("data", "seeds"):
        (tmp_path / folder).mkdir()
    (tmp_path / "seeds" / "manifest.csv").write_text("source_id\n", encoding="utf-8")
    if text is not None:
        (tmp_path / "data" / "fields.csv").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_table_narrows_the_general_rows_and_its_empty_cells_take_theirs(tmp_path):
    with ni.using_root(project(tmp_path, HEADER + ROWS)):
        assert fields.definitions()["value"] == "The figure as a number"
        narrowed = fields.definitions("data/annotations.csv")
        assert narrowed["value"] == "The curator's reading"
        assert narrowed["unit"] == "Unit as written"
        assert fields.dtypes("data/annotations.csv")["value"] == "number"
        assert "status" not in fields.definitions()
        assert fields.definitions("concordance")["status"].startswith("Where")
        assert fields.definitions("theme_table")["*"] == "The term's rate in this source"
        assert fields.units() == {"horizon_year": "year"}
        assert fields.unit_columns() == {"value": "unit"}


def test_reports_and_the_workbook_read_headings_and_definitions_from_it(tmp_path):
    with ni.using_root(project(tmp_path, HEADER + ROWS)):
        assert heading("horizon_year") == "Year"
        assert heading("rate_2013") == "Rate 2013"  # not in the registry: the name in words
        assert column_definitions()["horizon_year"] == "Year the figure describes"
        assert column_definitions("concordance")["status"].startswith("Where")


def test_a_frame_names_its_table_and_its_derived_columns_and_each_gets_a_definition(tmp_path):
    frame = pd.DataFrame(
        columns=["value", "status", "Value: firm", "2026 full text (zh)", "unlisted"]
    )
    with ni.using_root(project(tmp_path, HEADER + ROWS)):
        assert fields.frame_definitions(frame) == {"value": "The figure as a number"}
        fields.describe(frame, "concordance", {"Value: firm": ("value", "worded firm")})
        meanings = fields.frame_definitions(frame)
        assert meanings["Value: firm"] == "The figure as a number — worded firm"
        assert meanings["status"] == "Where the plan's sources state it"
        assert "unlisted" not in meanings and "2026 full text (zh)" not in meanings
        # A wide view's table: its * row defines the columns with no row or record of their own.
        fields.describe(frame, "theme_table")
        meanings = fields.frame_definitions(frame)
        assert meanings["2026 full text (zh)"] == "The term's rate in this source"
        assert meanings["Value: firm"] == "The figure as a number — worded firm"  # kept


def test_a_frames_record_survives_what_the_notebooks_do_to_a_table(tmp_path):
    frame = pd.DataFrame({"value": [1.0, 2.0], "rate_a": [0.5, 1.5], "left_out": [True, False]})
    fields.describe(frame, derived={"rate_a": ("value", "in plan A")})
    shown = frame[frame["left_out"]].drop(columns="left_out").sort_values("value")
    shown = fields.rename(shown.assign(extra=1).reset_index(drop=True), {"rate_a": "Rate A"})
    with ni.using_root(project(tmp_path, HEADER + ROWS)):
        meanings = fields.frame_definitions(shown)
    assert meanings["Rate A"] == "The figure as a number — in plan A"
    assert "rate_a" not in meanings


def test_an_edit_to_the_file_is_read(tmp_path):
    root = project(tmp_path, HEADER + ROWS)
    with ni.using_root(root):
        assert heading("unit") == "Unit"
        path = root / "data" / "fields.csv"
        path.write_text(path.read_text().replace(",Unit,", ",Unit of measure,"), encoding="utf-8")
        assert heading("unit") == "Unit of measure"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("value,,number,,,Again,Twice\n", r"fields\.csv.*value"),
        ("width,,number,,,,No heading\n", "a row without a table needs a dtype and a heading"),
        ("width,,,,,Width,No type\n", "a row without a table needs a dtype and a heading"),
        ("width,,decimal,,,Width,A type\n", "dtype"),
        ("*,,number,,,Any,Every column\n", r"\* stands for a table's other columns"),
        ("width,,number,,size_unit,Width,Size\n", r"line 8, field 'unit_column': 'size_unit'"),
    ],
)
def test_a_bad_row_is_one_line_naming_the_file(tmp_path, row, message):
    root = project(tmp_path, HEADER + ROWS + row)
    with ni.using_root(root), pytest.raises(DataFileError, match=message) as raised:
        fields.fields()
    assert "fields.csv" in str(raised.value)


def test_a_missing_registry_says_what_it_holds(tmp_path):
    missing = pytest.raises(DataFileError, match="fields.csv: file missing; it lists name,table")
    with ni.using_root(project(tmp_path, None)), missing:
        fields.definitions()


def test_no_schema_writes_a_column_definition_of_its_own():
    """Meanings live in data/fields.csv only: a description on a pandera field is a second copy."""
    described = []
    for module in runs.package_modules():
        for _, model in inspect.getmembers(module, inspect.isclass):
            if not issubclass(model, pa.DataFrameModel) or model.__module__ != module.__name__:
                continue
            if model is pa.DataFrameModel:
                continue
            for name, column in model.to_schema().columns.items():
                if column.description or column.title:
                    described.append(f"{model.__module__}.{model.__name__}.{name}")
    assert not described, f"give these meanings a row in data/fields.csv: {', '.join(described)}"
