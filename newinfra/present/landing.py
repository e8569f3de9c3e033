"""The landing page's matrix: every target commitment of a place, one cell each, linked.

Rows are metric families grouped by domain; columns are the plans of the
place's series in order, context documents after them. A cell shows the
target as written, its firmest wording and its verdict with the evidence's
year and lag; the value links to its primary mention in the source page.
The table of Shanghai has ``id="compare-matrix"``; another place's
``compare-matrix-<jurisdiction_id>``.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pandas as pd

from newinfra.analysis.verdict_classes import verdict_counts
from newinfra.inputs import corpus
from newinfra.present.badges import badge_css, badge_html, class_href
from newinfra.present.links import source_href

TEMPLATES = Path(__file__).resolve().parent / "templates"


def table_id(jurisdiction_id: str) -> str:
    home = corpus.home_place()
    return "compare-matrix" if jurisdiction_id == home else f"compare-matrix-{jurisdiction_id}"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _verdict_text(cell: pd.Series) -> str:
    verdict = cell["verdict"]
    if verdict in (None, "pending") or pd.isna(verdict):
        return "pending"
    lag = cell["verdict_lag"]
    if pd.isna(lag) or verdict == "not reported":
        return str(verdict)
    year = int(cell["decided_by_year"])
    lag = int(lag)
    if lag < 0:
        when = f"{-lag} yr before"
    elif lag == 0:
        when = "in the horizon year"
    else:
        when = f"{lag} yr after"
    return f"{verdict} ({year}, {when})"


def _badge(cell: dict, prefix: str) -> str:
    """The cell's verdict badge, linked to its deciding evidence or its class's definition."""
    verdict = cell["verdict"] if isinstance(cell["verdict"], str) else "pending"
    note = cell["verdict_note"] if isinstance(cell["verdict_note"], str) else ""
    text = _verdict_text(pd.Series(cell))
    return badge_html(
        verdict, cell["decided_by"], prefix, text=text, note=note, target_id=cell["commitment_id"]
    )


def _columns(matrix: pd.DataFrame, plans: pd.DataFrame) -> list[dict]:
    shown = matrix.drop_duplicates("plan_id")
    shown = shown.assign(_context=shown["is_context"].astype(bool))
    ordered = shown.sort_values(["_context", "series_position", "horizon_year"], kind="stable")
    columns = []
    for plan_id, context in zip(ordered["plan_id"], ordered["_context"], strict=True):
        plan = plans.loc[plan_id]
        columns.append(
            {
                "plan_id": plan_id,
                "label": f"{plan['period_start']}-{plan['period_end']}",
                "title": plan["title_en"],
                "context": bool(context),
            }
        )
    return columns


def matrix_sections(matrix: pd.DataFrame, plans: pd.DataFrame, prefix: str = "") -> list[dict]:
    """The matrix of each place, ready for the template: columns, domains, rows, cells."""
    from newinfra.ledger.firmness import wording_mix

    plans = plans.set_index("plan_id")
    mixes = wording_mix()
    sections = []
    for place, table in matrix.groupby("jurisdiction_id", sort=False):
        columns = _columns(table, plans)
        domains = []
        for domain, rows in table.groupby("domain", sort=False):
            body = []
            for (_, label), cells in rows.groupby(["row", "row_label"], sort=False):
                by_plan = {c["plan_id"]: [] for c in columns}
                for cell in cells.to_dict("records"):
                    by_plan[cell["plan_id"]].append(
                        {
                            "written": cell["written"],
                            "metric": cell["cell_metric"] or "",
                            "href": source_href(cell["commitment_id"], prefix),
                            "quote": cell["quote"],
                            "gloss": cell["gloss_en"] if isinstance(cell["gloss_en"], str) else "",
                            "year": int(cell["horizon_year"]),
                            "commitment": cell["commitment"] or "",
                            # A commitment worded differently in its mentions shows the mix.
                            "mix": mix
                            if " in " in (mix := mixes.get(cell["commitment_id"], ""))
                            else "",
                            "badge": _badge(cell, prefix),
                        }
                    )
                body.append({"label": label, "cells": [by_plan[c["plan_id"]] for c in columns]})
            domains.append({"domain": domain, "rows": body})
        sections.append(
            {"jurisdiction_id": place, "table_id": table_id(place), "columns": columns,
             "domains": domains, "count": len(table),
             "verdicts": verdict_counts(table["verdict"].fillna("pending"))}
        )  # fmt: skip
    return sections


def render_matrix(matrix: pd.DataFrame, plans: pd.DataFrame, names: dict, prefix: str = "") -> str:
    """HTML of every place's matrix (escaped; links relative to the page at ``prefix``)."""
    template = _environment().get_template("matrix.html.j2")
    return template.render(
        sections=matrix_sections(matrix, plans, prefix),
        names=names,
        badge_css=badge_css(),
        methodology=class_href("met", prefix).split("#")[0],
    )
