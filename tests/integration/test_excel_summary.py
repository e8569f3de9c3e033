"""The standard summary workbook: every sheet read back, formats, print setup, charts, PDF."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import openpyxl
import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis.comparison import linked_families
from newinfra.analysis.orders import plan_order
from newinfra.analysis.themes import theme_counts
from newinfra.core.dates import as_of_date
from newinfra.inputs import corpus
from newinfra.present.workbook import SUMMARY_SHEETS, summary, write_summary
from newinfra.present.workbook.cells import MULTIPLE_FORMAT, PERCENT_FORMAT, PERCENT_POINTS_FORMAT
from newinfra.present.workbook.summary import COMPARISON_COLUMNS, SHOWN_COLUMNS, hex_colours

AS_OF = "2026-11-30"
TABLE_SHEETS = [s for s in SUMMARY_SHEETS if s not in ("README", "Charts")]
# Pages when printed through LibreOffice: 94 before the print layout (82 when the
# issue was written), 20 with it. README ~3 pages, each table sheet 1-5 and the
# charts one; the bound leaves half again for ledger growth and font differences
# while staying well under half of the old count. The Comparison sheet then grew from 35
# to about 120 rows when compare() took in the families set in one year only (32 pages).
MAX_PDF_PAGES = 40


@pytest.fixture(scope="module")
def book_path(tmp_path_factory):
    return write_summary(tmp_path_factory.mktemp("summary") / "newinfra_summary.xlsx", AS_OF)


@pytest.fixture(scope="module")
def book(book_path):
    return openpyxl.load_workbook(book_path)


def read(path, sheet: str) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=sheet)


def header(ws) -> dict[str, str]:
    return {c.value: c.column_letter for c in ws[1]}


def readme_values(book) -> list[list]:
    return [[c.value for c in row] for row in book["README"].iter_rows()]


def test_sheets_in_order(book):
    assert book.sheetnames == SUMMARY_SHEETS


def test_every_table_sheet_reads_back_as_the_library_returns_it(book_path, book):
    expected = {
        "Commitments": ni.commitments(),
        "Targets": ni.targets(),
        "Peers": ni.peers(),
        "Concordance": ni.concordance(),
        "Domains": ni.domain_profile(),
        "Sources": ni.sources(),
    }
    for name, frame in expected.items():
        back = read(book_path, name)
        # Commitments and Targets add how to cite each row and its link after the library's.
        added = summary.READER_COLUMNS if name in ("Commitments", "Targets") else []
        assert list(back.columns) == [*frame.columns, *added], name
        # An empty Peers sheet says in its one row why it is empty.
        rows = max(len(frame), 1) if name == "Peers" else len(frame)
        assert len(back) == rows, name
        assert book[name].max_row == rows + 1, name


def test_each_row_cites_its_figure_and_links_to_its_passage(book_path, book):
    from newinfra.analysis.citations import figure_citations

    back = read(book_path, "Targets").set_index("target_id")
    cited = figure_citations()
    assert back["cite_as"].to_dict() == cited[back.index].to_dict()
    ws = book["Targets"]
    header = [c.value for c in ws[1]]
    link = ws.cell(row=2, column=header.index("source_link") + 1)
    assert link.hyperlink is not None and link.hyperlink.target.startswith("sources/")
    assert "#" in link.hyperlink.target
    for name in ("Targets", "Commitments"):
        header = [c.value for c in book[name][1]]
        for column in ("domain", "cite_as", "source_link"):
            letter = book[name].cell(row=1, column=header.index(column) + 1).column_letter
            assert not book[name].column_dimensions[letter].hidden, (name, column)


def test_an_empty_peers_sheet_says_why_and_how_to_fill_it(book):
    if len(ni.peers()):
        pytest.skip("the seeds have peer figures")
    first = book["Peers"].cell(row=2, column=1).value
    assert first.startswith("No peer figures") and "add-plan" in first


def test_the_stated_sheet_holds_the_budgets_and_counts(book_path):
    stated = read(book_path, "Stated")
    budgets = stated[stated["kind"] == "budget"].set_index("metric_id")["value_std"]
    assert budgets["loan_subsidy_min_investment"] == 5e7
    assert budgets["major_projects_investment"] == 270e9
    targets = ni.targets()
    back = read(book_path, "Targets")
    assert back["target_id"].tolist() == targets["target_id"].tolist()
    assert back["quote"].astype(str).tolist() == targets["quote"].astype(str).tolist()
    commitments = ni.commitments()
    back = read(book_path, "Commitments").set_index("commitment_id")
    assert back.loc[commitments["commitment_id"], "n_mentions"].tolist() == (
        commitments["n_mentions"].tolist()
    )
    concordance = read(book_path, "Concordance")
    assert set(concordance["status"]) <= {"in_both", "primary_only", "secondary_only"}
    themes = read(book_path, "Themes")
    assert len(themes) == theme_counts()["term_id"].nunique()
    assert themes["term_id"].is_unique


def test_comparison_has_the_readable_columns_and_every_row(book_path):
    back = read(book_path, "Comparison")
    compared = ni.compare(as_of=AS_OF)
    assert list(back.columns) == COMPARISON_COLUMNS
    assert 12 <= len(COMPARISON_COLUMNS) <= 16
    assert len(back) == len(compared)
    assert sorted(back["commitment_id"]) == sorted(compared["commitment_id"])
    assert back.groupby("commitment_id")["verdict"].first().fillna("").to_dict() == (
        compared.groupby("commitment_id")["verdict"].first().fillna("").to_dict()
    )


def test_full_comparison_and_as_of(tmp_path):
    path = write_summary(tmp_path / "full.xlsx", as_of="2020-01-01", full_comparison=True)
    back = read(path, "Comparison")
    assert list(back.columns) == list(ni.compare().columns)
    assert set(back["as_of"]) == {"2020-01-01"}
    ws = openpyxl.load_workbook(path)["Comparison"]
    col = header(ws)
    assert ws.column_dimensions[col["sentence"]].hidden
    assert not ws.column_dimensions[col["verdict"]].hidden
    flat = [v for row in readme_values(openpyxl.load_workbook(path)) for v in row]
    assert "2020-01-01" in flat


def test_as_of_defaults_to_today(tmp_path):
    path = write_summary(tmp_path / "today.xlsx")
    values = readme_values(openpyxl.load_workbook(path))
    as_of = next(row[1] for row in values if row[0] == "as_of")
    assert as_of == as_of_date(None).isoformat()


def test_readme_says_what_each_sheet_holds_and_where_the_sources_are(book):
    values = readme_values(book)
    flat = [v for row in values for v in row if v is not None]
    labelled = {row[0]: row[1] for row in values if row[0]}
    assert labelled["as_of"] == AS_OF
    assert labelled["dataset version"] == ni.dataset_version()
    assert labelled["library version"] == ni.__version__
    start = flat.index("what it holds")
    for sheet in SUMMARY_SHEETS[1:]:
        assert sheet in flat[start - 1 :], sheet
    sources = ni.sources()
    assert set(sources["source_id"]) <= set(flat)
    urls = [u for u in corpus.manifest()["url"].dropna() if str(u).strip()]
    assert set(urls) <= set(flat)
    assert "Column definitions" in flat
    readme = book["README"]
    assert readme["A1"].font.bold and readme["A1"].font.size == 14
    # The title fits in the two first columns, so it prints whole.
    width = readme.column_dimensions["A"].width + readme.column_dimensions["B"].width
    assert len(readme["A1"].value) * 1.4 < width


def test_source_urls_are_links(book):
    ws = book["Sources"]
    col = header(ws)
    cells = [ws[f"{col['url']}{r}"] for r in range(2, ws.max_row + 1)]
    for cell in cells:
        if cell.value:
            assert cell.hyperlink is not None and cell.hyperlink.target == cell.value


def test_percent_multiple_and_unit_formats(book):
    ws = book["Comparison"]
    col = header(ws)
    rows = range(2, ws.max_row + 1)
    cagr = [ws[f"{col['cagr']}{r}"] for r in rows if ws[f"{col['cagr']}{r}"].value is not None]
    assert cagr and all(c.number_format == PERCENT_FORMAT for c in cagr)
    assert all(0 < abs(c.value) < 5 for c in cagr)  # stored as fractions
    multiple = [ws[f"{col['multiple']}{r}"] for r in rows if ws[f"{col['multiple']}{r}"].value]
    assert multiple and all(c.number_format == MULTIPLE_FORMAT for c in multiple)
    assert {ws[f"{col['horizon_year']}{r}"].number_format for r in rows} == {"0"}

    ws = book["Domains"]
    col = header(ws)
    share = [ws[f"{col['share_tasks_with_number']}{r}"] for r in range(2, ws.max_row + 1)]
    assert all(c.number_format == PERCENT_FORMAT for c in share if c.value is not None)

    ws = book["Commitments"]
    col = header(ws)
    by_unit = {}
    for r in range(2, ws.max_row + 1):
        by_unit.setdefault(ws[f"{col['unit_std']}{r}"].value, set()).add(
            ws[f"{col['value_std']}{r}"].number_format
        )
    assert by_unit["fraction"] == {PERCENT_FORMAT}
    assert by_unit["percent"] == {PERCENT_POINTS_FORMAT}
    assert by_unit["count"] <= {"#,##0", "#,##0.0##"}


def test_every_table_sheet_prints_landscape_fitted_with_its_header(book):
    for name in SUMMARY_SHEETS:
        ws = book[name]
        assert ws.page_setup.orientation == "landscape", name
        assert ws.sheet_properties.pageSetUpPr.fitToPage, name
        assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0), name
    for name in TABLE_SHEETS:
        assert book[name].print_title_rows in ("1:1", "$1:$1"), name
        assert book[name].freeze_panes == "A2", name


def test_keys_are_hidden_but_kept(book):
    for name, shown in SHOWN_COLUMNS.items():
        ws = book[name]
        for column, letter in header(ws).items():
            hidden = bool(ws.column_dimensions[letter].hidden)
            assert hidden == (shown is not None and column not in shown), (name, column)
    assert "target_id" in header(book["Targets"])
    assert "commitment_id" in header(book["Comparison"])


def _series_rows(ref: str) -> tuple[int, int]:
    match = re.fullmatch(r"'?Comparison'?!\$([A-Z]+)\$(\d+)(?::\$\1\$(\d+))?", ref)
    assert match, ref
    return int(match.group(2)), int(match.group(3) or match.group(2))


def test_charts_read_the_comparison_sheet_one_series_per_place(book_path, book):
    comparison = read(book_path, "Comparison")
    targets = comparison[(comparison["kind"] == "target") & comparison["value_std"].notna()]
    charts = book["Charts"]._charts
    targets = targets[targets["family"].isin(linked_families())]
    assert len(charts) == targets["family"].nunique() > 0
    colours = hex_colours(plan_order(ni.compare(as_of=AS_OF)))  # as the reports colour plans
    place_of = corpus.plans().set_index("plan_id")["jurisdiction_id"]
    names = corpus.jurisdictions().set_index("jurisdiction_id")["name_en"]
    for chart, (family, rows) in zip(charts, targets.groupby("family", sort=False), strict=True):
        seen = set()
        for series in chart.series:
            first, last = _series_rows(series.yVal.numRef.f)
            assert _series_rows(series.xVal.numRef.f) == (first, last)
            block = comparison.iloc[first - 2 : last - 1]
            assert set(block["family"]) == {family}
            assert set(block["kind"]) == {"target"}
            (place,) = set(block["plan_id"].map(place_of))
            assert series.tx.strRef is None or names[place] in str(series.tx)
            for point, plan_id in zip(series.dPt, block["plan_id"], strict=True):
                fill = point.marker.spPr.solidFill.srgbClr
                assert getattr(fill, "val", fill) == colours[plan_id]
            seen |= set(block["plan_id"])
        assert seen == set(rows["plan_id"]), family


def test_workbook_and_reports_colour_plans_alike_when_a_plan_is_left_out(monkeypatch):
    # Was: the workbook coloured plans by their position among the plans shown, the reports
    # by their position in plans.csv: leaving the first plan out changed three colours.
    from matplotlib.colors import to_hex

    from newinfra.present.styling import plan_colours

    plan_ids = list(corpus.plans()["plan_id"])
    reports = {p: to_hex(c).lstrip("#").upper() for p, c in plan_colours().items()}
    assert hex_colours(plan_ids[1:]) == {p: reports[p] for p in plan_ids[1:]}
    own_colours = ["#112233", "", "445566"] + [None] * len(plan_ids)
    coloured = corpus.plans().assign(colour=own_colours[: len(plan_ids)])
    monkeypatch.setattr(corpus, "plans", lambda: coloured)
    chosen = hex_colours(plan_ids)
    assert chosen[plan_ids[0]] == "112233"
    assert chosen[plan_ids[1]] == reports[plan_ids[1]]


def need_soffice() -> str:
    """soffice's path; a skip where it is missing, except under CI, where it must run."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing under CI: .ci/run installs it")
        pytest.skip("LibreOffice (soffice) is not installed")
    return found


def _page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.slow
def test_libreoffice_prints_the_summary_in_few_pages(book_path, tmp_path):
    soffice = need_soffice()
    outdir = tmp_path / "converted"
    base = [
        soffice,
        f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
    ]
    where = ["--outdir", str(outdir), str(book_path)]
    done = subprocess.run(
        [*base, "--convert-to", "pdf", *where], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    pdf = (outdir / "newinfra_summary.pdf").read_bytes()
    pages = _page_count(pdf)
    assert len(SUMMARY_SHEETS) <= pages <= MAX_PDF_PAGES
    # Cells as shown: growth as a percentage, not a fraction.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    done = subprocess.run(
        [*base, "--convert-to", csv_filter, *where],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    shown = (outdir / "newinfra_summary-Comparison.csv").read_text(encoding="utf-8")
    assert re.search(r"\b\d+\.\d%", shown), shown[:500]


def test_summary_of_another_project(synthetic_project, tmp_path):
    path = write_summary(tmp_path / "synthetic.xlsx", as_of="2027-06-30")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == SUMMARY_SHEETS
    assert len(read(path, "Targets")) == len(ni.targets())
    assert len(read(path, "Commitments")) == len(ni.commitments())
    comparison = read(path, "Comparison")
    assert len(comparison) == len(ni.compare(as_of="2027-06-30"))
    families = comparison.loc[comparison["kind"] == "target", "family"].nunique()
    assert len(book["Charts"]._charts) == families
