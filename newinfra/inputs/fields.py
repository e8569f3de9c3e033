"""The field registry (data/fields.csv): every column's type, unit, heading and definition, once.

A row with no ``table`` holds what a column means wherever it appears: the
library's frames, the workbook, the reports' hover titles, a release's Table
Schemas. A row naming a table narrows that for one place: a data file
(``data/annotations.csv``: there ``value`` is the curator's reading) or one of
the library's tables (``concordance``, ``lineage``, ``audit``...), where a
column named like another means something else. Its empty cells take the
general row's. ``*`` in a table's row stands for every column of that table
with no row of its own (a wide view's one column per source).

A frame says which rows define its columns in ``frame.attrs["fields"]``
(:func:`describe`): the table whose rows override the general ones, and its
derived columns, each made from one field for one value of something else
("Tasks: strive" is the field ``tasks`` for the wording strive). A derived
column means its field's definition narrowed by that qualifier
(:func:`frame_definitions`): the reports' hover titles read it that way.

The pandera schemas declare types and checks only; the data dictionary, the
workbook README sheet, the tables' headings and hover titles all read here.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from newinfra.core import project
from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import line_of, read_csv
from newinfra.inputs.schema_base import DataFile, Text
from newinfra.inputs.table_checks import check_unique

__all__ = [
    "ATTRS",
    "DTYPES",
    "FILE",
    "Fields",
    "definitions",
    "describe",
    "dtypes",
    "fields",
    "frame_definitions",
    "headings",
    "rename",
    "unit_columns",
    "units",
]

FILE = "fields.csv"
#: Types as the library returns a column (the Table Schema names).
DTYPES = ["string", "integer", "number", "boolean"]
ANY_COLUMN = "*"


class Fields(DataFile):
    """data/fields.csv: the field registry, one row per column name and where it applies."""

    name: Series[Text] = pa.Field(str_matches=r"^([a-z][a-z0-9_]*|\*)$")
    table: Series[Text] = pa.Field(
        nullable=True, str_matches=r"^([a-z_]+|(data|seeds)/[a-z_]+\.csv)$"
    )
    dtype: Series[Text] = pa.Field(nullable=True, isin=DTYPES)
    unit: Series[Text] = pa.Field(nullable=True)
    unit_column: Series[Text] = pa.Field(nullable=True, str_matches=r"^[a-z][a-z0-9_]*$")
    heading: Series[Text] = pa.Field(nullable=True)
    definition: Series[Text] = pa.Field(nullable=True)

    @pa.dataframe_check(error="a row without a table needs a dtype and a heading")
    def _general_rows_complete(cls, df):  # noqa: N805 - pandera passes the class
        return df["table"].notna() | (df["dtype"].notna() & df["heading"].notna())

    @pa.dataframe_check(error="* stands for a table's other columns: give the table")
    def _any_column_in_a_table(cls, df):  # noqa: N805 - pandera passes the class
        return (df["name"] != ANY_COLUMN) | df["table"].notna()


def _check_unit_columns(frame: pd.DataFrame, path) -> None:
    general = set(frame.loc[frame["table"] == "", "name"])
    for index, column in frame["unit_column"].items():
        if column and column not in general:
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'unit_column': {column!r} is not a "
                "column of the registry (a row without a table)"
            )


@cached_by_fingerprint
def _fields() -> pd.DataFrame:
    path = project.data_dir() / FILE
    if not path.is_file():
        raise DataFileError(
            f"{path}: file missing; it lists name,table,dtype,unit,unit_column,heading,"
            "definition for every column the library reads or returns"
        )
    frame = read_csv(path, Fields)
    frame = frame.astype(object).where(frame.notna(), "")
    check_unique(frame, ["name", "table"], path)
    _check_unit_columns(frame, path)
    return frame


def fields() -> pd.DataFrame:
    """The registry as data/fields.csv holds it, empty cells as ``""``."""
    return _fields().reset_index(drop=True)


_memo: dict[tuple[str, str | None], tuple[pd.DataFrame, dict[str, str]]] = {}


def _column(name: str, table: str | None) -> dict[str, str]:
    frame = _fields()
    known = _memo.get((name, table))
    if known is not None and known[0] is frame:
        return dict(known[1])
    general = frame[frame["table"] == ""]
    values = {row.name: getattr(row, name) for row in general.itertuples() if getattr(row, name)}
    if table:
        narrow = frame[frame["table"] == table]
        values.update(
            {row.name: getattr(row, name) for row in narrow.itertuples() if getattr(row, name)}
        )
    _memo[(name, table)] = (frame, values)
    return dict(values)


def definitions(table: str | None = None) -> dict[str, str]:
    """Each column's definition: the general rows, overridden by ``table``'s own rows.

    ``"*"`` in the result, where ``table`` has it, defines its columns not listed.
    """
    return _column("definition", table)


def headings() -> dict[str, str]:
    """The heading a reader sees for each column, in place of its ``snake_case`` name."""
    return _column("heading", None)


def units(table: str | None = None) -> dict[str, str]:
    """Columns whose unit is the same on every row, and that unit (``horizon_year``: year)."""
    return _column("unit", table)


def unit_columns(table: str | None = None) -> dict[str, str]:
    """Columns whose unit another column gives row by row (``value_std``: ``unit_std``)."""
    return _column("unit_column", table)


def dtypes(table: str | None = None) -> dict[str, str]:
    """Each column's type as the library returns it (``table``: as that table holds it)."""
    return _column("dtype", table)


#: The key of ``DataFrame.attrs`` under which a frame says which registry rows define its columns.
ATTRS = "fields"


def describe(
    frame: pd.DataFrame,
    table: str | None = None,
    derived: dict[str, tuple[str, str]] | None = None,
) -> pd.DataFrame:
    """Record in ``frame.attrs`` where its columns' definitions are; returns ``frame``.

    ``table``: the registry table whose rows override the general rows for this
    frame. ``derived``: column -> (field, qualifier) for a column made from one
    field for one value of something else (``{"Tasks: strive": ("tasks",
    "worded strive at the weakest")}``). Earlier records are kept unless
    overridden. pandas carries ``attrs`` through selection, sorting, ``assign``,
    ``drop`` and ``rename`` (renamed columns need :func:`rename`); a frame built
    anew loses them.
    """
    known = frame.attrs.get(ATTRS, {})
    frame.attrs[ATTRS] = {
        "table": table or known.get("table"),
        "derived": {**known.get("derived", {}), **(derived or {})},
    }
    return frame


def rename(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """``frame.rename(columns=names)``, its derived columns recorded under their new names."""
    out = frame.rename(columns=names)
    derived = out.attrs.get(ATTRS, {}).get("derived", {})
    out.attrs[ATTRS] = {
        "table": out.attrs.get(ATTRS, {}).get("table"),
        "derived": {names.get(column, column): spec for column, spec in derived.items()},
    }
    return out


def frame_definitions(frame: pd.DataFrame) -> dict[str, str]:
    """What each of ``frame``'s columns means, from the rows :func:`describe` recorded.

    A derived column reads "<its field's definition> — <qualifier>"; any other
    column takes its own row (the frame's table's, else the general one), else
    the table's ``*`` row. A column with none of these is left out.
    """
    described = frame.attrs.get(ATTRS, {})
    own = definitions(described.get("table"))
    derived = described.get("derived", {})
    out = {}
    for column in map(str, frame.columns):
        field, qualifier = derived.get(column, (None, None))
        if field and own.get(field):
            out[column] = f"{own[field]} — {qualifier}"
        elif own.get(column) or own.get(ANY_COLUMN):
            out[column] = own.get(column) or own[ANY_COLUMN]
    return out
