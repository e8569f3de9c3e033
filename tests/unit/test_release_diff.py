"""newinfra diff on small made-up releases: rows added, removed, changed, verdicts, formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newinfra.core.errors import NewinfraError
from newinfra.present import diff_output, diffs


def write_package(folder: Path, tables: dict[str, pd.DataFrame], **meta) -> Path:
    """A data package as `newinfra export` lays it out: Parquet files and datapackage.json."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        frame.to_csv(folder / f"{name}.csv", index=False)
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "parquet": {"path": f"{name}.parquet"},
                "schema": {
                    "fields": [{"name": c} for c in frame],
                    "primaryKey": [frame.columns[0]],
                },
            }
        )
    descriptor = {"version": "1", "created": "2026-01-01T00:00:00Z", "as_of": "2026-01-01", **meta}
    descriptor["resources"] = resources
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return folder


def targets(**changes) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "target_id": ["a:0-2", "a:5-9", "b:1-3"],
            "value": [100.0, 2.5, float("nan")],
            "horizon_year": [2025, 2026, 2022],
            "gloss_en": [None, "ten", None],
        }
    )
    for column, (row, value) in changes.items():
        frame.loc[row, column] = value
    return frame


def compare(verdict: str = "pending") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "commitment_id": ["a:0-2"],
            "metric_label": ["5G base stations"],
            "plan_id": ["p-2026"],
            "horizon_year": [2026],
            "verdict": [verdict],
            "as_of": ["2026-01-01"],
        }
    )


@pytest.fixture
def old(tmp_path):
    return write_package(tmp_path / "old", {"targets": targets(), "compare": compare()})


def test_identical_releases_differ_in_nothing(old, tmp_path):
    new = write_package(tmp_path / "new", {"targets": targets(), "compare": compare()})
    diff = diffs.diff_releases(old, new)
    assert diff.empty and diff.verdicts == []
    assert diff_output.summary(diff) == "nothing changed"
    assert diff_output.as_csv(diff).splitlines() == [",".join(diff_output.CSV_COLUMNS)]


def test_a_changed_value_is_listed_with_its_key_old_and_new(old, tmp_path):
    new = write_package(
        tmp_path / "new", {"targets": targets(value=(0, 120.0)), "compare": compare()}
    )
    diff = diffs.diff_releases(old, new)
    table = next(t for t in diff.tables if t.name == "targets")
    assert [(r.key, r.changes) for r in table.changed] == [("a:0-2", {"value": (100, 120)})]
    assert "targets a:0-2: value 100 -> 120" in diff_output.as_text(diff)
    rows = list(csv.DictReader(io.StringIO(diff_output.as_csv(diff))))
    assert rows == [
        {"table": "targets", "change": "changed", "key": "a:0-2", "column": "value",
         "old": "100", "new": "120"}
    ]  # fmt: skip
    body = json.loads(diff_output.as_json(diff))
    change = body["tables"]["targets"]["changed"][0]
    assert change == {"key": "a:0-2", "changes": {"value": {"old": 100, "new": 120}}}


def test_missing_values_compare_equal_and_a_filled_one_is_a_change(old, tmp_path):
    new = write_package(
        tmp_path / "new", {"targets": targets(gloss_en=(0, "a gloss")), "compare": compare()}
    )
    table = diffs.diff_releases(old, new).tables[0]
    assert [(r.key, r.changes) for r in table.changed] == [
        ("a:0-2", {"gloss_en": (None, "a gloss")})
    ]


def test_rows_added_and_removed_by_key(old, tmp_path):
    frame = targets()
    frame.loc[2, "target_id"] = "c:7-9"
    new = write_package(tmp_path / "new", {"targets": frame, "compare": compare()})
    table = diffs.diff_releases(old, new).tables[0]
    assert (table.added, table.removed, table.changed) == (["c:7-9"], ["b:1-3"], [])
    assert "targets: 1 added, 1 removed" in diff_output.summary(diffs.diff_releases(old, new))


def test_a_verdict_that_changed_is_listed_with_its_label(old, tmp_path):
    new = write_package(tmp_path / "new", {"targets": targets(), "compare": compare("met")})
    diff = diffs.diff_releases(old, new)
    assert [(v.key, v.label, v.old, v.new) for v in diff.verdicts] == [
        ("a:0-2", "5G base stations, p-2026, 2026", "pending", "met")
    ]
    assert diff_output.summary(diff).startswith("1 verdict(s) changed")
    assert (
        diff_output.change_lines(diff)[0]
        == "verdict 5G base stations, p-2026, 2026: pending -> met"
    )


def test_the_date_of_the_verdicts_is_not_a_row_change(old, tmp_path):
    later = compare().assign(as_of="2026-02-01")
    new = write_package(
        tmp_path / "new", {"targets": targets(), "compare": later}, as_of="2026-02-01"
    )
    diff = diffs.diff_releases(old, new)
    assert diff.empty
    assert diff_output.summary(diff) == "nothing changed; verdicts as of 2026-01-01 -> 2026-02-01"


def test_a_table_only_the_new_release_has_is_added(old, tmp_path):
    families = pd.DataFrame({"family": ["idc_racks"], "label_en": ["IDC racks"]})
    new = write_package(
        tmp_path / "new", {"targets": targets(), "compare": compare(), "families": families}
    )
    diff = diffs.diff_releases(old, new)
    assert [(t.name, t.status) for t in diff.tables if not t.empty] == [("families", "added")]
    assert "families: table added" in diff_output.summary(diff)


def test_long_lists_are_cut_for_a_page(old, tmp_path):
    frame = targets()
    frame["value"] = [1.0, 2.0, 3.0]
    new = write_package(tmp_path / "new", {"targets": frame, "compare": compare()})
    lines = diff_output.change_lines(diffs.diff_releases(old, new), limit=1)
    assert len(lines) == 2 and lines[1].startswith("... and 2 more")


def test_a_report_folder_or_run_is_read_through_its_data_folder(old, tmp_path):
    run = tmp_path / "reports" / "runs" / "20260101-000000"
    write_package(run / "data", {"targets": targets(), "compare": compare()})
    (tmp_path / "reports" / "latest").symlink_to(Path("runs") / "20260101-000000")
    for path in (run, tmp_path / "reports", run / "data" / "datapackage.json"):
        assert diffs.find_release(path).folder.resolve() == (run / "data").resolve()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d: d / "missing", "no such file or folder"),
        (lambda d: d, "no datapackage.json here or in its data/ folder"),
        (
            lambda d: (d / "datapackage.json").write_text("{", "utf-8") and d,
            "not a readable data package",
        ),
    ],
    ids=["missing", "empty-folder", "broken-json"],
)
def test_a_folder_without_a_package_is_one_clear_error(tmp_path, make, message):
    with pytest.raises(NewinfraError, match=message):
        diffs.find_release(make(tmp_path))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.dictionaries(st.integers(0, 2), st.floats(-1e9, 1e9, allow_nan=False), max_size=3))
def test_every_edited_row_and_only_those_is_reported(tmp_path_factory, edits):
    base = tmp_path_factory.mktemp("property")
    before = targets()
    after = before.copy()
    for row, value in edits.items():
        after.loc[row, "value"] = value
    old = write_package(base / "old", {"targets": before})
    new = write_package(base / "new", {"targets": after})
    edited = {
        before.loc[row, "target_id"]
        for row, value in edits.items()
        if before.loc[row, "value"] != value
    }
    table = diffs.diff_releases(old, new).tables[0]
    assert {r.key for r in table.changed} == edited
