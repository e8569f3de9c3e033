"""What each column means, and the plain-English heading a report gives it.

:func:`column_definitions` gathers the definitions written once (pandera field
descriptions, then the comparison's ``COLUMN_DOCS``); :data:`COLUMN_LABELS`
gives the short heading a reader sees in place of the ``snake_case`` name.
A column without a label gets its name in words (:func:`heading`). The
definitions are the headings' hover text in the reports and the README sheet
of the workbook.
"""

from __future__ import annotations

from functools import cache

import pandera.pandas as pa

from newinfra.analysis.comparison import COLUMN_DOCS
from newinfra.inputs import schemas

#: Heading a report shows for a column, by column name.
COLUMN_LABELS = {
    "plan_id": "Plan",
    "plan": "Plan",
    "title_en": "Title",
    "title_zh": "Title (Chinese)",
    "period_start": "From",
    "period_end": "To",
    "horizon_year": "Year",
    "evidence": "Known from",
    "note": "Note",
    "doc_type": "Kind of text",
    "language": "Language",
    "official": "Official",
    "published": "Published",
    "publisher": "Publisher",
    "doc_number": "Document number",
    "action_item": "Action items",
    "demonstration": "Demonstration projects",
    "measure": "Supporting measures",
    "special_project": "Special projects",
    "task": "Tasks",
    "domains_with_tasks": "Domains with tasks",
    "tasks": "Tasks",
    "tasks_with_number": "Tasks with a number",
    "share_tasks_with_number": "Share of tasks with a number",
    "quantified_targets": "Quantified targets",
    "firm": "Firm",
    "strive": "Strive",
    "explore": "Explore",
    "pilot": "Pilot",
    "baselines": "Reported status figures",
    "domain": "Domain",
    "metric": "Metric",
    "metric_label": "Metric",
    "metric_id": "Metric",
    "family": "Metric family",
    "value": "Value",
    "value_high": "Up to",
    "unit": "Unit",
    "comparator": "Comparator",
    "commitment": "Wording",
    "quote": "As written",
    "sentence": "Sentence",
    "gloss_en": "English gloss",
    "previous_year": "Previous target's year",
    "previous_value_std": "Previous target",
    "value_std": "Value",
    "unit_std": "Unit",
    "multiple": "Multiple (×)",
    "step": "Step",
    "growth": "Growth per year",
    "multiple_vs_status": "Multiple of the status (×)",
    "cagr_vs_status": "Growth per year from the status",
    "definition_change": "Change of definition",
    "cagr": "Growth per year",
    "flags": "Caveats",
    "verdict": "Verdict",
    "verdict_note": "Verdict caveats",
    "verdict_lag": "Evidence lag (years)",
    "decided_by_year": "Status year",
    "decided_by_value_std": "Reported status",
    "status_quote": "Status as written",
    "status_sentence": "Status sentence",
    "status_gloss_en": "Status gloss",
    "status": "Status",
    "from_plan": "From plan",
    "kind": "Kind",
    "term_id": "Term",
    "label_en": "Theme",
    "group": "Technology group",
    "pattern_en": "English pattern",
    "pattern_zh": "Chinese pattern",
    "column": "Document",
    "primary": "Primary source",
    "is_context": "Context only",
    "length": "Length",
    "per": "Rate per",
    "count": "Mentions",
    "rate": "Mentions per 10,000",
    "first_year": "First year",
    "last_year": "Last year",
    "text": "Term as written",
    "in_both": "In both",
    "primary_only": "Full text only",
    "secondary_only": "Briefing only",
    "share_of_full_text_reported": "Share of the full text's figures reported",
    "primary_quote": "Full text, as written",
    "secondary_quote": "Briefing, as written",
    "left_out": "Left out of the briefing",
    "targets": "Targets",
    "stated_in": "Stated in",
    "parts": "Stated part by part",
    "citation": "Cite as",
    "jurisdiction_id": "Place",
}


#: How a pint unit string reads in a report.
UNIT_LABELS = {
    "count": "count",
    "percent": "%",
    "fraction": "share",
    "1/km**2": "per km²",
    "km**2": "km²",
    "CNY": "yuan",
}
UNIT_COLUMNS = {"unit", "unit_std"}


def unit_text(unit: str) -> str:
    """A unit as a reader writes it: ``1/km**2`` is "per km²"."""
    return UNIT_LABELS.get(unit, unit.replace("**2", "²").replace("**3", "³"))


def heading(column: object) -> str:
    """The heading of a column: its label, else its name in words (``rate_2013``: Rate 2013)."""
    name = str(column)
    if name in COLUMN_LABELS:
        return COLUMN_LABELS[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


@cache
def _column_docs_from_schemas() -> dict[str, str]:
    """Column definitions written once, as pandera field descriptions."""
    docs: dict[str, str] = {}
    # The ledger's own wording wins where a column name recurs in other files.
    preferred = ["Ledger", "Manifest", "Plans", "Metrics", "Domains", "Tasks", "Crosswalk"]
    names = preferred + sorted(n for n in dir(schemas) if n not in preferred)
    for name in names:
        model = getattr(schemas, name)
        if not (isinstance(model, type) and issubclass(model, pa.DataFrameModel)):
            continue
        if model is pa.DataFrameModel:
            continue
        try:
            columns = model.to_schema().columns
        except Exception:  # a half-defined model must not break a report
            continue
        for column, spec in columns.items():
            if spec.description and column not in docs:
                docs[column] = spec.description
    return docs


#: Columns of ni.commitments() and ni.peers() that no schema or comparison table defines.
MORE_COLUMN_DOCS = {
    "comparator_differs": "True when the commitment's mentions use different comparators",
    "outside_plan_text": "True when every mention lies outside its document's own words "
    "(a repost's news summary)",
    "value_high_std": "Upper end of a range in unit_std, else empty",
    "n_sources": "How many source documents state this commitment",
    "target_ids": "target_id of every mention of the commitment, space-separated",
    "source_ids": "source_id of every document stating the commitment, space-separated",
    "jurisdiction_name": "English name of the place",
    "parent_plan_id": "The parent place's plan holding the figure set against this one",
    "parent_figure": "What the parent's figure is: target (same metric, unit and basis) or "
    "status (its latest reported status by then)",
    "parent_year": "Year of the parent's figure",
    "parent_value_std": "The parent's figure, in unit_std",
    "parent_commitment_id": "commitment_id of the parent's figure",
    "share_of_parent": "value_std / parent_value_std, for stocks and flows only",
    "parent_note": "Why the row has no parent figure or no share of it (empty when it has both)",
}


def column_definitions() -> dict[str, str]:
    """Every known column's definition: the pandera models, then the comparison tables."""
    docs = {**MORE_COLUMN_DOCS, **COLUMN_DOCS}
    docs.update(_column_docs_from_schemas())
    return docs
