"""The exit statuses of the ``newinfra`` command, in one table.

The numbers above 2 follow BSD's sysexits.h, so schedulers and shell scripts
can tell "a report failed" from "could not write" from "try again later".
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Exit"]


class Exit(IntEnum):
    """Exit statuses of every ``newinfra`` command and of ``run_reports``."""

    #: success
    OK = 0
    #: the job ran and found problems: audit findings, a report that failed
    FAILED = 1
    #: bad input: unknown option value, missing or unreadable file
    USAGE = 2
    #: another report run holds the lock of the output folder; try again later
    LOCKED = 75
    #: interrupted with Ctrl-C
    INTERRUPTED = 130
