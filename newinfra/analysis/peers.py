"""Peers: the same metric family side by side across jurisdictions.

Different places are never one series: no multiples, no growth rates between
them. For a district (a jurisdiction with a parent), its figure is set against
the parent's: the target of the same metric, unit and basis in the parent's
series plan whose period contains the district's horizon; where the parent
has no such target, its latest status reported by then, labelled as status.

``share_of_parent`` is given only for stocks and flows (``nature`` in
data/metrics.csv): a speed class or a share of a district is not a part of
its city's. ``parent_note`` says why a row has no parent figure or no share.

Where the parent reports several statuses of one metric and unit in the same
year, one is chosen by an explicit key (:data:`STATUS_KEY`), never by row
order: the kind of document (plan text, translation, press briefing, news,
in that order), then source_id, then the offset of the figure, then
commitment_id.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newinfra.analysis.series import series_positions
from newinfra.core.choices import check_choices
from newinfra.inputs import corpus, curation
from newinfra.inputs.vocabulary import DOC_TYPES
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
    "parent_note",
    "flags",
]
# Natures whose figures can be a part of the parent's figure.
PARTS = ("stock", "flow")
# How one status is chosen among the parent's statuses of one metric, unit and year.
STATUS_KEY = ["doc_rank", "source_id", "start", "commitment_id"]

_MATCH = ["metric_id", "unit_std", "basis"]
PARENT_TYPES = {
    "parent_plan_id": object,
    "parent_figure": object,
    "parent_year": "Int64",
    "parent_value_std": float,
    "parent_commitment_id": object,
}


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
    found = found.sort_values(
        ["index", "parent_year", "parent_value_std", "parent_commitment_id"], kind="mergesort"
    )
    found = found.drop_duplicates("index", keep="last").set_index("index")
    return found.assign(parent_figure="target")


def _parent_statuses(rows: pd.DataFrame, statuses: pd.DataFrame) -> pd.DataFrame:
    """The parent's latest status by each district row's horizon, of the same basis.

    An addition (basis new) is never set against a status, which is a level.
    """
    if rows.empty or statuses.empty:
        return pd.DataFrame(columns=["parent_year", "parent_value_std", "parent_commitment_id"])
    keys = ["parent_id", "metric_id", "unit_std", "basis"]
    left = rows.reset_index()[["index", *keys, "horizon_year"]]
    left = left.astype(dict.fromkeys(keys, object))
    left["horizon_year"] = left["horizon_year"].astype("int64")
    right = _one_status_per_year(statuses).rename(
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
            "basis",
            "parent_year",
            "parent_value_std",
            "parent_commitment_id",
        ]
    ]
    right = right.astype(dict.fromkeys(keys, object))
    right["parent_year"] = right["parent_year"].astype("int64")
    merged = pd.merge_asof(
        left.sort_values("horizon_year", kind="mergesort"),
        right.sort_values("parent_year", kind="mergesort"),
        left_on="horizon_year",
        right_on="parent_year",
        by=keys,
    )
    merged = merged.dropna(subset=["parent_value_std"]).set_index("index")
    return merged[["parent_year", "parent_value_std", "parent_commitment_id"]].assign(
        parent_figure="status"
    )


def _one_status_per_year(statuses: pd.DataFrame) -> pd.DataFrame:
    """One status per place, metric, unit, basis and year: the first by STATUS_KEY."""
    rank = {doc_type: i for i, doc_type in enumerate(DOC_TYPES)}
    keyed = statuses.assign(
        doc_rank=statuses["doc_type"].map(rank).fillna(len(rank))
        if "doc_type" in statuses
        else len(rank),
        source_id=statuses.get("source_id", ""),
        start=statuses.get("start", 0),
    )
    group = ["jurisdiction_id", "metric_id", "unit_std", "basis", "horizon_year"]
    keyed = keyed.sort_values([*group, *STATUS_KEY], kind="mergesort")
    return keyed.drop_duplicates(group, keep="first")


def _parent_notes(out: pd.DataFrame, natures: pd.Series | None) -> pd.Series:
    """Why a row has no parent figure, or no share of it; empty where it has both."""
    nature = out["metric_id"].map(natures) if natures is not None else pd.Series("stock", out.index)
    notes = pd.Series(pd.NA, index=out.index, dtype="object")
    for i, row in out.iterrows():
        if pd.isna(row["parent_id"]):
            notes[i] = "no parent place to set it against"
        elif pd.isna(row["parent_value_std"]):
            notes[i] = (
                f"{row['parent_name']} sets no target of {row['metric_id']} in {row['unit_std']} "
                f"({row['basis']}) in a plan whose period holds {row['horizon_year']}, and reports "
                f"no status of it by then"
            )
        elif nature[i] not in PARTS:
            notes[i] = (
                f"a {nature[i]}: the parent's figure is shown, a share of it would mean nothing"
            )
        elif row["parent_value_std"] == 0:
            notes[i] = "the parent's figure is 0: no share"
    return notes


def peer_table(
    targets: pd.DataFrame,
    statuses: pd.DataFrame,
    plans: pd.DataFrame,
    jurisdictions: pd.DataFrame,
    natures: pd.Series | None = None,
) -> pd.DataFrame:
    """Target commitments of every jurisdiction, with a district's share of its parent.

    ``targets`` and ``statuses`` are commitments (kind target / baseline) with
    ``jurisdiction_id`` and ``family`` (statuses may carry ``doc_type``,
    ``source_id`` and ``start`` for STATUS_KEY); ``plans`` carries
    ``series_position``; ``jurisdictions`` has ``jurisdiction_id``, ``name_en``,
    ``level`` and ``parent_id``; ``natures`` maps metric_id to its nature (None:
    every metric a stock).
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
    # Each column keeps one type whatever other places' rows hold, so that a place's rows
    # never change with the rows of another.
    for column, dtype in PARENT_TYPES.items():
        values = parent[column].reindex(out.index) if column in parent else np.nan
        out[column] = pd.Series(values, index=out.index).astype(dtype)
    out["parent_name"] = out["parent_id"].map(places["name_en"])
    out["parent_note"] = _parent_notes(out, natures)
    denominator = out["parent_value_std"].astype(float)
    comparable = out["parent_note"].isna()
    out["share_of_parent"] = (out["value_std"].astype(float) / denominator).where(comparable)
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
    row carries its parent's figure and, for stocks and flows,
    ``share_of_parent``; ``parent_note`` says why a row has neither. Rows of
    different places are never joined by multiples or growth rates.

    ``attrs["left_out"]`` says what the default left out and how to see it
    (families set by one place only); it is empty when nothing was left out.
    The command line prints it to stderr.

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
    doc_types = corpus.sources(verify=False).set_index("source_id")["doc_type"]
    everything["doc_type"] = everything["source_id"].map(doc_types)
    target_rows = everything[everything["kind"] == "target"]
    statuses = everything[everything["kind"] == "baseline"]
    table = peer_table(target_rows, statuses, plans, corpus.jurisdictions(), metrics["nature"])
    left_out = ""
    if chosen is not None:
        table = table[table["family"].isin(chosen)]
    else:
        places = table.groupby("family")["jurisdiction_id"].transform("nunique")
        left_out = _left_out_note(table[places < 2])
        table = table[places >= 2]
    if chosen_years is not None:
        table = table[table["horizon_year"].isin(chosen_years)]
    order = ["family", "jurisdiction_id", "horizon_year", "plan_id", "commitment_id"]
    table = table.sort_values(order, kind="mergesort").reset_index(drop=True)
    table.attrs["left_out"] = left_out
    return table


def _left_out_note(hidden: pd.DataFrame) -> str:
    """One sentence on the families of one place only that the default leaves out."""
    if hidden.empty:
        return ""
    alone = hidden.groupby("family")["jurisdiction_id"].first().sort_index()
    listed = ", ".join(f"{family} ({place})" for family, place in alone.items())
    names = ",".join(alone.index)
    return (
        f"left out: {len(alone)} famil{'y' if len(alone) == 1 else 'ies'} with targets of one "
        f"place only: {listed}; see them with peers(family=[...]) or "
        f"newinfra peers --family {names}"
    )
