"""The audit proves no figure in the seeds was skipped, and says what needs a decision."""

from __future__ import annotations

import csv
from pathlib import Path

import newinfra as ni
from newinfra.ledger import audit


def _rows(path: Path) -> tuple[list[dict], list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader), list(reader.fieldnames)


def _write(path: Path, rows: list[dict], fields: list[str]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_the_shipped_data_accounts_for_every_figure():
    report = audit.run()
    assert report.ok, report.render()
    assert report.unreviewed.empty and report.stale.empty and report.uncovered.empty
    summary = report.summary.set_index("source_id")
    assert (summary["mentions"] == summary["annotated"] + summary["excluded"]).all()
    assert summary["mentions"].sum() == len(ni.mentions())
    covered_by = set(report.coverage["covered_by"])
    assert {
        "mention",
        "date_zh",
        "doc_number",
        "list_numbering",
        "technology",
        "plan_name",
        "year_en",
    } <= covered_by
    assert "nothing" not in covered_by


def test_a_mention_without_a_decision_is_listed(project_copy: Path):
    path = project_copy / "data" / "annotations.csv"
    rows, fields = _rows(path)
    dropped = next(r for r in rows if r["quote"] == "超40萬噸")
    _write(path, [r for r in rows if r is not dropped], fields)
    report = audit.run()
    assert not report.ok
    assert report.unreviewed["text"].tolist() == ["超40萬噸"]
    assert "超40萬噸" in report.render() and "FAILED" in report.render()


def test_an_annotation_that_matches_no_mention_is_listed(project_copy: Path):
    path = project_copy / "data" / "exclusions.csv"
    rows, fields = _rows(path)
    text = ni.source_text("newinfra-2023-2026-plan-zh")
    start = text.index("2023年9月15日")
    rows.append(
        {
            "source_id": "newinfra-2023-2026-plan-zh",
            "start": start,
            "end": start + 4,
            "quote": "2023",
            "reason": "a year",
        }
    )
    _write(path, rows, fields)
    report = audit.run()
    assert report.stale[["file", "quote"]].values.tolist() == [["data/exclusions.csv", "2023"]]


def test_a_digit_outside_every_mention_and_rule_is_listed_by_rule(project_copy: Path):
    path = project_copy / "data" / "audit_rules.csv"
    rows, fields = _rows(path)
    _write(path, [r for r in rows if r["rule"] != "technology"], fields)
    report = audit.run()
    assert not report.ok
    uncovered = report.uncovered
    assert set(uncovered["scan"]) == {"digit"}
    assert any("5G-A" in c for c in uncovered["context"])
    assert "rule digit" in report.render()
