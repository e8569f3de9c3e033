"""One reading of "as of" everywhere: the library, the command line, the report run."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newinfra.cli.common import as_of_option
from newinfra.core.dates import as_of_date, today_utc
from newinfra.core.errors import ParameterError
from newinfra.present.release import _as_of as release_as_of
from newinfra.report.run import _check_as_of as run_as_of


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_every_entry_point_reads_a_date_as_the_same_day(day: dt.date):
    text = day.isoformat()
    assert as_of_date(text) == as_of_date(day) == as_of_option(text) == day
    assert release_as_of(text) == run_as_of(text) == text


@pytest.mark.parametrize("year", ["2025", 2025, " 2025 "])
def test_a_year_is_its_first_of_january_everywhere(year):
    assert as_of_date(year) == dt.date(2025, 1, 1)
    assert run_as_of(year) == release_as_of(year) == "2025-01-01"


def test_no_value_is_today_in_utc_everywhere():
    assert as_of_date(None) == today_utc() == dt.datetime.now(dt.UTC).date()
    assert release_as_of(None) == today_utc().isoformat()
    assert as_of_option(None) is None and run_as_of(None) is None  # the run fixes it once


@pytest.mark.parametrize("bad", ["2024-13-45", "", "soon", "1800", "２０２５", True, 3.5])
def test_anything_else_names_the_parameter_and_the_choices(bad):
    with pytest.raises(ParameterError, match="'--as-of'.*a year such as 2026"):
        run_as_of(bad) if not isinstance(bad, str) else as_of_option(bad)
