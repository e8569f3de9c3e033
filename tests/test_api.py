"""The public names of `import newinfra as ni` stay functions, and import stays light."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import newinfra as ni

PUBLIC = ["sources", "plans", "extract_quantities", "mentions", "targets", "compare", "scorecard",
          "domain_profile", "lineage", "concordance", "dataset_version", "source_text"]  # fmt: skip


def test_public_functions_survive_importing_every_submodule():
    for module in pkgutil.iter_modules(ni.__path__):
        importlib.import_module(f"newinfra.{module.name}")
    for name in PUBLIC:
        assert callable(getattr(ni, name)), name
        assert not isinstance(getattr(ni, name), type(ni)), f"ni.{name} is a module"


def test_import_does_not_load_the_heavy_libraries():
    code = "import sys, newinfra; print(sorted(m for m in ('pandas', 'pandera', 'pint', 'matplotlib') if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
