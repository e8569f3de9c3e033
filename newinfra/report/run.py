"""The ``newinfra report`` command: every notebook of the report grid, executed and published.

>>> from newinfra.report import run_reports
>>> run_reports(out="reports")          # 0 ok, 1 some run failed, 75 another run holds the lock

The grid is data (``data/report_grid.yaml``, see ``report.grid``). Runs execute
in parallel processes (``report.jobs``, ``report.execute``) and are published
as HTML with an index page (``report.publish``). A lock stops two runs from
writing to one output folder at once.

Everything is written below ``OUT/.tmp-<stamp>-<pid>/`` first; the finished run
is moved into place in one step, so a run cut short by Ctrl-C, SIGTERM or a
full disk never leaves a half-written report in place of a good one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from newinfra.core.atomic import atomic_write_text, remove_tree
from newinfra.core.errors import NewinfraError, ParameterError
from newinfra.core.exits import Exit
from newinfra.report.execute import build_workbook, display_parameters, execute_run, kernel_dir
from newinfra.report.grid import WORKBOOK_JOB, ReportGrid, load_grid
from newinfra.report.jobs import Job, Progress, isatty, run_jobs, terminate_as_exit
from newinfra.report.publish import (
    TMP_PREFIX,
    build_manifest,
    clean_stale_tmp,
    new_stamp,
    prune_runs,
    publish_run,
    render_index,
)

__all__ = ["LOCK_NAME", "load_grid", "run_reports"]

LOCK_NAME = ".newinfra-report.lock"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def run_reports(
    config: str | os.PathLike | None = None,
    out: str | os.PathLike = "reports",
    jobs: int | None = None,
    only: Sequence[str] | None = None,
    keep: int | None = None,
) -> int:
    """Run the report grid and publish it under ``out``; returns the exit status.

    0 every run succeeded; 1 at least one run (or the workbook) failed, and is
    marked so in the index and manifest; 75 another run holds the lock. Bad
    input (grid file, ``only`` names, ``jobs``, ``keep``) raises NewinfraError.
    """
    from filelock import FileLock, Timeout

    from newinfra.core import project
    from newinfra.core.version import __version__
    from newinfra.inputs import corpus

    root = project.root()
    grid = load_grid(config, root).select(only)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError("--jobs", jobs, detail="expected a whole number >= 1")
    if keep is not None and (isinstance(keep, bool) or not isinstance(keep, int) or keep < 1):
        raise ParameterError("--keep", keep, detail="expected a whole number >= 1")
    keep = keep if keep is not None else grid.keep
    out = Path(out).expanduser().absolute()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise NewinfraError(f"{out}: cannot create the output folder ({exc.strerror})") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise NewinfraError(f"{out}: the output folder is not writable")

    lock_path = out / LOCK_NAME
    lock = FileLock(str(lock_path), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        print(
            f"newinfra report: another report run is writing to {out} (lock {lock_path} is held); "
            "not starting. Try again when it has finished.",
            file=sys.stderr,
        )
        return Exit.LOCKED
    try:
        with terminate_as_exit():
            return _run_locked(grid, root, out, jobs, keep, __version__, corpus)
    finally:
        lock.release()


def _run_locked(grid: ReportGrid, root: Path, out: Path, jobs, keep, version, corpus) -> int:
    clean_stale_tmp(out)
    sources = [
        {k: str(row[k]) for k in ("source_id", "file", "sha256")}
        for _, row in corpus.sources().iterrows()
    ]
    dataset_version = corpus.dataset_version()
    generated = _now()
    stamp = new_stamp(generated, out / "runs")
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{stamp}-", dir=out))
    try:
        run_dir = tmp / "run"
        run_dir.mkdir()
        jupyter_path = kernel_dir(tmp)
        header = {
            "dataset_version": dataset_version,
            "generated_at": _iso(generated),
            "sources": sources,
        }
        tasks: list[Job] = []
        for run in grid.runs:
            task = {
                "name": run.name,
                "notebook": str(run.notebook),
                "parameters": run.parameters,
                "run_dir": str(run_dir),
                "root": str(root),
                "jupyter_path": str(jupyter_path),
                "cell_timeout": grid.cell_timeout,
                "header": {
                    **header,
                    "name": run.name,
                    "title": run.title,
                    "notebook": _relative(run.notebook, root),
                    "parameters": display_parameters(run.parameters),
                },
            }
            tasks.append((run.name, execute_run, task))
        if grid.workbook:
            tasks.append(
                (WORKBOOK_JOB, build_workbook, {"run_dir": str(run_dir), "root": str(root)})
            )
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
        if not isatty(sys.stderr):
            print(
                f"newinfra report: {len(tasks)} job(s) on {workers} process(es) -> {out}/runs/{stamp}",
                file=sys.stderr,
                flush=True,
            )
        progress = Progress(len(tasks))
        try:
            results = run_jobs(tasks, workers, progress)
        finally:
            progress.close()

        state: dict[str, Any] = {
            "library_version": version,
            "dataset_version": dataset_version,
            "run_id": stamp,
            "generated_at": _iso(generated),
            "finished_at": _iso(_now()),
            "config": _relative(grid.path, root),
            "sources": sources,
            "runs": [],
            "workbook": None,
        }
        for run in grid.runs:
            result = {"html": None, "ipynb": None, "figures": [], **results[run.name]}
            result.update(
                title=run.title,
                notebook=_relative(run.notebook, root),
                parameters=run.parameters,
            )
            state["runs"].append(result)
        if grid.workbook:
            state["workbook"] = {"xlsx": None, **results[WORKBOOK_JOB]}
        run_manifest = build_manifest(state, "")
        atomic_write_text(run_dir / "manifest.json", json.dumps(run_manifest, indent=2) + "\n")
        atomic_write_text(run_dir / "index.html", render_index(run_manifest))
        try:
            publish_run(tmp, run_dir, out, stamp, state)
        except OSError as exc:
            raise NewinfraError(
                f"{out}: could not publish the reports ({exc.strerror or exc}); "
                "the previous reports are unchanged"
            ) from exc
        prune_runs(out, keep)
        failed = run_manifest["counts"]["failed"]
        print(
            f"newinfra report: {run_manifest['counts']['ok']} ok, {failed} failed; "
            f"{out / 'index.html'} (run {stamp})",
            file=sys.stderr,
        )
        return Exit.FAILED if failed else Exit.OK
    finally:
        remove_tree(tmp)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
