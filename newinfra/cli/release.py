"""Commands for the data release: export, cite, diff."""

from __future__ import annotations

import argparse
import sys

from newinfra.cli.common import as_of_option
from newinfra.core.exits import Exit


def register(sub) -> None:
    export = sub.add_parser(
        "export",
        help="write every table as a Frictionless data package (CSV and Parquet)",
        description=(
            "Write DIR/datapackage.json and each table (targets, commitments, compare, scorecard, "
            "peers, plans, jurisdictions, sources, metrics, domains, and families where the "
            "project has them) as CSV (UTF-8) and Parquet. datapackage.json names the dataset "
            "version, licence, citation and sources, and describes every column: type, unit, "
            "meaning, primary and foreign keys. The folder is written under a temporary name and "
            "renamed into place; DIR must be new, empty, or an earlier export (exit 73 otherwise)."
        ),
    )
    export.add_argument("dir", metavar="DIR", help="the folder to write")
    export.add_argument(
        "--as-of",
        metavar="DATE",
        help="the date verdicts are computed for: YYYY-MM-DD or a year (its 1 January); "
        "default: today's UTC date",
    )
    export.set_defaults(handler=cmd_export)

    cite = sub.add_parser(
        "cite",
        help="print how to cite the dataset, or one figure",
        description=(
            "Print the dataset's citation (title, version, date, sources); with TARGET_ID, the "
            "citation of that figure: publisher, title, document number, date, section, quote, "
            "and the dataset version it was read from."
        ),
    )
    cite.add_argument("target_id", nargs="?", metavar="TARGET_ID", help="a figure's target_id")
    cite.set_defaults(handler=cmd_cite)

    diff = sub.add_parser(
        "diff",
        help="list what changed between two data releases",
        description=(
            "Compare two data packages (folders written by `newinfra export`, or report runs, "
            "whose data/ folder is read): per table the rows added, removed and changed, matched "
            "by primary key, with old and new values, and the verdicts that changed."
        ),
    )
    diff.add_argument("old", metavar="OLD", help="the earlier release (folder)")
    diff.add_argument("new", metavar="NEW", help="the later release (folder)")
    diff.add_argument(
        "--format",
        choices=["text", "csv", "json"],
        default="text",
        help="output format (default: text)",
    )
    diff.set_defaults(handler=cmd_diff)


def cmd_export(args: argparse.Namespace) -> int:
    import json

    from newinfra.present.release import write_release
    from newinfra.present.release_schema import DESCRIPTOR

    folder = write_release(args.dir, as_of=as_of_option(args.as_of))
    descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    tables = ", ".join(r["name"] for r in descriptor["resources"])
    print(
        f"newinfra export: dataset {descriptor['version']} (verdicts as of {descriptor['as_of']}): "
        f"{tables} -> {folder / DESCRIPTOR}",
        file=sys.stderr,
    )
    return Exit.OK


def cmd_cite(args: argparse.Namespace) -> int:
    from newinfra.present.citation import dataset_citation, figure_citation

    print(figure_citation(args.target_id) if args.target_id else dataset_citation())
    return Exit.OK


def cmd_diff(args: argparse.Namespace) -> int:
    from newinfra.present.diff_output import render
    from newinfra.present.diffs import diff_releases

    sys.stdout.write(render(diff_releases(args.old, args.new), args.format))
    return Exit.OK
