"""Text columns: what pandera makes of them is that of ``str``; their type is checked once."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.engines import pandas_engine

from newinfra.inputs.schema_base import Text


def _schema(text_type) -> pa.DataFrameSchema:
    """A table of two text columns, as the data files declare them."""
    return pa.DataFrameSchema(
        {
            "name": pa.Column(text_type, nullable=True),
            "kind": pa.Column(text_type, pa.Check.isin(["target", "baseline"])),
        },
        coerce=True,
        strict=True,
    )


_AS_STR, _AS_TEXT = _schema(str), _schema(Text())


def _outcome(model, frame: pd.DataFrame):
    try:
        return model.validate(frame.copy(), lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases[["column", "check", "failure_case", "index"]]
        return cases.astype(str).to_dict("records")


@settings(max_examples=100, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.one_of(st.none(), st.text(max_size=5), st.integers()),
            st.one_of(st.none(), st.sampled_from(["target", "baseline", "budget", ""])),
        ),
        max_size=8,
    )
)
def test_a_text_column_validates_as_a_str_column(rows):
    frame = pd.DataFrame(rows, columns=["name", "kind"], dtype=object)
    by_str, by_text = _outcome(_AS_STR, frame), _outcome(_AS_TEXT, frame)
    if isinstance(by_str, pd.DataFrame):
        pd.testing.assert_frame_equal(by_str, by_text)
    else:
        assert by_str == by_text


def test_the_type_of_a_text_column_is_checked_once_not_value_by_value():
    column = pd.Series(["a", None, "b"], dtype="str")
    dtype = pandas_engine.Engine.dtype(column.dtype)
    assert Text().check(dtype, column) is True
    assert str(Text()) == str(pandas_engine.Engine.dtype(str))  # the data dictionary's word


@pytest.mark.parametrize("other", ["int64", "float64"])
def test_a_column_of_another_type_is_not_text(other):
    assert Text().check(pandas_engine.Engine.dtype(other)) is False
