"""Adding a plan takes data only: a text, a manifest row, a plan row, task, crosswalk and annotation rows."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd

import newinfra as ni
from newinfra.ledger import audit

SOURCE = "pudong-2024-2025-en"
PLAN = "pudong-2024-2025"
TEXT = (
    "Pudong New Area Digital Infrastructure Plan (2024-2025)\n\n"
    "1. Networks\n\n"
    "By the end of 2025, the district will build more than 5,000 5G base stations and strive to "
    "bring 10-Gigabit access to 200,000 homes.\n\n"
    "2. Terminals\n\n"
    "The district will add 30,000 smart charging points and pilot 20 smart nursing homes.\n"
)


def _append(path: Path, rows: list[dict]) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with path.open("a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writerows([{f: row.get(f, "") for f in fields} for row in rows])


def _add_plan_without_annotations(root: Path) -> None:
    seed = root / "seeds" / f"{SOURCE}.txt"
    seed.write_text(TEXT, encoding="utf-8")
    _append(
        root / "seeds" / "manifest.csv",
        [
            {
                "source_id": SOURCE,
                "file": seed.name,
                "sha256": hashlib.sha256(seed.read_bytes()).hexdigest(),
                "plan_id": PLAN,
                "title": "Pudong New Area Digital Infrastructure Plan (2024-2025)",
                "language": "en",
                "doc_type": "plan_text",
                "official": "true",
                "published": "2024-03-01",
                "publisher": "Pudong New Area People's Government",
            }
        ],
    )
    _append(
        root / "data" / "plans.csv",
        [
            {
                "plan_id": PLAN,
                "title_en": "Pudong New Area Digital Infrastructure Plan (2024-2025)",
                "period_start": 2024,
                "period_end": 2025,
                "horizon_year": 2025,
                "primary_source_id": SOURCE,
                "evidence": "full_text",
                "is_context": "false",
            }
        ],
    )
    _append(
        root / "data" / "tasks.csv",
        [
            {
                "plan_id": PLAN,
                "task_ref": "N1",
                "task_type": "task",
                "title_en": "Networks",
                "domain_native": "Networks",
                "domain": "network",
                "source_id": SOURCE,
                "section_ref": "i1",
            },
            {
                "plan_id": PLAN,
                "task_ref": "T1",
                "task_type": "task",
                "title_en": "Terminals",
                "domain_native": "Terminals",
                "domain": "terminals",
                "source_id": SOURCE,
                "section_ref": "i2",
            },
        ],
    )
    _append(
        root / "data" / "crosswalk.csv",
        [
            {
                "plan_id": PLAN,
                "source_id": SOURCE,
                "section_ref": "i1",
                "domain_native": "Networks",
                "domain": "network",
            },
            {
                "plan_id": PLAN,
                "source_id": SOURCE,
                "section_ref": "i2",
                "domain_native": "Terminals",
                "domain": "terminals",
            },
        ],
    )


def _annotation(quote: str, metric: str, basis: str, anchor: str | None = None, **extra) -> dict:
    anchor = anchor or quote
    start = TEXT.index(anchor) + anchor.index(quote)
    value = extra.pop("value")
    return {
        "source_id": SOURCE,
        "start": start,
        "end": start + len(quote),
        "quote": quote,
        "value": value,
        "metric_id": metric,
        "kind": "target",
        "horizon_year": 2025,
        "basis": basis,
        **extra,
    }


def test_a_new_plan_needs_data_only(project_copy: Path):
    _add_plan_without_annotations(project_copy)

    # The audit lists what still needs a decision, and nothing else.
    report = audit.run()
    assert not report.ok
    pending = report.unreviewed
    assert set(pending["source_id"]) == {SOURCE}
    assert pending["text"].tolist() == ["more than 5,000", "10-Gigabit", "200,000", "30,000", "20"]
    assert "newinfra audit" in report.render() and "pudong-2024-2025-en" in report.render()

    _append(
        project_copy / "data" / "annotations.csv",
        [
            _annotation("more than 5,000", "5g_base_stations", "cumulative", value=5000),
            _annotation("10-Gigabit", "home_broadband_access_speed", "cumulative", value=10),
            _annotation(
                "200,000",
                "homes_gigabit_covered",
                "cumulative",
                value=200000,
                note="homes with 10-gigabit access",
            ),
            _annotation("30,000", "ev_smart_charging_points", "new", value=30000),
            _annotation("20", "smart_nursing_homes", "new", anchor="pilot 20 smart", value=20),
        ],
    )
    assert audit.run().ok

    ledger = ni.targets(plan=PLAN)
    assert len(ledger) == 5
    row = ledger.set_index("quote").loc["10-Gigabit"]
    assert (row["commitment"], row["domain"], row["value_std"]) == ("strive", "network", 10.0)
    assert ledger.set_index("quote").loc["20", "commitment"] == "pilot"
    assert (
        ledger["quote"] == [TEXT[s:e] for s, e in zip(ledger["start"], ledger["end"], strict=True)]
    ).all()

    compared = ni.compare(metrics=["ev_smart_charging_points"], horizons=[2022, 2025, 2026])
    assert compared["plan_id"].tolist() == ["newinfra-2020-2022", PLAN, "newinfra-2023-2026"]
    assert compared.set_index("plan_id").loc[PLAN, "multiple"] == 0.3

    profile = ni.domain_profile(plans=[PLAN]).set_index("domain")
    assert profile.loc["network", "tasks"] == 1 and profile.loc["network", "tasks_with_number"] == 1
    assert profile.loc["terminals", "quantified_targets"] == 2
    assert isinstance(ni.lineage(), pd.DataFrame)
