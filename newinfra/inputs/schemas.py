"""Pandera models: one per curated data file and one for the ledger.

They declare each column's type and checks; what each column means is written
once in the field registry (data/fields.csv, :mod:`newinfra.inputs.fields`).
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
    SUGGEST_PLACES,
    THEME_GROUPS,
    TITLE_MAX,
    URL_MAX,
)


class Domains(_DataFile):
    """data/domains.csv: the harmonised domains."""

    domain: Series[str] = pa.Field(str_matches=SLUG, unique=True)
    label_en: Series[str] = pa.Field()
    label_zh: Series[str] = pa.Field()
    covers: Series[str] = pa.Field()


class Metrics(_DataFile):
    """data/metrics.csv: the metric catalogue, one id per quantity and definition."""

    metric_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    family: Series[str] = pa.Field(
        nullable=True,
        str_matches=r"^[a-z0-9_]+$",
    )
    label_en: Series[str] = pa.Field()
    label_zh: Series[str] = pa.Field()
    domain: Series[str] = pa.Field()
    unit: Series[str] = pa.Field()
    nature: Series[str] = pa.Field(
        isin=NATURES,
    )
    higher_is_better: Series[str] = pa.Field(isin=["true", "false"])
    definition: Series[str] = pa.Field()
    keywords_en: Series[str] = pa.Field(
        nullable=True,
    )
    keywords_zh: Series[str] = pa.Field(
        nullable=True,
    )
    review: Series[str] = review_field()


TASK_TYPES = ["task", "special_project", "action_item", "demonstration", "measure"]


class Tasks(_DataFile):
    """data/tasks.csv: each plan's tasks as its documents list them."""

    plan_id: Series[str] = pa.Field()
    task_ref: Series[str] = pa.Field(str_matches=r"^[A-Za-z0-9._-]+$")
    task_type: Series[str] = pa.Field(isin=TASK_TYPES)
    title_en: Series[str] = pa.Field()
    title_zh: Series[str] = pa.Field(nullable=True)
    domain_native: Series[str] = pa.Field()
    domain: Series[str] = pa.Field()
    source_id: Series[str] = pa.Field()
    section_ref: Series[str] = pa.Field()
    review: Series[str] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # a project may list no tasks yet


class Crosswalk(_DataFile):
    """data/crosswalk.csv: native chapters to harmonised domains, with metric-level overrides."""

    plan_id: Series[str] = pa.Field()
    source_id: Series[str] = pa.Field()
    section_ref: Series[str] = pa.Field()
    metric_id: Series[str] = pa.Field(
        nullable=True,
    )
    domain_native: Series[str] = pa.Field()
    domain: Series[str] = pa.Field()
    review: Series[str] = review_field()


class Annotations(_DataFile):
    """data/annotations.csv: the meaning of each quantity mention."""

    source_id: Series[str] = pa.Field()
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[str] = pa.Field()
    plan_id: Series[str] = pa.Field(nullable=True)
    value: Series[float] = pa.Field()
    metric_id: Series[str] = pa.Field()
    kind: Series[str] = pa.Field(isin=KINDS)
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
    )
    basis: Series[str] = pa.Field(
        isin=BASES,
    )
    commitment: Series[str] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
    )
    task_ref: Series[str] = pa.Field(
        nullable=True,
    )
    domain: Series[str] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    scale: Series[float] = pa.Field(
        nullable=True,
        required=False,
        gt=0,
    )
    gloss_en: Series[str] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)
    commitment_group: Series[str] = pa.Field(
        nullable=True,
        required=False,
        str_matches=SLUG,
    )
    comparator: Series[str] = pa.Field(
        nullable=True,
        isin=COMPARATORS,
    )
    value_high: Series[float] = pa.Field(
        nullable=True,
    )
    review: Series[str] = review_field()


class Exclusions(_DataFile):
    """data/exclusions.csv: mentions deliberately left out of the ledger."""

    source_id: Series[str] = pa.Field()
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[str] = pa.Field()
    reason: Series[str] = pa.Field()
    review: Series[str] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # every mention may be annotated


class AuditRules(_DataFile):
    """data/audit_rules.csv: what the audit scans for, and named spans that hold no quantity."""

    rule: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    role: Series[str] = pa.Field(
        isin=["scan", "exempt"],
    )
    pattern: Series[str] = pa.Field()
    description: Series[str] = pa.Field()


class CommitmentTerms(_DataFile):
    """data/commitment_terms.csv: words that soften a commitment, weakest first."""

    term: Series[str] = pa.Field(unique=True)
    language: Series[str] = pa.Field(isin=["en", "zh"])
    commitment: Series[str] = pa.Field(isin=COMMITMENTS)
    note: Series[str] = pa.Field(nullable=True)


class Ledger(_DataFile):
    """The ledger returned by ni.targets(): one row per sourced figure."""

    target_id: Series[str] = pa.Field(unique=True)
    commitment_id: Series[str] = pa.Field()
    plan_id: Series[str] = pa.Field()
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
    )
    kind: Series[str] = pa.Field(
        isin=KINDS,
    )
    domain: Series[str] = pa.Field()
    domain_native: Series[str] = pa.Field(nullable=True)
    section: Series[str] = pa.Field(nullable=True)
    metric_id: Series[str] = pa.Field()
    metric_label: Series[str] = pa.Field()
    value: Series[float] = pa.Field()
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Series[str] = pa.Field(nullable=True)
    comparator: Series[str] = pa.Field(
        isin=COMPARATORS,
    )
    basis: Series[str] = pa.Field(
        isin=BASES,
    )
    commitment: Series[str] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
    )
    source_id: Series[str] = pa.Field()
    language: Series[str] = pa.Field(isin=LANGUAGES)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[str] = pa.Field()
    sentence: Series[str] = pa.Field()
    gloss_en: Series[str] = pa.Field(nullable=True)
    value_std: Series[float] = pa.Field()
    unit_std: Series[str] = pa.Field()

    class Config:
        ordered = True


class ThemeVocabulary(_DataFile):
    """data/themes.csv: the technology vocabulary, one row per term."""

    term_id: Series[str] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9_]*$", unique=True)
    label_en: Series[str] = pa.Field(
        unique=True,
        # Charts draw these labels with a Latin font, so no Chinese characters.
        str_matches=f"^[^{CJK_CHARACTERS}]+$",
    )
    group: Series[str] = pa.Field(isin=THEME_GROUPS)
    pattern_en: Series[str] = pa.Field(str_length={"min_value": 1})
    pattern_zh: Series[str] = pa.Field(
        str_length={"min_value": 1},
    )
    note: Series[str] = pa.Field(nullable=True)


class SuggestRules(_DataFile):
    """data/suggest_rules.csv: how `newinfra add-plan` suggests the meaning of a new plan's figures.

    For each field the first row (in file order) whose pattern matches decides;
    a figure no kind rule matches is a target, one no basis rule matches is
    cumulative. Year rows find year phrases; the one nearest the figure gives
    its horizon (or, before the plan's period, makes it a baseline).
    """

    rule: Series[str] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    field: Series[str] = pa.Field(isin=SUGGEST_FIELDS)
    language: Series[str] = pa.Field(nullable=True, isin=["en", "zh"])
    where: Series[str] = pa.Field(isin=SUGGEST_PLACES)
    pattern: Series[str] = pa.Field()
    value: Series[str] = pa.Field(nullable=True)
    kinds: Series[str] = pa.Field(nullable=True)
    units: Series[str] = pa.Field(
        nullable=True,
    )
    description: Series[str] = pa.Field()
