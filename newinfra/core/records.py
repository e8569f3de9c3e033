"""Table rows as plain dicts, as ``DataFrame.to_dict("records")`` gives them, built column-wise.

pandas reads a table row by row through each column's iterator, which for
text columns costs a conversion per cell; a whole column converts at once.
The values are the same: Python numbers and strings, ``None`` for a missing
value of an object or nullable column, NaN where the column holds it so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from pandas.api.types import is_bool_dtype, is_float_dtype, is_integer_dtype, is_object_dtype

__all__ = ["column_values", "records"]


def _boxed(value):
    """A cell of an object or extension column as to_dict gives it: a native Python value."""
    if isinstance(value, np.generic) and not isinstance(value, np.datetime64 | np.timedelta64):
        return value.item()
    if value is pd.NA:
        return None
    return value


def column_values(column: pd.Series) -> list:
    """The values of one column, as :func:`records` gives them."""
    dtype = column.dtype
    if isinstance(dtype, np.dtype) and (
        is_integer_dtype(dtype) or is_float_dtype(dtype) or is_bool_dtype(dtype)
    ):
        return column.tolist()  # Python numbers, as the row iterator gives them
    if isinstance(dtype, pd.StringDtype) and dtype.na_value is not pd.NA:
        return column.tolist()  # strings, and NaN where missing
    if isinstance(dtype, pd.StringDtype) or is_object_dtype(dtype):
        return [_boxed(value) for value in column.tolist()]
    return [_boxed(value) for value in column]  # any other type: through its own iterator


def records(frame: pd.DataFrame) -> list[dict]:
    """``frame.to_dict("records")``, for tables of numbers and text."""
    names = frame.columns.tolist()
    columns = [column_values(frame.iloc[:, i]) for i in range(len(names))]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]
