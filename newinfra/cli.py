"""The ``newinfra`` command: extract, targets, audit, report, excel, docs, add-plan, accept, sections.

Exit statuses are listed in ``newinfra.core.exits.Exit``: 0 success; 1 the job
ran and found problems (audit findings, failed report runs); 2 bad input
(unknown option value, missing or unreadable file); 75 another report run holds
the lock (try again later).
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
        epilog="Exit status: 0 ok, 1 problems found, 2 bad input, 75 another report run is active.",
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
    targets.add_argument(
        "--include-pending",
        action="store_true",
        help="also rows suggested by add-plan and not yet accepted",
    )
    _add_format(targets)
    targets.set_defaults(handler=cmd_targets)

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
            "untouched. A lock stops two runs from overlapping (exit 75). A failed run does not stop "
            "the others; it is marked failed in the index and the command exits 1. Safe to run from "
            "cron: progress is a bar on a terminal and plain log lines otherwise."
        ),
    )
    report.add_argument("--config", help="the report grid (YAML); default: data/report_grid.yaml")
    report.add_argument("--out", default="reports", help="output folder (default: reports/)")
    report.add_argument(
        "--jobs", type=int, default=None, help="parallel runs (default: the machine's cores)"
    )
    report.add_argument(
        "--only", action="append", metavar="NAME", help="run only this report (repeatable)"
    )
    report.add_argument(
        "--keep",
        type=int,
        default=None,
        help="dated runs to keep in OUT/runs (default: from the config)",
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
    _add_plan_parsers(sub)
    return parser


def _add_plan_parsers(sub) -> None:
    add = sub.add_parser(
        "add-plan",
        help="add a plan's text with suggested annotations to review",
        description=(
            "Copy TEXT into seeds/, write its manifest row (with sha256), its plans row and, for a "
            "new place, its jurisdictions row; read its structure (the default section rules of "
            "its language) and suggest a row of data/annotations.csv or data/exclusions.csv for "
            "every quantity (metric, kind, horizon year, basis, commitment, domain, a draft "
            "English gloss for Chinese text; a new metric where the catalogue has none), and "
            "task and crosswalk rows from its headings. Every suggested row is marked "
            "review=pending: it stays out of ni.targets() and the audit lists it until "
            "`newinfra accept PLAN_ID`. Nothing is written unless every file loads."
        ),
    )
    add.add_argument("text", help="the plan's text, UTF-8")
    add.add_argument("--plan-id", required=True, help="new plan id, e.g. lanxi-2024-2027")
    add.add_argument("--jurisdiction", required=True, help="place id, e.g. shanghai")
    add.add_argument("--jurisdiction-name", default="", help="name of a new place")
    add.add_argument("--level", default="", help="level of a new place: city, district...")
    add.add_argument("--parent", default="", help="the place a new place belongs to")
    add.add_argument("--period", required=True, help="plan period, e.g. 2024-2027")
    add.add_argument("--language", required=True, help="en, zh-Hans or zh-Hant")
    add.add_argument("--doc-type", default="plan_text", help="plan_text (default), translation...")
    add.add_argument("--published", required=True, help="publication date, YYYY-MM-DD")
    add.add_argument("--title-en", required=True, help="English title")
    add.add_argument("--title-zh", default="", help="Chinese title")
    add.add_argument("--publisher", default="", help="who published the text")
    add.add_argument("--url", default="", help="address of the original")
    add.add_argument("--source-id", default="", help="source id (default: PLAN_ID-en or -zh)")
    add.set_defaults(handler=cmd_add_plan)

    accept = sub.add_parser(
        "accept",
        help="mark a plan's suggested rows as reviewed",
        description=(
            "Clear review=pending on every row of the plan in data/annotations.csv, "
            "exclusions.csv, tasks.csv, crosswalk.csv and the new metrics it uses: your word that "
            "you read them. Refuses (exit 2) while a row from Chinese text has no gloss_en."
        ),
    )
    accept.add_argument("plan_id", help="the plan, e.g. lanxi-2024-2027")
    accept.set_defaults(handler=cmd_accept)

    sections = sub.add_parser(
        "sections",
        help="print every section reference of a source with its heading",
        description=(
            "Print every section of a seed: ref (as tasks.csv and crosswalk.csv cite it), kind, "
            "heading, path, start and end offsets."
        ),
    )
    sections.add_argument("source_id", help="a source id of seeds/manifest.csv")
    _add_format(sections)
    sections.set_defaults(handler=cmd_sections)


def cmd_add_plan(args: argparse.Namespace) -> int:
    from newinfra.ledger.addplan import NewPlan, add_plan

    _read_user_text(args.text)  # one-line errors for a missing, binary or non-UTF-8 file
    plan = NewPlan(
        text=args.text,
        plan_id=args.plan_id,
        jurisdiction=args.jurisdiction,
        period=args.period,
        language=args.language,
        published=args.published,
        title_en=args.title_en,
        doc_type=args.doc_type,
        title_zh=args.title_zh,
        publisher=args.publisher,
        url=args.url,
        source_id=args.source_id,
        jurisdiction_name=args.jurisdiction_name,
        level=args.level,
        parent=args.parent,
    )
    counts = add_plan(plan, Path(args.text).read_bytes())
    for name, count in counts.items():
        print(f"{name}: {count} row(s) added")
    print(
        f"Review the rows marked pending (newinfra audit lists them), then "
        f"`newinfra accept {args.plan_id}`."
    )
    return Exit.OK


def cmd_accept(args: argparse.Namespace) -> int:
    from newinfra.ledger.review import accept

    counts = accept(args.plan_id)
    for name, count in counts.items():
        print(f"{name}: {count} row(s) accepted")
    return Exit.OK


def cmd_sections(args: argparse.Namespace) -> int:
    from newinfra.inputs import corpus
    from newinfra.inputs.section_rules import document_sections

    record = corpus.source_record(args.source_id)
    text = corpus.source_text(args.source_id)
    table = document_sections(args.source_id, text, record["language"])
    table = table.rename(columns={"label": "heading"})
    _print_table(table[["ref", "kind", "heading", "path", "start", "end"]], args.format)
    return Exit.OK


def cmd_targets(args: argparse.Namespace) -> int:
    from newinfra.ledger.targets import targets

    table = targets(
        plan=args.plan, domain=args.domain, kind=args.kind, include_pending=args.include_pending
    )
    _print_table(table, args.format)
    return Exit.OK


def cmd_audit(args: argparse.Namespace) -> int:
    from newinfra.ledger.audit import run

    report = run()
    print(report.render())
    return Exit.OK if report.ok else Exit.FAILED


def cmd_report(args: argparse.Namespace) -> int:
    from newinfra.report import run_reports

    return run_reports(
        config=args.config, out=args.out, jobs=args.jobs, only=args.only, keep=args.keep
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
        return Exit.USAGE
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return Exit.OK
    except KeyboardInterrupt:
        print(f"newinfra {args.command}: interrupted", file=sys.stderr)
        return Exit.INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
