"""Cell values and number formats: literal text, never a formula; formats by column and unit."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from newinfra.core.display import display_width, is_year_like
from newinfra.core.urls import is_web_url
from newinfra.present.spreadsheet_text import FORMULA_TRIGGERS

EXCEL_MAX_TEXT = 32_767
INTEGER_FORMAT = "#,##0"
FLOAT_FORMAT = "#,##0.0##"
PLAIN_INTEGER_FORMAT = "0"
PERCENT_FORMAT = "0.0%"
PERCENT_POINTS_FORMAT = '0.0"%"'
MULTIPLE_FORMAT = '0.00"×"'
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
LINK_FONT = Font(color="0563C1", underline="single")

# Growth rates and shares are stored as fractions (0.278) and shown as 27.8%.
PERCENT_COLUMNS = {"cagr", "cagr_vs_status", "share_of_parent"}
PERCENT_PREFIXES = ("share_",)
MULTIPLE_COLUMNS = {"multiple", "multiple_vs_status"}
# Value columns whose unit is given, row by row, by another column of the table.
UNIT_COLUMNS = {
    "value": "unit",
    "value_high": "unit",
    **dict.fromkeys(
        [
            "value_std",
            "value_high_std",
            "previous_value_std",
            "status_value_std",
            "decided_by_value_std",
            "per_year_std",
            "difference",
            "parent_value_std",
        ],
        "unit_std",
    ),
}


def is_percent_column(column: str) -> bool:
    return column in PERCENT_COLUMNS or column.startswith(PERCENT_PREFIXES)


def unit_format(unit: Any) -> str | None:
    """The format a value takes from its unit: fractions as %, percentages with a % sign."""
    if unit == "fraction":
        return PERCENT_FORMAT
    if unit in ("percent", "%"):
        return PERCENT_POINTS_FORMAT
    return None


def column_format(column: str) -> str | None:
    """The format a whole column takes from its name, whatever its values."""
    if is_percent_column(column):
        return PERCENT_FORMAT
    if column in MULTIPLE_COLUMNS:
        return MULTIPLE_FORMAT
    return None


def is_missing(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        return bool(pd.isna(value)) if not isinstance(value, (str, bytes)) else False
    except (TypeError, ValueError):
        return False


def clean_text(text: str) -> str:
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    if len(text) > EXCEL_MAX_TEXT:
        text = text[: EXCEL_MAX_TEXT - 1] + "…"
    return text


def set_text(cell, text: str) -> None:
    """Write ``text`` as a literal string, never as a formula."""
    text = clean_text(text)
    cell.value = text
    if text.startswith(FORMULA_TRIGGERS):
        # openpyxl turns any string starting with "=" into a formula; forcing the
        # type back to "s" stores it as an inline string. quotePrefix is Excel's
        # own "typed with a leading apostrophe" flag: shown as written, and still
        # text after the cell is edited.
        cell.data_type = "s"
        cell.quotePrefix = True
    elif is_web_url(text):
        # A web address (a source's URL) opens in the browser when clicked.
        cell.hyperlink = text
        cell.font = LINK_FONT


def write_value(cell, value: Any) -> None:
    if is_missing(value):
        return
    if isinstance(value, str):
        set_text(cell, value)
    elif pd.api.types.is_bool(value):
        cell.value = bool(value)
    elif pd.api.types.is_integer(value):
        cell.value = int(value)
    elif pd.api.types.is_float(value):
        number = float(value)
        if math.isinf(number):
            set_text(cell, "inf" if number > 0 else "-inf")
        else:
            cell.value = number
    elif isinstance(value, pd.Timestamp):
        cell.value = (
            value.tz_localize(None).to_pydatetime() if value.tzinfo else value.to_pydatetime()
        )
    elif isinstance(value, (dt.datetime, dt.date)):
        cell.value = value.replace(tzinfo=None) if isinstance(value, dt.datetime) else value
    elif isinstance(value, (list, tuple, dict, set)):
        items = value if not isinstance(value, set) else sorted(value)
        set_text(cell, json.dumps(items, ensure_ascii=False, default=str))
    else:
        set_text(cell, str(value))


def number_format(column: str, value: Any) -> str | None:
    """The format a value takes from its own type and its column (years plain)."""
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


def text_width(value: Any, fmt: str | None = None) -> int:
    """Characters a value needs on screen (CJK counted double)."""
    if is_missing(value):
        return 0
    if fmt in (PERCENT_FORMAT, PERCENT_POINTS_FORMAT, MULTIPLE_FORMAT):
        return 8
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
