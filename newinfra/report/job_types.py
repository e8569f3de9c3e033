"""The shapes the runner's modules pass each other: a job to run and what it gave.

A :class:`NotebookJob` or :class:`WorkbookJob` goes to a worker process (plain
fields, so it pickles); a :class:`JobResult` comes back. A job reused from an
earlier run gets a result too, made from that run's manifest entry
(``report.run_plan``). The run's manifest writes each result with
:meth:`JobResult.record` (``report.publish.build_manifest`` picks its fields).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from newinfra.report.grid import WORKBOOK_JOB

__all__ = ["Job", "JobResult", "NotebookJob", "WorkbookJob"]


@dataclass(frozen=True)
class NotebookJob:
    """One report: its notebook executed with papermill, then its page and figures written."""

    name: str
    notebook: str
    parameters: dict[str, Any]
    run_dir: str
    root: str
    jupyter_path: str
    cell_timeout: int | None
    #: What the page's header shows: dataset version, dates, sources, title, parameters.
    header: dict[str, Any]


@dataclass(frozen=True)
class WorkbookJob:
    """The Excel summary of the run, as of the run's date."""

    run_dir: str
    root: str
    as_of: str | None
    name: str = WORKBOOK_JOB


Job = NotebookJob | WorkbookJob


@dataclass
class JobResult:
    """What one job gave: its status, its one-line error and the files it wrote in the run folder.

    ``reused_from`` names the earlier run whose files were copied instead of
    executing the job; ``carried_from`` the same when ``--only`` left the job out;
    ``executed_in`` the run that made the files; ``key`` and ``checksums`` let the
    next run tell whether the job can be reused again.
    """

    name: str
    status: str = "ok"  # "ok" or "failed"
    error: str | None = None
    duration_s: float = 0.0
    html: str | None = None
    ipynb: str | None = None
    figures: list[str] = field(default_factory=list)
    xlsx: str | None = None
    #: The job failed because its files could not be written (a full disk): the run exits 74.
    io_error: bool = False
    reused_from: str | None = None
    carried_from: str | None = None
    executed_in: str | None = None
    key: str | None = None
    checksums: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def reused(self) -> bool:
        return bool(self.reused_from)

    def failed(self, error: str, io_error: bool = False) -> None:
        """Mark the result failed with a one-line error, unless it already failed."""
        if self.ok:
            self.status, self.error = "failed", error
        self.io_error = self.io_error or io_error

    def record(self) -> dict[str, Any]:
        """The result as a plain dict, for the run's state and manifest."""
        return {**asdict(self), "reused": self.reused}
