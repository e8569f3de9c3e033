"""add-plan -> review -> accept -> audit -> targets, through the command line, in a project copy.

The comparison steps of the README walk-through (the plan's series in
ni.compare(), ni.peers(), ni.commitments()) are not asserted here yet: those
functions are being finished on main, and their assertions come with them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import newinfra as ni
from newinfra.cli import main
from newinfra.ledger import audit

TEXT = """虹桥湾区数字基础设施行动方案（2024—2027年）

一、现状

截至2023年底，全区建成5G基站3200个。

二、目标任务

（一）网络

1.建设移动网络。到2026年底，全区5G基站达到5000个，新增边缘计算节点20个。
"""

OPTIONS = [
    "--plan-id", "hongqiao-2024-2027", "--jurisdiction", "hongqiao",
    "--jurisdiction-name", "Hongqiao Bay District", "--level", "district", "--parent", "shanghai",
    "--period", "2024-2027", "--language", "zh-Hans", "--published", "2024-02-01",
    "--title-en", "Hongqiao Bay Digital Infrastructure Plan (2024-2027)",
]  # fmt: skip
PLAN = "hongqiao-2024-2027"


def _rows(path: Path) -> tuple[list[str], list[list[str]]]:
    records = list(csv.reader(path.open(encoding="utf-8", newline="")))
    header = records[0]
    return header, [r + [""] * (len(header) - len(r)) for r in records[1:]]


def _set(path: Path, where: dict, values: dict) -> None:
    header, rows = _rows(path)
    for row in rows:
        if all(row[header.index(k)] == v for k, v in where.items()):
            for k, v in values.items():
                row[header.index(k)] = v
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([header, *rows])


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_refused_options_leave_the_project_as_it_was(project_copy: Path, tmp_path, capsys):
    text = tmp_path / "plan.txt"
    text.write_text(TEXT, encoding="utf-8")
    before = _snapshot(project_copy)
    unknown_place = [
        o for o in OPTIONS if o not in ("--jurisdiction-name", "Hongqiao Bay District")
    ]
    assert main(["add-plan", str(text), *unknown_place]) == 2
    assert "--jurisdiction" in capsys.readouterr().err
    bad_language = [*OPTIONS[:-6], "--language", "zh", *OPTIONS[-4:]]
    assert main(["add-plan", str(text), *bad_language]) == 2
    assert "valid choices: en, zh-Hant, zh-Hans" in capsys.readouterr().err
    assert _snapshot(project_copy) == before


def test_add_review_accept_audit_targets(project_copy: Path, tmp_path, capsys):
    shanghai = ni.targets()
    text = tmp_path / "plan.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert main(["add-plan", str(text), *OPTIONS]) == 0
    assert (project_copy / "seeds" / "hongqiao-2024-2027-zh.txt").read_text("utf-8") == TEXT
    assert "hongqiao" in (project_copy / "data" / "jurisdictions.csv").read_text("utf-8")

    # Suggestions are pending: out of the ledger, listed by the audit.
    assert PLAN not in set(ni.targets()["plan_id"])
    pending = ni.targets(plan=PLAN, include_pending=True).set_index("quote")
    assert pending.loc["3200个", ["kind", "horizon_year"]].tolist() == ["baseline", 2023]
    assert pending.loc["5000个", ["kind", "horizon_year", "metric_id"]].tolist() == [
        "target",
        2026,
        "5g_base_stations",
    ]
    assert pending.loc["20个", ["basis", "metric_id"]].tolist() == ["new", "edge_computing_nodes"]
    report = audit.run()
    assert not report.ok and set(report.pending["plan_id"]) == {PLAN}
    assert main(["audit"]) == 1
    assert "pending review" in capsys.readouterr().out

    # The sections command names the refs the task stubs cite.
    assert main(["sections", "hongqiao-2024-2027-zh"]) == 0
    assert "pt2.g1.i1,item,1.建设移动网络" in capsys.readouterr().out

    # The analyst corrects a row: the 2026 figure is a strive target "about" 5000.
    notes = project_copy / "data" / "annotations.csv"
    _set(notes, {"quote": "5000个"}, {"commitment": "strive", "comparator": "~"})
    assert main(["accept", PLAN]) == 0
    assert audit.run().ok

    ledger = ni.targets(plan=PLAN).set_index("quote")
    assert len(ledger) == 3
    assert ledger.loc["5000个", ["commitment", "comparator"]].tolist() == ["strive", "~"]
    assert ledger.loc["3200个", "gloss_en"] == "5G base stations: 3,200 (status 2023)"
    tasks = ni.targets(plan=PLAN)  # the plan's own rows only; Shanghai's unchanged
    assert len(tasks) == 3
    assert ni.targets().query("plan_id != @PLAN").reset_index(drop=True).equals(shanghai)


def test_accept_refuses_chinese_rows_without_a_gloss(project_copy: Path, tmp_path, capsys):
    text = tmp_path / "plan.txt"
    text.write_text(TEXT, encoding="utf-8")
    assert main(["add-plan", str(text), *OPTIONS]) == 0
    notes = project_copy / "data" / "annotations.csv"
    _set(notes, {"quote": "20个"}, {"gloss_en": ""})
    before = notes.read_bytes()
    assert main(["accept", PLAN]) == 2
    error = capsys.readouterr().err
    assert "gloss_en" in error and "'20个'" in error and error.count("\n") == 1
    assert notes.read_bytes() == before
