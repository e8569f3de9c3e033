"""One line that says why a report job failed, for the progress output and the run details."""

from __future__ import annotations

__all__ = ["error_line"]


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def error_line(exc: BaseException) -> str:
    """Why a job failed, in one line: the exception's type and the last line of its message.

    A notebook's error names the cell it stopped in.
    """
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        message = f"{exc.ename}: {_last_line(exc.evalue)}" if exc.evalue else exc.ename
        return f"{message} (cell In [{exc.exec_count}])"
    text = _last_line(str(exc))
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
