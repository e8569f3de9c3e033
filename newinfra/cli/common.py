"""Pieces every ``newinfra`` command shares: the one-line error, table output, options."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from newinfra.core.dates import as_of_date
from newinfra.core.exits import Exit


class CommandError(Exception):
    """A one-line message for the user; the command exits with ``status``."""

    def __init__(self, message: str, status: int = Exit.USAGE):
        super().__init__(message)
        self.status = status


def print_table(frame, fmt: str, raw: bool = False) -> None:
    """``frame`` as JSON records or as CSV, its formula-like text inert unless ``raw``."""
    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    elif raw:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        from newinfra.present.spreadsheet_text import spreadsheet_csv

        spreadsheet_csv(frame, sys.stdout, lineterminator="\n")


def read_user_text(path_arg: str) -> str:
    path = Path(path_arg)
    try:
        if not path.exists():
            raise CommandError(f"{path}: no such file")
        if path.is_dir():
            raise CommandError(f"{path}: is a directory, expected a UTF-8 text file")
        data = path.read_bytes()
    except OSError as exc:  # no permission, a name too long: bad input, not a failed write
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise CommandError(f"{path}: looks binary (contains NUL bytes), expected a UTF-8 text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(
            f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start}); convert it to UTF-8 first"
        ) from None


def add_format(parser: argparse.ArgumentParser, *, raw: bool = False) -> None:
    """``--format`` (csv or json) and, with ``raw``, ``--raw`` for CSV text as it is."""
    parser.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="output format (default: csv)"
    )
    if raw:
        parser.add_argument(
            "--raw",
            action="store_true",
            help="write CSV text cells exactly as they are; by default a text cell that starts "
            "with =, +, -, @, a tab or a carriage return gets a leading ' so that a spreadsheet "
            "shows it as text instead of running it as a formula (numbers are never changed)",
        )


def ids_option(value: str | None) -> list[str] | None:
    """A comma-separated option as a list (None when not given).

    An option given but naming nothing (``""``, ``",,,"``) is kept as its text,
    one unknown value that the library refuses naming the parameter and listing
    the valid choices: an empty filter never means "everything".
    """
    if value is None:
        return None
    items = [v.strip() for v in value.split(",") if v.strip()]
    return items or [value]


def years_option(option: str, value: str | None) -> list | None:
    """A comma-separated list of years (None when not given; empty as in :func:`ids_option`)."""
    items = ids_option(value)
    if items is None:
        return None
    if items == [value] and not value.strip(" ,"):  # names nothing: the library refuses it
        return items
    if not all(v.isdigit() for v in items):
        raise CommandError(f"--{option}: {value!r} is not a list of years such as 2022,2026")
    return [int(v) for v in items]


def as_of_option(value: str | None) -> dt.date | None:
    """``--as-of`` read as the library reads it (a date or a year); None for today (UTC)."""
    return None if value is None else as_of_date(value, "--as-of")
