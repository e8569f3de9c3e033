"""The standard summary workbook: what analysts print and reuse.

>>> from newinfra.present.workbook import write_summary
>>> write_summary("newinfra_summary.xlsx", as_of="2026-11-30")

Sheets: README, Commitments, Targets, Comparison, Charts, Peers, Concordance,
Themes, Domains, Stated, Sources. Headers are the library's own column names, so
``pd.read_excel(path, sheet_name=...)`` gives back the columns
:func:`newinfra.commitments`, :func:`newinfra.targets`... return (Commitments and
Targets add a citation and a link to the figure's passage after them; an empty
Peers sheet says in its first row why, and how to fill it); the README
defines each of them in plain English. Keys and offsets (ids, start/end, full
sentences) are hidden columns: they print nowhere but stay for joins.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd

from newinfra.analysis.citations import figure_citations
from newinfra.analysis.comparison import compare, linked_families
from newinfra.analysis.orders import plan_order
from newinfra.analysis.peers import peers
from newinfra.analysis.profiles import domain_profile
from newinfra.analysis.stated import stated_structure
from newinfra.analysis.themes import theme_counts, theme_table
from newinfra.core.dates import as_of_date
from newinfra.inputs import corpus
from newinfra.ledger.targets import commitments, concordance, targets
from newinfra.present.links import source_href
from newinfra.present.workbook.charts import add_charts_sheet
from newinfra.present.workbook.readme import readme_items, sheet_definitions
from newinfra.present.workbook.writer import build_workbook, check_xlsx_path, save_workbook

SUMMARY_SHEETS = [
    "README",
    "Commitments",
    "Targets",
    "Comparison",
    "Charts",
    "Peers",
    "Concordance",
    "Themes",
    "Domains",
    "Stated",
    "Sources",
]

# The Comparison sheet's readable columns; ``full_comparison=True`` writes all of them.
COMPARISON_COLUMNS = [
    "family",
    "metric_label",
    "plan_id",
    "horizon_year",
    "kind",
    "nature",
    "comparator",
    "value_std",
    "unit_std",
    "multiple",
    "cagr",
    "difference",
    "verdict",
    "verdict_note",
    "flags",
    "commitment_id",
]
#: Columns of the Stated sheet (analysis.stated.stated_structure).
STATED_COLUMNS = [
    "plan_id", "kind", "metric_id", "metric_label", "value_std", "unit_std", "quote", "parts",
    "stated_in", "target_id",
]  # fmt: skip
# What each sheet shows on screen and in print; its other columns (keys, offsets,
# full sentences, values as written) are hidden but stay in the file for joins and pandas.
SHOWN_COLUMNS = {
    "Commitments": [
        "plan_id",
        "horizon_year",
        "kind",
        "metric_label",
        "comparator",
        "value_std",
        "unit_std",
        "basis",
        "commitment",
        "n_mentions",
        "quote",
        "gloss_en",
        "domain",
        "value_high_std",
        "cite_as",
        "source_link",
    ],
    "Targets": [
        "plan_id",
        "horizon_year",
        "kind",
        "domain",
        "metric_label",
        "comparator",
        "value",
        "value_high",
        "unit",
        "basis",
        "commitment",
        "quote",
        "gloss_en",
        "cite_as",
        "source_link",
    ],
    "Comparison": [c for c in COMPARISON_COLUMNS if c not in ("family", "commitment_id")],
    "Peers": [
        "metric_label",
        "jurisdiction_name",
        "level",
        "plan_id",
        "horizon_year",
        "comparator",
        "value_std",
        "unit_std",
        "basis",
        "parent_plan_id",
        "parent_figure",
        "parent_year",
        "parent_value_std",
        "share_of_parent",
        "parent_note",
        "flags",
    ],
    "Concordance": [
        "plan_id",
        "status",
        "metric_label",
        "kind",
        "horizon_year",
        "value_std",
        "unit_std",
        "n_mentions",
        "primary_quote",
        "secondary_quote",
        "gloss_en",
    ],
    "Themes": None,
    "Domains": None,
    "Stated": [c for c in STATED_COLUMNS if c not in ("metric_id", "target_id")],
    # Sources: all but the file names (the seed file and the name it was delivered under).
    "Sources": [
        "source_id",
        "sha256",
        "plan_id",
        "language",
        "doc_type",
        "published",
        "title",
        "official",
        "publisher",
        "doc_number",
        "url",
        "note",
    ],
}
# Long text wraps at these widths (characters) so a sheet prints at a readable scale.
MAX_WIDTHS = {
    "metric_label": 30,
    "quote": 24,
    "primary_quote": 24,
    "secondary_quote": 24,
    "gloss_en": 36,
    "verdict_note": 24,
    "flags": 30,
    "title": 36,
    "note": 36,
    "publisher": 24,
    "url": 36,
    "sha256": 34,
    "cite_as": 40,
    "source_link": 30,
    "stated_in": 30,
}
#: Columns added after the library's own: how to cite a row and a link to its passage.
READER_COLUMNS = ["cite_as", "source_link"]


def with_citations(frame: pd.DataFrame, id_column: str) -> pd.DataFrame:
    """``frame`` with each row's citation and the link to its passage in the run's source pages."""
    cited = figure_citations()
    return frame.assign(
        cite_as=frame[id_column].map(cited),
        source_link=[source_href(t) for t in frame[id_column]],
    )


def peers_or_why(frame: pd.DataFrame) -> pd.DataFrame:
    """The Peers table, or, when it is empty, one row saying why and how to fill it."""
    if len(frame):
        return frame
    why = (
        "No peer figures: every plan in data/plans.csv belongs to one place, and a place's "
        "own context documents are not its peers. To fill this sheet, add a plan of another "
        "place (newinfra add-plan TEXT with a jurisdiction of its own) whose figures share a "
        "metric family with these plans."
    )
    return pd.DataFrame({c: [why if i == 0 else None] for i, c in enumerate(frame.columns)})


def _links(workbook, sheet: str) -> None:
    """Make each source_link cell a hyperlink (relative: the workbook sits beside sources/)."""
    ws = workbook[sheet]
    header = [c.value for c in ws[1]]
    if "source_link" not in header:
        return
    column = header.index("source_link") + 1
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        if isinstance(cell.value, str) and cell.value:
            cell.hyperlink = cell.value
            cell.style = "Hyperlink"


def _themes() -> pd.DataFrame:
    counts = theme_counts()
    terms = counts.drop_duplicates("label_en").set_index("label_en")[["term_id", "group"]]
    wide = theme_table(counts, "rate")
    wide.columns = [str(c) for c in wide.columns]
    return terms.join(wide).reset_index()[["term_id", "label_en", "group", *wide.columns]]


def _comparison(frame: pd.DataFrame, full: bool) -> pd.DataFrame:
    """Rows grouped by family, targets first, plans in series order: each chart reads a block."""
    order = {p: i for i, p in enumerate(plan_order(frame))}
    kinds = {"target": 0, "baseline": 1}
    places = corpus.place_order()
    keyed = frame.assign(
        _kind=frame["kind"].map(kinds).fillna(2),
        _place=frame["jurisdiction_id"].map(places),
        _plan=frame["plan_id"].map(order),
    )
    # A family's targets of one place are one block: one chart series reads them.
    keyed = keyed.sort_values(
        ["family", "_kind", "_place", "_plan", "horizon_year", "metric_id", "commitment_id"],
        kind="mergesort",
    )
    columns = list(frame.columns) if full else [c for c in COMPARISON_COLUMNS if c in frame]
    return keyed[columns].reset_index(drop=True)


def hex_colours(plan_ids: list[str]) -> dict[str, str]:
    """The reports' plan colours (present.styling.plan_colours) as Excel hex, by plan."""
    from matplotlib.colors import to_hex  # imported only when drawing

    from newinfra.present.styling import plan_colours

    colours = plan_colours()
    return {p: to_hex(colours[p]).lstrip("#").upper() for p in plan_ids if p in colours}


def _plan_labels(plan_ids: list[str]) -> dict[str, str]:
    plans = corpus.plans().set_index("plan_id")
    return {p: f"{plans.loc[p, 'period_start']}-{plans.loc[p, 'period_end']}" for p in plan_ids}


def write_summary(
    path: str | os.PathLike,
    as_of: str | dt.date | int | None = None,
    *,
    full_comparison: bool = False,
) -> Path:
    """Write the summary workbook to ``path`` (.xlsx); verdicts are computed ``as_of`` (default today).

    ``full_comparison`` writes every column of :func:`newinfra.compare` on the
    Comparison sheet instead of the readable selection.
    """
    target = check_xlsx_path(path)
    day = as_of_date(as_of)
    sources = corpus.sources()
    compared = compare(as_of=day.isoformat())
    tables = {
        "Commitments": with_citations(commitments(), "commitment_id"),
        "Targets": with_citations(targets(), "target_id"),
        "Comparison": _comparison(compared, full_comparison),
        "Peers": peers_or_why(peers()),
        "Concordance": concordance().sort_values(["plan_id", "status"], kind="mergesort"),
        "Themes": _themes(),
        "Domains": domain_profile(),
        "Stated": stated_structure()[STATED_COLUMNS],
        "Sources": sources,
    }
    hidden = {
        name: [c for c in frame.columns if SHOWN_COLUMNS[name] and c not in SHOWN_COLUMNS[name]]
        for name, frame in tables.items()
    }
    readme = readme_items(tables, day, sources)
    workbook = build_workbook(tables, readme, sheet_definitions(tables), hidden, MAX_WIDTHS)
    plan_ids = plan_order(compared)
    titles = (
        compared.groupby("family")["metric_label"].agg(lambda s: s.mode().iloc[0]).to_dict()
        if len(compared)
        else {}
    )
    add_charts_sheet(
        workbook,
        tables["Comparison"],
        colours=hex_colours(plan_ids),
        labels=_plan_labels(plan_ids),
        places=corpus.jurisdictions().set_index("jurisdiction_id")["name_en"].to_dict(),
        linked=linked_families(),
        family_titles=titles,
        index=SUMMARY_SHEETS.index("Charts"),
    )
    for sheet in ("Commitments", "Targets"):
        _links(workbook, sheet)
    return save_workbook(workbook, target)
