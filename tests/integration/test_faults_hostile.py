"""Faults a second hostile pass found, each reproduced on the command line so it stays fixed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import run_cli as cli

from newinfra.core.exits import Exit

try:
    from test_report import make_project
except ImportError:  # tests collected as a package
    from tests.integration.test_report import make_project

# Longer than any file name a POSIX filesystem takes (NAME_MAX is 255 bytes).
TOO_LONG = "a" * 300


def one_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr[-2000:]
    return lines[0]


@pytest.mark.parametrize("command", ["extract", "add-plan"])
def test_an_input_file_name_too_long_is_bad_input(synthetic_project: Path, command: str):
    # Was: exit 74 ("writing failed, a full disk") with the errno text.
    extra = [] if command == "extract" else ["--plan-id", "p", "--jurisdiction", "x"]
    extra += ["--period", "2024-2026", "--language", "en", "--published", "2024-01-01"]
    extra += ["--title-en", "T"] if command == "add-plan" else []
    args = [command, TOO_LONG, *(extra if command == "add-plan" else [])]
    result = cli(synthetic_project, *args)
    assert result.returncode == Exit.USAGE, result.stderr[-2000:]
    assert "cannot be read" in one_line(result)


def test_excel_to_a_file_name_too_long_cannot_be_created(synthetic_project: Path, tmp_path: Path):
    # Was: exit 74 (a failed write) instead of 73 (the output cannot be created there).
    result = cli(synthetic_project, "excel", str(tmp_path / f"{TOO_LONG}.xlsx"))
    assert result.returncode == Exit.CANTCREAT, result.stderr[-2000:]
    assert "cannot write" in one_line(result)


@pytest.mark.parametrize(
    "broken",
    [b"\x00\xff\xfe garbage", b"family,label_en,label_zh,definition,extra\nx,a,b,c,d\n"],
    ids=["binary", "undeclared-column"],
)
def test_the_audit_checks_families_csv(project_copy: Path, tmp_path: Path, broken: bytes):
    # Was: the audit never read data/families.csv; any breakage passed with exit 0.
    (project_copy / "data" / "families.csv").write_bytes(broken)
    result = cli(project_copy, "audit", cache=tmp_path / "cache")
    assert result.returncode == Exit.FAILED, result.stdout[-2000:] + result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert "families.csv" in result.stdout


def _grid_with(tmp_path: Path, mutate) -> tuple[Path, Path]:
    import yaml

    root = make_project(tmp_path)
    path = root / "data" / "report_grid.yaml"
    grid = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(grid)
    path.write_text(yaml.safe_dump(grid, sort_keys=False), encoding="utf-8")
    return root, path


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        # Was: accepted; the run then failed writing NAME.html (exit 1, not 2).
        (lambda g: g["runs"][0].update(name="a" * 300), r"name: expected .* at most 100"),
        # Was: accepted; on macOS or Windows Chart.html overwrites chart.html.
        (
            lambda g: g["runs"][2].update(name="Chart"),
            r"runs\[3\] \(Chart\): name: duplicate name 'Chart' \(as 'chart'",
        ),
    ],
    ids=["name-too-long", "names-differing-in-case"],
)
def test_grid_refuses_names_that_cannot_name_files(tmp_path: Path, mutate, expected: str):
    from newinfra import report
    from newinfra.core.errors import DataFileError

    root, path = _grid_with(tmp_path, mutate)
    with pytest.raises(DataFileError, match=expected) as info:
        report.load_grid(root=root)
    message = str(info.value)
    assert "\n" not in message and len(message) < 400


def test_a_grid_path_too_long_is_bad_input(synthetic_project: Path, tmp_path: Path):
    # Was: exit 74 (a failed write) with the errno text.
    out = tmp_path / "out"
    result = cli(synthetic_project, "report", "--config", TOO_LONG, "--out", str(out))
    assert result.returncode == Exit.USAGE, result.stderr[-2000:]
    assert "cannot be read" in one_line(result)


def test_a_cache_folder_that_cannot_exist_only_turns_the_disk_cache_off(
    synthetic_project: Path, tmp_path: Path
):
    # Was: NEWINFRA_CACHE with a name too long made every command exit 74.
    expected = cli(synthetic_project, "targets", cache=tmp_path / "cache")
    assert expected.returncode == 0, expected.stderr[-2000:]
    result = cli(synthetic_project, "targets", cache=tmp_path / TOO_LONG)
    assert result.returncode == 0 and result.stderr == "", result.stderr[-2000:]
    assert result.stdout == expected.stdout
