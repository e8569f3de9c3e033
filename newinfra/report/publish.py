"""Publishing a finished run: manifest, index page, the dated run, the top-level files.

Output layout::

    OUT/index.html               the newest run's index (links into runs/<stamp>/)
    OUT/manifest.json            the same for machines
    OUT/newinfra_summary.xlsx    the newest summary workbook that was built
    OUT/latest -> runs/<stamp>   relative symlink to the newest published run
    OUT/runs/<stamp>/            one folder per run (UTC time, YYYYmmdd-HHMMSS):
        index.html, manifest.json, newinfra_summary.xlsx,
        <name>.ipynb (executed, kept for audit), <name>.html,
        <name>_figures/fig01.png, fig01.svg, ...

A run is published only when every job succeeded (or the user asks for it).
The dated run is renamed into ``runs/`` only when complete, and the top-level
files are then switched one by one with atomic renames (and put back if one of
the switches fails), so a reader never sees half a report in place of a good one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from newinfra.core.atomic import atomic_write_text, fsync_dir, remove_tree
from newinfra.core.exits import Exit, OutputError
from newinfra.present.words import plural
from newinfra.report.grid import WORKBOOK_JOB, WORKBOOK_NAME
from newinfra.report.outdir import is_marked_run
from newinfra.report.places import runs_by_place

__all__ = [
    "build_manifest",
    "publish_run",
    "render_index",
    "render_run_details",
    "store_failed_run",
    "store_run",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"


# -- index and manifest ------------------------------------------------------------------


def build_manifest(state: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The manifest with every output path relative to the folder that will hold it."""

    def rel(path: str | None) -> str | None:
        return f"{prefix}{path}" if path else None

    def reuse_fields(result: dict[str, Any]) -> dict[str, Any]:
        # Whether the job was copied from an earlier run (and which), the run that
        # executed it, its key and the checksums of its files, for the next run.
        return {
            "reused": bool(result.get("reused")),
            "reused_from": result.get("reused_from"),
            "executed_in": result.get("executed_in"),
            "key": result.get("key"),
            "checksums": {rel(k): v for k, v in (result.get("checksums") or {}).items()},
        }

    runs = []
    for result in state["runs"]:
        runs.append(
            {
                **{k: result[k] for k in ("name", "title", "question", "notebook", "parameters")},
                "status": result["status"],
                "duration_s": result["duration_s"],
                "error": result["error"],
                "html": rel(result["html"]),
                "ipynb": rel(result["ipynb"]),
                "figures": [rel(f) for f in result["figures"]],
                # A report copied from an earlier run by --only: the run it was made in.
                **({"carried_from": result["carried_from"]} if result.get("carried_from") else {}),
                **reuse_fields(result),
            }
        )
    workbook = state["workbook"]
    if workbook is not None:
        workbook = {
            **{k: workbook.get(k) for k in ("name", "status", "error", "xlsx", "duration_s")},
            "xlsx": rel(workbook.get("xlsx")),
            **reuse_fields(workbook),
        }
    jobs = [*state["runs"], *([state["workbook"]] if state["workbook"] else [])]
    errors = [{"name": j["name"], "error": j["error"]} for j in jobs if j["status"] != "ok"]
    return {
        "generator": "newinfra report",
        "library_version": state["library_version"],
        "dataset_version": state["dataset_version"],
        "run_id": state["run_id"],
        "run_dir": prefix,
        "generated_at": state["generated_at"],
        "finished_at": state["finished_at"],
        "config": state["config"],
        "as_of": state["as_of"],
        "status": "failed" if errors else "ok",
        "counts": {
            "ok": sum(j["status"] == "ok" for j in jobs),
            "failed": len(errors),
        },
        "sources": state["sources"],
        # the data package below run_dir, its citation, and what changed since the last run
        "release": state.get("release"),
        "runs": runs,
        "workbook": workbook,
        "errors": errors,
    }


@cache
def _index_template(name: str = "index.html.j2") -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES / "index"),
        autoescape=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    return env.get_template(name)


def _links(run: Mapping[str, Any]) -> list[dict[str, str]]:
    links = []
    if run["html"]:
        links.append({"label": "report", "href": run["html"], "note": ""})
    if run["ipynb"]:
        links.append({"label": "notebook", "href": run["ipynb"], "note": ""})
    if run["figures"]:
        # Each figure is saved as several files (PNG, SVG, its data as CSV): count both.
        figures = {f.rsplit(".", 1)[0] for f in run["figures"]}
        folder = run["figures"][0].rsplit("/", 1)[0] + "/"
        note = f" ({plural(len(figures), 'figure')}, {plural(len(run['figures']), 'file')})"
        links.append({"label": "figures", "href": folder, "note": note})
    return links


def _index_rows(manifest: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for run in manifest["runs"]:
        rows.append(
            {
                "title": run["title"],
                "name": run["name"],
                "parameters": [
                    (k, json.dumps(v, ensure_ascii=False)) for k, v in run["parameters"].items()
                ],
                "no_parameters": "(defaults)",
                "status": run["status"],
                "error": run["error"],
                "duration": f"{run['duration_s']:.1f}",
                "links": _links(run),
                "carried_from": run.get("carried_from"),
                "reused_from": run.get("reused_from"),
                "executed_in": run.get("executed_in"),
            }
        )
    workbook = manifest["workbook"]
    if workbook:
        link = {"label": WORKBOOK_NAME, "href": workbook.get("xlsx"), "note": ""}
        rows.append(
            {
                "title": "Excel summary workbook",
                "name": WORKBOOK_JOB,
                "parameters": [],
                "no_parameters": "—",
                "status": workbook["status"],
                "error": workbook["error"],
                "duration": f"{workbook['duration_s']:.1f}",
                "links": [link] if link["href"] else [],
                "carried_from": None,
                "reused_from": workbook.get("reused_from"),
                "executed_in": workbook.get("executed_in"),
            }
        )
    return rows


def render_run_details(manifest: Mapping[str, Any]) -> str:
    """run.html: every report with its parameters, status, duration and files."""
    return _index_template("run.html.j2").render(m=manifest, rows=_index_rows(manifest))


def render_index(manifest: Mapping[str, Any], landing: Mapping[str, Any] | None = None) -> str:
    """index.html: findings, the compare matrix of every place, the reports and their questions."""
    from newinfra.present.landing import render_matrix

    content = {"findings": [], "matrix": "", "sources": False}
    if landing is not None:
        matrix = render_matrix(
            landing["matrix"], landing["plans"], landing["names"], prefix=manifest["run_dir"]
        )
        content = {
            "findings": landing["findings"],
            "matrix": matrix,
            "sources": True,
            "source_titles": landing.get("source_titles", {}),
        }
    names = landing.get("names", {}) if landing is not None else {}
    groups = runs_by_place(list(manifest["runs"]), names)
    return _index_template().render(m=manifest, landing=content, groups=groups)


# -- publishing -----------------------------------------------------------------------------


def _switch(source: Path, target: Path) -> None:
    """Rename ``source`` onto ``target`` in one step (both in one folder tree, one filesystem)."""
    os.replace(source, target)


def _backup(target: Path, backups: Path) -> Path | None:
    """Keep the current ``target`` reachable under ``backups`` so a failed switch can undo."""
    if not (target.exists() or target.is_symlink()):
        return None
    backups.mkdir(exist_ok=True)
    copy = backups / target.name
    if target.is_dir() and not target.is_symlink():
        shutil.copytree(target, copy, symlinks=True)
    else:
        os.link(target, copy, follow_symlinks=False)
    return copy


def _make_latest(tmp: Path, out: Path, stamp: str) -> Path:
    """A relative symlink ``latest -> runs/<stamp>``, or a copy where symlinks are refused."""
    link = tmp / "latest"
    try:
        os.symlink(Path("runs") / stamp, link, target_is_directory=True)
    except (OSError, RuntimeError):  # refused by the filesystem, or unsupported by the platform
        shutil.copytree(out / "runs" / stamp, link)
    return link


def store_run(run_dir: Path, out: Path, stamp: str) -> Path:
    """Move the finished run to ``OUT/runs/<stamp>`` in one step; its new path."""
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)
    final = runs_dir / stamp
    if final.exists() or final.is_symlink():
        # A rename would replace an empty folder that someone else made meanwhile.
        raise OutputError(f"{final}: appeared while the run was running", Exit.CANTCREAT)
    _switch(run_dir, final)
    fsync_dir(runs_dir)
    return final


def store_failed_run(
    run_dir: Path, out: Path, stamp: str, state: dict[str, Any], error: str
) -> Path:
    """Keep a run that stopped on ``error`` in ``OUT/runs``: its manifest says failed, and why."""
    manifest = {
        **build_manifest(state, ""),
        "status": "failed",
        "errors": [{"name": "run", "error": error}],
    }
    atomic_write_text(run_dir / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    with contextlib.suppress(Exception):  # a page is a courtesy; the manifest says it all
        atomic_write_text(run_dir / "run.html", render_run_details(manifest))
    return store_run(run_dir, out, stamp)


def _stage_top(tmp: Path, run_dir: Path, out: Path, stamp: str, state: dict[str, Any]) -> list:
    """The top-level files of the run, written below ``tmp``: (staged, target) pairs."""
    staged = tmp / "top"
    staged.mkdir()
    top_manifest = build_manifest(state, f"runs/{stamp}/")
    atomic_write_text(staged / "manifest.json", json.dumps(top_manifest, indent=2) + "\n")
    atomic_write_text(staged / "index.html", render_index(top_manifest, state.get("landing")))
    atomic_write_text(staged / "run.html", render_run_details(top_manifest))
    if (run_dir / WORKBOOK_NAME).exists():
        shutil.copyfile(run_dir / WORKBOOK_NAME, staged / WORKBOOK_NAME)
    order = [WORKBOOK_NAME, "manifest.json", "run.html", "index.html"]
    return [(staged / n, out / n) for n in order if (staged / n).exists()]


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    for target, saved in reversed(done):
        with contextlib.suppress(OSError):
            if saved is None:
                remove_tree(target)
            elif saved.is_dir() and not saved.is_symlink():
                remove_tree(target)
                os.replace(saved, target)
            else:
                os.replace(saved, target)


def publish_run(tmp: Path, run_dir: Path, out: Path, stamp: str, state: dict[str, Any]) -> None:
    """Move the finished run into place, then switch the top-level files and ``latest`` to it."""
    # Everything the switch needs is prepared first: a full disk fails here,
    # before any published file has changed.
    items = _stage_top(tmp, run_dir, out, stamp, state)
    final = store_run(run_dir, out, stamp)
    backups = tmp / "previous"
    done: list[tuple[Path, Path | None]] = []
    try:
        items.append((_make_latest(tmp / "top", out, stamp), out / "latest"))
        for source, target in items:
            saved = _backup(target, backups)
            if target.is_dir() and not target.is_symlink():
                # A copied ``latest`` (no symlinks here) cannot be renamed over.
                if not is_marked_run(target):
                    raise OutputError(f"{target}: not made by newinfra report", Exit.CANTCREAT)
                remove_tree(target)
            _switch(source, target)
            done.append((target, saved))
        fsync_dir(out)
    except BaseException:
        _undo(done)
        remove_tree(final)
        raise
