"""report: scheduled runs of the notebooks into published HTML reports.

Owns the report grid (``grid``), notebook execution and HTML export
(``execute``), the worker pool and progress (``jobs``), the index page,
publishing and pruning of dated runs (``publish``) and the run command (``run``).
May import: every layer below it.
"""

from newinfra.report.grid import GridRun, ReportGrid, load_grid
from newinfra.report.publish import dated_runs, prune_runs, render_index
from newinfra.report.run import run_reports

__all__ = [
    "GridRun",
    "ReportGrid",
    "dated_runs",
    "load_grid",
    "prune_runs",
    "render_index",
    "run_reports",
]
