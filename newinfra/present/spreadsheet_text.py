"""Text that a spreadsheet would run as a formula, made inert in every CSV written for one.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is a formula to Excel,
LibreOffice and Google Sheets, and a tab or carriage return can hide such a start
(OWASP, "CSV injection"). Such text cells get a leading apostrophe, which
spreadsheets read as "this is text" and do not show. Numbers are not text and stay
numbers (-5 is still -5); a lone sign (the comparator ``=``) is no formula and
stays as written. Stripping the apostrophe gives the original text back, but for
one change: a carriage return inside text is written as a line feed. Python's CSV
writer quotes a field holding a line feed, not one holding a lone carriage return,
which spreadsheets read as the end of a row: the rest of the text would start a
cell of its own, formula and all.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["FORMULA_TRIGGERS", "inert", "inert_frame", "spreadsheet_csv"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """``value`` with an apostrophe in front when it is text a spreadsheet would run."""
    if not isinstance(value, str):
        return value
    if len(value) > 1 and value.startswith(FORMULA_TRIGGERS):
        value = "'" + value
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def inert_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells and column names are :func:`inert`."""
    out = frame.rename(columns=inert)
    for position, dtype in enumerate(out.dtypes):
        if pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype):
            continue
        column = out.iloc[:, position]
        if isinstance(dtype, pd.CategoricalDtype):
            column = column.astype(object)
        out.isetitem(position, column.map(inert))
    return out


def spreadsheet_csv(frame: pd.DataFrame, target=None, **options) -> str | None:
    """``frame.to_csv(target, index=False, **options)`` with every text cell inert."""
    return inert_frame(frame).to_csv(target, index=False, **options)
