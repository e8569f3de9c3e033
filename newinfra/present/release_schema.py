"""The tables of a data release and their Table Schemas, generated from the project's schemas.

Each field's type comes from the table's column dtype; its description and
unit from the field registry (data/fields.csv: for a table read through a data
file's model, that file's own rows first); requiredness, uniqueness, allowed
values and range from the pandera model of the file the table is read from
(where there is one). A column named like another table's primary key
(``plan_id``, ``source_id``...) or like one of :data:`REFERENCES` is a foreign
key to that table.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from functools import cache

import pandas as pd

__all__ = [
    "DESCRIPTOR",
    "REFERENCES",
    "TABLES",
    "Table",
    "field_type",
    "foreign_keys",
    "table_schema",
]

#: The data package's descriptor, beside its tables in the release folder.
DESCRIPTOR = "datapackage.json"


@dataclass(frozen=True)
class Table:
    """One table of the release: its name, what identifies a row, the model that documents it."""

    name: str
    title: str
    description: str
    primary_key: str
    #: the file a pandera model names in its docstring, or the model's class name
    model: str | None = None


#: The tables of a release, in the order of datapackage.json.
TABLES: tuple[Table, ...] = (
    Table(
        "targets",
        "Targets (mentions)",
        "Every sourced figure: one row per place in a source where a figure is written "
        "(ni.targets()), with its quote and character offsets",
        "target_id",
        "Ledger",
    ),
    Table(
        "commitments",
        "Commitments",
        "One row per figure a plan commits to or reports, however often its documents state "
        "it (ni.commitments()); target_ids lists its mentions",
        "commitment_id",
    ),
    Table(
        "compare",
        "Comparison",
        "Each place's target commitments in series, with multiples, growth and verdicts as of "
        "the release's as_of date (ni.compare())",
        "commitment_id",
    ),
    Table(
        "scorecard",
        "Scorecard",
        "The targets with a verdict as of the release's as_of date (ni.scorecard())",
        "commitment_id",
    ),
    Table(
        "peers",
        "Peers",
        "One metric family side by side across places, never joined by multiples (ni.peers())",
        "commitment_id",
    ),
    Table("plans", "Plans", "The plans, their periods and horizons", "plan_id", "data/plans.csv"),
    Table(
        "jurisdictions",
        "Jurisdictions",
        "The places plans belong to",
        "jurisdiction_id",
        "data/jurisdictions.csv",
    ),
    Table(
        "sources",
        "Sources",
        "The source documents: publisher, date, kind of text, checksum (ni.sources())",
        "source_id",
        "seeds/manifest.csv",
    ),
    Table("metrics", "Metrics", "The metric catalogue", "metric_id", "data/metrics.csv"),
    Table("domains", "Domains", "The harmonised domains", "domain", "data/domains.csv"),
    Table(
        "families",
        "Metric families",
        "Metrics compared across horizons",
        "family",
        "data/families.csv",
    ),
)

#: Columns that refer to another table's key under another name.
REFERENCES = {
    "previous_plan_id": "plan_id",
    "parent_plan_id": "plan_id",
    "primary_source_id": "source_id",
    "parent_id": "jurisdiction_id",
    "decided_by": "target_id",
    "parent_commitment_id": "commitment_id",
}
#: A commitment's id is the target_id of its primary mention.
OWN_KEY_REFERENCES = {"commitments": "target_id"}
#: Not foreign keys: a metric alone in its family is its own family, listed nowhere else.
NOT_REFERENCES = {"family"}


@cache
def _models() -> dict[str, type]:
    """Pandera models by the file their docstring names, and by class name."""
    import pandera.pandas as pa

    from newinfra.inputs import schemas
    from newinfra.inputs.dictionary import _names_a_file

    found: dict[str, type] = {}
    for name, model in inspect.getmembers(schemas, inspect.isclass):
        if not issubclass(model, pa.DataFrameModel) or model is pa.DataFrameModel:
            continue
        found[name] = model
        named = _names_a_file(model)
        if named is not None:
            found[named[0]] = model
    return found


def _inferred_type(values: pd.Series) -> str:
    present = [v for v in values if not pd.isna(v)]
    if all(isinstance(v, str) for v in present):
        return "string"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "number"
    return "string"


def field_type(values: pd.Series) -> str:
    """The Table Schema type of a column: string, integer, number or boolean."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        return "boolean"
    if pd.api.types.is_integer_dtype(dtype):
        return "integer"
    if pd.api.types.is_float_dtype(dtype):
        return "number"
    if isinstance(dtype, pd.StringDtype):
        return "string"
    return _inferred_type(values)


def _constraints(column, kind: str) -> dict:
    """Required, unique, enum and range from a pandera column, where they fit the type."""
    from newinfra.inputs.vocabulary import ISO_DATE

    constraints: dict = {}
    if not column.nullable:
        constraints["required"] = True
    if column.unique:
        constraints["unique"] = True
    for check in column.checks:
        stats = check.statistics or {}
        if check.name == "isin" and kind == "string":
            constraints["enum"] = list(stats["allowed_values"])
        elif check.name == "greater_than_or_equal_to" and kind in ("integer", "number"):
            constraints["minimum"] = stats["min_value"]
        elif check.name == "less_than_or_equal_to" and kind in ("integer", "number"):
            constraints["maximum"] = stats["max_value"]
        elif check.name == "str_matches" and stats["pattern"] == ISO_DATE and kind == "string":
            constraints["_date"] = True
    return constraints


def _field(name: str, frame: pd.DataFrame, column, definitions: dict[str, str]) -> dict:
    from newinfra.inputs import fields
    from newinfra.present.columns import heading

    kind = field_type(frame[name])
    spec: dict = {"name": name, "title": heading(name), "type": kind}
    description = definitions.get(name)
    if description:
        spec["description"] = description
    unit, unit_column = fields.units().get(name), fields.unit_columns().get(name)
    if unit:
        spec["unit"] = unit
    elif unit_column in frame.columns:
        spec["unitField"] = unit_column
    constraints = _constraints(column, kind) if column is not None else {}
    if constraints.pop("_date", False):
        spec["type"] = "date"
    if constraints:
        spec["constraints"] = constraints
    return spec


def foreign_keys(table: Table, columns: list[str], present: list[Table]) -> list[dict]:
    """A reference for every column named like another present table's key (or REFERENCES)."""
    owners: dict[str, str] = {}
    for other in present:  # the first table keyed by a column owns it
        owners.setdefault(other.primary_key, other.name)
    keys = []
    for column in columns:
        if column in NOT_REFERENCES:
            continue
        referred = OWN_KEY_REFERENCES.get(table.name) if column == table.primary_key else None
        referred = referred or REFERENCES.get(column, column)
        owner = owners.get(referred)
        if owner is None or (owner == table.name and column == table.primary_key):
            continue
        resource = "" if owner == table.name else owner  # "" refers to the table itself
        keys.append({"fields": column, "reference": {"resource": resource, "fields": referred}})
    return keys


def table_schema(table: Table, frame: pd.DataFrame, present: list[Table]) -> dict:
    """The Table Schema of ``frame``: fields in column order, types, units, meanings, keys."""
    from newinfra.present.columns import column_definitions

    model = _models().get(table.model) if table.model else None
    # A table read through a data file's model takes that file's own definitions.
    file_path = table.model if model is not None and "/" in table.model else None
    definitions = column_definitions(file_path)
    columns = model.to_schema().columns if model is not None else {}
    fields = [_field(str(name), frame, columns.get(name), definitions) for name in frame.columns]
    for spec in fields:
        if spec["name"] == table.primary_key:
            spec.setdefault("constraints", {}).update(required=True, unique=True)
    schema: dict = {"fields": fields, "missingValues": [""], "primaryKey": [table.primary_key]}
    references = foreign_keys(table, list(frame.columns), present)
    if references:
        schema["foreignKeys"] = references
    return schema
