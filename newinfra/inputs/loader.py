"""The one way a data file is read: decoded, parsed and validated on load.

Every curated file passes through here: the CSV tables of ``data/``, the
seeds' manifest and the YAML configuration. Text is UTF-8; a byte-order mark
is dropped and Windows or old Mac line ends read as ``\\n``, so a file saved
by a spreadsheet or checked out with ``autocrlf`` reads like the original.

Errors are one line per problem and name the file, the line (as an editor
shows it: the header is line 1) and the field, so a reviewer can go straight
to the broken cell. pandera and PyYAML are imported only when a file is read.
"""

from __future__ import annotations

import ast
import codecs
import csv
import functools
import hashlib
import io
import math
import re
from pathlib import Path

import pandas as pd

from newinfra.core.errors import DataFileError

__all__ = [
    "capped",
    "decode_utf8",
    "line_of",
    "min_rows",
    "read_csv",
    "read_csv_data",
    "read_data",
    "read_text",
    "validate",
]

# Cell text that marks a byte the UTF-8 decoder had to replace.
_REPLACED = "\ufffd"


def line_of(index: int) -> int:
    """The file line of a row read by :func:`read_csv` (rows are indexed by line - 2)."""
    return int(index) + 2


class _NotUtf8(Exception):
    def __init__(self, line: int, column: int, byte: int, reason: str):
        super().__init__(f"line {line}, column {column}")
        self.line, self.column, self.byte, self.reason = line, column, byte, reason

    def describe(self, path: Path | str, field: str | None = None) -> str:
        where = f"line {self.line}" + (f", field {field!r}" if field else f", column {self.column}")
        return (
            f"{path}: {where}: byte 0x{self.byte:02x} is not UTF-8 text ({self.reason}); "
            "save the file as UTF-8"
        )


def _decode(data: bytes) -> str:
    """UTF-8 text, or _NotUtf8 locating the first bad byte by line and column."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        raise _NotUtf8(
            data.count(b"\n", 0, exc.start) + 1,
            exc.start - line_start + 1,
            data[exc.start],
            exc.reason,
        ) from None


def decode_utf8(data: bytes, path: Path | str, error: type[Exception] = DataFileError) -> str:
    """``data`` as UTF-8 text exactly as stored; a bad byte raises ``error`` naming its line."""
    try:
        return _decode(data)
    except _NotUtf8 as exc:
        raise error(exc.describe(path)) from None


def _read_bytes(path: Path) -> bytes:
    if not path.exists():
        raise DataFileError(f"{path}: file not found")
    if not path.is_file():
        raise DataFileError(f"{path}: is not a file")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot be read ({exc.strerror})") from None


def _normalise(data: bytes) -> bytes:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def read_text(path: Path | str) -> str:
    """A data file's text: UTF-8, without a byte-order mark, lines ending in ``\\n``."""
    path = Path(path)
    return decode_utf8(_normalise(_read_bytes(path)), path)


# --------------------------------------------------------------------------
# CSV


def _quote_opening(text: str, first_line: int) -> int:
    """The line where the quoted field the CSV reader stopped at opens.

    Scans from ``first_line`` (where the broken record starts) as the reader
    does: a field that starts with a quote runs to the next lone quote (``""``
    is a quote inside it), which must end the field. The last field opened
    before the text goes wrong is the one whose quote is unmatched.
    """
    position = sum(len(line) + 1 for line in text.split("\n")[: first_line - 1])
    line, opened, quoted, field_start = first_line, first_line, False, True
    while position < len(text):
        char = text[position]
        if quoted and char == '"':
            if text.startswith('""', position):
                position += 2
                continue
            quoted = False
            if text[position + 1 : position + 2] not in (",", "\n", ""):
                return opened
        elif not quoted and char == '"' and field_start:
            quoted, opened = True, line
        if char == "\n":
            line += 1
        field_start = not quoted and char in ",\n"
        position += 1
    return opened


def _records(text: str, path: Path) -> tuple[list[str], list[list[str]], list[int]]:
    """The header, the rows, and the line each row starts on (blank lines skipped)."""
    # strict: a quote that does not end its field is an error, not text run on to the end.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    rows, lines = [], []
    next_line = 1
    try:
        for fields in reader:
            start, next_line = next_line, reader.line_num + 1
            if not fields:
                continue
            if header is None:
                header = fields
            else:
                rows.append(fields)
                lines.append(start)
    except csv.Error:
        raise DataFileError(
            f'{path}: line {_quote_opening(text, next_line)}: a quote (") opens a field '
            "and is not closed where the field ends; end the field with a quote and write a "
            'quote inside it as two ("")'
        ) from None
    if header is None:
        raise DataFileError(f"{path}: empty file; expected a header line naming the columns")
    return header, rows, lines


def _frame(header: list[str], rows: list[list[str]], lines: list[int], path: Path) -> pd.DataFrame:
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise DataFileError(f"{path}: line 1: column {repeated[0]!r} appears more than once")
    width = len(header)
    cells = []
    for fields, line in zip(rows, lines, strict=True):
        if len(fields) > width:
            raise DataFileError(
                f"{path}: line {line}: {len(fields)} fields, but the header names {width} columns"
            )
        # An empty cell is a missing value; a row cut short (trailing empty cells dropped
        # by an editor) reads as empty cells.
        cells.append([cell or None for cell in fields] + [None] * (width - len(fields)))
    consecutive = lines == list(range(2, len(lines) + 2))
    index = pd.RangeIndex(len(lines)) if consecutive else pd.Index([n - 2 for n in lines])
    return pd.DataFrame(cells, columns=header, index=index, dtype=object)


def _field_with_bad_byte(data: bytes, path: Path, line: int) -> str | None:
    """The column holding the first undecodable byte, read from a lenient decoding."""
    text = _normalise(data).decode("utf-8", errors="replace")
    try:
        header, rows, lines = _records(text, path)
    except DataFileError:
        return None
    candidates = [header] + [r for r, start in zip(rows, lines, strict=True) if start <= line]
    for name, cell in zip(header, candidates[-1], strict=False):
        if _REPLACED in cell:
            return name
    return None


def min_rows(model) -> int:
    """The fewest data rows a file of ``model`` may hold (Config.metadata ``min_rows``)."""
    metadata = getattr(model.__config__, "metadata", None) or {}
    return int(metadata.get("min_rows", 0))


def read_data(path: Path | str) -> bytes:
    """A data file's bytes as :func:`read_csv` reads them (no byte-order mark, ``\n`` line ends)."""
    return _normalise(_read_bytes(Path(path)))


def read_csv(path: Path | str, model) -> pd.DataFrame:
    """Read a curated CSV as text, turn empty cells into missing values, and validate it.

    Rows are indexed by their line in the file minus two, so :func:`line_of`
    names the right line even below a cell that spans several lines.
    """
    return read_csv_data(read_data(path), path, model)


def read_csv_data(data: bytes, path: Path | str, model) -> pd.DataFrame:
    """:func:`read_csv` of bytes already read by :func:`read_data` from ``path``."""
    path = Path(path)
    key = (hashlib.sha256(data).digest(), model)
    if key in _validated:
        return _validated[key].copy()
    frame = _validated_frame(data, path, model)
    if len(_validated) >= _VALIDATED_KEPT:
        del _validated[next(iter(_validated))]  # the oldest first
    _validated[key] = frame.copy()
    return frame


# Validated tables by (bytes, model), in memory: a command that reads a project twice
# (add-plan: before and after staging its rows) validates each unchanged file once.
# Bytes that failed are not kept, so their error is raised again, naming the file read.
_validated: dict[tuple[bytes, type], pd.DataFrame] = {}
_VALIDATED_KEPT = 64


def _validated_frame(data: bytes, path: Path, model) -> pd.DataFrame:
    try:
        text = _decode(data)
    except _NotUtf8 as exc:
        raise DataFileError(
            exc.describe(path, _field_with_bad_byte(data, path, exc.line))
        ) from None
    header, rows, lines = _records(text, path)
    frame = _frame(header, rows, lines, path)
    least = min_rows(model)
    if len(frame) < least:
        raise DataFileError(
            f"{path}: line 2: no data rows, only a header; the file must list at least {least}"
        )
    return validate(frame, model, path)


# --------------------------------------------------------------------------
# Validation


_INTEGER = re.compile(r"\s*[+-]?\d+\s*")


def _number_kind(dtype) -> str | None:
    """'a whole number' or 'a number' for numeric columns of a schema, else None."""
    try:
        resolved = pd.api.types.pandas_dtype(str(dtype))
    except TypeError:
        return None
    if pd.api.types.is_bool_dtype(resolved):
        return None
    if pd.api.types.is_integer_dtype(resolved):
        return "a whole number"
    if pd.api.types.is_float_dtype(resolved):
        return "a number"
    return None


@functools.cache  # a model's columns are fixed when its class is defined
def _numeric_columns(model) -> tuple[tuple[str, str], ...]:
    """(name, kind) of each numeric column of ``model``, in its order."""
    kinds = (
        (name, _number_kind(column.dtype)) for name, column in model.to_schema().columns.items()
    )
    return tuple((name, kind) for name, kind in kinds if kind is not None)


def _is_number(value: str, kind: str) -> bool:
    if kind == "a whole number":
        # Digits alone are the common case; str.isdecimal() is exactly the \d of a str pattern.
        return value.isdecimal() or _INTEGER.fullmatch(value) is not None
    try:
        return math.isfinite(float(value))
    except ValueError:
        return False


def _all_numbers(column, kind: str) -> bool:
    """Whether every text cell of ``column`` is ``kind``, each distinct text checked once."""
    if not isinstance(column, pd.Series):
        return False  # columns of one name: the cell by cell reading says what it finds
    texts = {value for value in column.tolist() if isinstance(value, str)}
    return all(_is_number(value, kind) for value in texts)


def _check_numbers(frame: pd.DataFrame, model, path: Path) -> None:
    """Raise one line for the first cell of a numeric column that is not a number."""
    numeric = [(name, kind) for name, kind in _numeric_columns(model) if name in frame.columns]
    # Each distinct text once; only a file with a bad cell is read cell by cell, to name it.
    if all(_all_numbers(frame[name], kind) for name, kind in numeric):
        return
    bad = []
    for name, kind in numeric:
        for index, value in frame[name].items():
            if isinstance(value, str) and not _is_number(value, kind):
                bad.append((line_of(index), name, value, kind))
    if bad:
        line, name, value, kind = min(bad)
        more = f" (and {len(bad) - 1} more such cells)" if len(bad) > 1 else ""
        raise DataFileError(f"{path}: line {line}, field {name!r}: {value!r} is not {kind}{more}")


def _describe_failures(path: Path, errors, limit: int = 20) -> str:
    cases = errors.failure_cases
    lines: list[str] = []
    for case in cases.itertuples(index=False):
        check = str(case.check)
        # A cell that cannot take its type also fails the checks run on that type; its
        # own failure is the one to read.
        if check.startswith("dtype(") or str(case.failure_case).startswith("TypeError("):
            continue
        column = case.column if isinstance(case.column, str) else ""
        index = case.index
        where = f"line {line_of(index)}" if index is not None and not pd.isna(index) else "header"
        if case.schema_context == "DataFrameSchema" and where != "header":
            # A check of the whole row fails once per column; it is one problem of the row.
            line = f"{path}: {where}: {check}"
        elif check.startswith("column_in_dataframe"):
            line = f"{path}: missing column {case.failure_case!r}"
        elif check.startswith("column_in_schema"):
            line = f"{path}: unexpected column {case.failure_case!r}"
        elif check == "not_nullable":
            line = f"{path}: {where}, field {column!r}: must not be empty"
        elif check.startswith("isin("):
            choices = ", ".join(str(c) for c in ast.literal_eval(check[len("isin(") : -1]))
            line = (
                f"{path}: {where}, field {column!r}: {case.failure_case!r} is not allowed; "
                f"valid choices: {choices}"
            )
        elif check.startswith("must "):  # a check of the project's own, worded as a rule
            line = f"{path}: {where}, field {column!r}: {case.failure_case!r}: {check}"
        else:
            line = f"{path}: {where}, field {column!r}: value {case.failure_case!r} fails {check}"
        if line not in lines:
            lines.append(line)
    return capped(lines, limit)


def validate(frame: pd.DataFrame, model, path: Path | str) -> pd.DataFrame:
    """Validate ``frame`` against ``model``; raise DataFileError naming file, line and field."""
    path = Path(path)
    columns = model.to_schema().columns
    expected = list(columns)
    undeclared = [c for c in frame.columns if c not in columns]
    if undeclared:
        raise DataFileError(
            f"{path}: line 1: undeclared column(s) {', '.join(map(repr, undeclared))}; "
            f"the declared columns are: {', '.join(expected)}"
        )
    missing = [c for c in expected if c not in frame.columns and columns[c].required]
    if missing:
        raise DataFileError(
            f"{path}: missing column(s) {', '.join(missing)}; expected columns: {', '.join(expected)}"
        )
    _check_numbers(frame, model, path)
    import pandera.pandas as pa

    try:
        return model.validate(frame[[c for c in expected if c in frame.columns]], lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataFileError(_describe_failures(path, exc)) from None


def capped(lines: list[str], limit: int = 20) -> str:
    """The lines, one per problem, the first ``limit`` of them and how many more there are."""
    shown = lines[:limit]
    if len(lines) > limit:
        shown.append(f"... and {len(lines) - limit} more problems")
    return "\n".join(shown)
