"""With pyarrow installed (a dependency, for the data release), pandas stores text in Arrow
arrays, which refuse some mixes the Python-backed strings let through. These pin the places
that tripped over it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from newinfra.analysis.comparison import _disagreements

ARROW_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
TEXT_COLUMNS = ["jurisdiction_id", "metric_id", "kind", "basis", "plan_id", "quote", "source_id"]


def _points(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=[*TEXT_COLUMNS, "horizon_year", "value_std"])
    frame = frame.astype({c: ARROW_TEXT for c in TEXT_COLUMNS})
    return frame.astype({"horizon_year": "int64", "value_std": "float64"})


def test_no_points_means_no_disagreement_with_arrow_backed_text():
    # An empty selection (a domain with no linked figures) raised TypeError: 'add' not
    # supported for dtype 'str' with dtype 'float64'.
    assert _disagreements(_points([])).tolist() == []


def test_sources_that_disagree_are_listed_with_arrow_backed_text():
    row = dict(jurisdiction_id="sh", metric_id="racks", kind="baseline", basis="cumulative",
               plan_id="p", horizon_year=2020)  # fmt: skip
    frame = _points(
        [
            {**row, "quote": "120,000", "source_id": "a", "value_std": 120000.0},
            {**row, "quote": "130,000", "source_id": "b", "value_std": 130000.0},
        ]
    )
    expected = "sources disagree for 2020: 120,000 (a), 130,000 (b)"
    assert _disagreements(frame).tolist() == [expected, expected]
