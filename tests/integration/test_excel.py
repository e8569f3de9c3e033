"""The Excel writer: sheets, formats, formula-injection safety, replacing a file safely, LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from newinfra.core.display import display_width
from newinfra.core.errors import NewinfraError, ParameterError
from newinfra.inputs.vocabulary import LEDGER_COLUMNS
from newinfra.present.workbook import write_workbook


def ledger() -> pd.DataFrame:
    rows = [
        {
            "target_id": "smartcity-2011-2013-en:1200-1210",
            "plan_id": "smartcity-2011-2013",
            "horizon_year": 2013,
            "kind": "target",
            "domain": "network",
            "domain_native": "Broadband city",
            "section": "II.1",
            "metric_id": "home_broadband_mbps",
            "metric_label": "Home broadband access speed",
            "value": 100.0,
            "value_high": None,
            "unit": "Mbps",
            "value_std": 0.1,
            "unit_std": "Gbps",
            "comparator": ">=",
            "basis": "unknown",
            "commitment": "firm",
            "source_id": "smartcity-2011-2013-en",
            "language": "en",
            "start": 1200,
            "end": 1210,
            "quote": "100 Mbps",
            "sentence": "Home broadband access capacity will reach 100 Mbps. " * 4,
            "gloss_en": None,
        },
        {
            "target_id": "newinfra-2023-2026-plan-zh:5000-5006",
            "plan_id": "newinfra-2023-2026",
            "horizon_year": 2026,
            "kind": "target",
            "domain": "computing",
            "domain_native": "算力基礎設施",
            "section": "二、(一)",
            "metric_id": "enterprises_on_cloud",
            "metric_label": "Enterprises on cloud platforms",
            "value": 400000.0,
            "value_high": 450000.0,
            "unit": "家",
            "value_std": 400000.0,
            "unit_std": "enterprise",
            "comparator": "~",
            "basis": "cumulative",
            "commitment": "strive",
            "source_id": "newinfra-2023-2026-plan-zh",
            "language": "zh-Hant",
            "start": 5000,
            "end": 5006,
            "quote": "40萬家",
            "sentence": "推動40萬家企業上雲。",
            "gloss_en": "400,000 enterprises on the cloud",
        },
        {
            "target_id": "x:1-2",
            "plan_id": "newinfra-2020-2022",
            "horizon_year": 2022,
            "kind": "baseline",
            "domain": "data",
            "domain_native": "Data",
            "section": '=HYPERLINK("http://evil")',
            "metric_id": "m",
            "metric_label": "+1 formula?",
            "value": 2.5,
            "value_high": None,
            "unit": "@unit",
            "value_std": 2.5,
            "unit_std": "-",
            "comparator": "=",
            "basis": "new",
            "commitment": None,
            "source_id": "src",
            "language": "en",
            "start": 1,
            "end": 2,
            "quote": "=SUM(A1:A9)",
            "sentence": "-2+3 cmd|' /C calc'!A0",
            "gloss_en": "\tTabbed",
        },
    ]
    frame = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    frame["horizon_year"] = frame["horizon_year"].astype("int64")
    return frame


def sources() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": ["a", "b"],
            "file": ["a.txt", "b.txt"],
            "sha256": ["0" * 64, "f" * 64],
            "published": ["2023-09-15", "2020-05-07"],
        }
    )


@pytest.fixture
def workbook(tmp_path):
    path = tmp_path / "summary.xlsx"
    frames = {"Targets": ledger(), "Sources": sources()}
    readme = [
        "Test workbook",
        ("generated", "2024-01-01T00:00:00Z"),
        ("dataset version", "0.1.0+data.abc"),
        ("Sources and checksums", sources()),
    ]
    docs = {"quote": "The figure as written", "value": "The figure as a number"}
    result = write_workbook(path, frames, readme=readme, column_docs=docs)
    assert result == path
    return path, frames


def test_sheets_and_values_read_back(workbook):
    path, frames = workbook
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["README", "Targets", "Sources"]
    for name, frame in frames.items():
        back = pd.read_excel(path, sheet_name=name, keep_default_na=False, na_values=[""])
        assert list(back.columns) == list(frame.columns)
        assert len(back) == len(frame)
        for column in frame.columns:
            expected = frame[column].tolist()
            got = back[column].tolist()
            for e, g in zip(expected, got, strict=True):
                if e is None or (isinstance(e, float) and pd.isna(e)):
                    assert pd.isna(g), (name, column)
                else:
                    assert e == g, (name, column, e, g)


def test_header_frozen_filtered_and_bold(workbook):
    path, frames = workbook
    book = openpyxl.load_workbook(path)
    for name, frame in frames.items():
        ws = book[name]
        assert ws.freeze_panes == "A2"
        last = openpyxl.utils.get_column_letter(frame.shape[1])
        assert ws.auto_filter.ref == f"A1:{last}{len(frame) + 1}"
        assert [c.value for c in ws[1]] == list(frame.columns)
        assert all(c.font.bold for c in ws[1])


def test_number_formats_and_wrapping(workbook):
    path, _ = workbook
    ws = openpyxl.load_workbook(path)["Targets"]
    col = {c.value: c.column_letter for c in ws[1]}
    assert ws[f"{col['horizon_year']}2"].number_format == "0"
    assert ws[f"{col['start']}3"].number_format == "0"
    assert ws[f"{col['end']}3"].number_format == "0"
    assert ws[f"{col['value']}3"].number_format == "#,##0"
    assert ws[f"{col['value']}3"].value == 400000
    assert ws[f"{col['value']}4"].number_format == "#,##0.0##"
    assert ws[f"{col['value_std']}2"].number_format == "#,##0.0##"
    assert ws[f"{col['unit']}3"].value == "家"
    assert ws[f"{col['value_high']}2"].value is None
    for name in ["quote", "sentence", "gloss_en"]:
        assert ws[f"{col[name]}2"].alignment.wrap_text, name
    assert not ws[f"{col['metric_id']}2"].alignment.wrap_text
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    assert widths[col["sentence"]] == 60  # capped
    assert widths[col["domain_native"]] >= display_width("算力基礎設施") + 2
    assert widths[col["comparator"]] < 15


def test_formula_like_text_stays_text(workbook):
    path, _ = workbook
    ws = openpyxl.load_workbook(path)["Targets"]
    col = {c.value: c.column_letter for c in ws[1]}
    expected = {
        "section": '=HYPERLINK("http://evil")',
        "metric_label": "+1 formula?",
        "unit": "@unit",
        "unit_std": "-",
        "comparator": "=",
        "quote": "=SUM(A1:A9)",
        "sentence": "-2+3 cmd|' /C calc'!A0",
        "gloss_en": "\tTabbed",
    }
    for name, text in expected.items():
        cell = ws[f"{col[name]}4"]
        assert cell.data_type == "s", name
        assert cell.value == text, name
        assert cell.quotePrefix, name
    assert not ws[f"{col['plan_id']}4"].quotePrefix
    # No formula anywhere in the file, and pandas sees the text as written.
    for sheet in openpyxl.load_workbook(path):
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    back = pd.read_excel(path, sheet_name="Targets")
    assert back.loc[2, "quote"] == "=SUM(A1:A9)"
    assert back.loc[2, "section"] == '=HYPERLINK("http://evil")'


def test_readme_sheet(workbook):
    path, frames = workbook
    ws = openpyxl.load_workbook(path)["README"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    flat = [v for row in values for v in row if v is not None]
    assert values[0][0] == "Test workbook"
    assert ws["A1"].font.bold
    assert "0.1.0+data.abc" in flat
    assert "0" * 64 in flat and "f" * 64 in flat
    assert "Column definitions" in flat
    start = next(i for i, row in enumerate(values) if row[0] == "Column definitions")
    assert values[start + 1][:3] == ["column", "definition", "sheets"]
    table = [row for row in values[start + 2 :] if row[0]]
    definitions = {row[0]: row[1] for row in table}
    assert set(definitions) == set(LEDGER_COLUMNS) | set(sources().columns)
    assert definitions["quote"] == "The figure as written"
    sheets_of_source_id = next(row[2] for row in table if row[0] == "source_id")
    assert sheets_of_source_id == "Targets, Sources"


def test_every_table_sheet_prints_landscape_fitted_with_its_header(workbook):
    path, frames = workbook
    book = openpyxl.load_workbook(path)
    for name in ["README", *frames]:
        ws = book[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
    for name in frames:
        assert book[name].print_title_rows in ("1:1", "$1:$1"), name


def test_hidden_columns_and_width_caps(tmp_path):
    path = write_workbook(
        tmp_path / "summary.xlsx",
        {"Targets": ledger()},
        hidden={"Targets": ["target_id", "start"]},
        max_widths={"quote": 10},
    )
    ws = openpyxl.load_workbook(path)["Targets"]
    col = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[col["target_id"]].hidden
    assert ws.column_dimensions[col["start"]].hidden
    assert not ws.column_dimensions[col["quote"]].hidden
    assert ws.column_dimensions[col["quote"]].width == 10
    assert ws[f"{col['quote']}2"].alignment.wrap_text
    # Hidden columns stay in the file: pandas reads them all.
    assert list(pd.read_excel(path, sheet_name="Targets").columns) == list(ledger().columns)
    # Rows of wrapped text get a height for their lines (LibreOffice does not compute one).
    assert ws.row_dimensions[2].height and ws.row_dimensions[2].height > 14


def test_requires_xlsx_suffix(tmp_path):
    with pytest.raises(ParameterError, match=r"\.xlsx"):
        write_workbook(tmp_path / "summary.xls", {"A": sources()})
    assert not list(tmp_path.iterdir())


def test_missing_directory_is_a_clear_error(tmp_path):
    target = tmp_path / "nope" / "summary.xlsx"
    with pytest.raises(NewinfraError, match=f"{target}.*does not exist"):
        write_workbook(target, {"A": sources()})


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_directory_is_a_clear_error(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(NewinfraError, match="not writable"):
            write_workbook(folder / "summary.xlsx", {"A": sources()})
    finally:
        folder.chmod(0o700)


@pytest.mark.parametrize("name", ["a" * 32, "a/b", "README", "x?"])
def test_bad_sheet_names(tmp_path, name):
    with pytest.raises(ParameterError, match="sheets"):
        write_workbook(tmp_path / "w.xlsx", {name: sources()})


def test_failed_save_keeps_previous_workbook(tmp_path, monkeypatch):
    path = tmp_path / "summary.xlsx"
    write_workbook(path, {"Sources": sources()})
    before = path.read_bytes()

    def full_disk(self, target):
        if hasattr(target, "write"):  # the workbook is built in memory, then written
            target.write(b"PK partial")
        else:
            Path(target).write_bytes(b"PK partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(openpyxl.Workbook, "save", full_disk)
    with pytest.raises(NewinfraError, match="No space left on device"):
        write_workbook(path, {"Sources": sources()})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["summary.xlsx"]


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_soffice() -> str:
    """soffice's path; a skip where it is missing, except under CI, where it must run."""
    found = _soffice()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


@pytest.mark.slow
def test_libreoffice_opens_the_workbook(workbook, tmp_path):
    need_soffice()
    path, _ = workbook
    outdir = tmp_path / "converted"
    profile = tmp_path / "lo-profile"
    command = [
        _soffice(),
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(outdir),
        str(path),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    pdf = outdir / "summary.pdf"
    assert done.returncode == 0, done.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF"), done.stdout + done.stderr
    # The formula-like text is printed as text, not evaluated.
    csv_cmd = [*command]
    csv_cmd[csv_cmd.index("pdf")] = (
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    )
    done = subprocess.run(csv_cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    targets_csv = outdir / "summary-Targets.csv"
    text = targets_csv.read_text(encoding="utf-8")
    assert "=SUM(A1:A9)" in text
    assert "算力基礎設施" in text


def test_unwritable_directory_reported_even_as_root(tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if Path(path) == tmp_path else real_access(path, mode),
    )
    with pytest.raises(NewinfraError, match=f"{tmp_path / 'summary.xlsx'}.*not writable"):
        write_workbook(tmp_path / "summary.xlsx", {"A": sources()})


def test_excel_as_of_sets_the_readme_and_the_verdicts(tmp_path):
    # Was: the workbook had no --as-of; its verdicts were always as of the day it was built.
    import sys

    def write(as_of: str) -> tuple[str, list]:
        path = tmp_path / f"summary-{as_of}.xlsx"
        done = subprocess.run(
            [sys.executable, "-m", "newinfra.cli", "excel", str(path), "--as-of", as_of],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        readme = pd.read_excel(path, sheet_name="README", header=None)
        comparison = pd.read_excel(path, sheet_name="Comparison")
        rows = comparison[["horizon_year", "kind", "verdict"]].fillna("").values.tolist()
        return str(readme.loc[readme[0] == "as_of", 1].iloc[0])[:10], rows

    early_day, early = write("2015-06-30")
    late_day, late = write("2030")
    assert (early_day, late_day) == ("2015-06-30", "2030-01-01")
    between = [
        (e[2], x[2])
        for e, x in zip(early, late, strict=True)
        if e[1] == "target" and 2015 < e[0] < 2030
    ]
    assert between and all(e == "pending" and x not in ("pending", "") for e, x in between)
