"""report: scheduled runs of the notebooks into published HTML reports.

Owns the report grid (``grid``), notebook execution and HTML export
(``execute``, with ``kernel_launcher`` so kernels die with their worker), the
worker pool and progress (``jobs``), a failed job's one-line error
(``failure``), the output folder's
markers, dated runs and pruning (``outdir``), the index page and publishing
(``publish``), reusing reports whose inputs are unchanged, with or without
``--only`` (``reuse``), the pages, landing content and data
package written beside the reports (``run_pages``), what a run will do (``run_plan``)
and the run command (``run``).
May import: every layer below it.
"""

from newinfra.report.grid import GridRun, ReportGrid, load_grid
from newinfra.report.outdir import dated_runs, newest_good_run, prune_runs
from newinfra.report.publish import render_index, render_run_details
from newinfra.report.run import run_reports

__all__ = [
    "GridRun",
    "ReportGrid",
    "dated_runs",
    "load_grid",
    "newest_good_run",
    "prune_runs",
    "render_index",
    "render_run_details",
    "run_reports",
]
