"""The field registry (data/fields.csv) covers every column users see, and lists nothing unused.

Every column a public function returns and every column a workbook sheet
writes has a definition there; every row of the registry names a column that
a data file, a public function, a sheet or a report table has; types agree
with what the library returns.
"""

from __future__ import annotations

import re

import openpyxl
import pandas as pd
import pytest
from conftest import REPO, run_cli

import newinfra as ni
from newinfra.analysis import views
from newinfra.analysis.profiles import firmness_profile
from newinfra.analysis.stated import stated_structure
from newinfra.analysis.themes import theme_changes, theme_counts, theme_table
from newinfra.cli import runs
from newinfra.inputs import dictionary, fields
from newinfra.present.release_schema import field_type
from newinfra.present.workbook import write_summary
from newinfra.present.workbook.readme import SHEET_TABLES

AS_OF = "2026-11-30"
#: Arguments of the public functions that need some.
ARGUMENTS = {"extract_quantities": ("到2025年建成5G基站7萬個以上，約佔全國10%",)}
#: Public names that return no table.
NOT_TABLES = {"source_text", "dataset_version"}


@pytest.fixture(scope="module")
def public_frames() -> dict[str, pd.DataFrame]:
    """What every public function returns on the shipped project, by function name."""
    names = [n for n in ni._PUBLIC if n not in NOT_TABLES] + ["audit"]
    frames = {}
    for name in names:
        result = getattr(ni, name)(*ARGUMENTS.get(name, ()))
        assert isinstance(result, pd.DataFrame), f"ni.{name}() returns no DataFrame"
        frames[name] = result
    return frames


@pytest.fixture(scope="module")
def library_tables(public_frames) -> dict[str, pd.DataFrame]:
    """The public frames and the other tables the workbook shows, by registry table name."""
    wide = theme_table(theme_counts(), "rate")
    wide.columns = [str(c) for c in wide.columns]
    return {
        **public_frames,
        "theme_table": wide,
        "theme_counts": theme_counts(),
        "theme_changes": theme_changes(theme_counts()),
        "stated_structure": stated_structure(),
        "status_steps": views.status_steps(public_frames["compare"]),
        "firmness_by_domain": views.firmness_by_domain(firmness_profile()),
    }


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    path = write_summary(tmp_path_factory.mktemp("registry") / "summary.xlsx", AS_OF)
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def data_files() -> dict[str, list[str]]:
    """Each data file's columns, from the schemas that name the files."""
    modules = runs.package_modules()
    return {
        f.path: [field.name for field in f.fields]
        for f in dictionary.documented_files(modules)
        if f.path.endswith(".csv")
    }


def readme_definitions(book) -> dict[str, str]:
    """The README sheet's 'Column definitions' table: column name -> definition."""
    rows = [[c.value for c in row] for row in book["README"].iter_rows()]
    start = next(i for i, row in enumerate(rows) if row[0] == "Column definitions")
    assert rows[start + 1][:3] == ["column", "definition", "sheets"]
    return {row[0]: row[1] for row in rows[start + 2 :] if row[0] is not None}


def test_every_column_a_public_function_returns_is_defined(public_frames):
    missing = [
        f"ni.{name}(): {column}"
        for name, frame in public_frames.items()
        for column in frame.columns
        if not fields.definitions(name).get(column)
    ]
    assert not missing, f"columns with no definition in data/fields.csv: {', '.join(missing)}"


def test_every_column_a_sheet_writes_is_defined_in_the_readme(book):
    defined = readme_definitions(book)
    written = {
        str(cell.value)
        for ws in book.worksheets
        if ws.title not in ("README", "Charts")
        for cell in ws[1]
        if cell.value is not None
    }
    assert written and written == set(defined), "the README lists other columns than the sheets"
    blank = sorted(column for column, meaning in defined.items() if not meaning)
    assert not blank, f"README columns with no definition: {', '.join(blank)}"


def test_every_sheet_names_the_table_whose_definitions_it_takes(book):
    shown = {ws.title for ws in book.worksheets} - {"README", "Charts"}
    assert shown == set(SHEET_TABLES)


def _quoted_in_code(name: str) -> bool:
    """Whether a module or notebook names ``name`` as a string (a column it builds or shows)."""
    pattern = re.compile(rf"""["']{re.escape(name)}["']""")
    sources = [*(REPO / "newinfra").rglob("*.py"), *(REPO / "notebooks").glob("*.ipynb")]
    return any(pattern.search(path.read_text(encoding="utf-8")) for path in sources)


def _named_in(frame: pd.DataFrame) -> set[str]:
    """A frame's columns and the fields its derived columns stand for ("Tasks: strive": tasks)."""
    derived = frame.attrs.get(fields.ATTRS, {}).get("derived", {})
    return {str(c) for c in frame.columns} | {field for field, _ in derived.values()}


def test_every_registry_row_is_a_column_somewhere(library_tables, book, data_files):
    in_tables = {str(c) for frame in library_tables.values() for c in frame.columns}
    in_sheets = set(readme_definitions(book))
    in_files = {c for columns in data_files.values() for c in columns}
    unused = []
    for row in fields.fields().itertuples():
        if row.table in data_files:
            used = row.name in data_files[row.table]
        elif row.table:
            frame = library_tables.get(row.table)
            used = frame is not None and (row.name == "*" or row.name in _named_in(frame))
        else:
            used = row.name in in_tables | in_sheets | in_files or _quoted_in_code(row.name)
        if not used:
            unused.append(f"{row.name} ({row.table or 'general'})")
    assert not unused, f"registry rows naming no column: {', '.join(unused)}"


def test_registry_types_are_the_types_the_library_returns(library_tables):
    wrong = []
    for name, frame in library_tables.items():
        types = fields.dtypes(name)
        for column in map(str, frame.columns):
            values = frame[column]
            known = column in types and values.notna().any()
            if known and field_type(values) != types[column]:
                wrong.append(f"{name}.{column}: {field_type(values)}, not {types[column]}")
    assert not wrong, f"data/fields.csv has the wrong dtype for {', '.join(wrong)}"


def test_registry_types_are_the_types_the_data_files_declare():
    kinds = {"text": "string", "whole number": "integer", "number": "number"}
    wrong = []
    for data_file in dictionary.documented_files(runs.package_modules()):
        types = fields.dtypes(data_file.path)
        for field in data_file.fields if data_file.path.endswith(".csv") else ():
            if types.get(field.name) != kinds[field.kind]:
                wrong.append(f"{data_file.path}: {field.name} is {field.kind}")
    assert not wrong, f"data/fields.csv disagrees with the schema: {', '.join(wrong)}"


def test_a_broken_registry_is_one_line_from_the_audit_and_the_workbook(synthetic_project):
    registry = synthetic_project / "data" / "fields.csv"
    with registry.open("a", encoding="utf-8") as handle:
        handle.write("plan_id,,string,,,Plan again,A second general row\n")
    line = len(registry.read_text(encoding="utf-8").splitlines())
    report = ni.audit_report()
    assert not report.ok
    said = "fields.csv: duplicate key (name, table) = ['plan_id', ''] on lines"
    assert any(said in p and p.endswith(f", {line}") for p in report.problems), report.problems
    result = run_cli(synthetic_project, "excel", str(synthetic_project / "book.xlsx"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert [m for m in result.stderr.splitlines() if said in m and m.endswith(f", {line}")]
