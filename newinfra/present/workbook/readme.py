"""The summary workbook's README sheet: its notes on each sheet and the definition of each column.

Definitions come from the field registry (data/fields.csv): a sheet's columns take
the rows of the library table it shows (``SHEET_TABLES``), else the general row.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from newinfra.core.version import __version__
from newinfra.inputs import corpus
from newinfra.present.citation import dataset_citation
from newinfra.present.workbook.writer import ReadmeItem, column_definitions

__all__ = ["SHEET_NOTES", "READING_NOTES", "SHEET_TABLES", "sheet_definitions", "readme_items"]

SHEET_NOTES = {
    "Commitments": "one row per commitment: the primary mention's quote and gloss, "
    "the firmest wording and the number of mentions (target_ids lists them)",
    "Targets": "the ledger: one row per mention of a figure, with its source and quote",
    "Comparison": "every figure of each place across its plan series: multiples, growth and "
    "verdicts (a family set in one year only is flagged)",
    "Charts": "one chart per linked metric family: targets by horizon, one series per place, "
    "drawn from the Comparison sheet",
    "Peers": "the same family side by side across places (never joined by multiples)",
    "Concordance": "each plan's commitments: in_both (full text and briefing), "
    "primary_only (full text only) or secondary_only (briefing only)",
    "Themes": "occurrences of each theme term per 10,000 words (English) or characters (Chinese)",
    "Domains": "tasks, quantified targets, commitment and baselines per plan and domain",
    "Stated": "the counts (tasks, measures, projects) and budgets each plan states, with the "
    "document that states them: the budgets and instruments view",
    "Sources": "the source documents: provenance, URL and SHA-256 checksum",
}
READING_NOTES = [
    "Headers are the library's column names (pandas reads them back as the library returns "
    "them); 'Column definitions' below says what each one means.",
    "Growth rates and shares are stored as fractions and shown as percentages; multiples "
    "carry a ×; values in percent units carry a % sign.",
    "Keys, offsets, full sentences and values as written (target_id, commitment_id, start, "
    "end, sentence...) are hidden columns: unhide them to join sheets; they do not print.",
    "cite_as: how to cite the row's figure (publisher, document number or title, date, "
    "section); source_link opens its passage in sources/ beside this file, as in a report run.",
]


#: The library table each sheet shows: its rows of data/fields.csv define the sheet's columns.
SHEET_TABLES = {
    "Commitments": "commitments",
    "Targets": "targets",
    "Comparison": "compare",
    "Peers": "peers",
    "Concordance": "concordance",
    "Themes": "theme_table",
    "Domains": "domain_profile",
    "Stated": "stated_structure",
    "Sources": "sources",
}


def sheet_definitions(tables: dict[str, pd.DataFrame]) -> dict[str, str]:
    """What each column of the sheets means, for the README sheet.

    A column takes its sheet's table's own definition where the registry has one
    (``status`` of the Concordance sheet), else the general one; a wide view's
    columns (one per source on the Themes sheet) take the table's ``*`` row.
    """
    docs = column_definitions()
    for sheet, frame in tables.items():
        own = column_definitions(SHEET_TABLES.get(sheet))
        for column in map(str, frame.columns):
            docs[column] = own.get(column) or own.get("*") or ""
    return docs


def readme_items(
    tables: dict[str, pd.DataFrame], day: dt.date, sources: pd.DataFrame
) -> list[ReadmeItem]:
    """The README sheet's items: what the workbook is, its run, its sheets, plans and sources."""
    generated = dt.datetime.now(dt.UTC).replace(microsecond=0)
    plans = corpus.plans()
    plan_table = plans.assign(
        period=plans["period_start"].astype(str) + "-" + plans["period_end"].astype(str)
    )[["plan_id", "title_en", "period", "evidence"]]
    sheets = pd.DataFrame(
        {
            "sheet": list(SHEET_NOTES),
            "what it holds": list(SHEET_NOTES.values()),
            "rows": [len(tables[s]) if s in tables else None for s in SHEET_NOTES],
        }
    )
    source_columns = [c for c in ["source_id", "title", "published", "url"] if c in sources]
    return [
        "newinfra summary: digital-infrastructure plan targets",
        (
            "Every figure in the plans below, with its metric, domain, year, unit and the "
            "verbatim quote from its source document; commitments group the mentions of one "
            "figure, and comparisons line each place's plans up in series."
        ),
        ("as_of", day.isoformat()),
        ("generated", generated.isoformat().replace("+00:00", "Z")),
        ("library version", __version__),
        ("dataset version", corpus.dataset_version()),
        ("citation", dataset_citation(released=generated.date().isoformat(), sources=sources)),
        ("Sheets", sheets),
        *[("reading the tables" if i == 0 else "", note) for i, note in enumerate(READING_NOTES)],
        ("Plans", plan_table),
        ("Sources", sources[source_columns]),
    ]
