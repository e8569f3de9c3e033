"""Pandera models: one per curated data file and one for the ledger.

Each field's description is the column definition shown to analysts (the
Excel README sheet, the codebook), so it is written here once.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

LANGUAGES = ["en", "zh-Hant", "zh-Hans"]
DOC_TYPES = ["plan_text", "translation", "press_briefing", "news"]
EVIDENCE = ["full_text", "translation", "briefing_only", "news"]
KINDS = ["target", "baseline", "budget", "structure"]
BASES = ["new", "cumulative", "unknown"]
COMMITMENTS = ["firm", "strive", "explore", "pilot"]
COMPARATORS = [">=", "<=", "~", "="]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
SLUG = r"^[a-z0-9][a-z0-9._-]*$"


class Manifest(pa.DataFrameModel):
    """seeds/manifest.csv: one row per source document."""

    source_id: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Stable id of the source document"
    )
    file: Series[str] = pa.Field(unique=True, description="File name of the text in seeds/")
    sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes"
    )
    original_name: Series[str] = pa.Field(nullable=True, description="The file's name as delivered")
    plan_id: Series[str] = pa.Field(description="The plan the document states figures for")
    title: Series[str] = pa.Field(description="The document's own title")
    language: Series[str] = pa.Field(isin=LANGUAGES, description="Language and script of the text")
    doc_type: Series[str] = pa.Field(isin=DOC_TYPES, description="What kind of text it is")
    official: Series[str] = pa.Field(
        isin=["true", "false"], description="true only for the government's own full text"
    )
    published: Series[str] = pa.Field(str_matches=ISO_DATE, description="Publication date (ISO)")
    publisher: Series[str] = pa.Field(description="Who published the text")
    doc_number: Series[str] = pa.Field(
        nullable=True, description="Official document number, where the text gives one"
    )
    url: Series[str] = pa.Field(nullable=True, description="Address of the original, where known")
    note: Series[str] = pa.Field(nullable=True, description="Caveats: disclaimers, inferred dates")

    class Config:
        coerce = True
        strict = True


class Plans(pa.DataFrameModel):
    """data/plans.csv: one row per plan."""

    plan_id: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Stable id of the plan"
    )
    title_en: Series[str] = pa.Field(description="English title")
    title_zh: Series[str] = pa.Field(nullable=True, description="Chinese title")
    period_start: Series[int] = pa.Field(
        ge=1990, le=2100, description="First year of the plan period"
    )
    period_end: Series[int] = pa.Field(ge=1990, le=2100, description="Last year of the plan period")
    horizon_year: Series[int] = pa.Field(
        ge=1990, le=2100, description="Year the plan's targets are due"
    )
    primary_source_id: Series[str] = pa.Field(
        description="The source counted for plan-level statistics"
    )
    evidence: Series[str] = pa.Field(
        isin=EVIDENCE,
        description="How the plan is known: full text, translation, briefing only, news",
    )
    is_context: Series[str] = pa.Field(
        isin=["true", "false"],
        description="true for context documents that are not one of the compared plans",
    )
    note: Series[str] = pa.Field(nullable=True, description="Caveats analysts should read")

    class Config:
        coerce = True
        strict = True

    @pa.dataframe_check(error="period_start must not be after period_end")
    def _ordered(cls, df):  # noqa: N805 - pandera passes the class
        return df["period_start"] <= df["period_end"]


class Domains(pa.DataFrameModel):
    """data/domains.csv: the harmonised domains."""

    domain: Series[str] = pa.Field(str_matches=SLUG, unique=True, description="Harmonised domain id")
    label_en: Series[str] = pa.Field(description="English label")
    label_zh: Series[str] = pa.Field(description="Chinese label")
    covers: Series[str] = pa.Field(description="What the domain covers")

    class Config:
        coerce = True
        strict = True


class Metrics(pa.DataFrameModel):
    """data/metrics.csv: the metric catalogue, one id per quantity and definition."""

    metric_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True, description="Stable metric id")
    family: Series[str] = pa.Field(nullable=True, str_matches=r"^[a-z0-9_]+$", description="Metrics compared across horizons share a family; members differ in definition")
    label_en: Series[str] = pa.Field(description="English label")
    label_zh: Series[str] = pa.Field(description="Chinese label")
    domain: Series[str] = pa.Field(description="Harmonised domain of the metric")
    unit: Series[str] = pa.Field(description="Canonical unit: pint-parsable, or count / percent / fraction")
    higher_is_better: Series[str] = pa.Field(isin=["true", "false"], description="Whether a larger value is more ambitious")
    definition: Series[str] = pa.Field(description="What exactly is measured")

    class Config:
        coerce = True
        strict = True


TASK_TYPES = ["task", "special_project", "action_item", "demonstration", "measure"]


class Tasks(pa.DataFrameModel):
    """data/tasks.csv: each plan's tasks as its documents list them."""

    plan_id: Series[str] = pa.Field(description="Plan")
    task_ref: Series[str] = pa.Field(str_matches=r"^[A-Za-z0-9._-]+$", description="Task id within the plan (T21, SP-II-1, ...)")
    task_type: Series[str] = pa.Field(isin=TASK_TYPES, description="task, special_project, action_item, demonstration or measure")
    title_en: Series[str] = pa.Field(description="English title")
    title_zh: Series[str] = pa.Field(nullable=True, description="Chinese title as written")
    domain_native: Series[str] = pa.Field(description="The plan's own chapter or area name")
    domain: Series[str] = pa.Field(description="Harmonised domain")
    source_id: Series[str] = pa.Field(description="Source listing the task")
    section_ref: Series[str] = pa.Field(description="Section of that source holding the task")

    class Config:
        coerce = True
        strict = True


class Crosswalk(pa.DataFrameModel):
    """data/crosswalk.csv: native chapters to harmonised domains, with metric-level overrides."""

    plan_id: Series[str] = pa.Field(description="Plan")
    source_id: Series[str] = pa.Field(description="Source whose sections are mapped")
    section_ref: Series[str] = pa.Field(description="Section ref; the longest matching prefix wins")
    metric_id: Series[str] = pa.Field(nullable=True, description="Only for this metric (an override where a chapter mixes domains)")
    domain_native: Series[str] = pa.Field(description="The plan's own chapter or area name")
    domain: Series[str] = pa.Field(description="Harmonised domain; 'by_metric' takes the metric's own domain")

    class Config:
        coerce = True
        strict = True


class Annotations(pa.DataFrameModel):
    """data/annotations.csv: the meaning of each quantity mention."""

    source_id: Series[str] = pa.Field(description="Source document")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the mention")
    end: Series[int] = pa.Field(ge=1, description="End offset of the mention")
    quote: Series[str] = pa.Field(description="The figure as written (text[start:end])")
    value: Series[float] = pa.Field(description="The figure's value as read by the curator (checked against the extracted value)")
    metric_id: Series[str] = pa.Field(description="Metric the figure measures")
    kind: Series[str] = pa.Field(isin=KINDS, description="target, baseline, budget or structure")
    horizon_year: Series[int] = pa.Field(ge=1990, le=2100, description="Year the figure describes: due year of a target, year of a status")
    basis: Series[str] = pa.Field(isin=BASES, description="new (added in the period), cumulative (a stock), unknown")
    commitment: Series[str] = pa.Field(nullable=True, isin=COMMITMENTS, description="Override of the commitment read from the clause (empty: read from the text)")
    domain: Series[str] = pa.Field(nullable=True, description="Override of the harmonised domain")
    unit: Series[str] = pa.Field(nullable=True, description="Override of the unit where the text misstates it")
    gloss_en: Series[str] = pa.Field(nullable=True, description="Short English rendering (Chinese rows)")
    note: Series[str] = pa.Field(nullable=True, description="Curator's note")

    class Config:
        coerce = True
        strict = True


class Exclusions(pa.DataFrameModel):
    """data/exclusions.csv: mentions deliberately left out of the ledger."""

    source_id: Series[str] = pa.Field(description="Source document")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the mention")
    end: Series[int] = pa.Field(ge=1, description="End offset of the mention")
    quote: Series[str] = pa.Field(description="The mention as written")
    reason: Series[str] = pa.Field(description="Why it is not a target, baseline, budget or structure figure")

    class Config:
        coerce = True
        strict = True


class AuditRules(pa.DataFrameModel):
    """data/audit_rules.csv: named patterns for digits that are not quantities."""

    rule: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", description="Rule name shown by the audit")
    pattern: Series[str] = pa.Field(description="Python regular expression; the whole match is covered")
    description: Series[str] = pa.Field(description="What the rule covers")

    class Config:
        coerce = True
        strict = True
