"""The public names of `import newinfra as ni` stay functions, and import stays light."""

from __future__ import annotations

import importlib
import os
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


def test_cached_results_equal_a_fresh_build(synthetic_project, tmp_path):
    code = (
        "import newinfra as ni, pandas as pd; "
        "t = ni.targets(); c = ni.compare(horizons=[2026, 2027]); "
        "pd.to_pickle((t, c), {!r})"
    )
    env = {
        **os.environ,
        "NEWINFRA_CACHE": str(tmp_path / "cache"),
        "NEWINFRA_ROOT": str(synthetic_project),
    }
    for name in ("first.pkl", "second.pkl"):  # the second run reads the pickles the first wrote
        subprocess.run(
            [sys.executable, "-c", code.format(str(tmp_path / name))], check=True, env=env
        )
    assert any((tmp_path / "cache").glob("*.pkl"))
    import pandas as pd

    first, second = pd.read_pickle(tmp_path / "first.pkl"), pd.read_pickle(tmp_path / "second.pkl")
    assert len(first[0]) == 10 and len(first[1]) == 10
    pd.testing.assert_frame_equal(first[0], second[0])
    pd.testing.assert_frame_equal(first[1], second[1])


def test_cache_can_be_switched_off(synthetic_project, tmp_path):
    env = {
        **os.environ,
        "NEWINFRA_CACHE": "off",
        "XDG_CACHE_HOME": str(tmp_path / "home-cache"),
        "NEWINFRA_ROOT": str(synthetic_project),
    }
    subprocess.run(
        [sys.executable, "-c", "import newinfra as ni; ni.targets()"], check=True, env=env
    )
    assert not list((tmp_path / "home-cache").rglob("*.pkl"))
