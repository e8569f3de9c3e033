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
    definitions = {row[1]: row[2] for row in values if row[0] and row[1] in LEDGER_COLUMNS}
    assert set(definitions) == set(LEDGER_COLUMNS)
    assert definitions["quote"] == "The figure as written"
    sheets_of_source_id = next(row[0] for row in values if row[1] == "source_id")
    assert sheets_of_source_id == "Targets, Sources"


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


def test_write_summary_from_the_library(tmp_path):
    import newinfra as ni
    from newinfra.present.workbook import SUMMARY_SHEETS, write_summary

    path = write_summary(tmp_path / "newinfra_summary.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SUMMARY_SHEETS
    targets = ni.targets()
    back = pd.read_excel(path, sheet_name="Targets")
    assert list(back.columns) == list(targets.columns)
    assert len(back) == len(targets)
    flat = [c.value for row in book["README"].iter_rows() for c in row if c.value is not None]
    assert ni.dataset_version() in flat
    assert set(ni.sources()["sha256"]) <= set(flat)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook(workbook, tmp_path):
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


def test_write_summary_structure_with_stand_in_tables(tmp_path, monkeypatch):
    import newinfra as ni
    from newinfra.present import workbook
    from newinfra.present.workbook import SUMMARY_SHEETS, write_summary

    comparison = pd.DataFrame(
        {"metric_id": ["m", "m"], "horizon_year": [2022, 2026], "value": [150000.0, 400000.0]}
    )
    domains = pd.DataFrame({"plan_id": ["p"], "domain": ["network"], "n_targets": [12]})
    monkeypatch.setattr(workbook, "targets", ledger)
    monkeypatch.setattr(workbook, "compare", lambda: comparison)
    monkeypatch.setattr(workbook, "domain_profile", lambda: domains)
    path = write_summary(tmp_path / "newinfra_summary.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SUMMARY_SHEETS
    assert len(pd.read_excel(path, sheet_name="Targets")) == 3
    assert pd.read_excel(path, sheet_name="Comparison")["value"].tolist() == [150000, 400000]
    assert book["Comparison"]["B2"].number_format == "0"
    readme = [c.value for row in book["README"].iter_rows() for c in row if c.value is not None]
    assert ni.dataset_version() in readme
    assert set(ni.sources()["sha256"]) <= set(readme)
    assert "Column definitions" in readme
    with pytest.raises(ParameterError, match=r"\.xlsx"):
        write_summary(tmp_path / "summary.csv")


def test_unwritable_directory_reported_even_as_root(tmp_path, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda path, mode: False if Path(path) == tmp_path else real_access(path, mode),
    )
    with pytest.raises(NewinfraError, match=f"{tmp_path / 'summary.xlsx'}.*not writable"):
        write_workbook(tmp_path / "summary.xlsx", {"A": sources()})
