"""The ``newinfra report`` command: every notebook of the report grid, executed and published.

>>> from newinfra.report import run_reports
>>> run_reports(out="reports")   # 0 ok, 1 a report failed, 75 another run holds the lock

The grid is data (``data/report_grid.yaml``, see ``report.grid``). Runs execute
in parallel processes (``report.jobs``, ``report.execute``) and are published
as HTML with an index page (``report.publish``). A lock stops two runs from
writing to one output folder at once.

Everything is written below ``OUT/.tmp-<stamp>-<random>/`` first; the finished run
is moved into place in one step, so a run cut short by Ctrl-C, SIGTERM or a
full disk never leaves a half-written report in place of a good one. A run in
which a job failed is kept in ``OUT/runs`` but not published (unless
``publish_failed``; never when every job failed), and the runner touches only
the files it made (``report.outdir``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newinfra.core.atomic import atomic_write_text, remove_tree
from newinfra.core.dates import as_of_date
from newinfra.core.errors import NewinfraError, ParameterError
from newinfra.core.exits import Exit, OutputError, output_error
from newinfra.report.execute import display_parameters, kernel_dir, run_job
from newinfra.report.grid import (
    WORKBOOK_JOB,
    load_grid,
    project_relative,
)
from newinfra.report.job_types import Job, JobResult, NotebookJob, WorkbookJob
from newinfra.report.jobs import Progress, isatty, run_jobs, terminate_as_exit
from newinfra.report.outdir import (
    RUN_MARKER,
    check_output,
    claim_output,
    clean_stale_tmp,
    dated_runs,
    make_tmp,
    new_stamp,
    prune_runs,
    read_manifest,
    write_marker,
)
from newinfra.report.publish import (
    build_manifest,
    publish_run,
    render_index,
    render_run_details,
    store_failed_run,
    store_run,
)
from newinfra.report.reuse import (
    RunPlan,
    checksums,
)
from newinfra.report.run_pages import data_release, evidence_pages
from newinfra.report.run_plan import RunRequest, job_keys, job_parameters, plan_run, say

__all__ = ["LOCK_NAME", "load_grid", "run_reports"]

LOCK_NAME = ".newinfra-report.lock"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _check_count(option: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ParameterError(option, value, detail="expected a whole number >= 1")


def _skip_slow_optional_imports() -> None:
    """Keep jsonschema, under nbformat, from importing ``rfc3987_syntax``.

    When installed (jupyterlab pulls it in) it compiles 39 grammars on import,
    1.5 s of every run before any report starts, for IRI format checks that
    notebook validation never makes. jsonschema treats it as absent.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _check_as_of(value: Any) -> str | None:
    """``--as-of`` as an ISO date, or None for the run's UTC date."""
    return None if value is None else as_of_date(value, "--as-of").isoformat()


def _output_folder(out: str | os.PathLike) -> Path:
    """The output folder, created if needed; OutputError (73) when it cannot be used."""
    folder = Path(out).expanduser().absolute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise output_error(exc, f"{folder}: cannot create the output folder") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise OutputError(f"{folder}: the output folder is not writable", Exit.CANTCREAT)
    check_output(folder)
    return folder


def run_reports(
    config: str | os.PathLike | None = None,
    out: str | os.PathLike = "reports",
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    keep: int | None = None,
    notebooks: str | os.PathLike | None = None,
    publish_failed: bool = False,
    force: bool = False,
    as_of: str | dt.date | None = None,
) -> int:
    """Run the report grid and publish it under ``out``; returns the exit status.

    0 every job succeeded and the run is published; 1 a job failed: the run is
    kept in ``OUT/runs`` and marked so, but published only with
    ``publish_failed`` (never when every job failed); 74 a job could not write
    its files; 75 another run holds the lock. ``only`` re-executes the named
    reports; the others are reused when their inputs are unchanged, else executed. Notebooks
    must lie in the project's ``notebooks/`` folder or in ``notebooks``.

    A report whose inputs are unchanged since an earlier run in which it
    succeeded is reused, not executed (``report.reuse``); ``force`` executes
    every report. ``as_of`` (default: the run's UTC date) is the date verdicts
    are computed for: recorded in the manifest, the index and each report, and
    passed to every notebook that declares an ``as_of`` parameter. Bad
    input raises NewinfraError; an output folder that cannot be used or
    written raises OutputError (status 73 or 74).
    """
    from filelock import FileLock, Timeout

    from newinfra.core import project

    _skip_slow_optional_imports()

    root = project.root()
    grid = load_grid(config, root, notebooks)
    grid.select(only)  # unknown names are refused before anything is written
    _check_count("--jobs", jobs)
    _check_count("--keep", keep)
    pinned = _check_as_of(as_of)
    folder = _output_folder(out)
    request = RunRequest(
        grid=grid,
        only=tuple(dict.fromkeys(only or [])),
        root=root,
        out=folder,
        jobs=jobs,
        keep=keep if keep is not None else grid.keep,
        publish_failed=publish_failed,
        force=bool(force),
        as_of=pinned,
    )
    lock_path = folder / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        say(
            f"another report run is writing to {folder} (lock {lock_path} is held); "
            "not starting. Try again when it has finished."
        )
        return Exit.LOCKED
    try:
        with terminate_as_exit():
            return _run_locked(request)
    except OSError as exc:
        raise output_error(
            exc, f"{folder}: could not write the reports", "the previous reports are unchanged"
        ) from exc
    finally:
        lock.release()


def _previous_durations(out: Path) -> dict[str, float]:
    """How long each job took in the newest run, to start the longest first."""
    source = next(iter(reversed(dated_runs(out))), None)
    manifest = read_manifest(source) if source is not None else None
    durations = {}
    for entry in (manifest or {}).get("runs", []):
        if isinstance(entry, dict) and isinstance(entry.get("duration_s"), int | float):
            durations[entry.get("name")] = float(entry["duration_s"])
    return durations


def _jobs(request: RunRequest, plan: RunPlan, tmp: Path, header: dict) -> list[Job]:
    run_dir, root = tmp / "run", request.root
    jobs: list[Job] = []
    jupyter_path = kernel_dir(tmp) if plan.execute else None
    # Longest first (unknown ones count as long): the last jobs then finish
    # together instead of one core idling while the other draws a big report.
    durations = _previous_durations(request.out)
    ordered = sorted(plan.execute, key=lambda run: -durations.get(run.name, float("inf")))
    for run in ordered:
        header_of_run = {
            **header,
            "name": run.name,
            "title": run.title,
            "notebook": project_relative(run.notebook, root),
            "parameters": display_parameters(run.parameters),
        }
        jobs.append(
            NotebookJob(
                name=run.name,
                notebook=str(run.notebook),
                parameters=job_parameters(run, header["as_of"]),
                run_dir=str(run_dir),
                root=str(root),
                jupyter_path=str(jupyter_path),
                cell_timeout=request.grid.cell_timeout,
                header=header_of_run,
            )
        )
    if request.grid.workbook and WORKBOOK_JOB not in plan.carried:
        # The workbook's verdicts and README are the run's, as of its date.
        jobs.append(WorkbookJob(run_dir=str(run_dir), root=str(root), as_of=header["as_of"]))
    return jobs


def _execute(request: RunRequest, jobs: list[Job], stamp: str) -> dict[str, JobResult]:
    if not jobs:
        return {}
    workers = max(1, min(request.jobs or os.cpu_count() or 1, len(jobs)))
    if not isatty(sys.stderr):
        say(f"{len(jobs)} job(s) on {workers} process(es) -> {request.out}/runs/{stamp}")
    progress = Progress(len(jobs))
    try:
        return run_jobs(jobs, workers, progress, work=run_job)
    finally:
        progress.close()


def _bookkeeping(result: JobResult, run_dir: Path, stamp: str, key: str | None) -> dict:
    """A job's record with its key, reuse fields and the checksums of a succeeded job's files."""
    result.executed_in = result.executed_in or stamp
    result.key = key  # a reused job's inputs are those of this run: the same key
    result.checksums = checksums(run_dir, result.record()) if result.ok else {}
    return result.record()


def _state(
    request: RunRequest, plan: RunPlan, results: dict, base: dict, keys: dict, run_dir: Path
) -> dict[str, Any]:
    stamp = base["run_id"]
    state: dict[str, Any] = {**base, "finished_at": _iso(_now()), "runs": [], "workbook": None}
    for run in request.grid.runs:
        result = plan.carried.get(run.name) or results[run.name]
        record = _bookkeeping(result, run_dir, stamp, keys.get(run.name))
        record.update(
            title=run.title,
            question=run.question,
            notebook=project_relative(run.notebook, request.root),
            parameters=run.parameters,
        )
        state["runs"].append(record)
    if request.grid.workbook:
        result = plan.carried.get(WORKBOOK_JOB) or results[WORKBOOK_JOB]
        state["workbook"] = _bookkeeping(result, run_dir, stamp, keys.get(WORKBOOK_JOB))
    return state


def _finish(request: RunRequest, tmp: Path, stamp: str, state: dict, manifest: dict) -> int:
    """Publish the run, or keep it unpublished in ``OUT/runs``; the exit status."""
    out, counts = request.out, manifest["counts"]
    summary = f"{counts['ok']} ok, {counts['failed']} failed"
    if not counts["failed"] or (counts["ok"] and request.publish_failed):
        publish_run(tmp, tmp / "run", out, stamp, state)
        say(f"{summary}; {out / 'index.html'} (run {stamp})")
    else:
        kept = store_run(tmp / "run", out, stamp)
        why = (
            "every job failed"
            if not counts["ok"]
            else "a job failed (--publish-failed publishes it)"
        )
        say(
            f"{summary}; not published, {why}: the previous reports stay in place; "
            f"this run is in {kept / 'index.html'}"
        )
    prune_runs(out, request.keep)
    jobs = [*state["runs"], *([state["workbook"]] if state["workbook"] else [])]
    if any(job.get("io_error") for job in jobs):
        return Exit.IOERR
    return Exit.FAILED if counts["failed"] else Exit.OK


def _run_locked(request: RunRequest) -> int:
    from newinfra.core.version import __version__
    from newinfra.inputs import corpus

    out = request.out
    if claim_output(out):
        say(f"{out}: adopted a report folder written by an earlier version")
    clean_stale_tmp(out)
    sources = [
        {k: str(row[k]) for k in ("source_id", "file", "sha256")}
        for _, row in corpus.sources().iterrows()
    ]
    generated = _now()
    stamp = new_stamp(generated, out / "runs")
    base = {
        "library_version": __version__,
        "dataset_version": corpus.dataset_version(),
        "run_id": stamp,
        "generated_at": _iso(generated),
        "config": project_relative(request.grid.path, request.root),
        "as_of": request.as_of or generated.date().isoformat(),
        "sources": sources,
    }
    tmp = make_tmp(out, stamp)
    try:
        run_dir = tmp / "run"
        run_dir.mkdir()
        write_marker(run_dir, RUN_MARKER)
        try:
            state, run_manifest = _build_run(request, tmp, base)
        except (OSError, OutputError):
            raise  # could not write (a full disk): the caller says so, 73 or 74
        except Exception as exc:  # bad data or a bug: the run failed, and is kept as such
            return _keep_broken_run(request, tmp, base, exc)
        return _finish(request, tmp, stamp, state, run_manifest)
    finally:
        remove_tree(tmp)


def _build_run(request: RunRequest, tmp: Path, base: dict) -> tuple[dict, dict]:
    """Execute (or reuse) every job and write the run's own pages; its state and manifest."""
    run_dir, stamp = tmp / "run", base["run_id"]
    keys = job_keys(request, base["as_of"])
    plan = plan_run(request, run_dir, keys)
    header = {k: base[k] for k in ("dataset_version", "generated_at", "as_of", "sources")}
    results = _execute(request, _jobs(request, plan, tmp, header), stamp)
    state = _state(request, plan, results, base, keys, run_dir)
    state["landing"] = evidence_pages(request.root, run_dir, base["as_of"], say)
    state["release"] = data_release(request.root, request.out, run_dir, base["as_of"], say)
    run_manifest = build_manifest(state, "")
    atomic_write_text(run_dir / "manifest.json", json.dumps(run_manifest, indent=2) + "\n")
    atomic_write_text(run_dir / "run.html", render_run_details(run_manifest))
    atomic_write_text(run_dir / "index.html", render_index(run_manifest, state["landing"]))
    return state, run_manifest


def _keep_broken_run(request: RunRequest, tmp: Path, base: dict, exc: Exception) -> int:
    """A run that stopped on an error: kept in ``OUT/runs``, marked failed, never published."""
    from newinfra.report.failure import error_line

    error = " ".join((str(exc) if isinstance(exc, NewinfraError) else error_line(exc)).split())
    state = {**base, "finished_at": _iso(_now()), "runs": [], "workbook": None}
    kept = store_failed_run(tmp / "run", request.out, base["run_id"], state, error)
    prune_runs(request.out, request.keep)
    say(f"the run stopped: {error}; not published, the previous reports stay; it is in {kept}")
    return Exit.FAILED
