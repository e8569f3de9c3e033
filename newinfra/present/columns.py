"""What each column means, and the plain-English heading a report gives it.

Both come from the field registry (data/fields.csv, :mod:`newinfra.inputs.fields`):
:func:`column_definitions` for the README sheet of the workbook and a release's
Table Schemas (a report table's hover titles read its frame's own record,
:func:`newinfra.inputs.fields.frame_definitions`), :func:`heading` for the short
heading a reader sees in place of the ``snake_case`` name (a column the registry
does not list, such as a wide view's ``rate_2013``, gets its name in words).
"""

from __future__ import annotations

from newinfra.inputs import fields
from newinfra.inputs.reader_words import unit_cell_words

UNIT_COLUMNS = {"unit", "unit_std"}


def unit_text(unit: str, words: dict[str, str] | None = None) -> str:
    """A unit as a reader writes it (data/reader_words.csv): ``1/km**2`` is "per km²".

    ``words``: :func:`unit_cell_words`, read once by a caller that writes many cells.
    """
    words = unit_cell_words() if words is None else words
    return words[unit] if unit in words else unit.replace("**2", "²").replace("**3", "³")


def heading(column: object) -> str:
    """The heading of a column: its registry heading, else its name in words (``rate_2013``: Rate 2013)."""
    name = str(column)
    headings = fields.headings()
    if name in headings:
        return headings[name]
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def column_definitions(table: str | None = None) -> dict[str, str]:
    """Every column's definition (data/fields.csv); ``table``'s own rows override the general ones."""
    return fields.definitions(table)
