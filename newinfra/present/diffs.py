"""What changed between two data releases: rows added, removed and changed, and verdicts.

>>> from newinfra.present.diffs import diff_releases, as_text
>>> print(as_text(diff_releases("release-old", "release-new")))

A release is a folder written by ``newinfra export`` or the ``data/`` folder of
a report run (a run folder or a report folder may be given for it). Rows are
matched by each table's primary key (datapackage.json); a changed row lists
every column whose value differs, old and new. ``as_of`` is the date of the
verdicts, not a fact of the row, so it is compared once for the whole release.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from newinfra.core.errors import NewinfraError
from newinfra.present.release import DESCRIPTOR

__all__ = [
    "FORMATS",
    "Release",
    "ReleaseDiff",
    "RowChange",
    "TableDiff",
    "VerdictChange",
    "as_csv",
    "as_json",
    "as_text",
    "change_lines",
    "changes_since",
    "diff_releases",
    "find_release",
    "plain",
    "render",
    "run_release",
    "summary",
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


# -- output --------------------------------------------------------------------------------


def _value(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 80 else text[:77] + "..."


def _counts(table: TableDiff) -> str:
    if table.status in ("added", "removed"):
        return f"table {table.status}"
    parts = [
        f"{len(items)} {word}"
        for items, word in (
            (table.added, "added"),
            (table.removed, "removed"),
            (table.changed, "changed"),
        )
        if items
    ]
    if table.columns_added:
        parts.append("new columns " + ", ".join(table.columns_added))
    if table.columns_removed:
        parts.append("columns removed " + ", ".join(table.columns_removed))
    return ", ".join(parts)


def change_lines(diff: ReleaseDiff, limit: int | None = None) -> list[str]:
    """One line per change: rows added, removed, changed (old -> new) and verdicts; ``limit`` caps them."""
    lines = []
    for table in diff.tables:
        lines += [f"{table.name} {key}: added" for key in table.added]
        lines += [f"{table.name} {key}: removed" for key in table.removed]
        for row in table.changed:
            shown = "; ".join(
                f"{column} {_value(old)} -> {_value(new)}"
                for column, (old, new) in row.changes.items()
            )
            lines.append(f"{table.name} {row.key}: {shown}")
    verdicts = [
        f"verdict {v.label or v.key}: {_value(v.old)} -> {_value(v.new)}" for v in diff.verdicts
    ]
    lines = verdicts + lines
    if limit is not None and len(lines) > limit:
        return [*lines[:limit], f"... and {len(lines) - limit} more (newinfra diff lists them all)"]
    return lines


def summary(diff: ReleaseDiff) -> str:
    """One line: nothing changed, or how many rows of which tables did."""
    old_as_of, new_as_of = diff.as_of
    dates = f"; verdicts as of {old_as_of} -> {new_as_of}" if old_as_of != new_as_of else ""
    if diff.empty:
        return f"nothing changed{dates}"
    tables = "; ".join(f"{t.name}: {_counts(t)}" for t in diff.tables if not t.empty)
    verdicts = f"{len(diff.verdicts)} verdict(s) changed; " if diff.verdicts else ""
    return f"{verdicts}{tables}{dates}"


def as_text(diff: ReleaseDiff, limit: int | None = None) -> str:
    lines = [
        f"old: {diff.old.label}",
        f"new: {diff.new.label}",
        summary(diff),
        *[f"  {line}" for line in change_lines(diff, limit)],
    ]
    return "\n".join(lines) + "\n"


CSV_COLUMNS = ["table", "change", "key", "column", "old", "new"]


def _records(diff: ReleaseDiff) -> list[dict[str, Any]]:
    rows = []
    for v in diff.verdicts:
        rows.append(
            dict(
                table=VERDICT_TABLE,
                change="verdict",
                key=v.key,
                column="verdict",
                old=v.old,
                new=v.new,
            )
        )
    for table in diff.tables:
        if table.status in ("added", "removed"):
            rows.append(
                dict(
                    table=table.name,
                    change=f"table {table.status}",
                    key=None,
                    column=None,
                    old=None,
                    new=None,
                )
            )
        for key in table.added:
            rows.append(
                dict(table=table.name, change="added", key=key, column=None, old=None, new=None)
            )
        for key in table.removed:
            rows.append(
                dict(table=table.name, change="removed", key=key, column=None, old=None, new=None)
            )
        for row in table.changed:
            for column, (old, new) in row.changes.items():
                rows.append(
                    dict(
                        table=table.name,
                        change="changed",
                        key=row.key,
                        column=column,
                        old=old,
                        new=new,
                    )
                )
    return rows


def as_csv(diff: ReleaseDiff) -> str:
    """One line per change: table, change (added, removed, changed, verdict), key, column, old, new."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(_records(diff))
    return buffer.getvalue()


def as_json(diff: ReleaseDiff) -> str:
    def side(release: Release) -> dict[str, Any]:
        d = release.descriptor
        return {
            "folder": str(release.folder),
            **{k: d.get(k) for k in ("version", "created", "as_of")},
        }

    tables = {
        t.name: {
            "key": t.key,
            "status": t.status,
            "added": t.added,
            "removed": t.removed,
            "changed": [
                {
                    "key": r.key,
                    "changes": {c: {"old": o, "new": n} for c, (o, n) in r.changes.items()},
                }
                for r in t.changed
            ],
            "columns_added": t.columns_added,
            "columns_removed": t.columns_removed,
        }
        for t in diff.tables
    }
    verdicts = [{"key": v.key, "label": v.label, "old": v.old, "new": v.new} for v in diff.verdicts]
    body = {
        "old": side(diff.old),
        "new": side(diff.new),
        "summary": summary(diff),
        "verdicts": verdicts,
        "tables": tables,
    }
    return json.dumps(body, indent=1, ensure_ascii=False, default=str) + "\n"


def render(diff: ReleaseDiff, fmt: str = "text") -> str:
    if fmt == "csv":
        return as_csv(diff)
    if fmt == "json":
        return as_json(diff)
    return as_text(diff)


# -- a report run --------------------------------------------------------------------------

#: Changes a report page lists under "since the last published run"; the rest are counted.
PAGE_LINES = 10


def _run_id(run: Path) -> str:
    try:
        return str(json.loads((run / "manifest.json").read_text(encoding="utf-8"))["run_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return run.name


def changes_since(previous_run: Path | None, run: Path) -> str:
    """What changed from ``previous_run``'s data package to ``run``'s, as text (for a mail)."""
    if previous_run is None or not (previous_run / "data" / DESCRIPTOR).is_file():
        return "No earlier published run with a data package to compare with.\n"
    return as_text(diff_releases(previous_run / "data", run / "data"))


def run_release(run_dir: Path, previous_run: Path | None, as_of: str) -> dict[str, Any]:
    """Write ``run_dir/data`` and compare it with the previous published run's: for the pages.

    Returns the data package's path (relative to the run), version, citation and
    ``since``: the previous run's id, a one-line summary and up to PAGE_LINES
    changes (None when there is no earlier run with a data package).
    """
    from newinfra.present.release import write_release

    folder = write_release(run_dir / "data", as_of=as_of)
    new = find_release(folder)
    since = None
    previous_data = previous_run / "data" if previous_run is not None else None
    if previous_data is not None and (previous_data / DESCRIPTOR).is_file():
        diff = diff_releases(find_release(previous_data), new)
        since = {
            "run_id": _run_id(previous_run),
            "dataset_version": diff.old.descriptor.get("version"),
            "summary": summary(diff),
            "lines": change_lines(diff, PAGE_LINES),
        }
    return {
        "datapackage": f"data/{DESCRIPTOR}",
        "version": new.descriptor.get("version"),
        "citation": new.descriptor.get("citation"),
        "since": since,
    }
