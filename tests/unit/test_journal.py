"""The journal that commits several project files as one step, and the project lock."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import given
from hypothesis import strategies as st

import newinfra as ni
from newinfra.cli import main
from newinfra.core import journal, project
from newinfra.core.errors import DataFileError, NewinfraError
from newinfra.core.urls import is_web_url


def _project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "seeds" / "manifest.csv").write_text("source_id\n", "utf-8")
    (root / "data" / "plans.csv").write_text("plan_id\nold\n", "utf-8")
    return root


def _journal(root: Path, files: dict[str, bytes], marker: bool) -> Path:
    """A journal as a command stopped before (no marker) or after deciding leaves it."""
    folder = root / journal.JOURNAL_NAME
    (folder / "files").mkdir(parents=True)
    entries = []
    for number, (name, data) in enumerate(files.items()):
        (folder / "files" / str(number)).write_bytes(data)
        entries.append({"file": name, "stored": f"files/{number}", "sha256": journal._digest(data)})
    if marker:
        record = {"what": "add-plan x", "files": entries}
        (folder / journal.MARKER).write_text(json.dumps(record), "utf-8")
    return folder


def test_the_root_looks_for_the_journal_where_commits_write_it():
    assert project.JOURNAL_NAME == journal.JOURNAL_NAME


def test_commit_replaces_every_file_and_leaves_no_journal(tmp_path: Path):
    root = _project(tmp_path)
    files = {"data/plans.csv": b"plan_id\nold\nnew\n", "seeds/new.txt": b"text"}
    with journal.project_lock(root):
        journal.commit(root, files, "test")
    assert {n: (root / n).read_bytes() for n in files} == files
    assert not (root / journal.JOURNAL_NAME).exists()


def test_a_journal_without_its_marker_is_dropped_by_the_next_reader(tmp_path: Path):
    root = _project(tmp_path)
    folder = _journal(root, {"data/plans.csv": b"plan_id\nnew\n"}, marker=False)
    with ni.using_root(root):
        project.root()
    assert not folder.exists()
    assert (root / "data" / "plans.csv").read_text("utf-8") == "plan_id\nold\n"


def test_a_journal_with_its_marker_is_finished_by_the_next_reader(tmp_path: Path):
    root = _project(tmp_path)
    files = {"data/plans.csv": b"plan_id\nnew\n", "seeds/new.txt": b"text"}
    folder = _journal(root, files, marker=True)
    (root / "data" / ".plans.csv.abc123.tmp").write_bytes(b"plan_id\nne")  # a stopped write
    with ni.using_root(root):
        project.data_dir()
    assert not folder.exists()
    assert {n: (root / n).read_bytes() for n in files} == files
    assert sorted(p.name for p in (root / "data").iterdir()) == ["plans.csv"]


def test_a_damaged_journal_is_named_and_left_alone(tmp_path: Path):
    root = _project(tmp_path)
    folder = _journal(root, {"data/plans.csv": b"plan_id\nnew\n"}, marker=True)
    (folder / "files" / "0").write_bytes(b"plan_id\nne")
    with pytest.raises(DataFileError, match="record of an interrupted write is damaged"):
        journal.recover(root)
    assert folder.exists() and (root / "data" / "plans.csv").read_text("utf-8") == "plan_id\nold\n"


@pytest.mark.parametrize("name", ["../outside.txt", "/etc/passwd", "notebooks/x.ipynb"])
def test_a_journal_writes_only_into_seeds_and_data(tmp_path: Path, name):
    root = _project(tmp_path)
    with pytest.raises(NewinfraError, match="writes only inside seeds, data"):
        journal.commit(root, {name: b"x"}, "test")
    folder = _journal(root, {name: b"x"}, marker=True)
    with pytest.raises(DataFileError, match="damaged"):
        journal.recover(root)
    assert folder.exists()


def test_a_second_writer_is_refused_with_status_75(
    synthetic_project: Path, tmp_path, capsys, monkeypatch
):
    text = tmp_path / "plan.txt"
    text.write_text("Plan\n\nBy 2025 the district will build 400 new 5G base stations.\n", "utf-8")
    options = [
        "--plan-id", "westbay-2024-2026", "--jurisdiction", "shanghai", "--period", "2024-2026",
        "--language", "en", "--published", "2024-01-01", "--title-en", "Westbay",
    ]  # fmt: skip
    monkeypatch.setattr(journal, "LOCK_WAIT_SECONDS", 0.2)
    with FileLock(str(synthetic_project / journal.LOCK_NAME)):  # another command's lock
        assert main(["add-plan", str(text), *options]) == 75
        assert main(["accept", "synthetic-0000"]) == 75
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and all("another add-plan or accept is writing to" in e for e in err)
    assert not (synthetic_project / "seeds" / "westbay-2024-2026-en.txt").exists()
    assert main(["add-plan", str(text), *options]) == 0


@pytest.mark.parametrize(
    "url",
    ["https://example.org/plan", "http://www.sh.gov.cn/a?b=1#c", "HTTPS://EXAMPLE.ORG"],
)
def test_web_addresses_are_links(url):
    assert is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.domain)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "//example.org/x",
        "https://",
        "https:///path",
        "https://exa mple.org",
        "https://example.org\n",
        "",
    ],
)
def test_other_addresses_are_not_links(url):
    assert not is_web_url(url)


@given(st.text())
def test_only_http_and_https_addresses_are_links(text):
    if is_web_url(text):
        assert text.lower().startswith(("http://", "https://"))
