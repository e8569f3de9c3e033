"""What changed between two data releases: rows added, removed and changed, and verdicts.

>>> from newinfra.present.diffs import diff_releases
>>> from newinfra.present.diff_output import as_text
>>> print(as_text(diff_releases("release-old", "release-new")))

A release is a folder written by ``newinfra export`` or the ``data/`` folder of
a report run (a run folder or a report folder may be given for it). Rows are
matched by each table's primary key (datapackage.json); a changed row lists
every column whose value differs, old and new. ``as_of`` is the date of the
verdicts, not a fact of the row, so it is compared once for the whole release.
How a diff is written out (text, CSV, JSON, a report run's pages) is
:mod:`newinfra.present.diff_output`.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newinfra.core.errors import NewinfraError
from newinfra.present.release_schema import DESCRIPTOR

__all__ = [
    "FORMATS",
    "Release",
    "ReleaseDiff",
    "RowChange",
    "TableDiff",
    "VerdictChange",
    "diff_releases",
    "find_release",
    "plain",
]

FORMATS = ("text", "csv", "json")
#: Columns compared once per release, not row by row.
RELEASE_COLUMNS = {"as_of"}
#: The table whose verdict column is listed under "verdicts".
VERDICT_TABLE = "compare"
#: What a verdict change is labelled with, where the table has it.
VERDICT_LABEL = ("metric_label", "plan_id", "horizon_year")


@dataclass(frozen=True)
class Release:
    folder: Path
    descriptor: dict[str, Any]

    @property
    def label(self) -> str:
        d = self.descriptor
        return f"{d.get('version', '?')} (created {d.get('created', '?')}, as of {d.get('as_of', '?')})"

    def resources(self) -> dict[str, dict]:
        return {r["name"]: r for r in self.descriptor.get("resources", [])}

    def table(self, name: str) -> pd.DataFrame:
        resource = self.resources()[name]
        parquet = resource.get("parquet", {}).get("path")
        path = self.folder / (parquet or resource["path"])
        try:
            if parquet:
                return pd.read_parquet(path)
            return pd.read_csv(path, keep_default_na=False, na_values=[""])
        except (OSError, ValueError) as exc:
            raise NewinfraError(f"{path}: cannot be read ({exc})") from None


@dataclass
class RowChange:
    key: str
    changes: dict[str, tuple[Any, Any]]


@dataclass
class TableDiff:
    name: str
    key: list[str]
    status: str = "same"  # same, changed, added (new table), removed (table gone)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self.status == "same"


@dataclass
class VerdictChange:
    key: str
    label: str
    old: Any
    new: Any


@dataclass
class ReleaseDiff:
    old: Release
    new: Release
    tables: list[TableDiff]
    verdicts: list[VerdictChange]

    @property
    def empty(self) -> bool:
        return all(t.empty for t in self.tables) and not self.verdicts

    @property
    def as_of(self) -> tuple[Any, Any]:
        return self.old.descriptor.get("as_of"), self.new.descriptor.get("as_of")


def find_release(path: str | os.PathLike) -> Release:
    """The data package at ``path``: an export folder, its datapackage.json, a run or report folder."""
    given = Path(path).expanduser()
    candidates = [given] if given.name == DESCRIPTOR else []
    candidates += [
        given / DESCRIPTOR,
        given / "data" / DESCRIPTOR,
        given / "latest" / "data" / DESCRIPTOR,
    ]
    for candidate in candidates:
        if candidate.is_file():
            try:
                descriptor = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, ValueError) as exc:
                raise NewinfraError(f"{candidate}: not a readable data package ({exc})") from None
            if not isinstance(descriptor, dict) or not isinstance(
                descriptor.get("resources"), list
            ):
                raise NewinfraError(f"{candidate}: not a data package (no resources)")
            return Release(candidate.parent, descriptor)
    if not given.exists():
        raise NewinfraError(f"{given}: no such file or folder")
    raise NewinfraError(
        f"{given}: no {DESCRIPTOR} here or in its data/ folder; give a folder written by "
        "`newinfra export` or by a report run"
    )


def _same(old: Any, new: Any) -> bool:
    if _missing(old) and _missing(new):
        return True
    if _missing(old) or _missing(new):
        return False
    try:
        return bool(old == new)
    except (TypeError, ValueError):
        return str(old) == str(new)


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    return isinstance(value, float) and math.isnan(value)


def plain(value: Any) -> Any:
    """A cell as a JSON value: numpy scalars as Python, missing as None."""
    if _missing(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _keys(frame: pd.DataFrame, key: list[str]) -> pd.Series:
    return frame[key].astype(str).agg("|".join, axis=1)


def _diff_table(name: str, old: Release, new: Release) -> TableDiff:
    resources_old, resources_new = old.resources(), new.resources()
    resource = resources_new.get(name) or resources_old[name]
    key = list(resource["schema"].get("primaryKey") or [])
    result = TableDiff(name, key)
    if name not in resources_old:
        result.status = "added"
        return result
    if name not in resources_new:
        result.status = "removed"
        return result
    before, after = old.table(name), new.table(name)
    if not key or not set(key) <= set(before.columns) & set(after.columns):
        raise NewinfraError(f"{name}: no primary key shared by both releases to match rows by")
    before.index, after.index = _keys(before, key), _keys(after, key)
    result.columns_added = [c for c in after.columns if c not in before.columns]
    result.columns_removed = [c for c in before.columns if c not in after.columns]
    result.added = [k for k in after.index if k not in before.index]
    result.removed = [k for k in before.index if k not in after.index]
    shared = [c for c in after.columns if c in before.columns and c not in RELEASE_COLUMNS]
    both = [k for k in after.index if k in before.index]
    old_rows = before.loc[both, shared].astype(object).to_dict("index")
    for row_key, new_row in after.loc[both, shared].astype(object).to_dict("index").items():
        old_row = old_rows[row_key]
        changes = {
            c: (plain(old_row[c]), plain(new_row[c]))
            for c in shared
            if not _same(old_row[c], new_row[c])
        }
        if changes:
            result.changed.append(RowChange(row_key, changes))
    differs = result.added, result.removed, result.changed
    if any(differs) or result.columns_added or result.columns_removed:
        result.status = "changed"
    return result


def _verdicts(tables: list[TableDiff], new: Release) -> list[VerdictChange]:
    table = next((t for t in tables if t.name == VERDICT_TABLE and t.changed), None)
    if table is None:
        return []
    labels: dict[str, str] = {}
    frame = new.table(VERDICT_TABLE)
    shown = [c for c in VERDICT_LABEL if c in frame.columns]
    if shown:
        keys = _keys(frame, table.key)
        labels = dict(zip(keys, frame[shown].astype(str).agg(", ".join, axis=1), strict=True))
    return [
        VerdictChange(row.key, labels.get(row.key, ""), *row.changes["verdict"])
        for row in table.changed
        if "verdict" in row.changes
    ]


def diff_releases(
    old: str | os.PathLike | Release, new: str | os.PathLike | Release
) -> ReleaseDiff:
    """Every table's rows added, removed and changed from ``old`` to ``new``, and verdicts."""
    old = old if isinstance(old, Release) else find_release(old)
    new = new if isinstance(new, Release) else find_release(new)
    names = list(new.resources()) + [n for n in old.resources() if n not in new.resources()]
    tables = [_diff_table(name, old, new) for name in names]
    return ReleaseDiff(old, new, tables, _verdicts(tables, new))
