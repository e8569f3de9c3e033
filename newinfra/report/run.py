"""The ``newinfra report`` command: every notebook of the report grid, executed and published.

>>> from newinfra.report import run_reports
>>> run_reports(out="reports")   # 0 ok, 1 a report failed, 75 another run holds the lock

The grid is data (``data/report_grid.yaml``, see ``report.grid``). Runs execute
in parallel processes (``report.jobs``, ``report.execute``) and are published
as HTML with an index page (``report.publish``). A lock stops two runs from
writing to one output folder at once.

Everything is written below ``OUT/.tmp-<stamp>-XXXX/`` first; the finished run
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newinfra.core.atomic import atomic_write_text, remove_tree
from newinfra.core.errors import ParameterError
from newinfra.core.exits import Exit, OutputError, output_error
from newinfra.report.carry import CarryOver, copy_carried, plan_carry_over
from newinfra.report.execute import build_workbook, display_parameters, execute_run, kernel_dir
from newinfra.report.grid import WORKBOOK_JOB, ReportGrid, load_grid, project_relative
from newinfra.report.jobs import Job, Progress, isatty, run_jobs, terminate_as_exit
from newinfra.report.outdir import (
    RUN_MARKER,
    check_output,
    claim_output,
    clean_stale_tmp,
    make_tmp,
    new_stamp,
    prune_runs,
    write_marker,
)
from newinfra.report.publish import build_manifest, publish_run, render_index, store_run

__all__ = ["LOCK_NAME", "load_grid", "run_reports"]

LOCK_NAME = ".newinfra-report.lock"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _say(message: str) -> None:
    print(f"newinfra report: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class _Request:
    """What one run was asked to do."""

    grid: ReportGrid
    only: tuple[str, ...]
    root: Path
    out: Path
    jobs: int | None
    keep: int
    publish_failed: bool


def _check_count(option: str, value: Any) -> None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise ParameterError(option, value, detail="expected a whole number >= 1")


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
) -> int:
    """Run the report grid and publish it under ``out``; returns the exit status.

    0 every job succeeded and the run is published; 1 a job failed: the run is
    kept in ``OUT/runs`` and marked so, but published only with
    ``publish_failed`` (never when every job failed); 74 a job could not write
    its files; 75 another run holds the lock. ``only`` re-executes the named
    reports and carries the others over from the newest good run. Notebooks
    must lie in the project's ``notebooks/`` folder or in ``notebooks``. Bad
    input raises NewinfraError; an output folder that cannot be used or
    written raises OutputError (status 73 or 74).
    """
    from filelock import FileLock, Timeout

    from newinfra.core import project

    root = project.root()
    grid = load_grid(config, root, notebooks)
    grid.select(only)  # unknown names are refused before anything is written
    _check_count("--jobs", jobs)
    _check_count("--keep", keep)
    folder = _output_folder(out)
    request = _Request(
        grid=grid,
        only=tuple(dict.fromkeys(only or [])),
        root=root,
        out=folder,
        jobs=jobs,
        keep=keep if keep is not None else grid.keep,
        publish_failed=publish_failed,
    )
    lock_path = folder / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        _say(
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


def _plan(request: _Request, run_dir: Path) -> CarryOver:
    if not request.only:
        return CarryOver(execute=list(request.grid.runs))
    plan = plan_carry_over(request.out, request.grid, request.only, request.root)
    copy_carried(plan, run_dir)
    if plan.carried:
        _say(f"{len(plan.carried)} report(s) carried over from run {plan.source.name}")
    if plan.missing:
        _say(
            f"left out {', '.join(plan.missing)}: no run in which every report succeeded holds "
            "them as the grid has them now; a run without --only makes them"
        )
    return plan


def _tasks(request: _Request, plan: CarryOver, tmp: Path, header: dict) -> list[Job]:
    run_dir, root = tmp / "run", request.root
    tasks: list[Job] = []
    jupyter_path = kernel_dir(tmp) if plan.execute else None
    for run in plan.execute:
        task = {
            "name": run.name,
            "notebook": str(run.notebook),
            "parameters": run.parameters,
            "run_dir": str(run_dir),
            "root": str(root),
            "jupyter_path": str(jupyter_path),
            "cell_timeout": request.grid.cell_timeout,
            "header": {
                **header,
                "name": run.name,
                "title": run.title,
                "notebook": project_relative(run.notebook, root),
                "parameters": display_parameters(run.parameters),
            },
        }
        tasks.append((run.name, execute_run, task))
    if request.grid.workbook:
        tasks.append((WORKBOOK_JOB, build_workbook, {"run_dir": str(run_dir), "root": str(root)}))
    return tasks


def _execute(request: _Request, tasks: list[Job], stamp: str) -> dict[str, dict[str, Any]]:
    if not tasks:
        return {}
    workers = max(1, min(request.jobs or os.cpu_count() or 1, len(tasks)))
    if not isatty(sys.stderr):
        _say(f"{len(tasks)} job(s) on {workers} process(es) -> {request.out}/runs/{stamp}")
    progress = Progress(len(tasks))
    try:
        return run_jobs(tasks, workers, progress)
    finally:
        progress.close()


def _state(request: _Request, plan: CarryOver, results: dict, base: dict) -> dict[str, Any]:
    state: dict[str, Any] = {**base, "finished_at": _iso(_now()), "runs": [], "workbook": None}
    for run in request.grid.runs:
        if run.name in plan.missing:
            continue
        result = plan.carried.get(run.name) or results[run.name]
        result = {"html": None, "ipynb": None, "figures": [], **result}
        result.update(
            title=run.title,
            question=run.question,
            notebook=project_relative(run.notebook, request.root),
            parameters=run.parameters,
        )
        state["runs"].append(result)
    if request.grid.workbook:
        state["workbook"] = {"xlsx": None, **results[WORKBOOK_JOB]}
    return state


def _finish(request: _Request, tmp: Path, stamp: str, state: dict, manifest: dict) -> int:
    """Publish the run, or keep it unpublished in ``OUT/runs``; the exit status."""
    out, counts = request.out, manifest["counts"]
    summary = f"{counts['ok']} ok, {counts['failed']} failed"
    if not counts["failed"] or (counts["ok"] and request.publish_failed):
        publish_run(tmp, tmp / "run", out, stamp, state)
        _say(f"{summary}; {out / 'index.html'} (run {stamp})")
    else:
        kept = store_run(tmp / "run", out, stamp)
        why = (
            "every job failed"
            if not counts["ok"]
            else "a job failed (--publish-failed publishes it)"
        )
        _say(
            f"{summary}; not published, {why}: the previous reports stay in place; "
            f"this run is in {kept / 'index.html'}"
        )
    prune_runs(out, request.keep)
    jobs = [*state["runs"], *([state["workbook"]] if state["workbook"] else [])]
    if any(job.get("io_error") for job in jobs):
        return Exit.IOERR
    return Exit.FAILED if counts["failed"] else Exit.OK


def _run_locked(request: _Request) -> int:
    from newinfra.core.version import __version__
    from newinfra.inputs import corpus

    out = request.out
    if claim_output(out):
        _say(f"{out}: adopted a report folder written by an earlier version")
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
        "sources": sources,
    }
    tmp = make_tmp(out, stamp)
    try:
        run_dir = tmp / "run"
        run_dir.mkdir()
        write_marker(run_dir, RUN_MARKER)
        plan = _plan(request, run_dir)
        header = {k: base[k] for k in ("dataset_version", "generated_at", "sources")}
        results = _execute(request, _tasks(request, plan, tmp, header), stamp)
        state = _state(request, plan, results, base)
        run_manifest = build_manifest(state, "")
        atomic_write_text(run_dir / "manifest.json", json.dumps(run_manifest, indent=2) + "\n")
        atomic_write_text(run_dir / "index.html", render_index(run_manifest))
        return _finish(request, tmp, stamp, state, run_manifest)
    finally:
        remove_tree(tmp)
