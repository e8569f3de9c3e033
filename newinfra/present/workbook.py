"""The Excel summary workbook: a README sheet, then one formatted table per sheet.

>>> from newinfra.present.workbook import write_summary
>>> write_summary("newinfra_summary.xlsx")     # README, Targets, Comparison, Domains, Sources

Every table sheet has a bold frozen header, an autofilter, widths from its
content, thousands separators on quantities (not on years or offsets) and
wrapped long text. Text that a spreadsheet would read as a formula (``=``,
``+``, ``-``, ``@``...) is stored as a plain string and flagged with Excel's
quote prefix, so it is shown as written and never evaluated.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from newinfra.analysis.comparison import compare
from newinfra.analysis.profiles import domain_profile
from newinfra.core.atomic import atomic_path, check_writable_dir
from newinfra.core.display import display_width, is_year_like
from newinfra.core.errors import ParameterError
from newinfra.core.exits import output_error
from newinfra.core.version import __version__
from newinfra.inputs import corpus
from newinfra.ledger.targets import targets
from newinfra.present.columns import column_definitions

__all__ = ["write_summary", "write_workbook", "column_definitions", "SUMMARY_SHEETS"]

SUMMARY_SHEETS = ["README", "Targets", "Comparison", "Domains", "Sources"]

# Leading characters that make Excel, LibreOffice or Google Sheets treat typed
# text as a formula (OWASP "CSV injection"); tab and CR hide such a prefix.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

WRAP_COLUMNS = {"quote", "sentence", "gloss_en", "note", "definition", "title"}
MAX_WIDTH = 60
MIN_WIDTH = 6
EXCEL_MAX_TEXT = 32_767
INTEGER_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.0##"
PLAIN_INTEGER_FORMAT = "0"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_TITLE_FONT = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

# -- cell values -------------------------------------------------------------


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes)) else False
    except (TypeError, ValueError):
        return False


def _clean_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text


def _set_text(cell, text: str) -> None:
    """Write ``text`` as a literal string, never as a formula."""
    text = _clean_text(text)
    cell.value = text
    if text.startswith(FORMULA_TRIGGERS):
        # openpyxl turns any string starting with "=" into a formula; forcing the
        # type back to "s" stores it as an inline string. quotePrefix is Excel's
        # own "typed with a leading apostrophe" flag: shown as written, and still
        # text after the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True


def _write_value(cell, value: Any) -> None:
    if _is_missing(value):
        return
    if isinstance(value, str):
        _set_text(cell, value)
    elif pd.api.types.is_bool(value):
        cell.value = bool(value)
    elif pd.api.types.is_integer(value):
        cell.value = int(value)
    elif pd.api.types.is_float(value):
        number = float(value)
        if math.isinf(number):
            _set_text(cell, "inf" if number > 0 else "-inf")
        else:
            cell.value = number
    elif isinstance(value, pd.Timestamp):
        cell.value = (
            value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
        )
    elif isinstance(value, (dt.datetime, dt.date)):
        cell.value = value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
    elif isinstance(value, (list, tuple, dict, set)):
        _set_text(
            cell,
            json.dumps(
                value if not isinstance(value, set) else sorted(value),
                ensure_ascii=False,
                default=str,
            ),
        )
    else:
        _set_text(cell, str(value))


def _number_format(column: str, value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return PLAIN_INTEGER_FORMAT if is_year_like(column) else INTEGER_FORMAT
    if isinstance(value, float):
        if is_year_like(column):
            return PLAIN_INTEGER_FORMAT
        return INTEGER_FORMAT if value.is_integer() else FLOAT_FORMAT
    if isinstance(value, dt.datetime):
        return (
            DATETIME_FORMAT
            if (value.hour, value.minute, value.second) != (0, 0, 0)
            else DATE_FORMAT
        )
    if isinstance(value, dt.date):
        return DATE_FORMAT
    return None


def _text_width(value: Any) -> int:
    if _is_missing(value):
        return 0
    if isinstance(value, float):
        text = f"{value:,.3f}".rstrip("0").rstrip(".")
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    elif isinstance(value, (dt.datetime, pd.Timestamp)):
        text = "2000-01-01 00:00:00"
    elif isinstance(value, dt.date):
        text = "2000-01-01"
    else:
        text = str(value)
    # The widest line counts: wrapped or multi-line text does not need more.
    return max((display_width(line) for line in text.splitlines() or [""]), default=0)


# -- sheets ----------------------------------------------------------------------


def _check_sheet_name(name: str, names: Iterable[str]) -> None:
    if not isinstance(name, str) or not name.strip():
        raise ParameterError("sheets", name, detail="sheet names must be non-empty text")
    if len(name) > 31 or INVALID_SHEET_CHARS.search(name):
        raise ParameterError(
            "sheets",
            name,
            detail="Excel sheet names have at most 31 characters and none of [ ] : * ? / \\",
        )
    if name.lower() in {n.lower() for n in names}:
        raise ParameterError("sheets", name, detail="duplicate sheet name (Excel ignores case)")


def _write_table(ws: Worksheet, frame: pd.DataFrame) -> None:
    frame = frame.reset_index(drop=True)
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        raise ParameterError("sheets", ws.title, detail=f"duplicate column names {dupes}")
    widths = [display_width(c) for c in columns]
    wrap = [
        c.lower() in WRAP_COLUMNS and not pd.api.types.is_numeric_dtype(frame[c]) for c in columns
    ]
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        _set_text(cell, name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, value in enumerate(row, start=1):
            if _is_missing(value):
                continue
            cell = ws.cell(row=i, column=j)
            _write_value(cell, value)
            fmt = _number_format(columns[j - 1], cell.value)
            if fmt and cell.data_type == "n":
                cell.number_format = fmt
            width = _text_width(value)
            if width > MAX_WIDTH and isinstance(cell.value, str):
                wrap[j - 1] = True
            widths[j - 1] = max(widths[j - 1], width)
    for j, width in enumerate(widths, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), MAX_WIDTH)
        if wrap[j - 1]:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = _WRAP
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"


ReadmeItem = str | tuple[str, Any]


def _write_readme(
    ws: Worksheet,
    readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None,
    sheets: Mapping[str, pd.DataFrame],
    column_docs: Mapping[str, str],
) -> None:
    """README: title, free text and (label, value) rows, small tables, then column definitions."""
    if readme is None:
        items: list[ReadmeItem] = []
    elif isinstance(readme, str):
        items = [readme]
    elif isinstance(readme, Mapping):
        items = list(readme.items())
    else:
        items = list(readme)
    row = 1
    label_width = 12
    value_width = 40

    def put(r: int, c: int, value: Any, *, bold: bool = False, wrap: bool = False):
        cell = ws.cell(row=r, column=c)
        _write_value(cell, value)
        if cell.data_type == "n" and isinstance(cell.value, int | float):
            cell.number_format = _number_format("", cell.value) or "General"
        if bold:
            cell.font = _HEADER_FONT
        cell.alignment = _WRAP if wrap else _TOP
        return cell

    for index, item in enumerate(items):
        if isinstance(item, str):
            # Unwrapped on purpose: a line of text overflows into the empty cells beside it.
            cell = put(row, 1, item)
            if index == 0:
                cell.font = _TITLE_FONT
            row += 1
            continue
        label, value = item
        if isinstance(value, pd.DataFrame):
            row += 1
            put(row, 1, label, bold=True)
            row += 1
            table = value.reset_index(drop=True)
            for j, name in enumerate(table.columns, start=1):
                cell = put(row, j, str(name), bold=True)
                cell.fill = _HEADER_FILL
            for values in table.itertuples(index=False, name=None):
                row += 1
                for j, cell_value in enumerate(values, start=1):
                    put(row, j, cell_value)
            row += 2
            continue
        put(row, 1, label, bold=True)
        put(row, 2, value, wrap=True)
        label_width = max(label_width, display_width(str(label)))
        value_width = max(value_width, min(_text_width(value), MAX_WIDTH * 2))
        row += 1

    used = [c for frame in sheets.values() for c in frame.columns]
    ordered = list(dict.fromkeys(str(c) for c in used))
    if ordered:
        row += 1
        put(row, 1, "Column definitions", bold=True)
        row += 1
        for j, name in enumerate(["sheet", "column", "definition"], start=1):
            cell = put(row, j, name, bold=True)
            cell.fill = _HEADER_FILL
        for name in ordered:
            row += 1
            where = ", ".join(s for s, f in sheets.items() if name in [str(c) for c in f.columns])
            put(row, 1, where)
            put(row, 2, name)
            put(row, 3, column_docs.get(name, ""), wrap=True)
    ws.column_dimensions["A"].width = min(max(label_width + 2, 18), MAX_WIDTH)
    ws.column_dimensions["B"].width = min(max(value_width, 24), MAX_WIDTH * 2)
    ws.column_dimensions["C"].width = MAX_WIDTH
    ws.column_dimensions["D"].width = 24


def _check_xlsx_path(path: str | os.PathLike) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ParameterError(
            "path", str(target), [".xlsx"], detail="the workbook file name must end in .xlsx"
        )
    check_writable_dir(target)
    return target


def write_workbook(
    path: str | os.PathLike,
    sheets: Mapping[str, pd.DataFrame],
    readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None = None,
    column_docs: Mapping[str, str] | None = None,
) -> Path:
    """Write a README sheet and one formatted table per ``sheets`` entry to ``path`` (.xlsx).

    ``readme`` lists what the README sheet shows, top to bottom: a str is a line
    of text (the first is the title), a ``(label, value)`` pair a labelled row,
    and a ``(heading, DataFrame)`` pair a small table. A "Column definitions"
    table follows, with every column of every sheet and its entry in
    ``column_docs``. The file is written to a temporary name and renamed into
    place, so an existing workbook is replaced only by a complete one.
    """
    target = _check_xlsx_path(path)
    names: list[str] = ["README"]
    for name, frame in sheets.items():
        _check_sheet_name(name, names)
        if not isinstance(frame, pd.DataFrame):
            raise ParameterError(
                "sheets", name, detail=f"expected a pandas DataFrame, got {type(frame).__name__}"
            )
        names.append(name)
    workbook = Workbook()
    readme_ws = workbook.active
    readme_ws.title = "README"
    _write_readme(readme_ws, readme, sheets, column_docs or {})
    for name, frame in sheets.items():
        _write_table(workbook.create_sheet(name), frame)
    try:
        # Built in memory first: openpyxl leaves its zip file open when a write
        # fails, and closing it later (a full disk) prints a stray traceback.
        buffer = io.BytesIO()
        workbook.save(buffer)
        with atomic_path(target) as tmp:
            tmp.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise output_error(exc, f"{target}: cannot write the workbook") from exc
    return target


def write_summary(path: str | os.PathLike) -> Path:
    """Write the standard summary workbook: README, Targets, Comparison, Domains, Sources."""
    target = _check_xlsx_path(path)
    sources = corpus.sources()
    tables = {
        "Targets": targets(),
        "Comparison": compare(),
        "Domains": domain_profile(),
        "Sources": sources,
    }
    generated = dt.datetime.now(dt.UTC).replace(microsecond=0)
    source_table = sources[
        [c for c in ["source_id", "file", "sha256", "doc_type", "published"] if c in sources]
    ]
    readme: list[ReadmeItem] = [
        "newinfra summary: Shanghai's digital-infrastructure plan targets",
        (
            "Every figure in the Shanghai digital-infrastructure plans of 2011-2013, 2020-2022 "
            "and 2023-2026, with its metric, domain, year, unit and the verbatim quote from its "
            "source document. Offsets (start, end) index the source text; check any figure "
            "against the file named by source_id."
        ),
        ("generated", generated.isoformat().replace("+00:00", "Z")),
        ("library version", __version__),
        ("dataset version", corpus.dataset_version()),
        ("Targets", "the ledger: one row per figure, with its source and quote"),
        ("Comparison", "linked metrics across plan horizons: one row per metric and year"),
        (
            "Domains",
            "tasks, quantified targets, commitment and baselines per plan and harmonised domain",
        ),
        ("Sources", "the source documents, their provenance and SHA-256 checksums"),
        ("Sources and checksums", source_table),
    ]
    return write_workbook(target, tables, readme=readme, column_docs=column_definitions())
