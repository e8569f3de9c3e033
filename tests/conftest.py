"""Shared fixtures: the repository root and throwaway copies of the project."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

import newinfra as ni

REPO = Path(__file__).resolve().parent.parent

# Results cached on disk go to a folder of the test session, not the user's home
# (subprocesses started by tests inherit it).
os.environ["NEWINFRA_CACHE"] = tempfile.mkdtemp(prefix="newinfra-test-cache-")


@pytest.fixture
def project_copy(tmp_path: Path):
    """A full copy of seeds/ and data/ in a temporary root, in force for the test."""
    root = tmp_path / "project"
    for folder in ("seeds", "data"):
        shutil.copytree(REPO / folder, root / folder)
    with ni.using_root(root):
        yield root
