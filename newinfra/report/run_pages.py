"""What a report run writes beside its reports: source pages, methodology, landing content, data package.

Each writer is best effort on bad data: a project whose ledger cannot be built
still gets its reports, and ``say`` tells the user what was left out and why.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newinfra.core.errors import NewinfraError
from newinfra.core.exits import OutputError
from newinfra.report.publish import landing_content

__all__ = ["data_release", "evidence_pages"]


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


def data_release(
    root: Path, out: Path, run_dir: Path, as_of: str, say: Callable[[str], None]
) -> dict | None:
    """The run's data package (``data/``) and what changed since the last published run."""
    from newinfra.core import project
    from newinfra.present.diff_output import run_release

    latest = out / "latest"
    with project.using_root(root):
        try:
            return run_release(run_dir, latest.resolve() if latest.exists() else None, as_of)
        except OutputError:
            raise
        except NewinfraError as exc:
            say(f"data package left out: {exc}")
            return None
