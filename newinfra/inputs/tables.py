"""Reading curated CSV files and validating them against their pandera models.

pandera is imported only when a file is validated. Errors name the file, the line (as a spreadsheet or editor shows it: the header
is line 1) and the field, so a reviewer can go straight to the broken cell.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from newinfra.core.errors import DataFileError


def line_of(index: int) -> int:
    """The file line of a row read from a CSV with a one-line header."""
    return int(index) + 2


def _describe_failures(path: Path, errors, limit: int = 20) -> str:
    cases = errors.failure_cases
    lines = []
    for case in cases.head(limit).itertuples(index=False):
        column = case.column if isinstance(case.column, str) else ""
        index = case.index
        where = f"line {line_of(index)}" if index is not None and not pd.isna(index) else "header"
        check = str(case.check)
        if check.startswith("column_in_dataframe"):
            lines.append(f"{path}: missing column {case.failure_case!r}")
        elif check.startswith("column_in_schema"):
            lines.append(f"{path}: unexpected column {case.failure_case!r}")
        else:
            lines.append(
                f"{path}: {where}, field {column!r}: value {case.failure_case!r} fails {check}"
            )
    if len(cases) > limit:
        lines.append(f"... and {len(cases) - limit} more problems")
    return "\n".join(lines)


def validate(frame: pd.DataFrame, model, path: Path | str) -> pd.DataFrame:
    """Validate ``frame`` against ``model``; raise DataFileError naming file, line and field."""
    path = Path(path)
    expected = list(model.to_schema().columns)
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise DataFileError(
            f"{path}: missing column(s) {', '.join(missing)}; expected columns: {', '.join(expected)}"
        )
    import pandera.pandas as pa

    try:
        return model.validate(frame[expected], lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataFileError(_describe_failures(path, exc)) from None


def read_csv(path: Path | str, model) -> pd.DataFrame:
    """Read a curated CSV as text, turn empty cells into missing values, and validate it."""
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"{path}: file not found")
    try:
        raw = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        frame = pd.read_csv(io.StringIO(raw), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise DataFileError(f"{path}: cannot be read as CSV: {exc}") from None
    frame = frame.replace({"": None})
    return validate(frame, model, path)


def check_unique(frame: pd.DataFrame, columns: Iterable[str], path: Path | str) -> None:
    """Raise naming the lines that repeat a key."""
    columns = list(columns)
    repeated = frame[frame.duplicated(columns, keep=False)]
    if not repeated.empty:
        lines = ", ".join(str(line_of(i)) for i in repeated.index[:10])
        key = [v.item() if hasattr(v, "item") else v for v in repeated.iloc[0][columns]]
        raise DataFileError(
            f"{path}: duplicate key ({', '.join(columns)}) = {key} on lines {lines}"
        )


def check_known(
    frame: pd.DataFrame,
    column: str,
    valid: Iterable[str],
    path: Path | str,
    what: str | None = None,
) -> None:
    """Raise naming the first line whose ``column`` is not among ``valid``."""
    valid = sorted(set(valid))
    present = frame[column].dropna()
    unknown = present[~present.isin(valid)]
    if not unknown.empty:
        index = unknown.index[0]
        shown = ", ".join(valid)
        raise DataFileError(
            f"{path}: line {line_of(index)}, field {column!r}: unknown {what or column} "
            f"{unknown.iloc[0]!r}; valid choices: {shown}"
        )
