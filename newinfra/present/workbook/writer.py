"""Formatted sheets: a README sheet, then one table per sheet, laid out to print.

Every table sheet has a bold frozen header, an autofilter, widths from its
content, thousands separators on quantities (not on years or offsets), growth
rates and shares as percentages, multiples with a × and wrapped long text. It
prints landscape, fitted to the page width, with the header row repeated on
every page. Columns named in ``hidden`` (keys and offsets kept for joins and
pandas) are hidden on screen and in print but stay in the file. Text that a
spreadsheet would read as a formula is stored as a plain string with Excel's
quote prefix (see :mod:`newinfra.present.workbook.cells`).
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from newinfra.core.atomic import atomic_path, check_writable_dir
from newinfra.core.display import display_width
from newinfra.core.errors import NewinfraError, ParameterError
from newinfra.core.exits import Exit, OutputError, output_error
from newinfra.present.columns import column_definitions  # noqa: F401 - re-exported
from newinfra.present.workbook.cells import (
    UNIT_COLUMNS,
    column_format,
    is_missing,
    number_format,
    set_text,
    text_width,
    unit_format,
    write_value,
)

WRAP_COLUMNS = {
    "quote",
    "sentence",
    "gloss_en",
    "note",
    "definition",
    "title",
    "flags",
    "verdict_note",
    "primary_quote",
    "secondary_quote",
}
MAX_WIDTH = 60
DEFAULT_WIDTH = 13
LINE_HEIGHT = 14  # points per line of 11-point text
MAX_LINES = 20
MIN_WIDTH = 6
README_WIDTHS = {"A": 26, "B": 90, "C": 24, "D": 40}
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_TITLE_FONT = Font(bold=True, size=14)
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

ReadmeItem = str | tuple[str, Any]


# -- sheets ----------------------------------------------------------------------


def check_sheet_name(name: str, names: Iterable[str]) -> None:
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


def set_print_layout(ws: Worksheet, *, title_rows: str | None = "1:1") -> None:
    """Landscape A4, fitted to the page width (as many pages down as needed), header repeated."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.5
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "&A, page &P of &N"
    if title_rows:
        ws.print_title_rows = title_rows


def fit_row_heights(ws: Worksheet) -> None:
    """Set each row's height to its wrapped text's line count.

    LibreOffice keeps the default height of rows written without one (and so
    prints wrapped text cut to one line); the count is an estimate from the
    column width in characters, CJK counted double.
    """
    widths = {letter: (dim.width or DEFAULT_WIDTH) for letter, dim in ws.column_dimensions.items()}
    hidden = {letter for letter, dim in ws.column_dimensions.items() if dim.hidden}
    for row in ws.iter_rows():
        lines = 1
        for cell in row:
            if not (cell.alignment.wrap_text and isinstance(cell.value, str)):
                continue
            if cell.column_letter in hidden:
                continue
            room = max(widths.get(cell.column_letter, DEFAULT_WIDTH), 1)
            needed = sum(-(-max(display_width(t), 1) // room) for t in cell.value.splitlines())
            lines = max(lines, needed)
        if lines > 1:
            ws.row_dimensions[row[0].row].height = LINE_HEIGHT * min(lines, MAX_LINES)


def _cell_format(column: str, value: Any, unit: Any) -> str | None:
    return column_format(column) or unit_format(unit) or number_format(column, value)


def write_table(
    ws: Worksheet,
    frame: pd.DataFrame,
    hidden: Iterable[str] = (),
    max_widths: Mapping[str, int] | None = None,
) -> None:
    """One table from A1: header, values, formats, widths (capped by ``max_widths``), print."""
    frame = frame.reset_index(drop=True)
    columns = [str(c) for c in frame.columns]
    caps = [min((max_widths or {}).get(c, MAX_WIDTH), MAX_WIDTH) for c in columns]
    if len(set(columns)) != len(columns):
        dupes = sorted({c for c in columns if columns.count(c) > 1})
        raise ParameterError("sheets", ws.title, detail=f"duplicate column names {dupes}")
    widths = [display_width(c) for c in columns]
    wrap = [
        c.lower() in WRAP_COLUMNS and not pd.api.types.is_numeric_dtype(frame[c]) for c in columns
    ]
    units = [frame[UNIT_COLUMNS[c]] if UNIT_COLUMNS.get(c) in frame else None for c in columns]
    for j, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=j)
        set_text(cell, name)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = _TOP
    for i, row in enumerate(frame.itertuples(index=False, name=None), start=2):
        for j, value in enumerate(row, start=1):
            if is_missing(value):
                continue
            cell = ws.cell(row=i, column=j)
            write_value(cell, value)
            cell.alignment = _TOP  # beside wrapped text, values stay level with its first line
            unit = units[j - 1].iloc[i - 2] if units[j - 1] is not None else None
            fmt = _cell_format(columns[j - 1], cell.value, unit)
            if fmt and cell.data_type == "n":
                cell.number_format = fmt
            width = text_width(value, fmt)
            if width > caps[j - 1] and isinstance(cell.value, str):
                wrap[j - 1] = True
            widths[j - 1] = max(widths[j - 1], width)
    hide = set(hidden)
    for j, width in enumerate(widths, start=1):
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = min(max(width + 2, MIN_WIDTH), caps[j - 1])
        ws.column_dimensions[letter].hidden = columns[j - 1] in hide
        if wrap[j - 1]:
            for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                cell.alignment = _WRAP
    ws.freeze_panes = "A2"
    last = get_column_letter(max(len(columns), 1))
    ws.auto_filter.ref = f"A1:{last}{len(frame) + 1}"
    fit_row_heights(ws)
    set_print_layout(ws)


# -- README ------------------------------------------------------------------------


def _readme_items(readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None) -> list:
    if readme is None:
        return []
    if isinstance(readme, str):
        return [readme]
    if isinstance(readme, Mapping):
        return list(readme.items())
    return list(readme)


class _Readme:
    """Writes README rows top to bottom in four columns: label, text, and two narrow ones."""

    def __init__(self, ws: Worksheet):
        self.ws = ws
        self.row = 1

    def put(self, c: int, value: Any, *, bold: bool = False, wrap: bool = False):
        cell = self.ws.cell(row=self.row, column=c)
        write_value(cell, value)
        if cell.data_type == "n" and isinstance(cell.value, int | float):
            cell.number_format = number_format("", cell.value) or "General"
        if bold:
            cell.font = _HEADER_FONT
        cell.alignment = _WRAP if wrap else _TOP
        return cell

    def table(self, heading: str, table: pd.DataFrame) -> None:
        self.row += 1
        self.put(1, heading, bold=True)
        self.row += 1
        for j, name in enumerate(table.columns, start=1):
            self.put(j, str(name), bold=True).fill = _HEADER_FILL
        for values in table.reset_index(drop=True).itertuples(index=False, name=None):
            self.row += 1
            for j, value in enumerate(values, start=1):
                self.put(j, value, wrap=True)
        self.row += 2


def _write_readme(
    ws: Worksheet,
    readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None,
    sheets: Mapping[str, pd.DataFrame],
    column_docs: Mapping[str, str],
) -> None:
    """README: title, free text and (label, value) rows, small tables, then column definitions."""
    out = _Readme(ws)
    for index, item in enumerate(_readme_items(readme)):
        if isinstance(item, str):
            # The title sits in A1 on its own; later lines are paragraphs in the wide column B.
            if index == 0:
                out.put(1, item).font = _TITLE_FONT
            else:
                out.put(2, item, wrap=True)
            out.row += 1
            continue
        label, value = item
        if isinstance(value, pd.DataFrame):
            out.table(label, value)
            continue
        out.put(1, label, bold=True)
        out.put(2, value, wrap=True)
        out.row += 1
    used = [c for frame in sheets.values() for c in frame.columns]
    ordered = list(dict.fromkeys(str(c) for c in used))
    if ordered:
        rows = [
            {
                "column": name,
                "definition": column_docs.get(name, ""),
                "sheets": ", ".join(
                    s for s, f in sheets.items() if name in [str(c) for c in f.columns]
                ),
            }
            for name in ordered
        ]
        out.table(
            "Column definitions", pd.DataFrame(rows, columns=["column", "definition", "sheets"])
        )
    for letter, width in README_WIDTHS.items():
        ws.column_dimensions[letter].width = width
    fit_row_heights(ws)
    set_print_layout(ws, title_rows=None)


# -- the file ----------------------------------------------------------------------


def check_xlsx_path(path: str | os.PathLike) -> Path:
    target = Path(path)
    if target.suffix.lower() != ".xlsx":
        raise ParameterError(
            "path", str(target), [".xlsx"], detail="the workbook file name must end in .xlsx"
        )
    try:
        check_writable_dir(target)
    except NewinfraError as exc:  # the place is wrong (no folder, read-only): not the input
        raise OutputError(str(exc), Exit.CANTCREAT) from None
    return target


def build_workbook(
    sheets: Mapping[str, pd.DataFrame],
    readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None = None,
    column_docs: Mapping[str, str] | None = None,
    hidden: Mapping[str, Iterable[str]] | None = None,
    max_widths: Mapping[str, int] | None = None,
) -> Workbook:
    """The workbook in memory: README first, then one formatted table per ``sheets`` entry."""
    names: list[str] = ["README"]
    for name, frame in sheets.items():
        check_sheet_name(name, names)
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
        write_table(workbook.create_sheet(name), frame, (hidden or {}).get(name, ()), max_widths)
    return workbook


def save_workbook(workbook: Workbook, target: Path) -> Path:
    """Write ``workbook`` to a temporary name and rename it into place."""
    try:
        # Built in memory first: openpyxl leaves its zip file open when a write
        # fails, and closing it later (a full disk) prints a stray traceback.
        buffer = io.BytesIO()
        workbook.save(buffer)
        with atomic_path(target) as tmp:
            tmp.write_bytes(buffer.getvalue())
    except OSError as exc:
        raise output_error(exc, f"{target}: cannot write the workbook") from exc
    except OutputError:
        raise
    except NewinfraError as exc:  # no temporary file beside the target: the place is wrong
        raise OutputError(str(exc), Exit.CANTCREAT) from None
    return target


def write_workbook(
    path: str | os.PathLike,
    sheets: Mapping[str, pd.DataFrame],
    readme: str | Mapping[str, Any] | Sequence[ReadmeItem] | None = None,
    column_docs: Mapping[str, str] | None = None,
    hidden: Mapping[str, Iterable[str]] | None = None,
    max_widths: Mapping[str, int] | None = None,
) -> Path:
    """Write a README sheet and one formatted table per ``sheets`` entry to ``path`` (.xlsx).

    ``readme`` lists what the README sheet shows, top to bottom: a str is a line
    of text (the first is the title), a ``(label, value)`` pair a labelled row,
    and a ``(heading, DataFrame)`` pair a small table. A "Column definitions"
    table follows (column, definition, sheets), with every column of every
    sheet and its entry in ``column_docs``. ``hidden`` names, per sheet, the
    columns to hide on screen and in print (they stay in the file);
    ``max_widths`` caps a column's width by name (longer text wraps). The file is
    written to a temporary name and renamed into place, so an existing workbook
    is replaced only by a complete one.
    """
    target = check_xlsx_path(path)
    return save_workbook(build_workbook(sheets, readme, column_docs, hidden, max_widths), target)
