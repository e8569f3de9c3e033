"""Schemas of the corpus tables: seeds/manifest.csv, data/jurisdictions.csv, data/plans.csv."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from newinfra.inputs.cell_checks import is_plain_file_name, is_real_date, is_web_url
from newinfra.inputs.schema_base import DataFile, text_field
from newinfra.inputs.vocabulary import (
    DOC_TYPES,
    EVIDENCE,
    ISO_DATE,
    JURISDICTION_LEVELS,
    LANGUAGES,
    NAME_MAX,
    SLUG,
    TITLE_MAX,
    URL_MAX,
)

__all__ = ["Jurisdictions", "Manifest", "Plans"]


class Manifest(DataFile):
    """seeds/manifest.csv: one row per source document."""

    source_id: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Stable id of the source document"
    )
    file: Series[str] = pa.Field(
        unique=True, description="File name of the text in seeds/ (a name only, no folders)"
    )
    sha256: Series[str] = pa.Field(
        str_matches=r"^[0-9a-f]{64}$", description="SHA-256 of the file's bytes"
    )
    original_name: Series[str] = pa.Field(nullable=True, description="The file's name as delivered")
    plan_id: Series[str] = pa.Field(description="The plan the document states figures for")
    title: Series[str] = text_field("The document's own title", TITLE_MAX)
    language: Series[str] = pa.Field(isin=LANGUAGES, description="Language and script of the text")
    doc_type: Series[str] = pa.Field(isin=DOC_TYPES, description="What kind of text it is")
    official: Series[str] = pa.Field(
        isin=["true", "false"], description="true only for the government's own full text"
    )
    published: Series[str] = pa.Field(str_matches=ISO_DATE, description="Publication date (ISO)")
    publisher: Series[str] = text_field("Who published the text", NAME_MAX)
    doc_number: Series[str] = pa.Field(
        nullable=True, description="Official document number, where the text gives one"
    )
    url: Series[str] = text_field(
        "Address of the original (http or https), where known", URL_MAX, nullable=True
    )
    note: Series[str] = pa.Field(nullable=True, description="Caveats: disclaimers, inferred dates")

    @pa.check("file", element_wise=True, error="must be a file name inside seeds/ (no folders)")
    def _plain_file_name(cls, value):  # noqa: N805 - pandera passes the class
        return is_plain_file_name(value)

    @pa.check("published", element_wise=True, error="must be a real date written YYYY-MM-DD")
    def _real_date(cls, value):  # noqa: N805 - pandera passes the class
        return is_real_date(value)

    @pa.check("url", element_wise=True, error="must be an http:// or https:// address")
    def _web_url(cls, value):  # noqa: N805 - pandera passes the class
        return is_web_url(value)


class Jurisdictions(DataFile):
    """data/jurisdictions.csv: the places plans belong to (a city, its districts, another city)."""

    jurisdiction_id: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Stable id of the place, e.g. shanghai"
    )
    name_en: Series[str] = text_field("English name", NAME_MAX)
    name_zh: Series[str] = text_field("Chinese name", NAME_MAX, nullable=True)
    level: Series[str] = pa.Field(
        isin=JURISDICTION_LEVELS,
        description="country, province, city or district",
    )
    parent_id: Series[str] = pa.Field(
        nullable=True,
        description="The jurisdiction this one belongs to (a district's city); empty for none",
    )
    note: Series[str] = pa.Field(nullable=True, description="Anything a reader should know")

    @pa.dataframe_check(error="a jurisdiction cannot be its own parent")
    def _not_own_parent(cls, df):  # noqa: N805 - pandera passes the class
        return df["parent_id"].isna() | (df["parent_id"] != df["jurisdiction_id"])


class Plans(DataFile):
    """data/plans.csv: one row per plan."""

    plan_id: Series[str] = pa.Field(
        str_matches=SLUG, unique=True, description="Stable id of the plan"
    )
    jurisdiction_id: Series[str] = pa.Field(
        description="The place whose plan it is (data/jurisdictions.csv); a series is one "
        "place's plans that are not context documents, ordered by period"
    )
    title_en: Series[str] = text_field("English title", TITLE_MAX)
    title_zh: Series[str] = text_field("Chinese title", TITLE_MAX, nullable=True)
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

    @pa.dataframe_check(error="period_start must not be after period_end")
    def _ordered(cls, df):  # noqa: N805 - pandera passes the class
        return df["period_start"] <= df["period_end"]
