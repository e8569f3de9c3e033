"""The ``newinfra`` command: extract, targets, commitments, compare, peers, audit, report, excel, docs.

Exit statuses are listed in ``newinfra.core.exits.Exit``: 0 success; 1 the job
ran and found problems (audit findings, failed report runs); 2 bad input
(unknown option value, missing or unreadable file); 73 the output cannot be
created there; 74 writing the output failed (a full disk); 75 another report
run holds the lock (try again later).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from newinfra.core.exits import Exit


class CommandError(Exception):
    """A one-line message for the user; the command exits with ``status``."""

    def __init__(self, message: str, status: int = Exit.USAGE):
        super().__init__(message)
        self.status = status


def _print_table(frame, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def _read_user_text(path_arg: str) -> str:
    path = Path(path_arg)
    if not path.exists():
        raise CommandError(f"{path}: no such file")
    if path.is_dir():
        raise CommandError(f"{path}: is a directory, expected a UTF-8 text file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror})") from None
    if b"\x00" in data:
        raise CommandError(f"{path}: looks binary (contains NUL bytes), expected a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8 first"
        ) from None


def cmd_extract(args: argparse.Namespace) -> int:
    from newinfra.text.quantities import extract_quantities

    _print_table(extract_quantities(_read_user_text(args.path)), args.format)
    return Exit.OK


def _add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="output format (default: csv)"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newinfra",
        description=(
            "Shanghai's digital-infrastructure plans (2011-2013, 2020-2022, 2023-2026) as tidy, "
            "sourced targets. Every figure carries its source, offsets and verbatim quote."
        ),
        epilog=(
            "Exit status: 0 ok, 1 problems found, 2 bad input, 73 cannot create the output, "
            "74 cannot write the output (disk full), 75 another report run is active."
        ),
    )
    from newinfra.core.version import __version__

    parser.add_argument("--version", action="version", version=f"newinfra {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    extract = sub.add_parser(
        "extract",
        help="print every quantity in a UTF-8 text file",
        description=(
            "Print every quantity mention in any English or Chinese UTF-8 text file: start, end "
            "(character offsets), text as written, value, value_high, unit, comparator, conversion_of."
        ),
    )
    extract.add_argument("path", help="a UTF-8 text file")
    _add_format(extract)
    extract.set_defaults(handler=cmd_extract)

    targets = sub.add_parser(
        "targets",
        help="print the ledger of targets, baselines, budgets and structure figures",
        description=(
            "Print the ledger: one row per figure with its plan, horizon year, kind, domain, metric, "
            "value, unit, comparator, basis, commitment and its evidence (source id, offsets, quote, "
            "sentence, English gloss). Filters combine; an unknown value exits 2 listing the valid ones."
        ),
    )
    targets.add_argument("--plan", help="only this plan (e.g. newinfra-2023-2026)")
    targets.add_argument("--domain", help="only this harmonised domain (e.g. network)")
    targets.add_argument("--kind", help="only this kind: target, baseline, budget or structure")
    _add_format(targets)
    targets.set_defaults(handler=cmd_targets)

    commitments = sub.add_parser(
        "commitments",
        help="print one row per commitment, with all its mentions",
        description=(
            "Print the commitments: one row per figure a plan commits to or reports, however often "
            "its documents state it, with the firmest wording, every wording used, the number of "
            "mentions, their target ids and the primary quote. Filters take one id or several "
            "(comma-separated); an unknown value exits 2 listing the valid ones."
        ),
    )
    commitments.add_argument("--plan", help="only these plans (e.g. newinfra-2023-2026)")
    commitments.add_argument("--jurisdiction", help="only these places (e.g. shanghai)")
    commitments.add_argument("--domain", help="only these harmonised domains (e.g. network)")
    _add_format(commitments)
    commitments.set_defaults(handler=cmd_commitments)

    compare = sub.add_parser(
        "compare",
        help="print linked metrics across each place's plans, with multiples and verdicts",
        description=(
            "Print the comparison: each target against the previous plan of its jurisdiction's "
            "series (multiple, growth or difference by the metric's nature), reported status, "
            "and the verdict as of a date (met, met early, not met, not reported, pending)."
        ),
    )
    compare.add_argument("--metrics", help="metric or family ids, comma-separated")
    compare.add_argument("--domain", help="only families with a figure in this domain")
    compare.add_argument("--horizons", help="target years to keep, comma-separated (default: all)")
    compare.add_argument("--jurisdiction", help="only these places, comma-separated")
    compare.add_argument("--as-of", help="date of the verdicts, YYYY-MM-DD (default: today)")
    _add_format(compare)
    compare.set_defaults(handler=cmd_compare)

    peers = sub.add_parser(
        "peers",
        help="print a metric family side by side across jurisdictions",
        description=(
            "Print the same metric family across places, never joined by multiples or growth; a "
            "district's row carries its parent's figure and its share of it."
        ),
    )
    peers.add_argument("--family", help="metric families, comma-separated (default: shared ones)")
    peers.add_argument("--horizon", help="target years to keep, comma-separated")
    _add_format(peers)
    peers.set_defaults(handler=cmd_peers)

    audit = sub.add_parser(
        "audit",
        help="prove that no figure in the seeds was skipped",
        description=(
            "List every quantity mention that is neither annotated (data/annotations.csv) nor "
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
            "when every report failed). The runner writes only to an empty folder or one it made "
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
        help="re-run only this report (repeatable); the others are carried over from the newest "
        "run in which every report succeeded",
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
    report.set_defaults(handler=cmd_report)

    excel = sub.add_parser(
        "excel",
        help="write the Excel summary workbook",
        description=(
            "Write the Excel summary workbook (README, Targets, Comparison, Domains, Sources sheets) "
            "to PATH, through a temporary file renamed into place."
        ),
    )
    excel.add_argument("path", help="the .xlsx file to write")
    excel.set_defaults(handler=cmd_excel)

    docs = sub.add_parser(
        "docs",
        help="write the data dictionary (docs/data-dictionary.md) from the schemas",
        description=(
            "Write docs/data-dictionary.md: every data file and column with its meaning, from the "
            "schemas that name the files. With --check, write nothing and exit 1 when the page is "
            "out of date. Either way, exits 1 when a data file has no schema."
        ),
    )
    docs.add_argument("--check", action="store_true", help="only check that the page is current")
    docs.set_defaults(handler=cmd_docs)
    return parser


def cmd_targets(args: argparse.Namespace) -> int:
    from newinfra.ledger.targets import targets

    _print_table(targets(plan=args.plan, domain=args.domain, kind=args.kind), args.format)
    return Exit.OK


def _ids(value: str | None) -> list[str] | None:
    """A comma-separated option as a list (None when not given)."""
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _years(option: str, value: str | None) -> list[int] | None:
    items = _ids(value)
    if items is None:
        return None
    if not all(v.isdigit() for v in items):
        raise CommandError(f"--{option}: {value!r} is not a list of years such as 2022,2026")
    return [int(v) for v in items]


def cmd_commitments(args: argparse.Namespace) -> int:
    from newinfra.ledger.targets import commitments

    table = commitments(
        plan=_ids(args.plan), jurisdiction=_ids(args.jurisdiction), domain=_ids(args.domain)
    )
    _print_table(table, args.format)
    return Exit.OK


def cmd_compare(args: argparse.Namespace) -> int:
    from newinfra.analysis.comparison import compare

    table = compare(
        metrics=_ids(args.metrics),
        domain=args.domain,
        horizons=_years("horizons", args.horizons),
        jurisdiction=_ids(args.jurisdiction),
        as_of=args.as_of,
    )
    _print_table(table, args.format)
    return Exit.OK


def cmd_peers(args: argparse.Namespace) -> int:
    from newinfra.analysis.peers import peers

    _print_table(
        peers(family=_ids(args.family), horizon=_years("horizon", args.horizon)), args.format
    )
    return Exit.OK


def cmd_audit(args: argparse.Namespace) -> int:
    from newinfra.ledger.audit import run

    report = run()
    print(report.render())
    return Exit.OK if report.ok else Exit.FAILED


def cmd_report(args: argparse.Namespace) -> int:
    from newinfra.report import run_reports

    return run_reports(
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


def cmd_excel(args: argparse.Namespace) -> int:
    from newinfra.present.workbook import write_summary

    path = write_summary(args.path)
    print(f"wrote {path}")
    return Exit.OK


def package_modules() -> list:
    """Every module of the package, imported: schemas live in several layers."""
    import importlib
    import pkgutil

    import newinfra

    walk = pkgutil.walk_packages(newinfra.__path__, "newinfra.")
    return [importlib.import_module(found.name) for found in walk]


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
        return Exit.FAILED if missing or not current else Exit.OK
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    print(f"wrote {path}")
    return Exit.FAILED if missing else Exit.OK


def main(argv: Sequence[str] | None = None) -> int:
    from newinfra.core.errors import NewinfraError

    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return Exit.USAGE
    try:
        return int(args.handler(args) or Exit.OK)
    except CommandError as exc:
        print(f"newinfra {args.command}: {exc}", file=sys.stderr)
        return exc.status
    except NewinfraError as exc:
        print(f"newinfra {args.command}: {exc}", file=sys.stderr)
        return getattr(exc, "status", Exit.USAGE)
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
    except OSError as exc:
        # Failures to write are turned into OutputError where they happen; this keeps
        # any other one to a line too.
        print(f"newinfra {args.command}: {exc}".replace("\n", " "), file=sys.stderr)
        return Exit.IOERR
    except KeyboardInterrupt:
        print(f"newinfra {args.command}: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
