"""Checks of data/section_rules.csv that read the file alone: each row, and the rows together.

Each raises one line naming the file, the line and the field.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import line_of

__all__ = ["check_rules"]


def check_rules(frame: pd.DataFrame, path: Path, languages: tuple[str, ...]) -> None:
    """Owners, patterns and format strings of each rule; scopes, repeats and default rules."""
    for index, row in frame.iterrows():
        _check_owner(row, index, path)
        _check_regex(row, index, path, "pattern")
        _check_regex(row, index, path, "within")
        _check_format(row, index, path, "ref")
        _check_format(row, index, path, "label_format")
    _check_scopes(frame, path)
    _check_repeats(frame, path)
    for code in languages:
        if not (frame["language"] == code).any():
            raise DataFileError(
                f"{path}: no default rules for language {code!r} (rows with language {code} "
                "serve every document without rules of its own)"
            )


def _fail(path: Path, index: int, field: str, problem: str) -> DataFileError:
    return DataFileError(f"{path}: line {line_of(index)}, field {field!r}: {problem}")


def _check_owner(row: pd.Series, index: int, path: Path) -> None:
    if pd.isna(row["source_id"]) == pd.isna(row["language"]):
        raise _fail(
            path, index, "source_id", "give either a source_id or a language (for defaults)"
        )


def _check_regex(row: pd.Series, index: int, path: Path, field: str) -> None:
    value = row[field]
    if pd.isna(value):
        return
    try:
        re.compile(value, re.MULTILINE)
    except re.error as exc:
        raise _fail(
            path, index, field, f"{value!r} is not a valid regular expression ({exc})"
        ) from None


def _check_format(row: pd.Series, index: int, path: Path, field: str) -> None:
    value = row[field]
    if pd.isna(value):
        return
    try:
        value.format(n=1)
    except (KeyError, IndexError, ValueError) as exc:
        raise _fail(
            path, index, field, f"{value!r} is not a format string with {{n}} ({exc!r})"
        ) from None


def _check_scopes(frame: pd.DataFrame, path: Path) -> None:
    """A scope names the parent or a kind of the same rule set."""
    owners = frame["source_id"].fillna("language:" + frame["language"].fillna(""))
    for owner, rows in frame.groupby(owners, sort=False):
        kinds = set(rows["kind"])
        for index, scope in rows["scope"].dropna().items():
            if scope != "parent" and scope not in kinds:
                raise _fail(
                    path,
                    index,
                    "scope",
                    f"unknown scope {scope!r} for {owner}; valid choices: parent, "
                    + ", ".join(sorted(kinds)),
                )


def _check_repeats(frame: pd.DataFrame, path: Path) -> None:
    """A rule given twice for one document (or language) is a slip, not a priority."""
    rule = [c for c in frame.columns if c != "note"]
    first_line: dict[tuple, int] = {}
    problems = []
    for index, values in zip(frame.index, frame[rule].itertuples(index=False), strict=True):
        key = tuple("" if pd.isna(v) else v for v in values)
        if key in first_line:
            problems.append(
                f"{path}: line {line_of(index)}, field 'pattern': repeats line {first_line[key]} "
                "(the same rule for the same document or language); remove one"
            )
        else:
            first_line[key] = line_of(index)
    if problems:
        raise DataFileError("\n".join(problems))
