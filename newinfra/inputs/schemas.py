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
from newinfra.inputs.schema_base import Text, review_field
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

    domain: Series[Text] = pa.Field(str_matches=SLUG, unique=True)
    label_en: Series[Text] = pa.Field()
    label_zh: Series[Text] = pa.Field()
    covers: Series[Text] = pa.Field()


class Metrics(_DataFile):
    """data/metrics.csv: the metric catalogue, one id per quantity and definition."""

    metric_id: Series[Text] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    family: Series[Text] = pa.Field(
        nullable=True,
        str_matches=r"^[a-z0-9_]+$",
    )
    label_en: Series[Text] = pa.Field()
    label_zh: Series[Text] = pa.Field()
    domain: Series[Text] = pa.Field()
    unit: Series[Text] = pa.Field()
    nature: Series[Text] = pa.Field(
        isin=NATURES,
    )
    higher_is_better: Series[Text] = pa.Field(isin=["true", "false"])
    definition: Series[Text] = pa.Field()
    keywords_en: Series[Text] = pa.Field(
        nullable=True,
    )
    keywords_zh: Series[Text] = pa.Field(
        nullable=True,
    )
    review: Series[Text] = review_field()


TASK_TYPES = ["task", "special_project", "action_item", "demonstration", "measure"]


class Tasks(_DataFile):
    """data/tasks.csv: each plan's tasks as its documents list them."""

    plan_id: Series[Text] = pa.Field()
    task_ref: Series[Text] = pa.Field(str_matches=r"^[A-Za-z0-9._-]+$")
    task_type: Series[Text] = pa.Field(isin=TASK_TYPES)
    title_en: Series[Text] = pa.Field()
    title_zh: Series[Text] = pa.Field(nullable=True)
    domain_native: Series[Text] = pa.Field()
    domain: Series[Text] = pa.Field()
    source_id: Series[Text] = pa.Field()
    section_ref: Series[Text] = pa.Field()
    review: Series[Text] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # a project may list no tasks yet


class Crosswalk(_DataFile):
    """data/crosswalk.csv: native chapters to harmonised domains, with metric-level overrides."""

    plan_id: Series[Text] = pa.Field()
    source_id: Series[Text] = pa.Field()
    section_ref: Series[Text] = pa.Field()
    metric_id: Series[Text] = pa.Field(
        nullable=True,
    )
    domain_native: Series[Text] = pa.Field()
    domain: Series[Text] = pa.Field()
    review: Series[Text] = review_field()


class Annotations(_DataFile):
    """data/annotations.csv: the meaning of each quantity mention."""

    source_id: Series[Text] = pa.Field()
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[Text] = pa.Field()
    plan_id: Series[Text] = pa.Field(nullable=True)
    value: Series[float] = pa.Field()
    metric_id: Series[Text] = pa.Field()
    kind: Series[Text] = pa.Field(isin=KINDS)
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
    )
    basis: Series[Text] = pa.Field(
        isin=BASES,
    )
    commitment: Series[Text] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
    )
    task_ref: Series[Text] = pa.Field(
        nullable=True,
    )
    domain: Series[Text] = pa.Field(nullable=True)
    unit: Series[Text] = pa.Field(nullable=True)
    scale: Series[float] = pa.Field(
        nullable=True,
        required=False,
        gt=0,
    )
    gloss_en: Series[Text] = pa.Field(nullable=True)
    note: Series[Text] = pa.Field(nullable=True)
    commitment_group: Series[Text] = pa.Field(
        nullable=True,
        required=False,
        str_matches=SLUG,
    )
    comparator: Series[Text] = pa.Field(
        nullable=True,
        isin=COMPARATORS,
    )
    value_high: Series[float] = pa.Field(
        nullable=True,
    )
    review: Series[Text] = review_field()


class Exclusions(_DataFile):
    """data/exclusions.csv: mentions deliberately left out of the ledger."""

    source_id: Series[Text] = pa.Field()
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[Text] = pa.Field()
    reason: Series[Text] = pa.Field()
    review: Series[Text] = review_field()

    class Config:
        metadata = {"min_rows": 0}  # every mention may be annotated


class AuditRules(_DataFile):
    """data/audit_rules.csv: what the audit scans for, and named spans that hold no quantity."""

    rule: Series[Text] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    role: Series[Text] = pa.Field(
        isin=["scan", "exempt"],
    )
    pattern: Series[Text] = pa.Field()
    description: Series[Text] = pa.Field()


class CommitmentTerms(_DataFile):
    """data/commitment_terms.csv: words that soften a commitment, weakest first."""

    term: Series[Text] = pa.Field(unique=True)
    language: Series[Text] = pa.Field(isin=["en", "zh"])
    commitment: Series[Text] = pa.Field(isin=COMMITMENTS)
    note: Series[Text] = pa.Field(nullable=True)


class Ledger(_DataFile):
    """The ledger returned by ni.targets(): one row per sourced figure."""

    target_id: Series[Text] = pa.Field(unique=True)
    commitment_id: Series[Text] = pa.Field()
    plan_id: Series[Text] = pa.Field()
    horizon_year: Series[int] = pa.Field(
        ge=1990,
        le=2100,
    )
    kind: Series[Text] = pa.Field(
        isin=KINDS,
    )
    domain: Series[Text] = pa.Field()
    domain_native: Series[Text] = pa.Field(nullable=True)
    section: Series[Text] = pa.Field(nullable=True)
    metric_id: Series[Text] = pa.Field()
    metric_label: Series[Text] = pa.Field()
    value: Series[float] = pa.Field()
    value_high: Series[float] = pa.Field(nullable=True)
    unit: Series[Text] = pa.Field(nullable=True)
    comparator: Series[Text] = pa.Field(
        isin=COMPARATORS,
    )
    basis: Series[Text] = pa.Field(
        isin=BASES,
    )
    commitment: Series[Text] = pa.Field(
        nullable=True,
        isin=COMMITMENTS,
    )
    source_id: Series[Text] = pa.Field()
    language: Series[Text] = pa.Field(isin=LANGUAGES)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=1)
    quote: Series[Text] = pa.Field()
    sentence: Series[Text] = pa.Field()
    gloss_en: Series[Text] = pa.Field(nullable=True)
    value_std: Series[float] = pa.Field()
    unit_std: Series[Text] = pa.Field()

    class Config:
        ordered = True


class ThemeVocabulary(_DataFile):
    """data/themes.csv: the technology vocabulary, one row per term."""

    term_id: Series[Text] = pa.Field(str_matches=r"^[a-z0-9][a-z0-9_]*$", unique=True)
    label_en: Series[Text] = pa.Field(
        unique=True,
        # Charts draw these labels with a Latin font, so no Chinese characters.
        str_matches=f"^[^{CJK_CHARACTERS}]+$",
    )
    group: Series[Text] = pa.Field(isin=THEME_GROUPS)
    pattern_en: Series[Text] = pa.Field(str_length={"min_value": 1})
    pattern_zh: Series[Text] = pa.Field(
        str_length={"min_value": 1},
    )
    note: Series[Text] = pa.Field(nullable=True)


class SuggestRules(_DataFile):
    """data/suggest_rules.csv: how `newinfra add-plan` suggests the meaning of a new plan's figures.

    For each field the first row (in file order) whose pattern matches decides;
    a figure no kind rule matches is a target, one no basis rule matches is
    cumulative. Year rows find year phrases; the one nearest the figure gives
    its horizon (or, before the plan's period, makes it a baseline).
    """

    rule: Series[Text] = pa.Field(str_matches=r"^[a-z0-9_]+$", unique=True)
    field: Series[Text] = pa.Field(isin=SUGGEST_FIELDS)
    language: Series[Text] = pa.Field(nullable=True, isin=["en", "zh"])
    where: Series[Text] = pa.Field(isin=SUGGEST_PLACES)
    pattern: Series[Text] = pa.Field()
    value: Series[Text] = pa.Field(nullable=True)
    kinds: Series[Text] = pa.Field(nullable=True)
    units: Series[Text] = pa.Field(
        nullable=True,
    )
    description: Series[Text] = pa.Field()
