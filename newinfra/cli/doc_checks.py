"""Checks that the package's own documentation matches its code (``newinfra docs --check``).

- ``__all__``: every name it lists exists, and every public function or class a
  module defines is listed (a module without ``__all__`` is not checked).
- The README: every ``newinfra/...`` path it names exists in the tree.
"""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from types import ModuleType

__all__ = ["all_problems", "readme_problems"]

# `newinfra/cli.py`, `newinfra/report/run.py`, `newinfra/present/` as the README writes them.
_PACKAGE_PATH = re.compile(r"`(newinfra/[A-Za-z0-9_/]*(?:\.py|/))`")


def all_problems(modules: list[ModuleType]) -> list[str]:
    """One line per name ``__all__`` lists but the module lacks, or defines but leaves out."""
    problems = []
    for module in modules:
        listed = getattr(module, "__all__", None)
        if listed is None:
            continue
        missing = sorted(name for name in listed if not hasattr(module, name))
        if missing:
            problems.append(f"{module.__name__}.__all__ lists {', '.join(missing)}, not defined")
        unlisted = sorted(
            name
            for name, value in vars(module).items()
            if not name.startswith("_")
            and (inspect.isfunction(value) or inspect.isclass(value))
            and value.__module__ == module.__name__
            and name not in listed
        )
        if unlisted:
            problems.append(
                f"{module.__name__}.__all__ leaves out {', '.join(unlisted)}, defined there"
            )
    return problems


def readme_problems(readme: Path, tree: Path) -> list[str]:
    """One line per ``newinfra/...`` path the README names that is not in ``tree``."""
    text = readme.read_text(encoding="utf-8")
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        for name in _PACKAGE_PATH.findall(line):
            if not (tree / name).exists():
                problems.append(f"{readme.name}: line {number}: `{name}` is not in the package")
    return problems
