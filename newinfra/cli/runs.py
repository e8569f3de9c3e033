"""Commands that check or publish: audit, report, excel, docs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newinfra.core.exits import Exit


def register(sub) -> None:
    audit = sub.add_parser(
        "audit",
        help="check every data file, then prove that no figure in the seeds was skipped",
        description=(
            "Load and check every data file the library reads (the report grid too) and every "
            "reference between them, listing each problem on one line with its file, line and "
            "field. Once the data load, list every quantity mention that is neither annotated (data/annotations.csv) nor "
            "excluded (data/exclusions.csv), every annotation or exclusion that no longer matches a "
            "mention, and every digit or Chinese numeral in the seeds that lies neither in a mention "
            "nor in a span of a named rule of data/audit_rules.csv (dates, document numbers, list "
            "numbering, technology generations...). Exits 1 when anything is listed."
        ),
    )
    audit.set_defaults(handler=cmd_audit)

    report = sub.add_parser(
        "report",
        help="run the notebooks over the report grid and publish HTML reports and a workbook",
        description=(
            "Run every notebook of the report grid with papermill in parallel processes, convert each "
            "executed notebook to a self-contained HTML report without code, write reports/index.html, "
            "reports/manifest.json and the Excel summary. Everything is written to a temporary folder "
            "and moved into place when complete, so an interrupted run leaves the previous reports "
            "untouched. A lock stops two runs from overlapping (exit 75). A failed report does not "
            "stop the others; it is marked failed and the command exits 1, and a run with a failed "
            "report is kept in OUT/runs but not published unless --publish-failed is given (never "
            "when every report failed); so is a run stopped by bad data or an error, with one "
            "line saying why. The runner writes only to an empty folder or one it made "
            "(exit 73 otherwise) and touches only its own files; a full disk exits 74 with the "
            "previous reports unchanged. Safe to run from cron: progress is a bar on a terminal "
            "and plain log lines otherwise. A report whose inputs (code, installed packages, "
            "notebook, parameters, seed and data files, --as-of) are unchanged since an earlier "
            "run in which it succeeded is copied from that run, not executed (--force executes it)."
        ),
    )
    report.add_argument("--config", help="the report grid (YAML); default: data/report_grid.yaml")
    report.add_argument("--out", default="reports", help="output folder (default: reports/)")
    report.add_argument(
        "--jobs", type=int, default=None, help="parallel runs (default: the machine's cores)"
    )
    report.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="re-run this report (repeatable); the others are reused from an earlier run when "
        "their inputs are unchanged, else executed too",
    )
    report.add_argument(
        "--notebooks",
        metavar="DIR",
        help="also allow the grid's notebooks to lie in DIR (default: only the project's "
        "notebooks/ folder)",
    )
    report.add_argument(
        "--publish-failed",
        action="store_true",
        help="publish the run even if some report failed (never when every report failed)",
    )
    report.add_argument(
        "--keep",
        type=int,
        default=None,
        help="dated runs to keep in OUT/runs (default: from the config)",
    )
    report.add_argument(
        "--force",
        action="store_true",
        help="execute every report, even those whose inputs are unchanged since an earlier run",
    )
    report.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the date verdicts are computed for (default: the run's UTC date)",
    )
    report.add_argument(
        "--changes",
        action="store_true",
        help="print what changed in the data since the last published run to stdout (for a mail)",
    )
    report.set_defaults(handler=cmd_report)

    excel = sub.add_parser(
        "excel",
        help="write the Excel summary workbook",
        description=(
            "Write the Excel summary workbook (sheets README, Commitments, Targets, Comparison, "
            "Charts, Peers, Concordance, Themes, Domains, Stated, Sources) to PATH, through a temporary "
            "file renamed into place. Verdicts are computed as of "
            "--as-of, which the README sheet records. A folder that does not exist or cannot be "
            "written exits 73."
        ),
    )
    excel.add_argument("path", help="the .xlsx file to write")
    excel.add_argument(
        "--as-of",
        metavar="DATE",
        help="date of the verdicts: YYYY-MM-DD or a year YYYY (its 1 January); default: today",
    )
    excel.set_defaults(handler=cmd_excel)

    docs = sub.add_parser(
        "docs",
        help="write the data dictionary (docs/data-dictionary.md) from the schemas",
        description=(
            "Write docs/data-dictionary.md: every data file and column with its meaning, from the "
            "schemas that name the files and the column definitions of data/fields.csv. With --check, write nothing and exit 1 when the page is "
            "out of date, a module's __all__ disagrees with what it defines, or the README names "
            "a module that is not in the package. Either way, exits 1 when a data file has no "
            "schema."
        ),
    )
    docs.add_argument("--check", action="store_true", help="only check that the page is current")
    docs.set_defaults(handler=cmd_docs)


def cmd_audit(args: argparse.Namespace) -> int:
    from newinfra import audit_report

    report = audit_report()
    print(report.render())
    return Exit.OK if report.ok else Exit.FAILED


def cmd_report(args: argparse.Namespace) -> int:
    from pathlib import Path

    from newinfra.report import run_reports

    latest = Path(args.out) / "latest"
    previous = latest.resolve() if latest.exists() else None
    status = run_reports(
        config=args.config,
        out=args.out,
        jobs=args.jobs,
        only=args.only,
        keep=args.keep,
        notebooks=args.notebooks,
        publish_failed=args.publish_failed,
        force=args.force,
        as_of=args.as_of,
    )
    if args.changes:
        _print_changes(Path(args.out), previous)
    return status


def _print_changes(out, previous) -> None:
    from newinfra.present.diff_output import changes_since
    from newinfra.report.outdir import dated_runs

    runs = dated_runs(out) if out.is_dir() else []
    newest = runs[-1].resolve() if runs else None
    if newest is not None and newest != previous:
        sys.stdout.write(changes_since(previous, newest))


def cmd_excel(args: argparse.Namespace) -> int:
    from newinfra.cli.common import as_of_option
    from newinfra.present.workbook import write_summary

    path = write_summary(args.path, as_of=as_of_option(args.as_of))
    print(f"wrote {path}")
    return Exit.OK


def package_modules() -> list:
    """Every module of the package, imported: schemas live in several layers."""
    import importlib
    import pkgutil

    import newinfra

    walk = pkgutil.walk_packages(newinfra.__path__, "newinfra.")
    # A __main__ module runs the command when imported.
    names = [found.name for found in walk if not found.name.endswith(".__main__")]
    return [importlib.import_module(name) for name in names]


def _stale_code_docs(modules: list) -> list[str]:
    """``__all__`` against each module, and the README's module paths against the tree."""
    import newinfra
    from newinfra.cli import doc_checks

    package = Path(newinfra.__file__).parent
    readme = package.parent / "README.md"
    found = doc_checks.all_problems(modules)
    if readme.is_file():  # an installed package has no README beside it
        found += doc_checks.readme_problems(readme, package.parent)
    return found


def cmd_docs(args: argparse.Namespace) -> int:
    from newinfra.core import project
    from newinfra.inputs import dictionary

    modules = package_modules()
    text = dictionary.render(modules)
    path = project.root() / dictionary.DOCUMENT
    missing = dictionary.undocumented(project.root(), dictionary.documented_files(modules))
    for name in missing:
        print(f"newinfra docs: {name} has no schema naming it", file=sys.stderr)
    if args.check:
        current = dictionary.is_current(path, text)
        if not current:
            print(f"newinfra docs: {path} is out of date; run `newinfra docs`", file=sys.stderr)
        stale = _stale_code_docs(modules)
        for line in stale:
            print(f"newinfra docs: {line}", file=sys.stderr)
        return Exit.FAILED if missing or stale or not current else Exit.OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return Exit.FAILED if missing else Exit.OK
