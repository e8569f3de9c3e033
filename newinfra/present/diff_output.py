"""A release diff written out: text, CSV and JSON (``newinfra diff``), and a report run's lines.

The text names every change, one line each (:func:`change_lines`), under a
one-line :func:`summary`; CSV has one row per change (:data:`CSV_COLUMNS`);
JSON keeps the whole structure. A report run compares its data package with
the last published run's (:func:`changes_since`; the pages' lines are
:func:`newinfra.report.run_pages.run_release`).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from newinfra.present.diffs import (
    VERDICT_TABLE,
    Release,
    ReleaseDiff,
    TableDiff,
    diff_releases,
)
from newinfra.present.release_schema import DESCRIPTOR

__all__ = [
    "CSV_COLUMNS",
    "PAGE_LINES",
    "as_csv",
    "as_json",
    "as_text",
    "change_lines",
    "changes_since",
    "render",
    "summary",
]


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


def changes_since(previous_run: Path | None, run: Path) -> str:
    """What changed from ``previous_run``'s data package to ``run``'s, as text (for a mail)."""
    if previous_run is None or not (previous_run / "data" / DESCRIPTOR).is_file():
        return "No earlier published run with a data package to compare with.\n"
    return as_text(diff_releases(previous_run / "data", run / "data"))
