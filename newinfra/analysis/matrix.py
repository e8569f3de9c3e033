"""The compare matrix that opens the reports.

``compare_matrix()`` lays out every target commitment of every place: one row
per metric family (a metric without a family is its own row), grouped by
domain; one column per plan of the place's series, context documents in
columns of their own. Each cell is one commitment: the target as written, its
firmest wording and its verdict with the evidence's year and lag. The
findings stated beside it are :mod:`newinfra.analysis.findings`.
"""

from __future__ import annotations

import pandas as pd

from newinfra.analysis.figures import written_value
from newinfra.analysis.points import points as _points
from newinfra.analysis.series import series_positions
from newinfra.analysis.verdicts import verdict_frame
from newinfra.core.choices import check_choices
from newinfra.core.dates import as_of_date
from newinfra.inputs import corpus, curation
from newinfra.inputs.families import family_labels

VERDICT_COLUMNS = ["verdict", "decided_by", "decided_by_metric_id", "decided_by_year",
                   "verdict_lag", "verdict_note"]  # fmt: skip
MATRIX_COLUMNS = [
    "jurisdiction_id",
    "domain",
    "row",
    "row_label",
    "metric_id",
    "cell_metric",
    "plan_id",
    "column",
    "is_context",
    "series_position",
    "horizon_year",
    "written",
    "value",
    "comparator",
    "unit",
    "commitment",
    "verdict",
    "decided_by",
    "decided_by_metric_id",
    "decided_by_year",
    "verdict_lag",
    "verdict_note",
    "commitment_id",
    "source_id",
    "quote",
    "gloss_en",
]


def compare_matrix(jurisdiction: str | None = None, as_of=None) -> pd.DataFrame:
    """One row per target commitment, placed in its family's row and its plan's column.

    ``jurisdiction`` keeps one place (default: every place). Verdicts are
    computed ``as_of`` a date (default today) from the status reported in the
    same place.
    """
    places = corpus.jurisdictions()["jurisdiction_id"].tolist()
    chosen = check_choices("jurisdiction", jurisdiction, places)
    day = as_of_date(as_of)
    points = _points()
    if chosen is not None:
        points = points[points["jurisdiction_id"].isin(chosen)]
    targets = points[points["kind"] == "target"].copy()
    verdicts = verdict_frame(day).set_index("target_id")
    for column in VERDICT_COLUMNS:
        targets[column] = targets["target_id"].map(verdicts[column])
    targets["row"] = targets["family"]
    targets["row_label"] = targets["family"].map(family_labels()).fillna(targets["metric_label"])
    # A member of another definition than the row's label names its own metric in its cell.
    targets["cell_metric"] = targets["metric_label"].where(
        targets["metric_label"] != targets["row_label"], ""
    )
    plans = series_positions(corpus.plans()).set_index("plan_id")
    targets["is_context"] = targets["plan_id"].map(plans["is_context"] == "true")
    targets["column"] = targets["plan_id"]
    targets["written"] = [
        written_value(row.value, row.comparator, row.unit, row.value_high, row.higher_is_better)
        for row in targets.itertuples(index=False)
    ]
    domains = {d: i for i, d in enumerate(curation.domain_ids())}
    targets["_domain_order"] = targets["domain"].map(domains)
    # Places in the order of data/jurisdictions.csv: the home city first.
    targets["_place_order"] = targets["jurisdiction_id"].map(corpus.place_order())
    targets["_context"] = targets["is_context"].astype(int)
    ordered = targets.sort_values(
        ["_place_order", "_domain_order", "row_label", "_context", "series_position",
         "horizon_year", "value_std"],
        kind="stable",
    )  # fmt: skip
    return ordered.reindex(columns=MATRIX_COLUMNS).reset_index(drop=True)
