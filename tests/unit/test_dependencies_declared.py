"""Every package the code imports is declared in pyproject.toml.

A package that arrives only as another's dependency can disappear with that
package's next release; the library's imports need ``dependencies``, the tests'
imports ``dependencies`` or the ``test`` extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from conftest import REPO

LOCAL = {"newinfra", "conftest", "made_up_project", "tests", "sectioncheck", "test_report"}


def _declared(*groups: str) -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    lines = list(project["dependencies"]) if "main" in groups else []
    for group in groups:
        lines += project.get("optional-dependencies", {}).get(group, [])
    return {_canonical(re.match(r"[A-Za-z0-9_.\-]+", line).group()) for line in lines}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported(folder: Path) -> dict[str, str]:
    """Top-level modules imported below ``folder`` (not the standard library), with one file."""
    found: dict[str, str] = {}
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                if top not in sys.stdlib_module_names and top not in LOCAL:
                    found.setdefault(top, path.relative_to(REPO).as_posix())
    return found


def _undeclared(folder: Path, declared: set[str]) -> list[str]:
    distributions = metadata.packages_distributions()
    missing = []
    for module, where in _imported(folder).items():
        names = {_canonical(d) for d in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} (imported in {where}; distribution {sorted(names)})")
    return missing


def test_the_library_declares_what_it_imports():
    assert _undeclared(REPO / "newinfra", _declared("main")) == []


def test_the_tests_declare_what_they_import():
    assert _undeclared(REPO / "tests", _declared("main", "test")) == []
    assert _undeclared(REPO / "benchmarks", _declared("main", "test")) == []
