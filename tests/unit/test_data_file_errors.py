"""A broken data file gets an error naming the file, the line and the field.

Each case breaks one cell of a synthetic project (see the ``synthetic_project``
fixture for its lines); the catalogue files (metrics.csv) are the project's own.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import newinfra as ni
from newinfra.core.errors import DataFileError
from newinfra.curate import synthetic
from newinfra.inputs import curation


def _edit_csv(path: Path, edit) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames)
    rows, fields = edit(rows, fields)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set(file: str, row: int, field: str, value: str):
    def edit(rows, fields):
        rows[row][field] = value
        return rows, fields

    return file, edit


def _drop_column(file: str, column: str):
    def edit(rows, fields):
        return [{k: v for k, v in r.items() if k != column} for r in rows], [
            f for f in fields if f != column
        ]

    return file, edit


def _duplicate_row(file: str, row: int):
    def edit(rows, fields):
        return rows + [dict(rows[row])], fields

    return file, edit


def _twice_excluded(file: str):
    """The same mention excluded twice (the first plan's speed figure)."""
    figure = synthetic.numbered(0).annotation_rows()[1]
    excluded = {k: str(figure[k]) for k in ("source_id", "start", "end", "quote")}

    def edit(rows, fields):
        return rows + [{**excluded, "reason": "a speed"}] * 2, fields

    return file, edit


BROKEN = {
    "unknown metric": (
        _set("annotations.csv", 0, "metric_id", "ai_unicorns"),
        ["annotations.csv", "line 2", "metric_id", "ai_unicorns", "idc_racks"],
    ),
    "unknown domain in metrics": (
        _set("metrics.csv", 3, "domain", "space"),
        ["metrics.csv", "line 5", "domain", "space", "network"],
    ),
    "unknown domain override": (
        _set("annotations.csv", 1, "domain", "energy"),
        ["annotations.csv", "line 3", "domain", "energy", "terminals"],
    ),
    "unknown task_ref": (
        _set("annotations.csv", 2, "task_ref", "A9.9"),
        ["annotations.csv", "line 4", "task_ref", "A9.9", "N1, T1"],
    ),
    "unknown domain in tasks": (
        _set("tasks.csv", 0, "domain", "roads"),
        ["tasks.csv", "line 2", "domain", "roads", "network"],
    ),
    "figure not at its offsets": (
        _set("annotations.csv", 4, "quote", "99 billion yuan"),
        ["annotations.csv", "line 6", "quote", "99 billion yuan", "is not the text"],
    ),
    "offsets outside the seed": (
        _set("annotations.csv", 4, "end", "999999"),
        ["annotations.csv", "line 6", "outside"],
    ),
    "value disagrees": (
        _set("annotations.csv", 0, "value", "401000000000"),
        ["annotations.csv", "line 2", "value", "disagrees"],
    ),
    "duplicate key": (
        _duplicate_row("annotations.csv", 3),
        ["annotations.csv", "duplicate key", "lines 5, "],
    ),
    "duplicate exclusion": (
        _twice_excluded("exclusions.csv"),
        ["exclusions.csv", "duplicate key"],
    ),
    "missing column": (
        _drop_column("annotations.csv", "basis"),
        ["annotations.csv", "missing column", "basis"],
    ),
    "bad kind": (
        _set("annotations.csv", 2, "kind", "hope"),
        ["annotations.csv", "line 4", "kind", "hope"],
    ),
    "bad unit in metrics": (
        _set("metrics.csv", 0, "unit", "bananas"),
        ["metrics.csv", "line 2", "unit", "bananas"],
    ),
    "unknown plan in tasks": (
        _set("tasks.csv", 0, "plan_id", "synthetic-2099"),
        ["tasks.csv", "line 2", "plan_id", "synthetic-0000"],
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN), ids=sorted(BROKEN))
def test_broken_data_file_names_file_line_and_field(synthetic_project: Path, case: str):
    (file, edit), expected = BROKEN[case]
    _edit_csv(synthetic_project / "data" / file, edit)
    with pytest.raises(DataFileError) as err:
        ni.targets()
        curation.tasks()  # read by the ledger only where an annotation names a task
        curation.exclusions()
    message = str(err.value)
    for part in expected:
        assert part in message, f"{part!r} not in: {message}"


def _set_annotation(project: Path, quote: str, **changes) -> int:
    """Change the first annotation quoting ``quote``; its line in the file (a quote may span lines)."""
    path = project / "data" / "annotations.csv"

    def edit(rows, fields):
        for row in rows:
            if row["quote"] == quote:
                row.update({k: str(v) for k, v in changes.items()})
                return rows, fields
        raise AssertionError(quote)

    _edit_csv(path, edit)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        for fields in reader:
            if quote in fields:
                # line_num is the record's last line; a quoted cell may span several.
                return reader.line_num - sum(f.count("\n") for f in fields)
    raise AssertionError(quote)


def test_target_due_outside_its_plan_period_is_refused(synthetic_project: Path):
    line = _set_annotation(synthetic_project, "10-Gigabit", horizon_year=2030)
    with pytest.raises(DataFileError) as err:
        ni.targets()
    assert f"line {line}" in str(err.value) and "horizon_year" in str(err.value)
    assert "2024-2026" in str(err.value)


def test_baseline_dated_after_its_document_is_refused(synthetic_project: Path):
    line = _set_annotation(synthetic_project, "10-Gigabit", kind="baseline", horizon_year=2025)
    with pytest.raises(DataFileError) as err:
        ni.targets()
    message = str(err.value)
    assert f"line {line}" in message and "after its document was published (2024-01-15)" in message


def test_unit_that_cannot_reach_the_metric_unit_is_refused(synthetic_project: Path):
    line = _set_annotation(synthetic_project, "10-Gigabit", metric_id="idc_racks")
    with pytest.raises(DataFileError) as err:
        ni.targets()
    message = str(err.value)
    assert f"line {line}" in message and "idc_racks" in message and "Gbps" in message


def test_crosswalk_metric_override_must_be_a_known_metric(synthetic_project: Path):
    _edit_csv(
        synthetic_project / "data" / "crosswalk.csv",
        _set("crosswalk.csv", 0, "metric_id", "unicorns")[1],
    )
    with pytest.raises(DataFileError, match=r"crosswalk.csv: line 2, field 'metric_id'.*unicorns"):
        curation.crosswalk()


def test_unknown_task_refs_are_listed_with_their_plans_tasks(synthetic_project: Path):
    # A task_ref is looked up in the annotation's own plan, else in its source's plan.
    def edit(rows, fields):
        rows[1]["task_ref"] = "A9.9"  # plan synthetic-0000, by its source
        rows[6].update(task_ref="T1", plan_id="synthetic-0000")  # a task of the plan it names
        rows[7]["task_ref"] = "N1"  # a task of plan synthetic-0001, by its source
        rows[8].update(task_ref="T9", plan_id="synthetic-0000")
        return rows, fields

    _edit_csv(synthetic_project / "data" / "annotations.csv", edit)
    with pytest.raises(DataFileError) as err:
        curation.annotations()
    path = synthetic_project / "data" / "annotations.csv"
    assert str(err.value).splitlines() == [
        f"{path}: line 3, field 'task_ref': unknown task 'A9.9' for plan synthetic-0000; "
        "valid choices: N1, T1",
        f"{path}: line 10, field 'task_ref': unknown task 'T9' for plan synthetic-0000; "
        "valid choices: N1, T1",
    ]
