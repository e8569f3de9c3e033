"""The audit lists what needs a decision: unreviewed mentions, stale rows, uncovered digits."""

from __future__ import annotations

import csv
from pathlib import Path

from newinfra.curate import audit, synthetic

PLAN = synthetic.numbered(0)


def _rows(path: Path) -> tuple[list[dict], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader), list(reader.fieldnames)


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_synthetic_project_accounts_for_every_figure(synthetic_project: Path):
    report = audit.run()
    assert report.ok, report.render()
    assert "OK: every figure is accounted for." in report.render()


def test_a_mention_without_a_decision_is_listed(synthetic_project: Path):
    path = synthetic_project / "data" / "annotations.csv"
    rows, fields = _rows(path)
    _write(
        path,
        [r for r in rows if r["quote"] != "10-Gigabit" or r["source_id"] != PLAN.source_id],
        fields,
    )
    report = audit.run()
    assert not report.ok
    assert report.unreviewed[["source_id", "text"]].values.tolist() == [
        [PLAN.source_id, "10-Gigabit"]
    ]
    assert "10-Gigabit" in report.render() and "FAILED" in report.render()


def test_an_exclusion_that_matches_no_mention_is_listed(synthetic_project: Path):
    path = synthetic_project / "data" / "exclusions.csv"
    rows, fields = _rows(path)
    start = PLAN.text().index(f"end of {PLAN.end}") + len("end of ")
    quote = str(PLAN.end)
    rows.append(
        {
            "source_id": PLAN.source_id,
            "start": start,
            "end": start + 4,
            "quote": quote,
            "reason": "a year",
        }
    )
    _write(path, rows, fields)
    report = audit.run()
    assert report.stale[["file", "quote"]].values.tolist() == [["data/exclusions.csv", quote]]


def test_a_digit_outside_every_mention_and_rule_is_listed_by_rule(synthetic_project: Path):
    path = synthetic_project / "data" / "audit_rules.csv"
    rows, fields = _rows(path)
    _write(path, [r for r in rows if r["rule"] != "technology"], fields)
    report = audit.run()
    assert not report.ok
    uncovered = report.uncovered
    assert set(uncovered["scan"]) == {"digit"}
    assert all("5G" in context for context in uncovered["context"])
    assert "rule digit" in report.render()
