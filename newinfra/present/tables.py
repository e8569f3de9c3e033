"""Tables as the reports show them: a styled pandas table and a helper to show the head of one.

:func:`table` styles a DataFrame for reading (no index, text left-aligned and
wrapped, numbers right-aligned with thousands separators, blanks for missing
values); :func:`show` displays the first rows of a sorted table in a notebook,
saying how many were left out.
"""

from __future__ import annotations

import hashlib
import html
import math
import re

import numpy as np
import pandas as pd
from IPython.display import display
from pandas.io.formats.style import Styler

from newinfra.core.display import display_width, is_year_like

#: Columns of running text: left-aligned, wrapped, and given room.
LONG_TEXT = re.compile(
    r"(^|_)(sentence|quote|flags|note|title|title_en|title_zh|text|gloss_en|covers|pattern_en|"
    r"pattern_zh)$"
)
#: The look of every table: collapsed borders, caption above, bold headings, top-aligned cells.
TABLE_STYLES = [
    {"selector": "", "props": "border-collapse: collapse; margin: 0.4em 0 1.2em 0;"},
    {
        "selector": "caption",
        "props": "caption-side: top; text-align: left; font-style: italic; color: #444; "
        "padding: 0 0 0.4em 0;",
    },
    {
        "selector": "th.col_heading",
        "props": "vertical-align: bottom; border-bottom: 1px solid #888; padding: 0.3em 0.6em; "
        "font-weight: bold;",
    },
    {
        "selector": "td",
        "props": "vertical-align: top; padding: 0.3em 0.6em; border-bottom: 1px solid #e4e4e4; "
        "line-height: 1.35;",
    },
]
_NUMBER_CELL = "text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;"
_TEXT_CELL = "text-align: left; white-space: normal;"


def decimal_format(value: float) -> str:
    """A number for a table: thousands separated, three significant digits at most after the point.

    Whole numbers keep every digit (``1,234,567``); others are rounded to three
    significant digits but never lose integer digits (``12.3``, ``0.278``, ``1,235``).
    """
    if not math.isfinite(value):
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    magnitude = math.floor(math.log10(abs(value))) + 1
    decimals = max(0, 3 - magnitude)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _year_format(value) -> str:
    return f"{value:.0f}"


def _text_width(values: pd.Series) -> float:
    lengths = [display_width(str(v)) for v in values.dropna()]
    return float(np.percentile(lengths, 90)) if lengths else 0.0


class Table(Styler):
    """A :class:`pandas.io.formats.style.Styler` whose plain-text form is the table itself.

    The default ``repr`` of a Styler carries its memory address, which would make
    notebook outputs (``text/plain`` beside ``text/html``) differ from run to run.
    """

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            text = self.data.to_string(index=False, na_rep="", float_format=decimal_format)
        caption = self.caption if isinstance(self.caption, str) else None
        return f"{html.unescape(caption)}\n{text}" if caption else text


def table(frame: pd.DataFrame, caption: str | None = None) -> Table:
    """A DataFrame styled for reading: the Styler the notebooks display for every table.

    The index is hidden; text columns are left-aligned and wrapped (running text such as
    ``sentence``, ``quote`` or ``note`` gets a wider column); numbers are right-aligned
    with thousands separators, whole numbers without decimals and others to three
    significant digits; years and character offsets (``*_year``, ``start``, ``end``,
    ``period_*``) have no separators; missing values are blank. ``caption`` (plain
    text) is shown above the table. The element ids derive from the caption and the
    content, so the same table renders to the same HTML in every run, and two different
    tables on one page do not share styles.
    """
    key = "\x1f".join([caption or "", repr(list(frame.columns)), frame.to_csv(index=False)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    styler = Table(frame, uuid=f"ni{digest}", cell_ids=False)
    styler.hide(axis="index")
    # Column names can come from the data (a pivot's columns): escaped like the cells.
    styler.format_index(escape="html", axis=1)
    styles = list(TABLE_STYLES)
    for position, column in enumerate(frame.columns):
        series = frame[column]
        name = str(column)
        cells = f"td.col{position}"
        heading = f"th.col_heading.col{position}"
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            if pd.api.types.is_datetime64_any_dtype(series):
                styler.format("{:%Y-%m-%d}", subset=[column], na_rep="")
                props = _TEXT_CELL
            else:
                styler.format(subset=[column], na_rep="", escape="html")
                width = _text_width(series)
                words = series.dropna().astype(str)
                if width and (LONG_TEXT.search(name) or width > 40):
                    # Browsers shrink table columns to their min-width, not to their width.
                    em = min(22.0, max(8.0, width * 0.2))
                    props = f"{_TEXT_CELL} min-width: {em:.0f}em; overflow-wrap: anywhere;"
                elif len(words) and not words.str.contains(r"\s").any():
                    # Identifiers (plan_id, source_id, ...) stay on one line.
                    props = "text-align: left; white-space: nowrap;"
                else:
                    em = min(12.0, max(4.0, width * 0.3))
                    props = f"{_TEXT_CELL} min-width: {em:.0f}em;"
            styles.append({"selector": f"{cells}, {heading}", "props": props})
            continue
        formatter = _year_format if is_year_like(name) else decimal_format
        styler.format(formatter, subset=[column], na_rep="")
        styles.append({"selector": f"{cells}, {heading}", "props": _NUMBER_CELL})
    styler.set_table_styles(styles, overwrite=True)
    if caption:
        styler.set_caption(html.escape(caption))
    return styler


def show(frame: pd.DataFrame, n: int, order: str) -> None:
    """Display the first n rows of a sorted table, saying how many were left out."""
    note = f"{len(frame)} rows, sorted by {order}"
    note += f"; showing the first {n}." if len(frame) > n else "."
    display(table(frame.head(n), caption=note))
