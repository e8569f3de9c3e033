"""The runner's job and result shapes: jobs reach a worker process whole; a failure stays the first."""

from __future__ import annotations

import pickle

from newinfra.report.job_types import JobResult, NotebookJob, WorkbookJob

JOB = NotebookJob(
    name="01_made_up",
    notebook="notebooks/01_made_up.ipynb",
    parameters={"as_of": "2026-11-30", "jurisdiction": "harbour"},
    run_dir="/tmp/run",
    root="/tmp/project",
    jupyter_path="/tmp/jupyter",
    cell_timeout=600,
    header={"title": "Made up"},
)


def test_jobs_travel_to_a_worker_process_unchanged():
    workbook = WorkbookJob(run_dir="/tmp/run", root="/tmp/project", as_of="2026-11-30")
    for job in (JOB, workbook):
        assert pickle.loads(pickle.dumps(job)) == job
    assert workbook.name == "newinfra_summary"


def test_the_first_failure_is_the_one_reported():
    result = JobResult("01_made_up")
    result.failed("ValueError: the cell failed")
    result.failed("converting to HTML: OSError: no space", io_error=True)
    assert (result.status, result.error, result.io_error) == (
        "failed",
        "ValueError: the cell failed",
        True,
    )


def test_a_record_holds_every_field_the_manifest_reads():
    record = JobResult("01_made_up", html="01_made_up.html", reused_from="20261130-000000").record()
    for field in ("name", "status", "error", "duration_s", "html", "ipynb", "figures", "xlsx"):
        assert field in record
    assert record["reused"] is True and record["figures"] == []
