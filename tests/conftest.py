"""Shared fixtures: the repository root and throwaway projects.

The suite has three folders:

- ``tests/unit``: library behaviour on small made-up inputs (tiny tables, a
  synthetic project); fast, run by ``make test-fast``.
- ``tests/integration``: the CLI, report runs, notebooks, the browser and the
  workbook, on the shipped project or a copy of it.
- ``tests/corpus``: facts of the shipped seeds and curated data. Adding a plan
  or editing ``data/`` moves these numbers, and these tests say which.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import settings
from made_up_project import as_of, made_up, made_up_root  # noqa: F401 - fixtures of tests/unit

import newinfra as ni
from newinfra.curate import synthetic

REPO = Path(__file__).resolve().parent.parent

# No timed assertions: an example that runs slowly on a busy machine is not a failure.
settings.register_profile("newinfra", deadline=None, print_blob=True)
settings.load_profile("newinfra")

# Results cached on disk go to a folder of the test session, not the user's home
# (subprocesses started by tests inherit it).
os.environ["NEWINFRA_CACHE"] = tempfile.mkdtemp(prefix="newinfra-test-cache-")


def run_cli(
    root: Path | None, *args: str, cache: Path | None = None
) -> subprocess.CompletedProcess:
    """``newinfra ARGS`` in a child process on the project at ``root`` (and cache folder)."""
    env = dict(os.environ)
    if root is not None:
        env["NEWINFRA_ROOT"] = str(root)
    if cache is not None:
        env["NEWINFRA_CACHE"] = str(cache)
    return subprocess.run(
        [sys.executable, "-m", "newinfra.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture
def project_copy(tmp_path: Path):
    """A full copy of seeds/, data/ and notebooks/ in a temporary root, in force for the test.

    The notebooks come too because the report grid in data/ names them, and the
    audit checks the grid.
    """
    root = tmp_path / "project"
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(REPO / folder, root / folder)
    with ni.using_root(root):
        yield root


@pytest.fixture
def synthetic_project(tmp_path: Path):
    """A project of two synthetic plans (newinfra.curate.synthetic), in force for the test.

    Plan ``synthetic-0000`` (2024-2026, published 2024-01-15) has annotation
    lines 2-6 and task and crosswalk lines 2-3; ``synthetic-0001`` follows.
    """
    root = synthetic.write_project(tmp_path / "project", plans=2, template=REPO)
    with ni.using_root(root):
        yield root


def add_news_seed(root: Path, source_id: str, text: str, language: str) -> None:
    """Write ``text`` as a news seed of plan newinfra-2023-2026 in the project at ``root``."""
    seed = root / "seeds" / f"{source_id}.txt"
    seed.write_text(text, encoding="utf-8")
    with (root / "seeds" / "manifest.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            [source_id, seed.name, hashlib.sha256(seed.read_bytes()).hexdigest(), "",
             "newinfra-2023-2026", f"Test text {source_id}", language, "news", "false",
             "2024-01-01", "Nobody", "", "", ""]
        )  # fmt: skip


def figures_and_sections(text: str, language: str) -> tuple:
    """What add-plan hands the suggester for ``text``: its figures placed in their
    sentences and sections, and its section table (default rules of the language)."""
    from newinfra.inputs.section_rules import rules_for
    from newinfra.text import section_lookup, sentences
    from newinfra.text import sections as engine
    from newinfra.text.quantities import extract_quantities

    code = sentences.language_code(language)
    found = extract_quantities(text)
    spans = sentences.sentence_spans_for(sentences.sentences(text, code), found["start"])
    table = engine.sections("made-up", text, rules_for("made-up", code), language=code)
    places = section_lookup.locate(table, found["start"])
    found = found.assign(
        sentence_start=spans["sentence_start"].to_numpy(),
        sentence_end=spans["sentence_end"].to_numpy(),
        section_refs=places["section_ref"].fillna("").to_numpy(),
    )
    return found, table
