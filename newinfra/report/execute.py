"""Executing one report in a worker process: kernel, papermill run, figures, HTML page.

Each job runs the notebook with papermill in the notebook's own folder, on a
kernel that uses this interpreter (``MPLBACKEND=Agg``), writes the executed
notebook, its figures as PNG and SVG, and a self-contained HTML page without
code. Job functions never raise: a failure is a :class:`JobResult` with
``status`` "failed" and a one-line ``error``.
"""

from __future__ import annotations

import base64
import errno
import functools
import json
import os
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newinfra.report.failure import error_line
from newinfra.report.grid import WORKBOOK_NAME
from newinfra.report.job_types import Job, JobResult, NotebookJob, WorkbookJob

__all__ = [
    "build_workbook",
    "display_parameters",
    "execute_run",
    "kernel_dir",
    "render_html",
    "run_job",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "newinfra_report"
KERNEL_LAUNCHER = Path(__file__).resolve().parent / "kernel_launcher.py"
# A job that failed on these could not write its files: the run exits 74, not 1.
IO_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EFBIG}
# Jupyter picks a kernel's ports before the kernel binds them, so two kernels
# starting at once can pick the same port and one dies before its first reply
# (nbclient's words below). No cell has run then: starting again is safe.
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond in")
KERNEL_START_ATTEMPTS = 3


def kernel_dir(base: Path) -> Path:
    """A Jupyter data dir whose ``python3`` kernel is this interpreter.

    Put first on JUPYTER_PATH it takes precedence over any user or system
    ``python3`` kernelspec that might point at another Python. The kernel is
    started through ``kernel_launcher.py``, so it dies with its worker.
    """
    from ipykernel.kernelspec import write_kernel_spec

    data_dir = base / "jupyter"
    spec = data_dir / "kernels" / "python3"
    if not spec.exists():
        spec.parent.mkdir(parents=True, exist_ok=True)
        argv = [sys.executable, str(KERNEL_LAUNCHER), "-f", "{connection_file}"]
        # MPLBACKEND=Agg keeps everything headless, but would also stop charts from
        # being captured as outputs; --matplotlib=inline selects the inline backend
        # (Agg rendering, no display) for the kernel itself.
        # Kernel log lines would otherwise reach cron mail: start-up warnings, and
        # "KeyboardInterrupt caught in kernel" from the interrupt jupyter_client
        # sends before every shutdown. Cell errors are recorded in the executed
        # notebook either way.
        argv += ["--matplotlib=inline", "--IPKernelApp.log_level=CRITICAL"]
        write_kernel_spec(path=str(spec), overrides={"argv": argv})
    return data_dir


def _is_io_error(exc: BaseException) -> bool:
    from newinfra.core.exits import Exit, OutputError

    if isinstance(exc, OutputError):
        return exc.status == Exit.IOERR
    return isinstance(exc, OSError) and exc.errno in IO_ERRNOS


def _fail(result: JobResult, exc: BaseException, doing: str = "") -> None:
    """Mark ``result`` failed with a one-line error, unless it already failed."""
    result.failed(f"{doing}{error_line(exc)}", io_error=_is_io_error(exc))


def _figures(nb, folder: Path, rel: str) -> list[str]:
    """Write every chart output as figNN.png/.svg/.csv (its plotted data); their relative paths."""
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
            csv = data.get("text/csv")
            if csv:
                # The plotted data of the chart, beside its images.
                text = csv if isinstance(csv, str) else "".join(csv)
                (folder / f"{stem}.csv").write_text(text, encoding="utf-8")
                written.append(f"{rel}/{stem}.csv")
    return written


@functools.cache
def _html_exporter():
    # One per worker process: loading and compiling the templates costs more
    # than converting a notebook.
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
    from newinfra.present.citation import page_citation

    info = dict(header)
    if header.get("dataset_version"):
        info["cite"] = page_citation(
            str(header.get("title", "")), header["dataset_version"], header.get("generated_at", "")
        )
    resources = {"metadata": {"name": header.get("title", "")}, "newinfra": info}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def display_parameters(parameters: Mapping[str, Any]) -> dict[str, str]:
    return {k: json.dumps(v, ensure_ascii=False) for k, v in parameters.items()}


def _effective_parameters(notebook: Path, parameters: Mapping[str, Any]) -> dict[str, str]:
    """Every parameter the run used: the grid's values, then the notebook's own defaults."""
    shown = display_parameters(parameters)
    try:
        import papermill

        defaults = papermill.inspect_notebook(str(notebook))
    except Exception:  # inspection is a nicety; the report stands without it
        return shown
    for name, spec in defaults.items():
        if name not in shown:
            shown[name] = f"{spec.get('default')} (notebook default)"
    return shown


def _is_kernel_start_failure(exc: BaseException) -> bool:
    return isinstance(exc, RuntimeError) and str(exc).startswith(KERNEL_START_FAILURES)


def _execute_notebook(notebook: Path, output: Path, job: NotebookJob) -> None:
    """Run the notebook with papermill; start the kernel again when it died before any cell ran."""
    import papermill

    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=job.parameters,
                kernel_name="python3",
                cwd=str(notebook.parent),
                progress_bar=False,
                log_output=False,
                # Written once at the end (or at the failing cell) rather than twice
                # per cell: each write serialises and validates the whole notebook.
                request_save_on_cell_execute=False,
                execution_timeout=job.cell_timeout,
            )
            return
        except RuntimeError as exc:
            if attempt == KERNEL_START_ATTEMPTS or not _is_kernel_start_failure(exc):
                raise
            time.sleep(0.2 * attempt)


def run_job(job: Job) -> JobResult:
    """Run one job in this (worker) process; never raises."""
    return execute_run(job) if isinstance(job, NotebookJob) else build_workbook(job)


def execute_run(job: NotebookJob) -> JobResult:
    """Execute one notebook and write its .ipynb, .html and figures; never raises."""
    import nbformat

    started = time.monotonic()
    run_dir = Path(job.run_dir)
    name = job.name
    result = JobResult(name)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["NEWINFRA_ROOT"] = job.root
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in [job.jupyter_path, os.environ.get("JUPYTER_PATH", "")] if p
    )
    # debugpy inside ipykernel otherwise warns about frozen modules on stderr.
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    output = run_dir / f"{name}.ipynb"
    notebook = Path(job.notebook)
    try:
        _execute_notebook(notebook, output, job)
    except Exception as exc:
        _fail(result, exc)
    if output.exists():
        result.ipynb = output.name
        try:
            nb = nbformat.read(output, as_version=4)
            result.figures = _figures(nb, run_dir / f"{name}_figures", f"{name}_figures")
            header = dict(job.header)
            header.update(
                status=result.status,
                error=result.error,
                parameters=_effective_parameters(notebook, job.parameters),
            )
            page = render_html(nb, header)
            (run_dir / f"{name}.html").write_text(page, encoding="utf-8")
            result.html = f"{name}.html"
        except Exception as exc:
            _fail(result, exc, "converting to HTML: ")
    result.duration_s = round(time.monotonic() - started, 1)
    return result


def build_workbook(job: WorkbookJob) -> JobResult:
    """The Excel summary as of the run's ``as_of``, as a job of its own; never raises."""
    started = time.monotonic()
    os.environ["NEWINFRA_ROOT"] = job.root
    result = JobResult(job.name)
    try:
        from newinfra.core import project
        from newinfra.present.workbook.summary import write_summary

        with project.using_root(job.root):
            write_summary(Path(job.run_dir) / WORKBOOK_NAME, as_of=job.as_of)
        result.xlsx = WORKBOOK_NAME
    except Exception as exc:
        _fail(result, exc)
    result.duration_s = round(time.monotonic() - started, 1)
    return result
