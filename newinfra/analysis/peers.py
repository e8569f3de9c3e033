"""Peers: the same metric family side by side across jurisdictions.

Different places are never one series: no multiples, no growth rates between
them. For a district (a jurisdiction with a parent), its figure is set against
the parent's: the target of the same metric, unit and basis in the parent's
series plan whose period contains the district's horizon; where the parent
has no such target, its latest status reported by then, labelled as status.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newinfra.analysis.series import series_positions
from newinfra.core.choices import check_choices
from newinfra.inputs import corpus, curation
from newinfra.ledger.targets import commitments

PEER_COLUMNS = [
    "family",
    "metric_id",
    "metric_label",
    "jurisdiction_id",
    "jurisdiction_name",
    "level",
    "plan_id",
    "horizon_year",
    "comparator",
    "value_std",
    "unit_std",
    "basis",
    "commitment_id",
    "parent_id",
    "parent_plan_id",
    "parent_figure",
    "parent_year",
    "parent_value_std",
    "parent_commitment_id",
    "share_of_parent",
    "flags",
]

_MATCH = ["metric_id", "unit_std", "basis"]


def _parent_targets(rows: pd.DataFrame, targets: pd.DataFrame, plans: pd.DataFrame):
    """The parent's target for each district row (same index as ``rows``)."""
    series = plans[plans["series_position"].notna()][
        ["plan_id", "jurisdiction_id", "period_start", "period_end"]
    ].rename(columns={"plan_id": "parent_plan_id", "jurisdiction_id": "parent_id"})
    candidates = rows.reset_index().merge(series, on="parent_id")
    contains = candidates["horizon_year"].between(
        candidates["period_start"], candidates["period_end"]
    )
    candidates = candidates[contains]
    parent = targets.rename(
        columns={
            "plan_id": "parent_plan_id",
            "horizon_year": "parent_year",
            "value_std": "parent_value_std",
            "commitment_id": "parent_commitment_id",
        }
    )[["parent_plan_id", *_MATCH, "parent_year", "parent_value_std", "parent_commitment_id"]]
    found = candidates[["index", "parent_plan_id", *_MATCH]].merge(
        parent, on=["parent_plan_id", *_MATCH]
    )
    found = found.sort_values(["index", "parent_year", "parent_value_std"])
    found = found.drop_duplicates("index", keep="last").set_index("index")
    return found.assign(parent_figure="target")


def _parent_statuses(rows: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """The parent's latest status by each district row's horizon."""
    if rows.empty or statuses.empty:
        return pd.DataFrame(columns=["parent_year", "parent_value_std", "parent_commitment_id"])
    left = rows.reset_index()[["index", "parent_id", "metric_id", "unit_std", "horizon_year"]]
    left = left.astype({"parent_id": object, "metric_id": object, "unit_std": object})
    left["horizon_year"] = left["horizon_year"].astype("int64")
    right = statuses.rename(
        columns={
            "jurisdiction_id": "parent_id",
            "horizon_year": "parent_year",
            "value_std": "parent_value_std",
            "commitment_id": "parent_commitment_id",
        }
    )[
        [
            "parent_id",
            "metric_id",
            "unit_std",
            "parent_year",
            "parent_value_std",
            "parent_commitment_id",
        ]
    ]
    right = right.astype({"parent_id": object, "metric_id": object, "unit_std": object})
    right["parent_year"] = right["parent_year"].astype("int64")
    merged = pd.merge_asof(
        left.sort_values("horizon_year"),
        right.sort_values("parent_year"),
        left_on="horizon_year",
        right_on="parent_year",
        by=["parent_id", "metric_id", "unit_std"],
    )
    merged = merged.dropna(subset=["parent_value_std"]).set_index("index")
    return merged[["parent_year", "parent_value_std", "parent_commitment_id"]].assign(
        parent_figure="status"
    )


def peer_table(
    targets: pd.DataFrame,
    statuses: pd.DataFrame,
    plans: pd.DataFrame,
    jurisdictions: pd.DataFrame,
) -> pd.DataFrame:
    """Target commitments of every jurisdiction, with a district's share of its parent.

    ``targets`` and ``statuses`` are commitments (kind target / baseline) with
    ``jurisdiction_id`` and ``family``; ``plans`` carries ``series_position``;
    ``jurisdictions`` has ``jurisdiction_id``, ``name_en``, ``level`` and
    ``parent_id``.
    """
    places = jurisdictions.set_index("jurisdiction_id")
    out = targets.copy()
    out["jurisdiction_name"] = out["jurisdiction_id"].map(places["name_en"])
    out["level"] = out["jurisdiction_id"].map(places["level"])
    out["parent_id"] = out["jurisdiction_id"].map(places["parent_id"])
    districts = out[out["parent_id"].notna()]
    parent = _parent_targets(districts, targets, plans)
    missing = districts.drop(index=parent.index)
    parent = pd.concat([parent, _parent_statuses(missing, statuses)])
    for column in (
        "parent_plan_id",
        "parent_figure",
        "parent_year",
        "parent_value_std",
        "parent_commitment_id",
    ):
        out[column] = parent[column].reindex(out.index) if column in parent else np.nan
    denominator = out["parent_value_std"].astype(float)
    out["share_of_parent"] = out["value_std"].astype(float) / denominator.where(denominator != 0)
    out["parent_year"] = out["parent_year"].astype("Int64")
    flags = pd.Series("different places: side by side, never one series", index=out.index)
    is_status = out["parent_figure"] == "status"
    flags = flags.mask(
        is_status,
        flags + "; the parent sets no such target for this period: its reported status instead",
    )
    out["flags"] = flags
    return out.reindex(columns=PEER_COLUMNS)


def peers(
    family: str | Iterable[str] | None = None, horizon: int | Iterable[int] | None = None
) -> pd.DataFrame:
    """The same metric family side by side across jurisdictions.

    One row per target commitment with a family, for every family that at
    least two jurisdictions set targets for (or every row of the ``family``
    asked for); ``horizon`` keeps targets due in the given years. A district's
    row carries its parent's figure and ``share_of_parent``; rows of different
    places are never joined by multiples or growth rates.

    >>> import newinfra as ni
    >>> ni.peers(family="5g_base_stations")
    """
    everything = commitments()
    metrics = curation.metrics().set_index("metric_id")
    everything["family"] = everything["metric_id"].map(metrics["family"])
    families = sorted(everything["family"].dropna().unique())
    chosen = check_choices("family", family, families)
    years = sorted(int(y) for y in everything["horizon_year"].unique())
    chosen_years = check_choices("horizon", horizon, years)
    plans = series_positions(corpus.plans())
    target_rows = everything[everything["kind"] == "target"]
    statuses = everything[everything["kind"] == "baseline"]
    table = peer_table(target_rows, statuses, plans, corpus.jurisdictions())
    if chosen is not None:
        table = table[table["family"].isin(chosen)]
    else:
        places = table.groupby("family")["jurisdiction_id"].transform("nunique")
        table = table[places >= 2]
    if chosen_years is not None:
        table = table[table["horizon_year"].isin(chosen_years)]
    order = ["family", "jurisdiction_id", "horizon_year", "plan_id"]
    return table.sort_values(order, kind="stable").reset_index(drop=True)
