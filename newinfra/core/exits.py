"""The exit statuses of the ``newinfra`` command, in one table.

The numbers above 2 follow BSD's sysexits.h, so schedulers and shell scripts
can tell "a report failed" from "could not write" from "try again later".
"""

from __future__ import annotations

import errno
import shutil
from enum import IntEnum

from newinfra.core.errors import NewinfraError

__all__ = ["Exit", "OutputError", "output_error"]


class Exit(IntEnum):
    """Exit statuses of every ``newinfra`` command and of ``run_reports``."""

    #: success
    OK = 0
    #: the job ran and found problems: audit findings, a report that failed
    FAILED = 1
    #: bad input: unknown option value, missing or unreadable file
    USAGE = 2
    #: the output cannot be created there (EX_CANTCREAT): not writable, not ours
    CANTCREAT = 73
    #: writing the output failed part way (EX_IOERR): a full disk, an I/O error
    IOERR = 74
    #: another report run holds the lock of the output folder, or another add-plan or
    #: accept the lock of the project; try again later
    LOCKED = 75
    #: interrupted with Ctrl-C
    INTERRUPTED = 130


class OutputError(NewinfraError):
    """Output could not be created (73) or written (74); the message is one line."""

    def __init__(self, message: str, status: Exit = Exit.IOERR):
        super().__init__(message)
        self.status = status


# The place is wrong (permissions, read-only, a file where a folder should be):
# choosing another output fixes it. Anything else is the device failing.
_CANNOT_CREATE = {
    errno.EACCES,
    errno.EPERM,
    errno.EROFS,
    errno.ENOENT,
    errno.ENOTDIR,
    errno.EISDIR,
    errno.EEXIST,
    errno.ENAMETOOLONG,
}


def _reason(exc: OSError) -> str:
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        # copytree gathers (source, target, reason) for every file it could not copy
        first = exc.args[0][0] if exc.args[0] else ()
        return str(first[-1]) if first else "copy failed"
    return exc.strerror or str(exc) or type(exc).__name__


def output_error(exc: OSError, what: str, after: str = "") -> OutputError:
    """``what: reason[; after]`` as an OutputError with the status the errno calls for."""
    status = Exit.CANTCREAT if exc.errno in _CANNOT_CREATE else Exit.IOERR
    message = f"{what} ({_reason(exc)})"
    return OutputError(f"{message}; {after}" if after else message, status)
