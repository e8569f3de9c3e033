"""Pending rows, accept, and the comparator / upper-value overrides, on a synthetic project."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import newinfra as ni
from newinfra.core.errors import DataFileError, ParameterError
from newinfra.curate import audit, review
from newinfra.curate.new_plan import NewPlan, check
from newinfra.inputs import corpus, curation

PLAN = "synthetic-0000"


def _edit(path: Path, line: int, **cells) -> None:
    """Set cells of the row on ``line`` (header is line 1) of a CSV file."""
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = rows[0]
    row = rows[line - 1] + [""] * (len(header) - len(rows[line - 1]))
    for name, value in cells.items():
        row[header.index(name)] = value
    rows[line - 1] = row
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_pending_rows_stay_out_of_the_ledger_until_accepted(synthetic_project: Path):
    notes = synthetic_project / "data" / "annotations.csv"
    _edit(notes, 2, review="pending")
    _edit(notes, 7, review="pending")  # the other plan's first row
    assert len(ni.targets(plan=PLAN)) == 4
    assert len(ni.targets(plan=PLAN, include_pending=True)) == 5
    report = audit.run()
    assert not report.ok
    assert report.pending[["file", "line"]].values.tolist() == [
        ["data/annotations.csv", 2],
        ["data/annotations.csv", 7],
    ]
    other_line = notes.read_text("utf-8").splitlines()[6]
    assert review.accept(PLAN)["data/annotations.csv"] == 1
    assert notes.read_text("utf-8").splitlines()[6] == other_line  # untouched
    assert len(ni.targets(plan=PLAN)) == 5
    assert set(audit.run().pending["line"]) == {7}


def test_accept_refuses_an_unknown_plan(synthetic_project: Path):
    with pytest.raises(ParameterError, match="valid choices: synthetic-0000, synthetic-0001"):
        review.accept("nope")


def test_comparator_and_upper_value_can_be_overridden(synthetic_project: Path):
    notes = synthetic_project / "data" / "annotations.csv"
    _edit(notes, 3, comparator="~", value_high="12")
    row = ni.targets(plan=PLAN).set_index("quote").loc["10-Gigabit"]
    assert (row["comparator"], row["value_high"]) == ("~", 12.0)


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"comparator": "about"}, "field 'comparator'"),
        ({"value_high": "1"}, "line 3, field 'value_high': 1 is below the value 10;"),
        ({"review": "done"}, "field 'review'"),
    ],
)
def test_bad_overrides_name_line_and_field(synthetic_project: Path, cells, message):
    _edit(synthetic_project / "data" / "annotations.csv", 3, **cells)
    with pytest.raises(DataFileError, match=message):
        curation.annotations()


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ({"value": "goal"}, "line 2, field 'value': 'goal' is not a kind; valid choices: target"),
        ({"field": "year", "value": ""}, "line 2, field 'pattern': a year rule needs a group"),
        ({"kinds": "target;wish"}, "line 2, field 'kinds': unknown kind 'wish'"),
    ],
)
def test_bad_suggestion_rules_name_line_and_field(synthetic_project: Path, cells, message):
    _edit(synthetic_project / "data" / "suggest_rules.csv", 2, **cells)
    with pytest.raises(DataFileError, match=message):
        curation.suggest_rules()


def _plan(**changes) -> NewPlan:
    base = {
        "text": "plan.txt",
        "plan_id": "new-2024-2026",
        "jurisdiction": "shanghai",
        "period": "2024-2026",
        "language": "en",
        "published": "2024-01-01",
        "title_en": "New plan",
    }
    return NewPlan(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_id": PLAN}, "already in data/plans.csv"),
        ({"period": "2024"}, "write it as 2024-2027"),
        ({"period": "2026-2024"}, "write it as 2024-2027"),
        ({"language": "fr"}, "valid choices: en, zh-Hant, zh-Hans"),
        ({"doc_type": "memo"}, "valid choices: plan_text, translation"),
        ({"published": "March 2024"}, "YYYY-MM-DD"),
        ({"jurisdiction": "pudong"}, "give --jurisdiction-name and --level"),
        (
            {"jurisdiction": "pudong", "jurisdiction_name": "Pudong", "level": "town"},
            "valid choices: country, province, city, district",
        ),
        (
            {
                "jurisdiction": "pudong",
                "jurisdiction_name": "Pudong",
                "level": "district",
                "parent": "x",
            },
            "'--parent': 'x'; valid choices: shanghai",
        ),
    ],
)
def test_add_plan_options_are_checked(synthetic_project: Path, changes, message):
    tables = (corpus.manifest(), corpus.plans(), corpus.jurisdictions())
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check(_plan(**changes), tables)


TEXT = "Westbay Plan\n\n1. Networks\n\nBy 2025 the district will build 400 new 5G base stations.\n"


def _snapshot(root: Path) -> dict[str, bytes]:
    files = [p for folder in ("seeds", "data") for p in (root / folder).rglob("*")]
    return {str(p.relative_to(root)): p.read_bytes() for p in files if p.is_file()}


def test_a_failed_write_undoes_the_files_already_replaced(synthetic_project: Path, monkeypatch):
    from newinfra.core import journal
    from newinfra.curate import addplan

    before = _snapshot(synthetic_project)
    real = journal.atomic_write_bytes

    def failing(path, data):
        if Path(path).name == "annotations.csv" and data != before["data/annotations.csv"]:
            raise OSError("disk full")
        return real(path, data)

    monkeypatch.setattr(journal, "atomic_write_bytes", failing)
    plan = _plan(plan_id="westbay-2024-2026", text="westbay.txt")
    with pytest.raises(OSError, match="disk full"):
        addplan.add_plan(plan, TEXT.encode("utf-8"))
    assert _snapshot(synthetic_project) == before
    assert not (synthetic_project / ".newinfra-journal").exists()


def test_add_plan_writes_the_plan_and_pending_suggestions(synthetic_project: Path):
    from newinfra.curate import addplan

    counts = addplan.add_plan(_plan(plan_id="westbay-2024-2026"), TEXT.encode("utf-8"))
    assert counts["data/annotations.csv"] == 1 and counts["data/tasks.csv"] == 1
    row = ni.targets(plan="westbay-2024-2026", include_pending=True).iloc[0]
    assert (row["metric_id"], row["horizon_year"], row["basis"]) == (
        "5g_base_stations",
        2025,
        "new",
    )
    assert ni.targets(plan="westbay-2024-2026").empty


def test_accept_reads_an_annotations_file_with_a_byte_order_mark(synthetic_project: Path):
    notes = synthetic_project / "data" / "annotations.csv"
    _edit(notes, 2, review="pending")
    notes.write_bytes(b"\xef\xbb\xbf" + notes.read_bytes())
    assert review.accept(PLAN)["data/annotations.csv"] == 1
    data = notes.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfsource_id,") and b"pending" not in data
    assert len(ni.targets(plan=PLAN)) == 5
