"""Cached tables are keyed by the library's code: an edit in any subpackage rebuilds them.

The package is copied to a temporary folder and imported from there in fresh
interpreters, so the test can edit its code without touching the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO

# Builds one cached table (the manifest and plans) and says where the code came from.
SCRIPT = """
import json, newinfra as ni
from newinfra.core import cache
ni.plans()
print(json.dumps({"file": ni.__file__, "code": cache._code_fingerprint()}))
"""


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        REPO / "newinfra",
        tmp_path / "lib" / "newinfra",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return tmp_path / "lib"


def _run(lib: Path, cache: Path) -> dict:
    env = {
        **os.environ,
        "PYTHONPATH": str(lib),
        "NEWINFRA_ROOT": str(REPO),  # same data every run: only the code may change the key
        "NEWINFRA_CACHE": str(cache),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=lib,  # `python -c` puts the working folder first on the path: not the checkout
    )
    return json.loads(out.stdout)


def _pickles(cache: Path) -> dict[str, int]:
    return {path.name: path.stat().st_mtime_ns for path in cache.glob("*.pkl")}


def test_an_edit_in_a_subpackage_rebuilds_the_cache(package_copy: Path, tmp_path: Path):
    cache = tmp_path / "cache"
    first = _run(package_copy, cache)
    assert Path(first["file"]).is_relative_to(package_copy), "the copy was not the one imported"
    built = _pickles(cache)
    assert built, "nothing was cached"

    assert _run(package_copy, cache)["code"] == first["code"]
    assert _pickles(cache) == built, "unchanged code did not reuse the cache"

    module = package_copy / "newinfra" / "ledger" / "build.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    edited = _run(package_copy, cache)
    assert edited["code"] != first["code"], f"editing {module.name} left the code fingerprint"
    added = set(_pickles(cache)) - set(built)
    assert any(name.startswith("_tables-") for name in added), (
        f"no new cache entry after editing {module.name}: {sorted(added)}"
    )
