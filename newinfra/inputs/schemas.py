"""Pandera models: one per curated data file and one for the ledger.

Each field's description is the column definition shown to analysts (the
Excel README sheet, the codebook), so it is written here once.
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from newinfra.core.display import CJK_CHARACTERS
from newinfra.inputs.corpus_schemas import Jurisdictions, Manifest, Plans  # noqa: F401 - re-exported
from newinfra.inputs.schema_base import DataFile as _DataFile
from newinfra.inputs.schema_base import review_field
from newinfra.inputs.vocabulary import (  # noqa: F401 - re-exported for the models below
    BASES,
    COMMITMENTS,
    COMPARATORS,
    DOC_TYPES,
    EVIDENCE,
    ISO_DATE,
    JURISDICTION_LEVELS,
    KINDS,
    LANGUAGES,
    LEDGER_COLUMNS,
    NAME_MAX,
    NATURES,
    REVIEW_STATES,
    SLUG,
    SUGGEST_FIELDS,
    SUGGEST_FIELDS_TEXT,
    SUGGEST_PLACES,
    SUGGEST_PLACES_TEXT,
    THEME_GROUPS,
    TITLE_MAX,
    URL_MAX,
)


class Domains(_DataFile):
    """data/domains.csv: the harmonised domains."""

    domain: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Harmonised domain id"
    )
    label_en: Series[str] = pa.Field(description="English label")
    label_zh: Series[str] = pa.Field(description="Chinese label")
    covers: Series[str] = pa.Field(description="What the domain covers")


class Metrics(_DataFile):
    """data/metrics.csv: the metric catalogue, one id per quantity and definition."""

    metric_id: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9_]+$", unique=True, description="Stable metric id"
    )
    family: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^[a-z0-9_]+$",
        description="Metrics compared across horizons share a family; members differ in definition",
    )
    label_en: Series[str] = pa.Field(description="English label")
    label_zh: Series[str] = pa.Field(description="Chinese label")
    domain: Series[str] = pa.Field(description="Harmonised domain of the metric")
    unit: Series[str] = pa.Field(
        description="Canonical unit: pint-parsable, or count / percent / fraction"
    )
    nature: Series[str] = pa.Field(
        isin=NATURES,
        description="How figures compare: stock (a level: multiple and growth), flow "
        "(additions over a period: per year of the plan), share (difference only), class "
        "(a speed class or threshold: multiple only), structure (plan outline: neither)",
    )
    higher_is_better: Series[str] = pa.Field(
        isin=["true", "false"], description="Whether a larger value is more ambitious"
    )
    definition: Series[str] = pa.Field(description="What exactly is measured")
    keywords_en: Series[str] = pa.Field(
        nullable=True,
        description="English words that name the metric in a sentence, ';'-separated, "
        "matched case-insensitively (used to suggest a metric for a new plan's figures)",
    )
    keywords_zh: Series[str] = pa.Field(
        nullable=True,
        description="Chinese words that name the metric, ';'-separated, in Traditional and "
        "Simplified script where they differ",
    )
    review: Series[str] = review_field()


TASK_TYPES = ["task", "special_project", "action_item", "demonstration", "measure"]


class Tasks(_DataFile):
    """data/tasks.csv: each plan's tasks as its documents list them."""

    plan_id: Series[str] = pa.Field(description="Plan")
    task_ref: Series[str] = pa.Field(
        str_matches=r"^[A-Za-z0-9._-]+$", description="Task id within the plan (T21, SP-II-1, ...)"
    )
    task_type: Series[str] = pa.Field(
        isin=TASK_TYPES, description="task, special_project, action_item, demonstration or measure"
    )
    title_en: Series[str] = pa.Field(description="English title")
    title_zh: Series[str] = pa.Field(nullable=True, description="Chinese title as written")
    domain_native: Series[str] = pa.Field(description="The plan's own chapter or area name")
    domain: Series[str] = pa.Field(description="Harmonised domain")
    source_id: Series[str] = pa.Field(description="Source listing the task")
    section_ref: Series[str] = pa.Field(description="Section of that source holding the task")
    review: Series[str] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # a project may list no tasks yet


class Crosswalk(_DataFile):
    """data/crosswalk.csv: native chapters to harmonised domains, with metric-level overrides."""

    plan_id: Series[str] = pa.Field(description="Plan")
    source_id: Series[str] = pa.Field(description="Source whose sections are mapped")
    section_ref: Series[str] = pa.Field(
        description="Section ref; the deepest section holding the figure wins; * is the whole document"
    )
    metric_id: Series[str] = pa.Field(
        nullable=True,
        description="Only for this metric (an override where a chapter mixes domains)",
    )
    domain_native: Series[str] = pa.Field(description="The plan's own chapter or area name")
    domain: Series[str] = pa.Field(
        description="Harmonised domain; 'by_metric' takes the metric's own domain"
    )
    review: Series[str] = review_field()


class Annotations(_DataFile):
    """data/annotations.csv: the meaning of each quantity mention."""

    source_id: Series[str] = pa.Field(description="Source document")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the mention")
    end: Series[int] = pa.Field(ge=1, description="End offset of the mention")
    quote: Series[str] = pa.Field(description="The figure as written (text[start:end])")
    plan_id: Series[str] = pa.Field(
        nullable=True, description="Plan the figure describes, where not the source's own plan"
    )
    value: Series[float] = pa.Field(
        description="The figure's value as read by the curator (checked against the extracted value)"
    )
    metric_id: Series[str] = pa.Field(description="Metric the figure measures")
    kind: Series[str] = pa.Field(isin=KINDS, description="target, baseline, budget or structure")
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
        description="Year the figure describes: due year of a target, year of a status",
    )
    basis: Series[str] = pa.Field(
        isin=BASES,
        description="new (added in the period), cumulative (a stock), per_year (each year: a "
        "rate, shown /yr), unknown",
    )
    commitment: Series[str] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
        description="Override of the commitment read from the clause (empty: read from the text)",
    )
    task_ref: Series[str] = pa.Field(
        nullable=True,
        description="Task of the plan the figure belongs to (data/tasks.csv), where its section does not say",
    )
    domain: Series[str] = pa.Field(nullable=True, description="Override of the harmonised domain")
    unit: Series[str] = pa.Field(
        nullable=True, description="Override of the unit where the text misstates it"
    )
    scale: Series[float] = pa.Field(
        nullable=True,
        required=False,
        gt=0,
        description="Multiplier of the written number (10000: a table cell in a 万个 row); empty: 1",
    )
    gloss_en: Series[str] = pa.Field(
        nullable=True, description="Short English rendering (Chinese rows)"
    )
    note: Series[str] = pa.Field(nullable=True, description="Curator's note")
    commitment_group: Series[str] = pa.Field(
        nullable=True,
        required=False,
        str_matches=SLUG,
        description="Judgement on commitments: mentions of one plan with the same label are one "
        "commitment whatever their values; a label of its own splits a mention out (empty: "
        "grouped by plan, kind, metric, year, value and basis)",
    )
    comparator: Series[str] = pa.Field(
        nullable=True,
        isin=COMPARATORS,
        description="Override of the comparator read from the text (>=, <=, ~, =); empty: as read",
    )
    value_high: Series[float] = pa.Field(
        nullable=True,
        description="Override of the upper end of a range (not below value); empty: as read",
    )
    review: Series[str] = review_field()


class Exclusions(_DataFile):
    """data/exclusions.csv: mentions deliberately left out of the ledger."""

    source_id: Series[str] = pa.Field(description="Source document")
    start: Series[int] = pa.Field(ge=0, description="Start offset of the mention")
    end: Series[int] = pa.Field(ge=1, description="End offset of the mention")
    quote: Series[str] = pa.Field(description="The mention as written")
    reason: Series[str] = pa.Field(
        description="Why it is not a target, baseline, budget or structure figure"
    )
    review: Series[str] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # every mention may be annotated


class AuditRules(_DataFile):
    """data/audit_rules.csv: what the audit scans for, and named spans that hold no quantity."""

    rule: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9_]+$", unique=True, description="Rule name shown by the audit"
    )
    role: Series[str] = pa.Field(
        isin=["scan", "exempt"],
        description="scan: characters that must be accounted for; exempt: spans that hold no quantity",
    )
    pattern: Series[str] = pa.Field(
        description="Python regular expression; the whole match is covered"
    )
    description: Series[str] = pa.Field(description="What the rule covers")


class CommitmentTerms(_DataFile):
    """data/commitment_terms.csv: words that soften a commitment, weakest first."""

    term: Series[str] = pa.Field(unique=True, description="Word (Chinese) or word start (English)")
    language: Series[str] = pa.Field(
        isin=["en", "zh"], description="en matches at a word start, zh anywhere"
    )
    commitment: Series[str] = pa.Field(isin=COMMITMENTS, description="Commitment the word signals")
    note: Series[str] = pa.Field(nullable=True, description="Gloss")


class Ledger(_DataFile):
    """The ledger returned by ni.targets(): one row per sourced figure."""

    target_id: Series[str] = pa.Field(unique=True, description="Stable id: source_id:start-end")
    commitment_id: Series[str] = pa.Field(
        description="The commitment this mention states: the target_id of its primary mention "
        "(ni.commitments())"
    )
    plan_id: Series[str] = pa.Field(description="Plan the figure belongs to")
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
        description="Year the figure describes: due year of a target, year of a reported status",
    )
    kind: Series[str] = pa.Field(
        isin=KINDS,
        description="target, baseline (reported status), budget, or structure (plan tasks, measures)",
    )
    domain: Series[str] = pa.Field(description="Harmonised domain")
    domain_native: Series[str] = pa.Field(
        nullable=True, description="The plan's own chapter or area name"
    )
    section: Series[str] = pa.Field(
        nullable=True, description="Section path of the figure in its document"
    )
    metric_id: Series[str] = pa.Field(description="Metric id (data/metrics.csv)")
    metric_label: Series[str] = pa.Field(description="Metric label in English")
    value: Series[float] = pa.Field(description="The figure as a number, magnitude applied")
    value_high: Series[float] = pa.Field(
        nullable=True, description="Upper end of a range, else empty"
    )
    unit: Series[str] = pa.Field(
        nullable=True, description="Unit as written (after any curator's correction)"
    )
    comparator: Series[str] = pa.Field(
        isin=COMPARATORS,
        description=">= (over, at least, 以上), <= (up to, 以內), ~ (about, 左右), = (exact)",
    )
    basis: Series[str] = pa.Field(
        isin=BASES,
        description="new (added in the period), cumulative (a stock), per_year (each year: a "
        "rate, shown /yr), unknown",
    )
    commitment: Series[str] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
        description="firm, strive, explore or pilot, from the clause holding the figure; empty for baselines",
    )
    source_id: Series[str] = pa.Field(description="Source document (seeds/manifest.csv)")
    language: Series[str] = pa.Field(isin=LANGUAGES, description="Language of the source")
    start: Series[int] = pa.Field(
        ge=0, description="Start offset of the figure in the source text (Python str, UTF-8 file)"
    )
    end: Series[int] = pa.Field(ge=1, description="End offset of the figure")
    quote: Series[str] = pa.Field(description="The figure as written: text[start:end]")
    sentence: Series[str] = pa.Field(description="The whole sentence around the figure")
    gloss_en: Series[str] = pa.Field(
        nullable=True, description="Short English rendering for rows from Chinese text"
    )
    value_std: Series[float] = pa.Field(description="value in the metric's canonical unit (pint)")
    unit_std: Series[str] = pa.Field(description="The metric's canonical unit")

    class Config:
        ordered = True


class ThemeVocabulary(_DataFile):
    """data/themes.csv: the technology vocabulary, one row per term."""

    term_id: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9][a-z0-9_]*$", unique=True, description="Stable id of the term"
    )
    label_en: Series[str] = pa.Field(
        unique=True,
        # Charts draw these labels with a Latin font, so no Chinese characters.
        str_matches=f"^[^{CJK_CHARACTERS}]+$",
        description="English label shown on charts",
    )
    group: Series[str] = pa.Field(isin=THEME_GROUPS, description="Technology group of the term")
    pattern_en: Series[str] = pa.Field(
        str_length={"min_value": 1}, description="Python regular expression for English text"
    )
    pattern_zh: Series[str] = pa.Field(
        str_length={"min_value": 1},
        description="Python regular expression for Chinese text (Traditional and Simplified)",
    )
    note: Series[str] = pa.Field(nullable=True, description="What the term covers and leaves out")


class SuggestRules(_DataFile):
    """data/suggest_rules.csv: how `newinfra add-plan` suggests the meaning of a new plan's figures.

    For each field the first row (in file order) whose pattern matches decides;
    a figure no kind rule matches is a target, one no basis rule matches is
    cumulative. Year rows find year phrases; the one nearest the figure gives
    its horizon (or, before the plan's period, makes it a baseline).
    """

    rule: Series[str] = pa.Field(
        str_matches=r"^[a-z0-9_]+$", unique=True, description="Rule name shown in the suggestion"
    )
    field: Series[str] = pa.Field(isin=SUGGEST_FIELDS, description=SUGGEST_FIELDS_TEXT)
    language: Series[str] = pa.Field(
        nullable=True, isin=["en", "zh"], description="Only for texts in this language; empty: any"
    )
    where: Series[str] = pa.Field(isin=SUGGEST_PLACES, description=SUGGEST_PLACES_TEXT)
    pattern: Series[str] = pa.Field(
        description="Python regular expression, case-insensitive; year rules name a group year"
    )
    value: Series[str] = pa.Field(
        nullable=True, description="The value it gives (a kind or exclude, a basis, a unit...)"
    )
    kinds: Series[str] = pa.Field(
        nullable=True, description="Only for figures of these kinds (';'-separated); empty: any"
    )
    units: Series[str] = pa.Field(
        nullable=True,
        description="Regular expression the figure's unit must fully match; empty: any unit",
    )
    description: Series[str] = pa.Field(
        description="Why the rule holds; for an exclusion, the reason written to exclusions.csv"
    )
