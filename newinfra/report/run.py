"""Scheduled report runs: every notebook of the report grid, executed and published as HTML.

>>> from newinfra.report.run import run_reports
>>> run_reports(out="reports")          # 0 ok, 1 some run failed, 75 another run holds the lock

The grid is data (``data/report_grid.yaml``): each run names a notebook, its
parameters and a title. Runs execute in parallel processes with papermill (in
the notebook's own folder, on a kernel that uses this interpreter, with
``MPLBACKEND=Agg``) and are converted to self-contained HTML without code. The
Excel summary is built as one more job. Output layout::

    OUT/index.html               the newest run's index (links into runs/<stamp>/)
    OUT/manifest.json            the same for machines
    OUT/newinfra_summary.xlsx    the newest summary workbook that was built
    OUT/latest -> runs/<stamp>   relative symlink to the newest complete run
    OUT/runs/<stamp>/            one folder per run (UTC time, YYYYmmdd-HHMMSS):
        index.html, manifest.json, newinfra_summary.xlsx,
        <name>.ipynb (executed, kept for audit), <name>.html,
        <name>_figures/fig01.png, fig01.svg, ...

Everything is written below ``OUT/.tmp-<stamp>-<pid>/`` first. The dated run is
renamed into ``runs/`` only when complete, and the top-level files are then
switched one by one with atomic renames (and put back if one of the switches
fails), so a reader, or a run cut short by Ctrl-C, SIGTERM or a full disk,
never leaves a half-written report in place of a good one.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import html
import json
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from newinfra.core.atomic import atomic_write_text, fsync_dir, remove_tree
from newinfra.core.errors import DataFileError, NewinfraError, ParameterError

__all__ = [
    "EXIT_FAILED",
    "EXIT_LOCKED",
    "EXIT_OK",
    "GridRun",
    "ReportGrid",
    "load_grid",
    "prune_runs",
    "run_reports",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_LOCKED = 75

LOCK_NAME = ".newinfra-report.lock"
TMP_PREFIX = ".tmp-"
WORKBOOK_NAME = "newinfra_summary.xlsx"
WORKBOOK_JOB = "newinfra_summary"
DEFAULT_KEEP = 5
DEFAULT_CELL_TIMEOUT = 1800
STAMP_FORMAT = "%Y%m%d-%H%M%S"
STAMP_RE = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?$")
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TOP_KEYS = {"settings", "runs"}
SETTING_KEYS = {"keep", "workbook", "cell_timeout"}
RUN_KEYS = {"name", "notebook", "parameters", "title"}
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "newinfra_report"


# -- the grid -------------------------------------------------------------------


@dataclass(frozen=True)
class GridRun:
    """One report: a notebook executed with ``parameters``."""

    name: str
    notebook: Path
    parameters: dict[str, Any]
    title: str


@dataclass(frozen=True)
class ReportGrid:
    """The validated report grid: runs and settings."""

    path: Path
    runs: tuple[GridRun, ...]
    keep: int = DEFAULT_KEEP
    workbook: bool = True
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT

    def select(self, only: Iterable[str] | None) -> ReportGrid:
        """The grid restricted to the runs named in ``only`` (all when empty)."""
        wanted = list(dict.fromkeys(only or []))
        if not wanted:
            return self
        valid = [run.name for run in self.runs]
        for name in wanted:
            if name not in valid:
                raise ParameterError("--only", name, valid, detail=f"no such run in {self.path}")
        runs = tuple(run for run in self.runs if run.name in wanted)
        return ReportGrid(self.path, runs, self.keep, self.workbook, self.cell_timeout)


def _grid_error(path: Path, where: str, message: str) -> DataFileError:
    return DataFileError(f"{path}: {where}: {message}")


def _check_keys(path: Path, where: str, found: Iterable[str], valid: set[str]) -> None:
    bad = sorted(str(k) for k in found if k not in valid)
    if bad:
        raise _grid_error(
            path, where, f"unknown key(s) {bad}; valid keys: {', '.join(sorted(valid))}"
        )


def load_grid(config: str | os.PathLike | None = None, root: Path | None = None) -> ReportGrid:
    """Read and validate the report grid (default: ``data/report_grid.yaml`` under the root).

    Notebook paths are relative to the project root. Unknown keys, missing
    notebooks, duplicate or unusable names raise DataFileError naming the file,
    the entry and the valid choices.
    """
    from newinfra.core import project

    root = Path(root) if root is not None else project.root()
    path = Path(config) if config is not None else root / "data" / "report_grid.yaml"
    if not path.is_file():
        raise DataFileError(f"{path}: report grid not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from None
    except yaml.YAMLError as exc:
        raise DataFileError(f"{path}: not valid YAML ({exc})".replace("\n", " ")) from None
    if not isinstance(raw, dict):
        raise _grid_error(path, "top level", "expected a mapping with 'settings' and 'runs'")
    _check_keys(path, "top level", raw, TOP_KEYS)

    settings = raw.get("settings") or {}
    if not isinstance(settings, dict):
        raise _grid_error(path, "settings", "expected a mapping")
    _check_keys(path, "settings", settings, SETTING_KEYS)
    keep = settings.get("keep", DEFAULT_KEEP)
    if isinstance(keep, bool) or not isinstance(keep, int) or keep < 1:
        raise _grid_error(path, "settings.keep", f"expected a whole number >= 1, got {keep!r}")
    workbook = settings.get("workbook", True)
    if not isinstance(workbook, bool):
        raise _grid_error(path, "settings.workbook", f"expected true or false, got {workbook!r}")
    cell_timeout = settings.get("cell_timeout", DEFAULT_CELL_TIMEOUT)
    if cell_timeout is not None and (
        isinstance(cell_timeout, bool) or not isinstance(cell_timeout, int) or cell_timeout < 1
    ):
        raise _grid_error(
            path,
            "settings.cell_timeout",
            f"expected seconds (a whole number >= 1) or null, got {cell_timeout!r}",
        )

    entries = raw.get("runs")
    if not isinstance(entries, list) or not entries:
        raise _grid_error(path, "runs", "expected a non-empty list of runs")
    runs: list[GridRun] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries, start=1):
        where = f"runs[{index}]"
        if not isinstance(entry, dict):
            raise _grid_error(path, where, "expected a mapping with name, notebook, parameters")
        name = entry.get("name")
        if isinstance(name, str):
            where = f"runs[{index}] ({name})"
        _check_keys(path, where, entry, RUN_KEYS)
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise _grid_error(
                path,
                where,
                f"name {name!r} must be letters, digits, '.', '_' or '-' (it names the output files)",
            )
        if name == WORKBOOK_JOB or name in {"index", "manifest"}:
            raise _grid_error(path, where, f"name {name!r} is reserved for the run's own files")
        if name in seen:
            raise _grid_error(path, where, f"duplicate name {name!r} (first at runs[{seen[name]}])")
        seen[name] = index
        notebook = entry.get("notebook")
        if not isinstance(notebook, str) or not notebook.endswith(".ipynb"):
            raise _grid_error(path, where, f"notebook must be a .ipynb path, got {notebook!r}")
        notebook_path = (root / notebook).resolve()
        if not notebook_path.is_file():
            available = sorted(
                str(p.relative_to(root)) for p in (root / "notebooks").glob("*.ipynb")
            )
            raise _grid_error(
                path,
                where,
                f"notebook {notebook!r} not found (looked for {notebook_path}); "
                f"available: {', '.join(available) or 'none in notebooks/'}",
            )
        parameters = entry.get("parameters") or {}
        if not isinstance(parameters, dict) or not all(isinstance(k, str) for k in parameters):
            raise _grid_error(
                path, where, "parameters must be a mapping from parameter names to values"
            )
        title = entry.get("title", name)
        if not isinstance(title, str):
            raise _grid_error(path, where, f"title must be text, got {title!r}")
        runs.append(GridRun(name, notebook_path, dict(parameters), title))
    return ReportGrid(
        path=path,
        runs=tuple(runs),
        keep=keep,
        workbook=workbook,
        cell_timeout=cell_timeout,
    )


# -- one run, in a worker process --------------------------------------------------


def _kernel_dir(base: Path) -> Path:
    """A Jupyter data dir whose ``python3`` kernel is this interpreter.

    Put first on JUPYTER_PATH it takes precedence over any user or system
    ``python3`` kernelspec that might point at another Python.
    """
    from ipykernel.kernelspec import write_kernel_spec

    data_dir = base / "jupyter"
    spec = data_dir / "kernels" / "python3"
    if not spec.exists():
        spec.parent.mkdir(parents=True, exist_ok=True)
        # MPLBACKEND=Agg keeps everything headless, but would also stop charts from
        # being captured as outputs; --matplotlib=inline selects the inline backend
        # (Agg rendering, no display) for the kernel itself.
        write_kernel_spec(
            path=str(spec),
            python_arguments=["-Xfrozen_modules=off"],
            # Kernel log lines would otherwise reach cron mail: start-up warnings, and
            # "KeyboardInterrupt caught in kernel" from the interrupt jupyter_client
            # sends before every shutdown. Cell errors are recorded in the executed
            # notebook either way.
            extra_arguments=["--matplotlib=inline", "--IPKernelApp.log_level=CRITICAL"],
        )
    return data_dir


def _worker_init() -> None:
    # The parent decides what happens on Ctrl-C; SIGTERM unwinds so that
    # papermill shuts its kernel down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _raise_system_exit)


def _raise_system_exit(signum, frame):  # pragma: no cover - signal path
    raise SystemExit(128 + signum)


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _error_line(exc: BaseException) -> str:
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        message = f"{exc.ename}: {_last_line(exc.evalue)}" if exc.evalue else exc.ename
        return f"{message} (cell In [{exc.exec_count}])"
    text = _last_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _figures(nb, folder: Path, rel: str) -> list[str]:
    """Write every image/png and image/svg+xml output as figNN.png/.svg; their relative paths."""
    written: list[str] = []
    number = 0
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            data = output.get("data") or {}
            png = data.get("image/png")
            svg = data.get("image/svg+xml")
            if not png and not svg:
                continue
            number += 1
            folder.mkdir(parents=True, exist_ok=True)
            stem = f"fig{number:02d}"
            if png:
                payload = png if isinstance(png, str) else "".join(png)
                (folder / f"{stem}.png").write_bytes(base64.b64decode(payload))
                written.append(f"{rel}/{stem}.png")
            if svg:
                text = svg if isinstance(svg, str) else "".join(svg)
                (folder / f"{stem}.svg").write_text(text, encoding="utf-8")
                written.append(f"{rel}/{stem}.svg")
    return written


def _html_exporter():
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    # PNG before SVG: the page embeds compact raster charts; the SVGs sit beside it.
    config.NbConvertBase.display_data_priority = [
        "text/html",
        "text/markdown",
        "image/png",
        "image/jpeg",
        "image/svg+xml",
        "text/latex",
        "text/plain",
    ]
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = ("remove_cell", "remove-cell")
    config.TagRemovePreprocessor.remove_input_tags = ("remove_input", "remove-input")
    config.TagRemovePreprocessor.remove_all_outputs_tags = ("remove_output", "remove-output")
    return HTMLExporter(
        config=config,
        template_name=TEMPLATE_NAME,
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


def render_html(nb, header: Mapping[str, Any]) -> str:
    """The executed notebook as one self-contained HTML page, without code, under ``header``."""
    exporter = _html_exporter()
    resources = {"metadata": {"name": header.get("title", "")}, "newinfra": dict(header)}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _display_parameters(parameters: Mapping[str, Any]) -> dict[str, str]:
    return {k: json.dumps(v, ensure_ascii=False) for k, v in parameters.items()}


def _effective_parameters(notebook: Path, parameters: Mapping[str, Any]) -> dict[str, str]:
    """Every parameter the run used: the grid's values, then the notebook's own defaults."""
    shown = _display_parameters(parameters)
    try:
        import papermill

        defaults = papermill.inspect_notebook(str(notebook))
    except Exception:  # inspection is a nicety; the report stands without it
        return shown
    for name, spec in defaults.items():
        if name not in shown:
            shown[name] = f"{spec.get('default')} (notebook default)"
    return shown


def _execute_run(task: dict[str, Any]) -> dict[str, Any]:
    """Execute one notebook and write its .ipynb, .html and figures; never raises."""
    import nbformat
    import papermill

    started = time.monotonic()
    run_dir = Path(task["run_dir"])
    name = task["name"]
    result: dict[str, Any] = {
        "name": name,
        "status": "ok",
        "error": None,
        "ipynb": None,
        "html": None,
        "figures": [],
    }
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["NEWINFRA_ROOT"] = task["root"]
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in [task["jupyter_path"], os.environ.get("JUPYTER_PATH", "")] if p
    )
    # debugpy inside ipykernel otherwise warns about frozen modules on stderr.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    output = run_dir / f"{name}.ipynb"
    notebook = Path(task["notebook"])
    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=task["parameters"],
            kernel_name="python3",
            cwd=str(notebook.parent),
            progress_bar=False,
            log_output=False,
            execution_timeout=task["cell_timeout"],
        )
    except Exception as exc:
        result["status"] = "failed"
        result["error"] = _error_line(exc)
    if output.exists():
        result["ipynb"] = output.name
        try:
            nb = nbformat.read(output, as_version=4)
            result["figures"] = _figures(nb, run_dir / f"{name}_figures", f"{name}_figures")
            header = dict(task["header"])
            header.update(
                status=result["status"],
                error=result["error"],
                parameters=_effective_parameters(notebook, task["parameters"]),
            )
            page = render_html(nb, header)
            (run_dir / f"{name}.html").write_text(page, encoding="utf-8")
            result["html"] = f"{name}.html"
        except Exception as exc:
            if result["status"] == "ok":
                result["status"] = "failed"
                result["error"] = f"converting to HTML: {_error_line(exc)}"
    result["duration_s"] = round(time.monotonic() - started, 1)
    return result


def _build_workbook(task: dict[str, Any]) -> dict[str, Any]:
    """The Excel summary, as a job of its own; never raises."""
    started = time.monotonic()
    os.environ["NEWINFRA_ROOT"] = task["root"]
    result: dict[str, Any] = {"name": WORKBOOK_JOB, "status": "ok", "error": None, "xlsx": None}
    try:
        from newinfra.core import project
        from newinfra.present import workbook as excel

        with project.using_root(task["root"]):
            excel.write_summary(Path(task["run_dir"]) / WORKBOOK_NAME)
        result["xlsx"] = WORKBOOK_NAME
    except Exception as exc:
        result["status"] = "failed"
        result["error"] = _error_line(exc)
    result["duration_s"] = round(time.monotonic() - started, 1)
    return result


# -- progress -----------------------------------------------------------------------


class _Progress:
    """A tqdm bar on a terminal; one plain line per finished job otherwise (cron, CI)."""

    def __init__(self, total: int, stream=None):
        self.total = total
        self.done = 0
        self.stream = stream or sys.stderr
        self.bar = None
        if _isatty(self.stream):
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=self.stream, unit="run", desc="reports")

    def update(self, result: Mapping[str, Any]) -> None:
        self.done += 1
        status = "ok" if result["status"] == "ok" else "FAILED"
        line = (
            f"[{self.done}/{self.total}] {status} {result['name']} ({result['duration_s']:.1f} s)"
        )
        if result.get("error"):
            line += f": {result['error']}"
        if self.bar is not None:
            if result["status"] != "ok":
                self.bar.write(line, file=self.stream)
            self.bar.set_postfix_str(result["name"], refresh=False)
            self.bar.update(1)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# -- index and manifest ------------------------------------------------------------------


def _manifest(state: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The manifest with every output path relative to the folder that will hold it."""

    def rel(path: str | None) -> str | None:
        return f"{prefix}{path}" if path else None

    runs = []
    for result in state["runs"]:
        runs.append(
            {
                **{k: result[k] for k in ("name", "title", "notebook", "parameters")},
                "status": result["status"],
                "duration_s": result["duration_s"],
                "error": result["error"],
                "html": rel(result["html"]),
                "ipynb": rel(result["ipynb"]),
                "figures": [rel(f) for f in result["figures"]],
            }
        )
    workbook = state["workbook"]
    if workbook is not None:
        workbook = {**workbook, "xlsx": rel(workbook.get("xlsx"))}
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
        "status": "failed" if errors else "ok",
        "counts": {
            "ok": sum(j["status"] == "ok" for j in jobs),
            "failed": len(errors),
        },
        "sources": state["sources"],
        "runs": runs,
        "workbook": workbook,
        "errors": errors,
    }


_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2em auto;
       max-width: 1200px; padding: 0 1em; color: #1f2328; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
table { border-collapse: collapse; margin: 1em 0; width: 100%; }
th, td { border-bottom: 1px solid #d0d7de; padding: 6px 8px; text-align: left;
         vertical-align: top; font-size: 0.92em; }
th { background: #f6f8fa; }
code { font-size: 0.95em; word-break: break-all; }
.ok { color: #1a7f37; font-weight: bold; }
.failed { color: #b42318; font-weight: bold; }
.meta th { width: 12em; background: none; }
td.num { text-align: right; white-space: nowrap; }
"""


def _esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def render_index(manifest: Mapping[str, Any]) -> str:
    """index.html: every report with its parameters, status, duration and link."""
    rows = []
    for run in manifest["runs"]:
        params = (
            "<br>".join(
                f"<code>{_esc(k)} = {_esc(json.dumps(v, ensure_ascii=False))}</code>"
                for k, v in run["parameters"].items()
            )
            or "(defaults)"
        )
        links = []
        if run["html"]:
            links.append(f'<a href="{_esc(run["html"])}">report</a>')
        if run["ipynb"]:
            links.append(f'<a href="{_esc(run["ipynb"])}">notebook</a>')
        if run["figures"]:
            figures = sum(1 for f in run["figures"] if f.endswith(".png") or f.endswith(".svg"))
            first = run["figures"][0].rsplit("/", 1)[0] + "/"
            links.append(f'<a href="{_esc(first)}">figures</a> ({figures} files)')
        status = _esc(run["status"])
        error = f"<br>{_esc(run['error'])}" if run["error"] else ""
        rows.append(
            "<tr>"
            f"<td>{_esc(run['title'])}<br><code>{_esc(run['name'])}</code></td>"
            f"<td>{params}</td>"
            f'<td><span class="{status}">{status}</span>{error}</td>'
            f'<td class="num">{run["duration_s"]:.1f} s</td>'
            f"<td>{' · '.join(links) or '—'}</td>"
            "</tr>"
        )
    workbook = manifest["workbook"]
    if workbook:
        status = _esc(workbook["status"])
        link = (
            f'<a href="{_esc(workbook["xlsx"])}">{WORKBOOK_NAME}</a>'
            if workbook.get("xlsx")
            else "—"
        )
        error = f"<br>{_esc(workbook['error'])}" if workbook["error"] else ""
        rows.append(
            "<tr>"
            f"<td>Excel summary workbook<br><code>{WORKBOOK_JOB}</code></td><td>—</td>"
            f'<td><span class="{status}">{status}</span>{error}</td>'
            f'<td class="num">{workbook["duration_s"]:.1f} s</td><td>{link}</td>'
            "</tr>"
        )
    sources = "".join(
        f"<tr><td>{_esc(s['source_id'])}</td><td>{_esc(s['file'])}</td>"
        f"<td><code>{_esc(s['sha256'])}</code></td></tr>"
        for s in manifest["sources"]
    )
    counts = manifest["counts"]
    summary = f"{counts['ok']} ok, {counts['failed']} failed"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>newinfra reports {_esc(manifest["run_id"])}</title>
<style>{_INDEX_CSS}</style>
</head>
<body>
<h1>newinfra reports</h1>
<table class="meta">
<tr><th>run</th><td><code>{_esc(manifest["run_id"])}</code> ({_esc(summary)})</td></tr>
<tr><th>dataset version</th><td><code>{_esc(manifest["dataset_version"])}</code></td></tr>
<tr><th>library version</th><td><code>{_esc(manifest["library_version"])}</code></td></tr>
<tr><th>generated</th><td>{_esc(manifest["generated_at"])}</td></tr>
<tr><th>finished</th><td>{_esc(manifest["finished_at"])}</td></tr>
<tr><th>machine-readable</th><td><a href="{_esc(manifest["run_dir"])}manifest.json">manifest.json</a></td></tr>
</table>
<table>
<tr><th>report</th><th>parameters</th><th>status</th><th>duration</th><th>files</th></tr>
{"".join(rows)}
</table>
<h2>Seed documents</h2>
<table>
<tr><th>source_id</th><th>file</th><th>sha256</th></tr>
{sources}
</table>
</body>
</html>
"""


# -- publishing -----------------------------------------------------------------------------


def _stamp(now: dt.datetime, runs_dir: Path) -> str:
    base = now.strftime(STAMP_FORMAT)
    stamp, n = base, 0
    while (runs_dir / stamp).exists():
        n += 1
        stamp = f"{base}-{n}"
    return stamp


def _stamp_key(name: str) -> tuple[str, int]:
    match = STAMP_RE.match(name)
    assert match
    return match.group(1), int(match.group(2) or 0)


def dated_runs(out: str | os.PathLike) -> list[Path]:
    """The dated run folders in ``OUT/runs``, oldest first."""
    runs_dir = Path(out) / "runs"
    if not runs_dir.is_dir():
        return []
    found = [p for p in runs_dir.iterdir() if p.is_dir() and STAMP_RE.match(p.name)]
    return sorted(found, key=lambda p: _stamp_key(p.name))


def prune_runs(out: str | os.PathLike, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` dated runs (never the one ``latest`` names)."""
    if keep < 1:
        raise ParameterError("keep", keep, detail="keep at least one dated run")
    out = Path(out)
    latest = out / "latest"
    protected = latest.resolve() if latest.exists() else None
    runs = dated_runs(out)
    removed = []
    for path in runs[: max(len(runs) - keep, 0)]:
        if protected is not None and path.resolve() == protected:
            continue
        remove_tree(path)
        removed.append(path)
    return removed


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


def _publish(tmp: Path, run_dir: Path, out: Path, stamp: str, state: dict[str, Any]) -> None:
    """Move the finished run into place, then switch the top-level files to it."""
    runs_dir = out / "runs"
    runs_dir.mkdir(exist_ok=True)
    final = runs_dir / stamp
    # Everything the switch needs is prepared first: a full disk fails here,
    # before any published file has changed.
    staged = tmp / "top"
    staged.mkdir()
    top_manifest = _manifest(state, f"runs/{stamp}/")
    atomic_write_text(staged / "manifest.json", json.dumps(top_manifest, indent=2) + "\n")
    atomic_write_text(staged / "index.html", render_index(top_manifest))
    if (run_dir / WORKBOOK_NAME).exists():
        shutil.copyfile(run_dir / WORKBOOK_NAME, staged / WORKBOOK_NAME)
    _switch(run_dir, final)
    fsync_dir(runs_dir)
    order = [WORKBOOK_NAME, "manifest.json", "index.html"]
    items = [(staged / n, out / n) for n in order if (staged / n).exists()]
    items.append((_make_latest(staged, out, stamp), out / "latest"))
    backups = tmp / "previous"
    done: list[tuple[Path, Path | None]] = []
    try:
        for source, target in items:
            saved = _backup(target, backups)
            if target.is_dir() and not target.is_symlink():
                # A copied ``latest`` (no symlinks here) cannot be renamed over.
                remove_tree(target)
            _switch(source, target)
            done.append((target, saved))
        fsync_dir(out)
    except BaseException:
        for target, saved in reversed(done):
            with contextlib.suppress(OSError):
                if saved is None:
                    remove_tree(target)
                elif saved.is_dir() and not saved.is_symlink():
                    remove_tree(target)
                    os.replace(saved, target)
                else:
                    os.replace(saved, target)
        remove_tree(final)
        raise


def _clean_stale_tmp(out: Path) -> None:
    # Only called while holding the lock: any .tmp-* left is from a killed run.
    for path in out.glob(f"{TMP_PREFIX}*"):
        remove_tree(path)


@contextlib.contextmanager
def _terminate_as_exit() -> Iterator[None]:
    """Turn SIGTERM into SystemExit(143) so that clean-up code runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_system_exit)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork starts workers without re-importing the library (and keeps the caller's
    # state, which tests rely on); elsewhere fork is unsafe and spawn is used.
    method = "fork" if sys.platform == "linux" else "spawn"
    context = multiprocessing.get_context(method)
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_init)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel queued jobs and stop running ones (their kernels stop with them)."""
    processes = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=10)


def _run_jobs(
    tasks: Sequence[tuple[str, Any, dict[str, Any]]], workers: int, progress: _Progress
) -> dict[str, dict[str, Any]]:
    results: dict[str, dict[str, Any]] = {}
    pool = _pool(workers)
    try:
        pending: dict[Future, str] = {}
        started: dict[str, float] = {}
        for name, function, task in tasks:
            pending[pool.submit(function, task)] = name
            started[name] = time.monotonic()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                name = pending.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool as exc:
                    result = {
                        "name": name,
                        "status": "failed",
                        "error": f"worker process died ({exc})",
                        "duration_s": round(time.monotonic() - started[name], 1),
                    }
                except Exception as exc:
                    result = {
                        "name": name,
                        "status": "failed",
                        "error": _error_line(exc),
                        "duration_s": round(time.monotonic() - started[name], 1),
                    }
                results[name] = result
                progress.update(result)
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return results


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
        return EXIT_LOCKED
    try:
        with _terminate_as_exit():
            return _run_locked(grid, root, out, jobs, keep, __version__, corpus)
    finally:
        lock.release()


def _run_locked(grid: ReportGrid, root: Path, out: Path, jobs, keep, version, corpus) -> int:
    _clean_stale_tmp(out)
    sources = [
        {k: str(row[k]) for k in ("source_id", "file", "sha256")}
        for _, row in corpus.sources().iterrows()
    ]
    dataset_version = corpus.dataset_version()
    generated = _now()
    stamp = _stamp(generated, out / "runs")
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{stamp}-", dir=out))
    try:
        run_dir = tmp / "run"
        run_dir.mkdir()
        jupyter_path = _kernel_dir(tmp)
        header = {
            "dataset_version": dataset_version,
            "generated_at": _iso(generated),
            "sources": sources,
        }
        tasks: list[tuple[str, Any, dict[str, Any]]] = []
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
                    "parameters": _display_parameters(run.parameters),
                },
            }
            tasks.append((run.name, _execute_run, task))
        if grid.workbook:
            tasks.append(
                (WORKBOOK_JOB, _build_workbook, {"run_dir": str(run_dir), "root": str(root)})
            )
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
        if not _isatty(sys.stderr):
            print(
                f"newinfra report: {len(tasks)} job(s) on {workers} process(es) -> {out}/runs/{stamp}",
                file=sys.stderr,
                flush=True,
            )
        progress = _Progress(len(tasks))
        try:
            results = _run_jobs(tasks, workers, progress)
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
        run_manifest = _manifest(state, "")
        atomic_write_text(run_dir / "manifest.json", json.dumps(run_manifest, indent=2) + "\n")
        atomic_write_text(run_dir / "index.html", render_index(run_manifest))
        try:
            _publish(tmp, run_dir, out, stamp, state)
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
        return EXIT_FAILED if failed else EXIT_OK
    finally:
        remove_tree(tmp)


def _relative(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
