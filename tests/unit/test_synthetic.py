"""The synthetic-project builder shared by tests and benchmarks makes complete, audit-clean projects."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

import newinfra as ni
from newinfra.curate import audit, synthetic


def test_a_synthetic_project_is_complete_and_audit_clean(tmp_path: Path):
    root = synthetic.write_project(tmp_path / "project", plans=3)
    with ni.using_root(root):
        sources = ni.sources()
        assert sources["source_id"].tolist() == [f"synthetic-000{n}-en" for n in range(3)]
        for row in sources.itertuples():
            data = (root / "seeds" / row.file).read_bytes()
            assert hashlib.sha256(data).hexdigest() == row.sha256
        assert audit.run().ok
        ledger = ni.targets()
    assert len(ledger) == 15
    assert set(ledger["domain"]) == {"network", "terminals"}
    first = ledger[ledger["plan_id"] == "synthetic-0000"].set_index("quote")
    assert first.loc["3,000", ["metric_id", "basis", "value"]].tolist() == [
        "ev_smart_charging_points",
        "new",
        3000,
    ]


def test_plans_of_a_series_differ_and_their_names_hold_no_digits():
    plans = [synthetic.numbered(n) for n in (0, 1, 25, 26, 701)]
    assert [p.title.split()[2] for p in plans] == ["A", "B", "Z", "AA", "ZZ"]
    assert len({p.text() for p in plans}) == len(plans)
    assert pd.Series([p.plan_id for p in plans]).is_unique
