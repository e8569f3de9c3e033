"""The one reading of an "as of" date, the day verdicts are judged on.

Every entry point (``ni.compare(as_of=...)``, ``--as-of`` on the command line,
the report grid, the workbook and the data release) reads the value here, so a
value means the same day everywhere. No value means today's date in UTC: a
report run and a library call made at the same moment anywhere agree.
"""

from __future__ import annotations

import datetime as dt

from newinfra.core.errors import ParameterError

__all__ = ["as_of_date", "today_utc"]

FIRST_YEAR, LAST_YEAR = 1990, 2100
VALID = ["a date such as 2026-11-30", "a year such as 2026", "nothing for today (UTC)"]


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def as_of_date(value=None, parameter: str = "as_of") -> dt.date:
    """The day verdicts are judged on: a date, ``YYYY-MM-DD``, a year (its 1 January), or today.

    >>> as_of_date("2026-11-30"), as_of_date(2025), as_of_date("2025")
    (datetime.date(2026, 11, 30), datetime.date(2025, 1, 1), datetime.date(2025, 1, 1))
    """
    if value is None:
        return today_utc()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        if FIRST_YEAR <= value <= LAST_YEAR:
            return dt.date(value, 1, 1)
    elif isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ParameterError(parameter, value, VALID)
