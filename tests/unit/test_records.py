"""Rows read column-wise are the rows pandas gives, value for value and type for type."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.core.records import records


def _same(a, b) -> bool:
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return type(a) is type(b) and a == b


def _assert_same_rows(frame: pd.DataFrame) -> None:
    expected, got = frame.to_dict("records"), records(frame)
    assert len(expected) == len(got)
    for want, have in zip(expected, got, strict=True):
        assert list(want) == list(have)
        for name in want:
            assert _same(want[name], have[name]), (name, want[name], have[name])


texts = st.one_of(st.none(), st.text(max_size=5))
integers = st.integers(-(2**40), 2**40)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            integers,
            st.one_of(st.floats(allow_nan=True), integers.map(float)),
            texts,
            st.one_of(st.none(), integers),
            st.one_of(st.none(), integers, st.floats(allow_nan=False), st.text(max_size=3)),
            st.booleans(),
        ),
        max_size=8,
    )
)
def test_records_match_pandas_on_every_column_type(rows):
    ints, floats, strings, nullable, mixed, flags = zip(*rows, strict=True) if rows else [()] * 6
    frame = pd.DataFrame(
        {
            "int": pd.Series(ints, dtype="int64"),
            "float": pd.Series(floats, dtype="float64"),
            "text": pd.Series(strings, dtype="str"),
            "text_or_na": pd.Series(strings, dtype="string"),
            "nullable": pd.array(nullable, dtype="Int64"),
            "mixed": pd.Series(
                [np.int64(v) if isinstance(v, int) else v for v in mixed], dtype=object
            ),
            "flag": pd.Series(flags, dtype="bool"),
        }
    )
    _assert_same_rows(frame)


def test_records_of_a_table_built_from_dicts_with_missing_cells():
    frame = pd.DataFrame([{"a": 1, "b": "x"}, {"a": None, "c": pd.NA}, {"b": np.float64(2.5)}])
    _assert_same_rows(frame)
