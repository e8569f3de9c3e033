"""How each linked metric moved from plan to plan within each jurisdiction's series.

``ni.lineage()``: a family is new, continued, rescaled, dropped or reappears
from one plan of a place's series to the next (``analysis.series`` lines the
plans up; figures are commitments, as in ``ni.compare()``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import pandas as pd

from newinfra.analysis.points import points as _points
from newinfra.analysis.series import link_plans, series_positions
from newinfra.core.choices import check_choices
from newinfra.inputs import corpus, curation, fields

__all__ = ["LINEAGE_COLUMNS", "lineage"]


LINEAGE_COLUMNS = [
    "jurisdiction_id",
    "family",
    "plan_id",
    "status",
    "from_plan",
    "metric_id",
    "horizon_year",
    "value_std",
    "unit_std",
    "multiple",
    "target_id",
]


def lineage(
    metrics: Iterable[str] | None = None, jurisdiction: str | Iterable[str] | None = None
) -> pd.DataFrame:
    """How each linked metric moved from plan to plan within each jurisdiction's series.

    A family is ``new`` in the first plan of a series that sets a target for
    it, ``continued`` when the next plan repeats the value, ``rescaled`` (with
    the ``multiple``, per year for additions) when it changes it, ``dropped``
    in a plan that sets none after an earlier one did, and ``reappears`` when
    a later plan takes it up again. Context documents and baselines are not
    links of a series.

    >>> import newinfra as ni
    >>> ni.lineage(["ev_smart_charging_points"])[["plan_id", "status", "multiple"]]
    """
    catalogue = curation.metrics()
    valid = sorted(set(catalogue["metric_id"]) | set(catalogue["family"]))
    chosen = check_choices("metrics", metrics, valid)
    places = check_choices(
        "jurisdiction", jurisdiction, corpus.jurisdictions()["jurisdiction_id"].tolist()
    )
    plans = series_positions(corpus.plans())
    plans = plans[plans["series_position"].notna()].sort_values(
        ["jurisdiction_id", "series_position"]
    )
    points = _points()
    points = points[(points["kind"] == "target") & points["series_position"].notna()]
    if chosen is not None:
        points = points[points["metric_id"].isin(chosen) | points["family"].isin(chosen)]
    if places is not None:
        points = points[points["jurisdiction_id"].isin(places)]
        plans = plans[plans["jurisdiction_id"].isin(places)]
    steps = link_plans(points.reset_index(drop=True))
    in_plans = steps.groupby(["jurisdiction_id", "family"])["plan_id"].transform("nunique")
    steps = steps[in_plans >= 2]
    rows = []
    for (place, family), group in steps.groupby(["jurisdiction_id", "family"]):
        rows += _family_lineage(place, family, group, plans[plans["jurisdiction_id"] == place])
    return fields.describe(pd.DataFrame(rows, columns=LINEAGE_COLUMNS), "lineage")


def _family_lineage(place: str, family: str, group: pd.DataFrame, plans: pd.DataFrame) -> list:
    rows, last, present = [], None, False
    for plan_id in plans["plan_id"]:
        in_plan = group[group["plan_id"] == plan_id].sort_values(["horizon_year", "value_std"])
        if in_plan.empty:
            if present:
                rows.append(
                    {"jurisdiction_id": place, "family": family, "plan_id": plan_id,
                     "status": "dropped", "from_plan": last["plan_id"],
                     "metric_id": last["metric_id"]}
                )  # fmt: skip
            present = False
            continue
        figure = in_plan.iloc[-1]
        out = {
            "jurisdiction_id": place,
            "family": family,
            "plan_id": plan_id,
            "metric_id": figure["metric_id"],
            "horizon_year": figure["horizon_year"],
            "value_std": figure["value_std"],
            "unit_std": figure["unit_std"],
            "target_id": figure["commitment_id"],
            "status": "new",
        }
        if last is not None:
            multiple = figure["multiple"]
            same = isinstance(multiple, float) and math.isclose(multiple, 1.0)
            unchanged = same or figure["value_std"] == last["value_std"]
            out.update(
                from_plan=last["plan_id"],
                multiple=multiple,
                status=("continued" if unchanged else "rescaled") if present else "reappears",
            )
        rows.append(out)
        last, present = figure, True
    return rows
