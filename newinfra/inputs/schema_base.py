"""What every data-file schema shares: text read and coerced, no undeclared column.

Schemas declare types and checks; what a column means is in the field registry
(data/fields.csv, :mod:`newinfra.inputs.fields`).
"""

from __future__ import annotations

import pandera.pandas as pa
from pandera.dtypes import immutable
from pandera.engines import pandas_engine

from newinfra.inputs.vocabulary import REVIEW_STATES

__all__ = ["DataFile", "Text", "review_field", "text_field"]


@immutable(init=True)
class Text(pandas_engine.STRING):
    """pandas' text dtype (``str``), its type checked once per column.

    pandera checks a text column's type value by value and writes up a report of
    the values that fail even when none does: a millisecond a column, and a plan
    checks hundreds of columns. Coercion, checks and messages are pandera's own.
    """

    def check(self, pandera_dtype, data_container=None) -> bool:
        return super().check(pandera_dtype)


def review_field():
    """The ``review`` column of every file that ``newinfra add-plan`` writes rows to."""
    return pa.Field(nullable=True, isin=REVIEW_STATES)


def text_field(longest: int, nullable: bool = False):
    """A free-text column of at most ``longest`` characters."""
    return pa.Field(nullable=nullable, str_length={"max_value": longest})


class DataFile(pa.DataFrameModel):
    """Every table is read as text and coerced; a column nobody declared is an error.

    A file with only a header is an error too (``min_rows``, checked by the
    loader), unless a model allows an empty file.
    """

    class Config:
        coerce = True
        strict = True
        metadata = {"min_rows": 1}
