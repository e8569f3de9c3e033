"""`newinfra audit` checks every data file the library reads, with the library's own lines.

Was: after a crosswalk row cited a section that does not exist, the audit said
"OK: every figure is accounted for" while `newinfra targets` refused the data.
Each case below breaks one data file of a synthetic project in one way the
loader knows; the audit must list the very lines the library raises.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_cli as _cli

import newinfra as ni
from newinfra.analysis.theme_terms import vocabulary
from newinfra.core.errors import DataFileError
from newinfra.curate import audit, synthetic
from newinfra.inputs import curation, section_rules

REPO = Path(__file__).resolve().parents[2]
MANIFEST = "../seeds/manifest.csv"  # relative to data/

Edit = Callable[[list[dict], list[str]], tuple[list[dict], list[str]]]


def _set(row: int, field: str, value: str) -> Edit:
    def edit(rows, fields):
        rows[row][field] = value
        return rows, fields

    return edit


def _repeat(row: int) -> Edit:
    def edit(rows, fields):
        return [*rows, dict(rows[row])], fields

    return edit


def _drop(column: str) -> Edit:
    def edit(rows, fields):
        return [{k: v for k, v in r.items() if k != column} for r in rows], [
            f for f in fields if f != column
        ]

    return edit


def _add(**row: str) -> Edit:
    def edit(rows, fields):
        return [*rows, {f: row.get(f, "") for f in fields}], fields

    return edit


FIGURE = synthetic.numbered(0).annotation_rows()[1]
EXCLUDED = {k: str(FIGURE[k]) for k in ("source_id", "start", "end", "quote")}

# file -> way -> edit; the ways the loader knows: unknown reference, bad value,
# duplicate key, missing column.
CASES: dict[str, dict[str, Edit]] = {
    MANIFEST: {
        "unknown": _set(0, "plan_id", "synthetic-2099"),
        "bad": _set(1, "language", "fr"),
        "duplicate": _repeat(0),
        "missing": _drop("sha256"),
    },
    "plans.csv": {
        "unknown": _set(0, "jurisdiction_id", "atlantis"),
        "bad": _set(1, "evidence", "rumour"),
        "duplicate": _repeat(0),
        "missing": _drop("evidence"),
    },
    "jurisdictions.csv": {
        "unknown": _set(0, "parent_id", "atlantis"),
        "bad": _set(0, "level", "planet"),
        "duplicate": _repeat(0),
        "missing": _drop("level"),
    },
    "domains.csv": {
        "bad": _set(2, "domain", "Not A Slug"),
        "duplicate": _repeat(1),
        "missing": _drop("covers"),
    },
    "metrics.csv": {
        "unknown": _set(3, "domain", "space"),
        "bad": _set(0, "unit", "Gbps/"),
        "duplicate": _repeat(2),
        "missing": _drop("nature"),
    },
    "commitment_terms.csv": {
        "bad": _set(0, "language", "fr"),
        "duplicate": _repeat(0),
        "missing": _drop("commitment"),
    },
    "audit_rules.csv": {
        "bad": _set(0, "pattern", "[0-9"),
        "duplicate": _repeat(0),
        "missing": _drop("role"),
    },
    "suggest_rules.csv": {
        "bad": _set(0, "field", "colour"),
        "duplicate": _repeat(0),
        "missing": _drop("where"),
    },
    "themes.csv": {
        "bad": _set(0, "group", "space"),
        "duplicate": _repeat(0),
        "missing": _drop("pattern_zh"),
    },
    "section_rules.csv": {
        "unknown": _set(0, "source_id", "no-such-source"),
        "bad": _set(0, "rank", "0"),
        "duplicate": _repeat(0),
        "missing": _drop("ref"),
    },
    "tasks.csv": {
        "unknown": _set(0, "section_ref", "ch99"),
        "bad": _set(1, "task_type", "wish"),
        "duplicate": _repeat(0),
        "missing": _drop("domain"),
    },
    "crosswalk.csv": {
        "unknown": _set(0, "section_ref", "ch99"),
        "bad": _set(1, "domain", "space"),
        "duplicate": _repeat(0),
        "missing": _drop("domain_native"),
    },
    "annotations.csv": {
        "unknown": _set(0, "metric_id", "ai_unicorns"),
        "bad": _set(2, "kind", "hope"),
        "duplicate": _repeat(3),
        "missing": _drop("basis"),
    },
    "exclusions.csv": {
        "unknown": _add(**{**EXCLUDED, "source_id": "no-such-source", "reason": "x"}),
        "bad": _add(**{**EXCLUDED, "quote": "nothing like it", "reason": "x"}),
        "duplicate": lambda rows, fields: _add(**EXCLUDED, reason="x")(
            *_add(**EXCLUDED, reason="x")(rows, fields)
        ),
        "missing": _drop("reason"),
    },
}

# What the library reads, in the order a user meets it; the first that refuses the data speaks.
LIBRARY = [
    ni.targets,
    ni.commitments,
    lambda: ni.targets(include_pending=True),
    curation.tasks,
    curation.exclusions,
    curation.audit_rules,
    curation.suggest_rules,
    section_rules.section_rules,
    vocabulary,
]


def _edit(path: Path, edit: Edit) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames or [])
    rows, fields = edit(rows, fields)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _library_error() -> str:
    for read in LIBRARY:
        try:
            read()
        except DataFileError as exc:
            return str(exc)
    raise AssertionError("the library accepted the broken file")


@pytest.mark.parametrize(
    "file, way",
    [(file, way) for file, ways in CASES.items() for way in ways],
    ids=[f"{Path(file).name}-{way}" for file, ways in CASES.items() for way in ways],
)
def test_audit_lists_what_the_library_refuses(synthetic_project: Path, file: str, way: str):
    _edit((synthetic_project / "data" / file).resolve(), CASES[file][way])
    raised = _library_error()
    assert Path(file).name in raised, raised
    report = audit.run()
    assert not report.ok and "FAILED" in report.render()
    for line in raised.splitlines():
        assert line in report.problems, f"{line!r} not in {report.problems}"


def test_all_problems_are_listed_not_only_the_first(synthetic_project: Path):
    data = synthetic_project / "data"
    _edit(data / "crosswalk.csv", _set(0, "section_ref", "ch99"))
    _edit(data / "crosswalk.csv", _set(1, "domain", "space"))
    _edit(data / "tasks.csv", _set(1, "section_ref", "ch98"))
    _edit(data / "annotations.csv", _set(0, "metric_id", "ai_unicorns"))
    _edit(data / "annotations.csv", _set(2, "domain", "space"))
    findings = audit.run().findings()
    located = set(zip(findings["file"].map(lambda f: Path(f).name), findings["line"], strict=True))
    assert {
        ("crosswalk.csv", 2),
        ("crosswalk.csv", 3),
        ("tasks.csv", 3),
        ("annotations.csv", 2),
        ("annotations.csv", 4),
    } <= located, findings
    assert set(findings["kind"]) == {"data"}
    assert findings.set_index("line").loc[2, "field"].tolist().count("section_ref") == 1


def test_a_span_both_annotated_and_excluded_is_listed(synthetic_project: Path):
    # Was: the audit passed; the figure counted in the ledger while excluded from it.
    _edit(synthetic_project / "data" / "exclusions.csv", _add(**EXCLUDED, reason="a speed"))
    report = audit.run()
    assert not report.ok
    assert report.conflicts[["file", "line", "annotation_line"]].values.tolist() == [
        ["data/exclusions.csv", 2, 3]
    ]
    assert "both annotated and excluded" in report.render()
    findings = report.findings()
    assert findings["kind"].tolist() == ["annotated_and_excluded"]


# ------------------------------------------------------------------ the command


@pytest.mark.parametrize("file", ["crosswalk.csv", "tasks.csv"])
def test_a_section_that_does_not_exist_fails_the_audit_as_targets(project_copy: Path, file: str):
    # The 2011-2013 plan's first row cites ch99, which its document does not have.
    _edit(project_copy / "data" / file, _set(0, "section_ref", "ch99"))
    targets = _cli(project_copy, "targets")
    assert targets.returncode == 2 and "Traceback" not in targets.stderr
    (line,) = targets.stderr.strip().splitlines()
    line = line.removeprefix("newinfra targets: ")
    assert f"{file}: line 2, field 'section_ref': 'ch99'" in line
    assert "smartcity-2011-2013-en" in line
    result = _cli(project_copy, "audit")
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert line in [listed.strip() for listed in result.stdout.splitlines()], result.stdout
    assert "OK" not in result.stdout


def test_a_broken_report_grid_fails_the_audit(project_copy: Path):
    grid = project_copy / "data" / "report_grid.yaml"
    grid.write_text(grid.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    result = _cli(project_copy, "audit")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "report_grid.yaml: top level: unknown key(s) ['colour']" in result.stdout


def test_a_report_grid_of_nested_aliases_is_refused_at_once(project_copy: Path):
    # Was: 567 bytes of nested aliases ran 219 s into MemoryError.
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [
        f"{b}: &{b} [{','.join([f'*{a}'] * 9)}]"
        for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    (project_copy / "data" / "report_grid.yaml").write_text("\n".join(lines) + "\n")
    result = _cli(project_copy, "audit")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "report_grid.yaml: line 1, column 4: not valid YAML (anchors and aliases" in result.stdout
    )


def test_the_shipped_project_passes_and_the_findings_frame_is_empty():
    result = _cli(REPO, "audit")
    assert result.returncode == 0, result.stdout[-3000:]
    assert result.stdout.rstrip().endswith("OK: every figure is accounted for.")
    findings = ni.audit()
    assert findings.empty and list(findings.columns) == audit.FINDING_COLUMNS
