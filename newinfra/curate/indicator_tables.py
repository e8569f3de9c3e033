"""Indicator tables in a plan's text: each cell's row label, unit and column year.

A plan often states its goals as a table (``指标名称 | 单位 | 2024年 | 2027年``):
the figure ``8.6`` in the row ``5G基站数 | 万个`` is 86,000 base stations in
the year of its column. This module finds such tables (cells split by ``|``,
by tabs, or by runs of two or more spaces, one row a line) and tells, for the
start offset of each cell, what the table says about it. Which header cells
name the unit, label and year columns is data (``table_column`` rows of
``data/suggest_rules.csv``).

One pass over the lines of the text: no work per figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newinfra.inputs import units

_SPLITTERS = (
    ("pipe", re.compile(r"\|")),
    ("tab", re.compile(r"\t")),
    ("spaces", re.compile(r" {2,}|\u3000+")),
)
_SEPARATOR = re.compile(r"^:?-{2,}:?$")
# A run of digits with a magnitude word after it ends where the unit begins.
MAGNITUDES = {
    "十": 1e1,
    "百": 1e2,
    "千": 1e3,
    "万": 1e4,
    "萬": 1e4,
    "十万": 1e5,
    "十萬": 1e5,
    "百万": 1e6,
    "百萬": 1e6,
    "千万": 1e7,
    "千萬": 1e7,
    "亿": 1e8,
    "億": 1e8,
    "万亿": 1e12,
    "萬億": 1e12,
}
_MAGNITUDE = re.compile("^(" + "|".join(sorted(MAGNITUDES, key=len, reverse=True)) + ")")


@dataclass(frozen=True)
class Cell:
    """What an indicator table says about the cell starting at an offset."""

    role: str  # "value" (a figure's cell) or "unit" (the unit column)
    label: tuple[int, int]  # the row label's span
    row: tuple[int, int]  # the row's span
    unit_text: str = ""
    year: int | None = None


@dataclass(frozen=True)
class Column:
    """A header rule: a pattern naming a unit, label or year column."""

    role: str
    pattern: re.Pattern


def _cells(line: str, offset: int, splitter: re.Pattern) -> list[tuple[int, int, str]]:
    """(start, end, text) of each non-empty-bounded cell of a line, stripped."""
    cells, last = [], 0
    bounds = [(m.start(), m.end()) for m in splitter.finditer(line)]
    for start, end in [*bounds, (len(line), len(line))]:
        raw = line[last:start]
        stripped = raw.strip()
        lead = len(raw) - len(raw.lstrip())
        cells.append((offset + last + lead, offset + last + lead + len(stripped), stripped))
        last = end
    # Pipes at both ends of a Markdown row leave an empty first and last cell.
    if cells and not cells[0][2] and splitter.pattern == r"\|":
        cells = cells[1:]
    if cells and not cells[-1][2] and splitter.pattern == r"\|":
        cells = cells[:-1]
    return cells


def _header(cells, columns: list[Column]) -> dict | None:
    """Column roles of a header row: its unit column, label column and year columns."""
    unit, label, years = None, None, {}
    for index, (_start, _end, text) in enumerate(cells):
        for column in columns:
            match = column.pattern.search(text)
            if not match:
                continue
            if column.role == "year":
                years[index] = int(match.group("year"))
            elif column.role == "unit" and unit is None:
                unit = index
            elif column.role == "label" and label is None:
                label = index
            break
    if unit is None or not years:
        return None
    return {"unit": unit, "label": 0 if label is None else label, "years": years}


def _lines(text: str):
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, line.rstrip("\r\n")
        start += len(line)


def read_tables(text: str, columns: list[Column]) -> dict[int, Cell]:
    """Every cell of every indicator table in ``text``, by the start offset of its text."""
    found: dict[int, Cell] = {}
    header, splitter = None, None
    for offset, line in _lines(text):
        if header is not None:
            cells = _cells(line, offset, splitter)
            if all(_SEPARATOR.match(c[2]) for c in cells if c[2]) and cells:
                continue
            if len(cells) == header["width"]:
                _read_row(cells, header, (offset, offset + len(line)), found)
                continue
            header = None
        if not _may_hold_a_table(line):
            continue
        for _name, candidate in _SPLITTERS:
            cells = _cells(line, offset, candidate)
            if len(cells) < 3:
                continue
            roles = _header(cells, columns)
            if roles is not None:
                header, splitter = {**roles, "width": len(cells)}, candidate
                break
    return found


def _may_hold_a_table(line: str) -> bool:
    return "|" in line or "\t" in line or "  " in line or "\u3000" in line


def _read_row(cells, header: dict, row: tuple[int, int], found: dict[int, Cell]) -> None:
    label = cells[header["label"]][:2]
    unit_start, _unit_end, unit_text = cells[header["unit"]]
    if unit_text:
        found[unit_start] = Cell("unit", label, row, unit_text)
    for index, year in header["years"].items():
        start, _end, text = cells[index]
        if text:
            found[start] = Cell("value", label, row, unit_text, year)


def split_unit(unit_text: str) -> tuple[float, str]:
    """(scale, rest): 万个 -> (10000, 个), 亿个 -> (1e8, 个), EFLOPS -> (1, EFLOPS)."""
    match = _MAGNITUDE.match(unit_text)
    if not match:
        return 1.0, unit_text
    return MAGNITUDES[match.group(1)], unit_text[match.end() :]


def table_columns(rules) -> list[Column]:
    """The header rules of indicator tables (unit, label and year columns)."""
    return [Column(rule.value, rule.pattern) for rule in rules if rule.field == "table_column"]


def cell_unit(rest: str) -> str:
    """The unit a table's unit column names once its magnitude is taken off (个 -> count)."""
    from newinfra.text.quantities import extract_quantities

    if not rest:
        return ""
    read = extract_quantities(f"1{rest}")
    if (
        len(read) == 1
        and float(read["value"].iloc[0]) == 1
        and read["end"].iloc[0] == len(rest) + 1
    ):
        return read["unit"].iloc[0] if isinstance(read["unit"].iloc[0], str) else ""
    return rest if units.is_known(rest) else ""


def read_cell(fig, cell: Cell) -> None:
    """What an indicator table says of a figure in one of its cells."""
    fig.table_role = cell.role
    fig.clause = cell.row
    fig.label_span = cell.label
    if cell.role == "unit":
        return
    fig.table_year = cell.year
    scale, rest = split_unit(cell.unit_text)
    if fig.unit in ("", "count", "point"):
        fig.scale = scale
        fig.unit_override = cell_unit(rest) or fig.unit
    fig.evidence.append(f"indicator table: column {cell.year}, unit {cell.unit_text!r}")


def decide_cell_kind(fig, plan) -> None:
    """A cell's kind from its column: a year before the plan's period is a status."""
    if fig.table_role == "unit":
        fig.kind = "exclude"
        fig.reason = "The unit column of an indicator table (万个): a cell's unit, not a figure"
        return
    year = fig.table_year
    past = year < plan.period_start and year <= plan.published_year
    fig.kind = "baseline" if past else "target"
    if not past and not plan.period_start <= year <= plan.period_end:
        # A column beyond the plan's period (a 2030 outlook) is due at the plan's end, to check.
        fig.table_year = plan.period_end
    fig.evidence.append(f"kind: indicator table column {year}")
