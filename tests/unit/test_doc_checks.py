"""`newinfra docs --check` holds the code's own documentation to the code."""

from __future__ import annotations

import types
from pathlib import Path

from conftest import run_cli

from newinfra.cli import doc_checks
from newinfra.cli.runs import package_modules
from newinfra.present.workbook import SUMMARY_SHEETS

REPO = Path(__file__).resolve().parents[2]


def _module(listed: list[str]) -> types.ModuleType:
    module = types.ModuleType("toy")
    exec(
        "def kept(): pass\ndef added(): pass\nclass Shape: pass\ndef _private(): pass", vars(module)
    )
    module.__all__ = listed
    return module


def test_all_must_list_every_public_definition_and_nothing_else():
    assert doc_checks.all_problems([_module(["Shape", "added", "kept"])]) == []
    assert doc_checks.all_problems([_module(["Shape", "kept", "gone"])]) == [
        "toy.__all__ lists gone, not defined",
        "toy.__all__ leaves out added, defined there",
    ]


def test_readme_paths_must_exist(tmp_path: Path):
    (tmp_path / "newinfra" / "report").mkdir(parents=True)
    (tmp_path / "newinfra" / "report" / "run.py").write_text("")
    readme = tmp_path / "README.md"
    readme.write_text("See `newinfra/report/run.py`,\n`newinfra/cli.py` and `newinfra/report/`.\n")
    assert doc_checks.readme_problems(readme, tmp_path) == [
        "README.md: line 2: `newinfra/cli.py` is not in the package"
    ]


def test_the_package_and_readme_pass():
    assert doc_checks.all_problems(package_modules()) == []
    assert doc_checks.readme_problems(REPO / "README.md", REPO) == []


def test_excel_help_names_every_sheet():
    out = run_cli(None, "excel", "--help").stdout
    missing = [sheet for sheet in SUMMARY_SHEETS if sheet not in " ".join(out.split())]
    assert not missing, missing
