"""Rows pending review (suggested by ``newinfra add-plan``) and ``newinfra accept``.

A suggested row carries ``review = pending`` in ``data/annotations.csv``,
``exclusions.csv``, ``tasks.csv``, ``crosswalk.csv`` or ``metrics.csv``.
The audit lists them; accepting a plan clears the mark on its rows (the
analyst's word that they read them), and refuses while a row from Chinese text
has no English gloss.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from newinfra.core import project
from newinfra.core.atomic import atomic_write_bytes
from newinfra.core.errors import DataFileError, ParameterError
from newinfra.inputs import corpus, curation
from newinfra.inputs.loader import line_of

PENDING_COLUMNS = ["file", "line", "plan_id", "what"]


def _plan_of_sources() -> dict[str, str]:
    return dict(zip(corpus.manifest()["source_id"], corpus.manifest()["plan_id"], strict=True))


def _annotation_plan(frame: pd.DataFrame, plans: dict[str, str]) -> pd.Series:
    by_source = frame["source_id"].map(plans)
    return frame["plan_id"].fillna(by_source) if "plan_id" in frame else by_source


def pending() -> pd.DataFrame:
    """Every row marked pending, with its file, line, plan and what it says."""
    plans = _plan_of_sources()
    rows = []
    notes = curation.annotations()
    used_by = {}
    for index, row in notes[notes["review"].notna()].iterrows():
        plan = row["plan_id"] if isinstance(row["plan_id"], str) else plans[row["source_id"]]
        used_by.setdefault(row["metric_id"], plan)
        what = (
            f"{row['source_id']}:{row['start']}-{row['end']} {row['quote']!r} {row['kind']} "
            f"{row['metric_id']} {row['horizon_year']} {row['basis']}"
        )
        rows.append(("data/annotations.csv", line_of(index), plan, what))
    for index, row in _pending(curation.exclusions()).iterrows():
        what = f"{row['source_id']}:{row['start']}-{row['end']} {row['quote']!r}: {row['reason']}"
        rows.append(("data/exclusions.csv", line_of(index), plans[row["source_id"]], what))
    for index, row in _pending(curation.tasks()).iterrows():
        what = f"task {row['task_ref']} at {row['section_ref']}: {row['title_en']}"
        rows.append(("data/tasks.csv", line_of(index), row["plan_id"], what))
    for index, row in _pending(curation.crosswalk()).iterrows():
        what = f"{row['section_ref']} {row['domain_native']} -> {row['domain']}"
        rows.append(("data/crosswalk.csv", line_of(index), row["plan_id"], what))
    for index, row in _pending(curation.metrics()).iterrows():
        what = f"new metric {row['metric_id']}: {row['label_en']} ({row['unit']})"
        rows.append(("data/metrics.csv", line_of(index), used_by.get(row["metric_id"], ""), what))
    return pd.DataFrame(rows, columns=PENDING_COLUMNS)


def _pending(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["review"].notna()]


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        records = [r for r in csv.reader(handle) if r]
    header, rows = records[0], records[1:]
    return header, [r + [""] * (len(header) - len(r)) for r in rows]


def _render(header: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows([header, *rows])
    return buffer.getvalue().encode("utf-8")


def _missing_glosses(plan_id: str, plans: dict[str, str]) -> list[str]:
    notes = curation.annotations()
    languages = dict(
        zip(corpus.manifest()["source_id"], corpus.manifest()["language"], strict=True)
    )
    mine = notes[(_annotation_plan(notes, plans) == plan_id) & notes["review"].notna()]
    chinese = mine["source_id"].map(languages).str.startswith("zh")
    lacking = mine[chinese & mine["gloss_en"].isna()]
    return [f"line {line_of(i)} ({q!r})" for i, q in lacking["quote"].items()]


def accept(plan_id: str) -> dict[str, int]:
    """Clear the pending mark on the plan's rows; returns how many per file.

    Raises DataFileError naming the Chinese rows without an English gloss.
    """
    plans = _plan_of_sources()
    valid = corpus.plans()["plan_id"].tolist()
    if plan_id not in valid:
        raise ParameterError("plan_id", plan_id, valid)
    lacking = _missing_glosses(plan_id, plans)
    if lacking:
        raise DataFileError(
            f"{curation.data_path('annotations.csv')}: rows from Chinese text need an English "
            f"gloss (column gloss_en) before {plan_id} is accepted: {', '.join(lacking)}"
        )
    notes = curation.annotations()
    mine = notes[_annotation_plan(notes, plans) == plan_id]
    metric_ids = set(mine["metric_id"])
    sources = {s for s, p in plans.items() if p == plan_id}
    belongs = {
        "annotations.csv": lambda r: (
            r["source_id"] in sources and not r["plan_id"] or r["plan_id"] == plan_id
        ),
        "exclusions.csv": lambda r: r["source_id"] in sources,
        "tasks.csv": lambda r: r["plan_id"] == plan_id,
        "crosswalk.csv": lambda r: r["plan_id"] == plan_id,
        "metrics.csv": lambda r: r["metric_id"] in metric_ids,
    }
    changed, counts = {}, {}
    for name, mine_row in belongs.items():
        path = project.data_dir() / name
        header, rows = _read(path)
        column = header.index("review")
        count = 0
        for row in rows:
            record = dict(zip(header, row, strict=True))
            if row[column] and mine_row(record):
                row[column] = ""
                count += 1
        counts[f"data/{name}"] = count
        if count:
            changed[path] = _render(header, rows)
    _write_all(changed)
    return counts


def _write_all(changed: dict[Path, bytes]) -> None:
    """Write every file or none: undo those written if one fails."""
    done = []
    try:
        for path, data in changed.items():
            before = path.read_bytes()
            atomic_write_bytes(path, data)
            done.append((path, before))
    except BaseException:
        for path, before in reversed(done):
            atomic_write_bytes(path, before)
        raise
