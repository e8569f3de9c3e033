"""Shared fixtures: the repository root and throwaway copies of the project."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import newinfra as ni

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def project_copy(tmp_path: Path):
    """A full copy of seeds/ and data/ in a temporary root, in force for the test."""
    root = tmp_path / "project"
    for folder in ("seeds", "data"):
        shutil.copytree(REPO / folder, root / folder)
    with ni.using_root(root):
        yield root
