"""What a report run writes beside its reports: source pages, methodology, landing content, data package.

Each writer is best effort on bad data: a project whose ledger cannot be built
still gets its reports, and ``say`` tells the user what was left out and why.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newinfra.core.errors import NewinfraError
from newinfra.core.exits import OutputError

__all__ = ["data_release", "evidence_pages", "landing_content", "run_release"]


def evidence_pages(
    root: Path, run_dir: Path, as_of: str, say: Callable[[str], None]
) -> dict | None:
    """The source pages every figure links to, and the landing page's content."""
    from newinfra.core import project
    from newinfra.present.methodology import write_methodology
    from newinfra.present.source_pages import write_source_pages

    with project.using_root(root):
        # A project whose ledger cannot be built still gets its reports (each says why).
        try:
            write_source_pages(run_dir)
            write_methodology(run_dir, as_of)
            return landing_content(as_of)
        except NewinfraError as exc:
            say(f"source pages and landing page left out: {exc}")
            return None


def landing_content(as_of: str | None) -> dict[str, Any]:
    """What the landing page shows, computed from the data: findings and the compare matrix."""
    from newinfra.analysis.findings import headline_findings
    from newinfra.analysis.matrix import compare_matrix
    from newinfra.inputs import corpus, curation

    places = corpus.jurisdictions()
    domains = curation.domains().set_index("domain")["label_en"].to_dict()
    matrix = compare_matrix(as_of=as_of)
    findings = headline_findings(as_of=as_of, matrix=matrix)
    matrix["domain"] = matrix["domain"].map(domains).fillna(matrix["domain"])
    sources = corpus.sources()
    return {
        "source_titles": dict(zip(sources["source_id"], sources["title"], strict=True)),
        "findings": findings,
        "matrix": matrix,
        "plans": corpus.plans(),
        "names": dict(zip(places["jurisdiction_id"], places["name_en"], strict=True)),
    }


def data_release(
    root: Path, out: Path, run_dir: Path, as_of: str, say: Callable[[str], None]
) -> dict | None:
    """The run's data package (``data/``) and what changed since the last published run."""
    from newinfra.core import project

    latest = out / "latest"
    with project.using_root(root):
        try:
            return run_release(run_dir, latest.resolve() if latest.exists() else None, as_of)
        except OutputError:
            raise
        except NewinfraError as exc:
            say(f"data package left out: {exc}")
            return None


def _run_id(run: Path) -> str:
    try:
        return str(json.loads((run / "manifest.json").read_text(encoding="utf-8"))["run_id"])
    except (OSError, ValueError, KeyError, TypeError):
        return run.name


def run_release(run_dir: Path, previous_run: Path | None, as_of: str) -> dict[str, Any]:
    """Write ``run_dir/data`` and compare it with the previous published run's: for the pages.

    Returns the data package's path (relative to the run), version, citation and
    ``since``: the previous run's id, a one-line summary and up to PAGE_LINES
    changes (None when there is no earlier run with a data package).
    """
    from newinfra.present.diff_output import PAGE_LINES, change_lines, summary
    from newinfra.present.diffs import diff_releases, find_release
    from newinfra.present.release import write_release
    from newinfra.present.release_schema import DESCRIPTOR

    folder = write_release(run_dir / "data", as_of=as_of)
    new = find_release(folder)
    since = None
    previous_data = previous_run / "data" if previous_run is not None else None
    if previous_data is not None and (previous_data / DESCRIPTOR).is_file():
        diff = diff_releases(find_release(previous_data), new)
        since = {
            "run_id": _run_id(previous_run),
            "dataset_version": diff.old.descriptor.get("version"),
            "summary": summary(diff),
            "lines": change_lines(diff, PAGE_LINES),
        }
    return {
        "datapackage": f"data/{DESCRIPTOR}",
        "version": new.descriptor.get("version"),
        "citation": new.descriptor.get("citation"),
        "since": since,
    }
