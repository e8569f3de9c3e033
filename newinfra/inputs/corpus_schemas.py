"""Schemas of the corpus tables: seeds/manifest.csv, data/jurisdictions.csv, data/plans.csv."""

from __future__ import annotations

import pandera.pandas as pa
from pandera.typing import Series

from newinfra.inputs.cell_checks import is_plain_file_name, is_real_date, is_web_url
from newinfra.inputs.schema_base import DataFile, Text, text_field
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

    source_id: Series[Text] = pa.Field(str_matches=SLUG, unique=True)
    file: Series[Text] = pa.Field(unique=True)
    sha256: Series[Text] = pa.Field(str_matches=r"^[0-9a-f]{64}$")
    original_name: Series[Text] = pa.Field(nullable=True)
    plan_id: Series[Text] = pa.Field()
    title: Series[Text] = text_field(TITLE_MAX)
    language: Series[Text] = pa.Field(isin=LANGUAGES)
    doc_type: Series[Text] = pa.Field(isin=DOC_TYPES)
    official: Series[Text] = pa.Field(isin=["true", "false"])
    published: Series[Text] = pa.Field(str_matches=ISO_DATE)
    publisher: Series[Text] = text_field(NAME_MAX)
    doc_number: Series[Text] = pa.Field(nullable=True)
    url: Series[Text] = text_field(URL_MAX, nullable=True)
    note: Series[Text] = pa.Field(nullable=True)

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

    jurisdiction_id: Series[Text] = pa.Field(str_matches=SLUG, unique=True)
    name_en: Series[Text] = text_field(NAME_MAX)
    name_zh: Series[Text] = text_field(NAME_MAX, nullable=True)
    level: Series[Text] = pa.Field(
        isin=JURISDICTION_LEVELS,
    )
    parent_id: Series[Text] = pa.Field(
        nullable=True,
    )
    note: Series[Text] = pa.Field(nullable=True)

    @pa.dataframe_check(error="a jurisdiction cannot be its own parent")
    def _not_own_parent(cls, df):  # noqa: N805 - pandera passes the class
        return df["parent_id"].isna() | (df["parent_id"] != df["jurisdiction_id"])


class Plans(DataFile):
    """data/plans.csv: one row per plan."""

    plan_id: Series[Text] = pa.Field(str_matches=SLUG, unique=True)
    jurisdiction_id: Series[Text] = pa.Field()
    title_en: Series[Text] = text_field(TITLE_MAX)
    title_zh: Series[Text] = text_field(TITLE_MAX, nullable=True)
    period_start: Series[int] = pa.Field(ge=1990, le=2100)
    period_end: Series[int] = pa.Field(ge=1990, le=2100)
    horizon_year: Series[int] = pa.Field(ge=1990, le=2100)
    primary_source_id: Series[Text] = pa.Field()
    evidence: Series[Text] = pa.Field(
        isin=EVIDENCE,
    )
    is_context: Series[Text] = pa.Field(
        isin=["true", "false"],
    )
    note: Series[Text] = pa.Field(nullable=True)

    @pa.dataframe_check(error="period_start must not be after period_end")
    def _ordered(cls, df):  # noqa: N805 - pandera passes the class
        return df["period_start"] <= df["period_end"]
