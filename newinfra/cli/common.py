"""Pieces every ``newinfra`` command shares: the one-line error, table output, options."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newinfra.core.exits import Exit


class CommandError(Exception):
    """A one-line message for the user; the command exits with ``status``."""

    def __init__(self, message: str, status: int = Exit.USAGE):
        super().__init__(message)
        self.status = status


def print_table(frame, fmt: str) -> None:
    if fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", force_ascii=False, indent=1))
        sys.stdout.write("\n")
    else:
        frame.to_csv(sys.stdout, index=False, lineterminator="\n")


def read_user_text(path_arg: str) -> str:
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


def add_format(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format", choices=["csv", "json"], default="csv", help="output format (default: csv)"
    )


def ids_option(value: str | None) -> list[str] | None:
    """A comma-separated option as a list (None when not given)."""
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def years_option(option: str, value: str | None) -> list[int] | None:
    items = ids_option(value)
    if items is None:
        return None
    if not all(v.isdigit() for v in items):
        raise CommandError(f"--{option}: {value!r} is not a list of years such as 2022,2026")
    return [int(v) for v in items]
