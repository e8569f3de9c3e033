"""Checks across the rows of a loaded data file: repeated keys, unknown ids, patterns.

Each raises one line per problem, naming file, line and field (with the valid
choices where there are some); :class:`Problems` gathers the problems of many
checks so that one pass reports them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import capped, line_of

__all__ = ["Problems", "check_known", "check_patterns", "check_unique", "compile_pattern"]


def check_unique(frame: pd.DataFrame, columns: Iterable[str], path: Path | str) -> None:
    """Raise one line per repeated key, naming the lines that repeat it."""
    columns = list(columns)
    repeated = frame[frame.duplicated(columns, keep=False)]
    if repeated.empty:
        return
    problems = []
    for _, group in repeated.groupby(columns, dropna=False, sort=False):
        lines = ", ".join(str(line_of(i)) for i in group.index[:10])
        key = [v.item() if hasattr(v, "item") else v for v in group.iloc[0][columns]]
        problems.append(f"{path}: duplicate key ({', '.join(columns)}) = {key} on lines {lines}")
    raise DataFileError(capped(problems))


def check_known(
    frame: pd.DataFrame,
    column: str,
    valid: Iterable[str],
    path: Path | str,
    what: str | None = None,
) -> None:
    """Raise one line per row whose ``column`` is not among ``valid``, with the valid choices."""
    valid = sorted(set(valid))
    allowed = set(valid)
    # Plain values, not pandas' own isin: a long plan's files are checked many times over.
    cells = frame[column]
    unknown = [
        (index, value)
        for index, value, present in zip(
            cells.index, cells.tolist(), cells.notna().tolist(), strict=True
        )
        if present and value not in allowed
    ]
    if unknown:
        shown = ", ".join(valid)
        raise DataFileError(
            capped(
                [
                    f"{path}: line {line_of(index)}, field {column!r}: unknown {what or column} "
                    f"{value!r}; valid choices: {shown}"
                    for index, value in unknown
                ]
            )
        )


def compile_pattern(pattern: str, path: Path | str, line: int, field: str) -> re.Pattern:
    """A regular expression from a data file, compiled.

    One that does not compile, or that matches the empty string (and so would
    match everywhere), raises naming file, line and field.
    """
    try:
        compiled = re.compile(pattern)
    except re.error as exc:
        raise DataFileError(
            f"{path}: line {line}, field {field!r}: {pattern!r} is not a valid "
            f"regular expression ({exc})"
        ) from None
    if compiled.search(""):
        raise DataFileError(
            f"{path}: line {line}, field {field!r}: {pattern!r} matches the empty "
            "string, so it would match everywhere"
        )
    return compiled


def check_patterns(frame: pd.DataFrame, columns: Iterable[str], path: Path | str) -> None:
    """Every non-empty cell of ``columns`` must be a usable regular expression."""
    for column in columns:
        for index, pattern in frame[column].dropna().items():
            compile_pattern(pattern, path, line_of(index), column)


class Problems:
    """Problems of data files gathered, so that one pass reports them all.

    Each check runs inside :meth:`check`; a DataFileError it raises is kept
    (one problem per line of its message, each once) and the next check runs.
    :meth:`raise_any` then raises them together, one line each.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, message: str) -> None:
        for line in message.splitlines():
            if line not in self.lines:
                self.lines.append(line)

    @contextmanager
    def check(self):
        try:
            yield
        except DataFileError as exc:
            self.add(str(exc))

    def raise_any(self) -> None:
        if self.lines:
            raise DataFileError("\n".join(self.lines))
