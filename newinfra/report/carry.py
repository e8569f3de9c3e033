"""``--only NAME``: re-execute the named reports, carry the others over from the newest good run.

A report is carried over (its notebook, page and figures copied into the new
run) when the newest run in which every job succeeded holds it with the same
notebook, parameters and title. So the run that ``--only`` publishes holds
every report ``latest`` held. A report that run lacks, or holds with other
settings, is left out (and named): only a full run makes it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newinfra.report.grid import GridRun, ReportGrid, project_relative
from newinfra.report.outdir import newest_good_run, read_manifest

__all__ = ["CarryOver", "copy_carried", "plan_carry_over"]


@dataclass
class CarryOver:
    """Which reports a run executes, which it copies from ``source``, which it leaves out."""

    execute: list[GridRun]
    carried: dict[str, dict[str, Any]] = field(default_factory=dict)
    source: Path | None = None
    missing: list[str] = field(default_factory=list)


def _files(entry: dict[str, Any]) -> list[str]:
    return [f for f in [entry.get("html"), entry.get("ipynb"), *entry.get("figures", [])] if f]


def _reusable(entry: dict[str, Any] | None, run: GridRun, notebook: str, folder: Path) -> bool:
    if not entry or entry.get("status") != "ok":
        return False
    same = (
        entry.get("notebook") == notebook
        and entry.get("parameters") == run.parameters
        and entry.get("title") == run.title
    )
    return same and all((folder / name).is_file() for name in _files(entry))


def plan_carry_over(out: Path, grid: ReportGrid, only: Iterable[str], root: Path) -> CarryOver:
    """The reports to execute (``only``), those to copy and those left out."""
    wanted = set(only)
    plan = CarryOver(execute=[run for run in grid.runs if run.name in wanted])
    source = newest_good_run(out)
    manifest = read_manifest(source) if source is not None else None
    entries = {e.get("name"): e for e in (manifest or {}).get("runs", []) if isinstance(e, dict)}
    for run in grid.runs:
        if run.name in wanted:
            continue
        entry = entries.get(run.name)
        if source is not None and _reusable(
            entry, run, project_relative(run.notebook, root), source
        ):
            plan.carried[run.name] = {
                "name": run.name,
                "status": "ok",
                "error": None,
                "html": entry.get("html"),
                "ipynb": entry.get("ipynb"),
                "figures": list(entry.get("figures", [])),
                "duration_s": entry.get("duration_s", 0.0),
                "carried_from": entry.get("carried_from") or source.name,
                "reused_from": source.name,
                "executed_in": entry.get("executed_in") or source.name,
                # The inputs it was made from, which may differ from the grid's now.
                "key": entry.get("key"),
            }
        else:
            plan.missing.append(run.name)
    plan.source = source if plan.carried else None
    return plan


def copy_carried(plan: CarryOver, run_dir: Path) -> None:
    """Copy the carried reports' files from the good run into ``run_dir``."""
    if plan.source is None:
        return
    for entry in plan.carried.values():
        for name in _files(entry):
            target = run_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(plan.source / name, target)
