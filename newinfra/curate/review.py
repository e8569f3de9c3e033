"""Rows pending review (suggested by ``newinfra add-plan``) and ``newinfra accept``.

A suggested row carries ``review = pending`` in ``data/annotations.csv``,
``exclusions.csv``, ``tasks.csv``, ``crosswalk.csv`` or ``metrics.csv``.
The audit lists them; accepting a plan clears the mark on its rows (the
analyst's word that they read them), and refuses while a row from Chinese text
has no English gloss. The files are changed as one step under the project
lock (newinfra.core.journal): every file or none, even if the command is killed.
"""

from __future__ import annotations

import csv
import io

import pandas as pd

from newinfra.core import journal, project
from newinfra.core.errors import DataFileError, ParameterError
from newinfra.core.textfile import read_form
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
        scale = row.get("scale")
        times = f" x{float(scale):g}" if isinstance(scale, float) and scale == scale else ""
        basis = "/yr" if row["basis"] == "per_year" else row["basis"]
        what = (
            f"{row['source_id']}:{row['start']}-{row['end']} {row['quote']!r}{times} {row['kind']} "
            f"{row['metric_id']} {row['horizon_year']} {basis}"
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


def _records(text: str) -> list[tuple[list[str], int, int]]:
    """Each CSV record with the first and last line (0-based) it spans in ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records, first = [], 0
    for fields in reader:
        last = reader.line_num - 1
        if fields:
            records.append((fields, first, last))
        first = reader.line_num
    return records


def _clear_review(text: str, mine, newline: str = "\n") -> tuple[str, int]:
    """``text`` with the review cell of the matching pending rows emptied; rows changed.

    Only the lines of the rows changed are rewritten (ending in ``newline``), so
    the rest of the file keeps its bytes (a row written without its trailing
    empty cells stays so).
    """
    records = _records(text)
    header = records[0][0]
    column = header.index("review")
    # Split where the CSV reader counts lines: at \n, \r\n and \r.
    lines = io.StringIO(text, newline="").readlines()
    count = 0
    for fields, first, last in reversed(records[1:]):
        row = fields + [""] * (len(header) - len(fields))
        if not row[column] or not mine(dict(zip(header, row, strict=True))):
            continue
        row[column] = ""
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=newline).writerow(row)
        lines[first : last + 1] = [buffer.getvalue()]
        count += 1
    return "".join(lines), count


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
    root = project.root()
    with journal.project_lock(root):
        journal.recover(root)
        changed, counts = _accepted_files(plan_id)
        if changed:
            journal.commit(root, changed, what=f"accept {plan_id}")
    return counts


def _accepted_files(plan_id: str) -> tuple[dict[str, bytes], dict[str, int]]:
    """The new bytes of each file accepting the plan changes, and the rows per file."""
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
        # A byte-order mark and the line ends are kept as found.
        text, form = read_form(path.read_bytes(), path)
        text, count = _clear_review(text, mine_row, form.newline)
        counts[f"data/{name}"] = count
        if count:
            changed[f"data/{name}"] = form.encode(text)
    return changed, counts
