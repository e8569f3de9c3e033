"""The shipped seeds and data account for every figure in the seeds.

These tests describe the shipped seeds and curated data: adding a plan or
editing data/ moves the numbers below, and these tests say which.
The audit's rules on made-up inputs are in tests/unit/test_audit_rules.py.
"""

from __future__ import annotations

import newinfra as ni
from newinfra.curate import audit


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
