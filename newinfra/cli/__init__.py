"""The ``newinfra`` command: extract, targets, commitments, compare, peers, audit, report, excel,
docs, add-plan, accept, sections, export, cite, diff.

Exit statuses are listed in ``newinfra.core.exits.Exit``: 0 success; 1 the job
ran and found problems (audit findings, failed report runs); 2 bad input
(unknown option value, missing or unreadable file); 73 the output cannot be
created there; 74 writing the output failed (a full disk); 75 another report
run, add-plan or accept holds the lock (try again later).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from newinfra.cli import plans, release, runs, tables
from newinfra.cli.common import CommandError
from newinfra.core.exits import Exit

__all__ = ["CommandError", "build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newinfra",
        description=(
            "Shanghai's digital-infrastructure plans (2011-2013, 2020-2022, 2023-2026) as tidy, "
            "sourced targets. Every figure carries its source, offsets and verbatim quote."
        ),
        epilog=(
            "Exit status: 0 ok, 1 problems found, 2 bad input, 73 cannot create the output, "
            "74 cannot write the output (disk full), 75 another run holds the lock."
        ),
    )
    from newinfra.core.version import __version__

    parser.add_argument("--version", action="version", version=f"newinfra {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    tables.register(sub)
    runs.register(sub)
    plans.register(sub)
    release.register(sub)
    return parser


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
