"""add-plan -> review -> accept -> audit -> targets, through the command line, in a project copy.

The comparison steps of the README walk-through (the plan's series in
ni.compare(), ni.peers(), ni.commitments()) are not asserted here yet: those
functions are being finished on main, and their assertions come with them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import newinfra as ni
from newinfra.cli import main
from newinfra.curate import audit

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


# Bad input to add-plan and accept: one line naming the option or file, nothing written.

WESTBAY = (
    "Westbay Plan\n\n1. Networks\n\nBy 2025 the district will build 400 new 5G base stations.\n"
)
WESTBAY_OPTIONS = [
    "--plan-id", "westbay-2024-2026", "--jurisdiction", "shanghai", "--period", "2024-2026",
    "--language", "en", "--published", "2024-01-01", "--title-en", "Westbay Digital Plan",
]  # fmt: skip
APPENDED = (
    "seeds/manifest.csv",
    "data/plans.csv",
    "data/annotations.csv",
    "data/tasks.csv",
    "data/crosswalk.csv",
)


def _project_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("seeds", "data")
        for p in (root / folder).rglob("*")
        if p.is_file()
    }


def _with(options: list[str], **changes: str) -> list[str]:
    """``options`` with the value of each ``--name`` given as ``name=value`` replaced or added."""
    out = list(options)
    for name, value in changes.items():
        flag = "--" + name.replace("_", "-")
        if flag in out:
            out[out.index(flag) + 1] = value
        else:
            out += [flag, value]
    return out


def _refused(root: Path, args: list[str], capsys) -> str:
    before = _project_files(root)
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert _project_files(root) == before
    return err


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"published": "2024-13-45"}, "'--published': '2024-13-45' (a real date as YYYY-MM-DD"),
        ({"published": "2024-02-30"}, "'--published': '2024-02-30' (a real date as YYYY-MM-DD"),
        # Were accepted (9999) or refused naming annotations.csv's horizon_year (0001).
        ({"published": "9999-12-31"}, "'--published': '9999-12-31' (a date from 1990-01-01 to"),
        ({"published": "0001-01-01"}, "'--published': '0001-01-01' (a date from 1990-01-01 to"),
        ({"plan_id": "a" * 300}, "'--plan-id': 'aaaa"),
        ({"plan_id": "b" * 61}, "at most 60 characters"),
        ({"source_id": "c" * 65}, "'--source-id'"),
        ({"url": "javascript:alert(document.domain)"}, "'--url'"),
        ({"url": "JavaScript:alert(1)"}, "valid choices: http, https"),
        ({"url": "ftp://example.org/plan.txt"}, "valid choices: http, https"),
        ({"url": "https://"}, "'--url'"),
        ({"title_en": ""}, "'--title-en': '' (must not be empty)"),
        ({"title_en": "  "}, "'--title-en'"),
        # Were accepted whole into plans.csv and every page heading.
        ({"title_en": "T" * 50_000}, "'--title-en': 'TTTT"),
        ({"title_en": "T" * 301}, "301 characters; at most 300"),
        ({"publisher": "P" * 201}, "'--publisher'"),
        ({"url": "https://example.org/" + "u" * 2000}, "at most 2,000"),
        ({"level": "district"}, "'--level': 'district' (shanghai is a city in data/jurisdictions"),
        ({"parent": "china"}, "'--parent': 'china' (shanghai has no parent in data/jurisdictions"),
        ({"jurisdiction_name": "Pudong"}, "(shanghai is named Shanghai in data/jurisdictions"),
    ],
)
def test_bad_add_plan_options_are_refused_in_one_line(
    synthetic_project: Path, tmp_path, capsys, changes, expected
):
    text = tmp_path / "plan.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    err = _refused(
        synthetic_project, ["add-plan", str(text), *_with(WESTBAY_OPTIONS, **changes)], capsys
    )
    assert expected in err
    assert "newinfra-add-plan-" not in err


def test_a_web_address_is_kept(synthetic_project: Path, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    url = "https://example.org/plan?id=1"
    assert main(["add-plan", str(text), *_with(WESTBAY_OPTIONS, url=url, level="city")]) == 0
    assert url in (synthetic_project / "seeds" / "manifest.csv").read_text("utf-8")


@pytest.mark.parametrize("content", ["", "   \n\t\n", "\ufeff\n"])
def test_an_empty_text_is_refused(synthetic_project: Path, tmp_path, capsys, content):
    text = tmp_path / "empty.txt"
    text.write_text(content, encoding="utf-8")
    err = _refused(synthetic_project, ["add-plan", str(text), *WESTBAY_OPTIONS], capsys)
    assert f"{text}: " in err and "no text" in err


def test_errors_of_the_staged_project_name_the_project_file(
    synthetic_project: Path, tmp_path, capsys
):
    # A broken file add-plan does not check itself: found only when the staged copy loads.
    tasks = synthetic_project / "data" / "tasks.csv"
    lines = tasks.read_text("utf-8").splitlines(keepends=True)
    tasks.write_text(
        lines[0] + lines[1].replace("synthetic-0000", "nope", 1) + "".join(lines[2:]), "utf-8"
    )
    text = tmp_path / "plan.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    err = _refused(synthetic_project, ["add-plan", str(text), *WESTBAY_OPTIONS], capsys)
    assert f"{tasks}: line 2" in err and "nothing written" in err
    assert "newinfra-add-plan-" not in err


def _bom_and_crlf(root: Path, names, bom: bool, crlf: bool) -> None:
    for name in names:
        path = root / name
        data = path.read_bytes()
        if crlf:
            data = data.replace(b"\n", b"\r\n")
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)


@pytest.mark.parametrize(("bom", "crlf"), [(True, False), (False, True), (True, True)])
def test_add_plan_and_accept_keep_a_byte_order_mark_and_line_ends(
    synthetic_project: Path, tmp_path, bom, crlf
):
    _bom_and_crlf(synthetic_project, APPENDED, bom, crlf)
    before = _project_files(synthetic_project)
    text = tmp_path / "plan.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    assert main(["add-plan", str(text), *WESTBAY_OPTIONS]) == 0
    assert main(["accept", "westbay-2024-2026"]) == 0
    assert len(ni.targets(plan="westbay-2024-2026")) == 1
    for name in APPENDED:
        data = (synthetic_project / name).read_bytes()
        assert data.startswith(before[name]), name
        assert data.startswith(b"\xef\xbb\xbf") == bom, name
        assert data.count(b"\xef\xbb\xbf") == int(bom), name
        ends = data.count(b"\n")
        assert data.count(b"\r\n") == (ends if crlf else 0), name
        assert len(data.splitlines()) > len(before[name].splitlines()), name


def test_a_seed_left_without_its_manifest_row_does_not_block_the_plan(
    synthetic_project: Path, tmp_path, capsys
):
    # As a killed add-plan of an earlier version left it: the text, and no row naming it.
    text = tmp_path / "plan.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    orphan = synthetic_project / "seeds" / "westbay-2024-2026-en.txt"
    orphan.write_text("Another text\n", encoding="utf-8")
    err = _refused(synthetic_project, ["add-plan", str(text), *WESTBAY_OPTIONS], capsys)
    assert "seeds/westbay-2024-2026-en.txt already exists, and no row of seeds/manifest.csv" in err
    orphan.write_text(WESTBAY, encoding="utf-8")
    assert main(["add-plan", str(text), *WESTBAY_OPTIONS]) == 0
    assert len(ni.targets(plan="westbay-2024-2026", include_pending=True)) == 1


TABLE_TEXT = """澄江区数字基础设施行动方案（2025—2027年）

一、主要指标

指标名称 | 单位 | 2024年 | 2027年
5G基站数 | 万个 | 0.86 | 1.5
公共充电桩数 | 万个 | 1.2 | 2
"""


def test_a_table_cell_in_wan_lands_with_its_real_value_after_accept(project_copy: Path, tmp_path):
    text = tmp_path / "plan.txt"
    text.write_text(TABLE_TEXT, encoding="utf-8")
    options = [
        "--plan-id", "chengjiang-2025-2027", "--jurisdiction", "chengjiang",
        "--jurisdiction-name", "Chengjiang District", "--level", "district",
        "--parent", "shanghai", "--period", "2025-2027", "--language", "zh-Hans",
        "--published", "2025-02-01", "--title-en", "Chengjiang Digital Infrastructure Plan",
    ]  # fmt: skip
    assert main(["add-plan", str(text), *options]) == 0
    assert main(["accept", "chengjiang-2025-2027"]) == 0  # no edits
    ledger = ni.targets(plan="chengjiang-2025-2027").set_index("quote")
    rows = ledger[["kind", "horizon_year", "metric_id", "value", "value_std"]]
    assert rows.loc["0.86"].tolist() == ["baseline", 2024, "5g_base_stations", 8600.0, 8600.0]
    assert rows.loc["1.5"].tolist() == ["target", 2027, "5g_base_stations", 15000.0, 15000.0]
    assert rows.loc["2", ["kind", "metric_id", "value_std"]].tolist() == [
        "target",
        "ev_smart_charging_points",
        20000.0,
    ]
    # The unit column (万个) is no figure: it is a suggested exclusion, not a ledger row.
    assert "万个" not in ledger.index and len(ledger) == 4


def test_a_text_already_in_the_corpus_is_refused_unless_named(project_copy: Path, tmp_path, capsys):
    text = tmp_path / "plan.txt"
    text.write_text(TEXT, encoding="utf-8")
    options = [*OPTIONS, "--name-zh", "虹桥湾区", "--doc-number", "虹府发〔2024〕3号"]
    assert main(["add-plan", str(text), *options]) == 0
    places = (project_copy / "data" / "jurisdictions.csv").read_text("utf-8")
    assert "hongqiao,Hongqiao Bay District,虹桥湾区,district,shanghai" in places
    assert "虹府发〔2024〕3号" in (project_copy / "seeds" / "manifest.csv").read_text("utf-8")
    capsys.readouterr()

    again = [
        "--plan-id", "hongqiao-2024-2027-b", "--jurisdiction", "hongqiao",
        "--period", "2024-2027", "--language", "zh-Hans", "--published", "2024-02-01",
        "--title-en", "Hongqiao Bay Digital Infrastructure Plan (2024-2027), second row",
    ]  # fmt: skip
    before = _snapshot(project_copy)
    assert main(["add-plan", str(text), *again]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1
    assert "already in the corpus as hongqiao-2024-2027-zh" in error[0]
    assert "--same-text-as" in error[0]
    assert _snapshot(project_copy) == before

    assert main(["add-plan", str(text), *again, "--same-text-as", "smartcity-2011-2013-en"]) == 2
    assert "its sha256 differs" in capsys.readouterr().err
    assert main(["add-plan", str(text), *again, "--same-text-as", "hongqiao-2024-2027-zh"]) == 0
