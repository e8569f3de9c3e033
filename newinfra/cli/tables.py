"""Commands that print tables: extract, targets, commitments, compare, peers."""

from __future__ import annotations

import argparse
import sys

from newinfra.cli.common import (
    add_format,
    as_of_option,
    ids_option,
    print_table,
    read_user_text,
    years_option,
)
from newinfra.core.exits import Exit


def register(sub) -> None:
    extract = sub.add_parser(
        "extract",
        help="print every quantity in a UTF-8 text file",
        description=(
            "Print every quantity mention in any English or Chinese UTF-8 text file: start, end "
            "(character offsets), text as written, value, value_high, unit, comparator, conversion_of."
        ),
    )
    extract.add_argument("path", help="a UTF-8 text file")
    add_format(extract, raw=True)
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
    add_format(targets, raw=True)
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
    add_format(commitments, raw=True)
    commitments.set_defaults(handler=cmd_commitments)

    compare = sub.add_parser(
        "compare",
        help="print linked metrics across each place's plans, with multiples and verdicts",
        description=(
            "Print the comparison: each target against the previous plan of its jurisdiction's "
            "series (multiple, growth or difference by the metric's nature), reported status, "
            "and the verdict as of a date (met early, met, reached later, on a related measure, "
            "not met, not reported, pending), with the status deciding it."
        ),
    )
    compare.add_argument("--metrics", help="metric or family ids, comma-separated")
    compare.add_argument("--domain", help="only families with a figure in this domain")
    compare.add_argument("--horizons", help="target years to keep, comma-separated (default: all)")
    compare.add_argument("--jurisdiction", help="only these places, comma-separated")
    compare.add_argument(
        "--as-of",
        help="date of the verdicts: YYYY-MM-DD or a year YYYY (its 1 January); default: today",
    )
    add_format(compare, raw=True)
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
    add_format(peers, raw=True)
    peers.set_defaults(handler=cmd_peers)


def cmd_extract(args: argparse.Namespace) -> int:
    from newinfra.text.quantities import extract_quantities

    print_table(extract_quantities(read_user_text(args.path)), args.format, args.raw)
    return Exit.OK


def cmd_targets(args: argparse.Namespace) -> int:
    from newinfra.ledger.targets import targets

    table = targets(
        plan=args.plan, domain=args.domain, kind=args.kind, include_pending=args.include_pending
    )
    print_table(table, args.format, args.raw)
    return Exit.OK


def cmd_commitments(args: argparse.Namespace) -> int:
    from newinfra.ledger.targets import commitments

    table = commitments(
        plan=ids_option(args.plan),
        jurisdiction=ids_option(args.jurisdiction),
        domain=ids_option(args.domain),
    )
    print_table(table, args.format, args.raw)
    return Exit.OK


def cmd_compare(args: argparse.Namespace) -> int:
    from newinfra.analysis.comparison import compare

    table = compare(
        metrics=ids_option(args.metrics),
        domain=args.domain,
        horizons=years_option("horizons", args.horizons),
        jurisdiction=ids_option(args.jurisdiction),
        as_of=as_of_option(args.as_of),
    )
    print_table(table, args.format, args.raw)
    if table.attrs.get("empty"):
        print(f"newinfra compare: no rows: {table.attrs['empty']}", file=sys.stderr)
    return Exit.OK


def cmd_peers(args: argparse.Namespace) -> int:
    from newinfra.analysis.peers import peers

    table = peers(family=ids_option(args.family), horizon=years_option("horizon", args.horizon))
    print_table(table, args.format, args.raw)
    if table.attrs.get("left_out"):
        print(f"newinfra peers: {table.attrs['left_out']}", file=sys.stderr)
    return Exit.OK
