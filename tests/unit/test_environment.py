"""environment.yml mirrors pyproject.toml: same packages, same version floors."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO


def _normalise(requirement: str) -> tuple[str, str]:
    match = re.match(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*)$", requirement)
    assert match, requirement
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    return name, match.group(2).replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"]) + list(project["optional-dependencies"]["test"])
    return dict(_normalise(r) for r in requirements)


def _environment() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    conda, pip = {}, []
    for entry in env["dependencies"]:
        if isinstance(entry, dict):
            pip += entry.get("pip", [])
            continue
        name, spec = _normalise(
            entry.replace("=", "==", 1) if re.match(r"^[\w-]+=[^=]", entry) else entry
        )
        if name not in {"python", "pip"}:
            conda[name] = spec
    return conda, pip


def test_environment_lists_the_same_packages_as_pyproject():
    conda, _ = _environment()
    declared = _pyproject()
    assert sorted(conda) == sorted(declared), (
        f"only in pyproject.toml: {sorted(set(declared) - set(conda))}; "
        f"only in environment.yml: {sorted(set(conda) - set(declared))}"
    )


def test_environment_uses_the_same_version_floors():
    conda, _ = _environment()
    declared = _pyproject()
    differing = {n: (declared[n], conda[n]) for n in declared if conda.get(n) != declared[n]}
    assert not differing, f"version specs differ (pyproject, environment.yml): {differing}"


def test_environment_pins_python_and_installs_the_project():
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    assert "python=3.11" in env["dependencies"]
    _, pip = _environment()
    assert "-e ." in pip
    requires = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["requires-python"]
    assert requires == ">=3.11"
