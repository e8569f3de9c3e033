"""Tables as the reports show them: readable, linked to the evidence, sortable and searchable.

:func:`readable` turns an analysis table into what a reader sees: plain-English
headings (:mod:`newinfra.present.columns`), shares as percentages, plan ids as
periods, quotes linked to their figure in the source page (the link carries the
ids and offsets, which leave the body) and long sentences collapsed. Every text
cell is escaped here; only the HTML this module writes is live.
:func:`table` styles a DataFrame for reading (no index, text left-aligned and
wrapped, numbers right-aligned with thousands separators, blanks for missing
values). Whole tables shown as interactive ones (sort, filter, search) are
:mod:`newinfra.present.interactive_tables`, with itables in offline mode: its
JavaScript is embedded in the notebook by :func:`use_interactive_tables`, so
the exported page needs no network.
"""

from __future__ import annotations

import hashlib
import html
import math
import re

import numpy as np
import pandas as pd
from pandas.io.formats.style import Styler

from newinfra.core.display import display_width, is_year_like
from newinfra.inputs import corpus, curation, fields
from newinfra.inputs.families import family_labels
from newinfra.inputs.reader_words import reader_words, unit_cell_words
from newinfra.present.badges import badge_html
from newinfra.present.columns import UNIT_COLUMNS, heading, unit_text
from newinfra.present.links import source_href
from newinfra.present.markup import html_escape

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


# --- what a reader sees ----------------------------------------------------------------------

#: Text columns whose cell links to a ledger figure, and the column holding its target id.
LINKED_TEXT = {
    "quote": "target_id",
    "primary_quote": "primary_target_id",
    "secondary_quote": "secondary_target_id",
    "status_quote": "decided_by",
}
#: Ids and offsets: the link carries them, the body does not show them.
HIDDEN = {
    "target_id", "primary_target_id", "secondary_target_id", "decided_by", "start", "end",
    "source_id", "primary_source_id", "secondary_source_id", "status_source_id", "metric_id",
}  # fmt: skip
#: Fractions shown as percentages.
PERCENT = re.compile(r"(^|_)share(_|$)|^cagr")
#: Text longer than this is collapsed under its first words.
COLLAPSE_AT = 100


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA


def percent_format(value: float) -> str:
    """A fraction as a percentage: 0.375 is 37.5%, 0.05 is 5%."""
    if _is_missing(value) or not math.isfinite(float(value)):
        return ""
    return f"{decimal_format(round(float(value) * 100, 1))}%"


def _collapsed(text: str) -> str:
    """Escaped text; when long, its first words as a summary that opens to the whole."""
    if len(text) <= COLLAPSE_AT:
        return html_escape(text)
    head = text[: COLLAPSE_AT - 30]
    cut = head.rsplit(" ", 1)[0] if " " in head else head
    return (
        f"<details><summary>{html_escape(cut)}…</summary>{html_escape(text[len(cut) :])}</details>"
    )


def _link(text: str, href: str) -> str:
    return f'<a href="{html_escape(href)}">{text}</a>'


def _plan_labels() -> dict[str, str]:
    plans = corpus.plans()
    return {
        row.plan_id: f"{row.period_start}-{row.period_end}" for row in plans.itertuples(index=False)
    }


def value_words() -> dict[str, dict[str, str]]:
    """Per column, the reader's words for its id values: vocabularies, domains, families, terms."""
    words = reader_words()
    domains = curation.domains()
    words["domain"] = dict(zip(domains["domain"], domains["label_en"], strict=True))
    words["family"] = family_labels()
    metrics = curation.metrics()
    words["metric_id"] = dict(zip(metrics["metric_id"], metrics["label_en"], strict=True))
    places = corpus.jurisdictions()
    words["jurisdiction_id"] = dict(zip(places["jurisdiction_id"], places["name_en"], strict=True))
    terms = curation.themes()
    words["term_id"] = dict(zip(terms["term_id"], terms["label_en"], strict=True))
    return words


#: How a yes/no column reads.
YES_NO = {True: "yes", False: "no"}


def _text_cells(
    frame: pd.DataFrame, column: str, plans: dict[str, str], words: dict[str, dict[str, str]]
) -> list[str]:
    """One column's cells as HTML: escaped, linked where an id says where the text is from.

    Ids and vocabulary values read as words (``briefing_only``: "press briefing only",
    a domain id: its label), booleans as yes or no.
    """
    id_column = LINKED_TEXT.get(column)
    units = unit_cell_words() if column in UNIT_COLUMNS else {}
    cells = []
    for position, value in enumerate(frame[column].tolist()):
        if _is_missing(value):
            cells.append("")
            continue
        text = str(value)
        if column == "verdict":
            cells.append(_verdict_cell(frame, position, text))
            continue
        if isinstance(value, bool | np.bool_) or text in ("true", "false"):
            text = YES_NO[text.lower() == "true"]
        elif column in ("plan_id", "from_plan"):
            text = plans.get(value, text)
        elif column in UNIT_COLUMNS:
            text = unit_text(text, units)
        elif column in words:
            text = words[column].get(text, text)
        cell = _collapsed(text)
        target = frame[id_column].iloc[position] if id_column in frame else None
        if isinstance(target, str) and target:
            cell = _link(cell, source_href(target))
        elif column == "text" and {"source_id", "start", "end"} <= set(frame):
            # A mention found in a seed (a theme's first mention): its anchor in the source page.
            source, start, end = (frame[c].iloc[position] for c in ("source_id", "start", "end"))
            cell = _link(cell, source_href(f"{source}:{int(start)}-{int(end)}"))
        cells.append(cell)
    return cells


def _verdict_cell(frame: pd.DataFrame, position: int, verdict: str) -> str:
    """A verdict badge linked to its deciding evidence (``decided_by``) or its class's definition."""
    decided_by = frame["decided_by"].iloc[position] if "decided_by" in frame else None
    note = frame["verdict_note"].iloc[position] if "verdict_note" in frame else ""
    target = frame["target_id"].iloc[position] if "target_id" in frame else None
    note = note if isinstance(note, str) else ""
    return badge_html(verdict, decided_by, note=note, target_id=target)


def _unlinked_figures(frame: pd.DataFrame) -> str | None:
    """A value column to carry the link when a target id has no quote to link from."""
    if "target_id" not in frame or "quote" in frame:
        return None
    return next((c for c in ("value_std", "value") if c in frame), None)


def readable(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str], list[str]]:
    """A table as a reader sees it: its HTML columns and its percentage columns.

    Returns the frame (ids and offsets dropped, text cells as escaped HTML,
    percentages as text), the columns holding HTML and the percentage columns.
    Column names are unchanged; :func:`table` gives them their headings.
    """
    plans = _plan_labels()
    words = value_words()
    out = pd.DataFrame(index=frame.index)
    html_columns, percent_columns = [], []
    linked_value = _unlinked_figures(frame)
    for column in frame.columns:
        name = str(column)
        series = frame[column]
        if name in HIDDEN or (name == "family" and {"metric", "metric_label"} & set(frame)):
            # A family id is a raw id: the metric's label names it.
            continue
        if PERCENT.search(name) and pd.api.types.is_numeric_dtype(series):
            out[column] = series.map(percent_format)
            percent_columns.append(column)
        elif name == linked_value:
            out[column] = [
                "" if _is_missing(v) else _link(decimal_format(float(v)), source_href(t))
                for v, t in zip(series, frame["target_id"], strict=True)
            ]
            html_columns.append(column)
            percent_columns.append(column)
        elif pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            if pd.api.types.is_datetime64_any_dtype(series):
                out[column] = series
                continue
            out[column] = _text_cells(frame, column, plans, words)
            html_columns.append(column)
        else:
            out[column] = series
    return out.reset_index(drop=True), html_columns, percent_columns


def _heading_html(column: object, definitions: dict[str, str]) -> str:
    label = html_escape(heading(column))
    meaning = definitions.get(str(column))
    return f'<span title="{html_escape(meaning)}">{label}</span>' if meaning else label


def table(frame: pd.DataFrame, caption: str | None = None) -> Table:
    """A DataFrame styled for reading: the Styler the notebooks display for every table.

    The table first goes through :func:`readable` (headings, links, percentages,
    collapsed sentences). The index is hidden; text columns are left-aligned and
    wrapped; numbers are right-aligned with thousands separators, whole numbers
    without decimals and others to three significant digits; years (``*_year``,
    ``period_*``) have no separators; missing values are blank. ``caption``
    (plain text) is shown above the table. Each heading's hover title is the
    column's definition (:func:`newinfra.inputs.fields.frame_definitions`: the
    registry rows ``frame.attrs`` names). The element ids derive from the caption
    and the content, so the same table renders to the same HTML in every run, and
    two different tables on one page do not share styles.
    """
    shown, html_columns, percent_columns = readable(frame)
    key = "\x1f".join([caption or "", repr(list(frame.columns)), frame.to_csv(index=False)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    styler = Table(shown, uuid=f"ni{digest}", cell_ids=False)
    styler.hide(axis="index")
    definitions = fields.frame_definitions(frame)
    styler.relabel_index([_heading_html(c, definitions) for c in shown.columns], axis=1)
    styles = list(TABLE_STYLES)
    for position, column in enumerate(shown.columns):
        series = shown[column]
        selector = f"td.col{position}, th.col_heading.col{position}"
        if column in percent_columns:
            styler.format(subset=[column], na_rep="", escape=None)
            styles.append({"selector": selector, "props": _NUMBER_CELL})
        elif column in html_columns:
            styler.format(subset=[column], na_rep="", escape=None)
            styles.append({"selector": selector, "props": _text_props(frame[column], column)})
        elif pd.api.types.is_datetime64_any_dtype(series):
            styler.format("{:%Y-%m-%d}", subset=[column], na_rep="")
            styles.append({"selector": selector, "props": _TEXT_CELL})
        else:
            formatter = _year_format if is_year_like(str(column)) else decimal_format
            styler.format(formatter, subset=[column], na_rep="")
            styles.append({"selector": selector, "props": _NUMBER_CELL})
    styler.set_table_styles(styles, overwrite=True)
    if caption:
        styler.set_caption(html.escape(caption))
    return styler


def _text_props(series: pd.Series, column: object) -> str:
    """How a text column wraps: running text gets room, short words stay whole."""
    width = _text_width(series)
    longest = series.dropna().astype(str).str.split().explode().str.len().max()
    # A long unbroken token (a pattern, an address, Chinese text) may break anywhere;
    # words of running text only break when one alone is wider than the column.
    wrap = "anywhere" if pd.notna(longest) and longest > 24 else "break-word"
    if width and (LONG_TEXT.search(str(column)) or width > 40):
        # Browsers shrink table columns to their min-width, not to their width.
        em = min(14.0, max(8.0, width * 0.2))
        return f"{_TEXT_CELL} min-width: {em:.0f}em; overflow-wrap: {wrap};"
    return f"{_TEXT_CELL} overflow-wrap: {wrap};"


def use_interactive_tables() -> None:
    """Embed itables' JavaScript in the notebook (offline mode): every page works without network.

    Only :func:`show` makes a table interactive (``all_interactive=False``); the
    output of the cell that calls this must be kept, as it holds the library.
    """
    import itables

    itables.init_notebook_mode(all_interactive=False, connected=False)


def theme_changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    """``analysis.themes.theme_changes`` as a reader reads it: no ids, plans named by period.

    Each ``rate_<plan_id>`` column is headed by its plan's period, and by its
    place too when the table holds several places (its definition follows it);
    the id columns are left out.
    """
    plans = corpus.plans().set_index("plan_id")
    places = changes.drop_duplicates("jurisdiction_id").set_index("jurisdiction_id")["place"]
    several = len(places) > 1
    names = {}
    for column in changes.columns:
        plan_id = column.removeprefix("rate_")
        if column.startswith("rate_") and plan_id in plans.index:
            row = plans.loc[plan_id]
            where = f", {places.get(row['jurisdiction_id'], '')}" if several else ""
            names[column] = f"Rate {row['period_start']}-{row['period_end']}{where}"
    dropped = ["jurisdiction_id", "term_id", "first_plan", "last_plan"]
    if not several:
        dropped.append("place")
    return fields.rename(changes.drop(columns=dropped, errors="ignore"), names)
