"""What one ``newinfra report`` run will do, before it does it.

The request (:class:`RunRequest`), the parameters each notebook is given
(:func:`job_parameters`), each job's key (a digest of every input that can
change its files, ``report.reuse``), and which jobs are reused from an earlier
run and which executed (:func:`plan_run`). ``report.run`` carries them out.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newinfra.report.grid import (
    WORKBOOK_JOB,
    GridRun,
    ReportGrid,
    declared_parameters,
    project_relative,
)
from newinfra.report.job_types import JobResult
from newinfra.report.reuse import (
    RunPlan,
    copy_job_files,
    find_reusable,
    job_key,
    notebook_inputs,
    shared_inputs,
)

__all__ = ["RunRequest", "job_keys", "job_parameters", "plan_run", "say"]


def say(message: str) -> None:
    print(f"newinfra report: {message}", file=sys.stderr, flush=True)


@dataclass(frozen=True)
class RunRequest:
    """What one run was asked to do."""

    grid: ReportGrid
    only: tuple[str, ...]
    root: Path
    out: Path
    jobs: int | None
    keep: int
    publish_failed: bool
    force: bool = False
    as_of: str | None = None


def job_parameters(run: GridRun, as_of: str) -> dict[str, Any]:
    """The grid's parameters, plus the run's ``as_of`` for a notebook that declares one."""
    if "as_of" in run.parameters:
        return dict(run.parameters)
    try:
        declared = declared_parameters(run.notebook)
    except Exception:  # an unreadable notebook: its job fails and says why
        declared = {}
    return {**run.parameters, "as_of": as_of} if "as_of" in declared else dict(run.parameters)


def job_keys(request: RunRequest, as_of: str) -> dict[str, str]:
    """Each job's key: a digest of every input that can change its files."""
    shared = shared_inputs(request.root, request.grid.path, as_of)
    keys = {}
    for run in request.grid.runs:
        rel = project_relative(run.notebook, request.root)
        own = notebook_inputs(run.notebook, rel, job_parameters(run, as_of), run.title)
        keys[run.name] = job_key(shared, own)[0]
    if request.grid.workbook:
        keys[WORKBOOK_JOB] = job_key(shared, {"workbook": WORKBOOK_JOB})[0]
    return keys


def _reused_result(name: str, source: Path, entry: dict[str, Any]) -> JobResult:
    """The result of a job whose files are copied from the earlier run ``source``."""
    return JobResult(
        name,
        html=entry.get("html") or None,
        ipynb=entry.get("ipynb") or None,
        xlsx=entry.get("xlsx") or None,
        figures=[] if name == WORKBOOK_JOB else list(entry.get("figures", [])),
        duration_s=entry.get("duration_s", 0.0),
        reused_from=source.name,
        executed_in=entry.get("executed_in") or source.name,
    )


def plan_run(request: RunRequest, run_dir: Path, keys: dict[str, str]) -> RunPlan:
    """Which jobs to execute, and which to reuse (their files copied into ``run_dir``).

    A job is reused only when an earlier run made it from the same inputs and its
    files are intact (``reuse.find_reusable``). ``--only`` executes the named
    reports whatever their inputs; every other job follows the same rule, so a
    run never publishes a report made from other data beside one made now.
    """
    only = set(request.only)
    plan = RunPlan(execute=list(request.grid.runs))
    if request.force:
        return plan
    found, changed = find_reusable(request.out, {n: k for n, k in keys.items() if n not in only})
    for name in changed:
        say(f"{name}: its files in an earlier run were changed or removed; executing it again")
    for name, reuse in found.items():
        copy_job_files(reuse, run_dir)
        plan.carried[name] = _reused_result(name, reuse.source, reuse.entry)
        if only:
            plan.carried[name].carried_from = reuse.source.name
    plan.execute = [run for run in plan.execute if run.name not in plan.carried]
    _say_plan(request, plan, keys)
    return plan


def _say_plan(request: RunRequest, plan: RunPlan, keys: dict[str, str]) -> None:
    reports = [run.name for run in request.grid.runs]
    reused = [name for name in reports if name in plan.carried]
    unasked = [run.name for run in plan.execute if request.only and run.name not in request.only]
    if unasked:
        say(
            f"executing {', '.join(unasked)} too: no earlier run made them from the inputs "
            "they have now (--only reuses a report only when its inputs are unchanged)"
        )
    if reused == reports and (WORKBOOK_JOB in plan.carried or not request.grid.workbook):
        say(
            f"every report reused: inputs unchanged since an earlier run "
            f"({len(plan.carried)} job(s)); --force executes them again"
        )
    elif plan.carried:
        say(
            f"{len(plan.carried)} job(s) reused, inputs unchanged ({', '.join(plan.carried)}); "
            f"executing {len(keys) - len(plan.carried)}"
        )
