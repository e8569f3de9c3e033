"""Grouping mentions into commitments: one row per thing a plan commits to, with its evidence.

A plan often states one figure several times (its goals, a task, the press
briefing). Those mentions are one commitment when they share the plan, kind,
metric, horizon year, standardised value (and upper value) and basis; a
comparator that differs between them is flagged, not split. Judgement can
merge or split mentions with the ``commitment_group`` column of
``data/annotations.csv``: mentions of one plan with the same group label are
one commitment, whatever their values.

The commitment's id is the ``target_id`` of its primary mention: the one in
the plan's primary source, earliest in the text.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from newinfra.inputs.vocabulary import COMMITMENTS

# Firmest first: the commitment's wording is the firmest any of its mentions uses.
FIRMNESS = tuple(COMMITMENTS)

KEY = ["plan_id", "kind", "metric_id", "horizon_year", "value_key", "value_high_key", "basis"]

COMMITMENT_COLUMNS = [
    "commitment_id",
    "plan_id",
    "jurisdiction_id",
    "family",
    "metric_id",
    "metric_label",
    "domain",
    "horizon_year",
    "kind",
    "value",
    "value_high",
    "unit",
    "comparator",
    "comparator_differs",
    "outside_plan_text",
    "value_std",
    "value_high_std",
    "unit_std",
    "basis",
    "commitment",
    "commitment_all",
    "n_mentions",
    "n_sources",
    "target_ids",
    "source_ids",
    "source_id",
    "start",
    "end",
    "quote",
    "sentence",
    "gloss_en",
]


def value_high_std(ledger: pd.DataFrame) -> pd.Series:
    """The upper value in the metric's canonical unit (the value's own conversion factor)."""
    factor = ledger["value_std"] / ledger["value"].where(ledger["value"] != 0)
    same_unit = ledger["unit"] == ledger["unit_std"]
    factor = factor.where(~same_unit | factor.notna(), 1.0)
    return ledger["value_high"] * factor


def _rounded(values: pd.Series) -> pd.Series:
    """Values as keys: equal up to float noise (1 Gbps and 1,000 Mbps are one figure)."""
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    keys = [f"{v:.9g}" if math.isfinite(v) else "" for v in numbers.tolist()]
    return pd.Series(keys, index=numbers.index, name=numbers.name, dtype=str)


def commitment_keys(ledger: pd.DataFrame, groups: pd.Series | None = None) -> pd.Series:
    """One key per ledger row; rows with the same key are one commitment."""
    frame = ledger.assign(
        value_key=_rounded(ledger["value_std"]),
        value_high_key=_rounded(value_high_std(ledger)),
    )
    parts = [frame[column].astype(str) for column in KEY]
    key = parts[0].str.cat(parts[1:], sep="|", na_rep="")
    if groups is not None:
        label = ledger["target_id"].map(groups)
        labelled = label.notna() & (label.astype(str).str.strip() != "")
        key = key.where(~labelled, ledger["plan_id"] + "|group|" + label.astype(str))
    return key


def _wordings(ordered: pd.DataFrame) -> pd.DataFrame:
    """Per key: the firmest wording of its mentions and every wording used, firmest first."""
    used = pd.crosstab(ordered["_key"], ordered["commitment"]).reindex(
        columns=list(FIRMNESS), fill_value=0
    )
    present = used > 0
    firmest = present.idxmax(axis=1).where(present.any(axis=1))
    every = pd.Series("", index=used.index)
    for wording in FIRMNESS:
        every = every + np.where(present[wording], wording + ", ", "")
    every = every.str.removesuffix(", ")
    return pd.DataFrame({"commitment": firmest, "commitment_all": every.where(every != "", None)})


def _ordered(ledger, primary_sources, groups, outside) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ledger with each row's key, and its rows in key order, each key's primary first."""
    frame = ledger.copy()
    frame["_key"] = commitment_keys(frame, groups)
    frame["_secondary"] = frame["source_id"] != frame["plan_id"].map(primary_sources)
    frame["_outside"] = False if outside is None else outside.reindex(frame.index).fillna(False)
    ordered = frame.sort_values(
        ["_key", "_outside", "_secondary", "source_id", "start"], kind="stable"
    )
    return frame, ordered


# What commitment_keys and _ordered read of a ledger row.
_GROUPED_BY = [
    "target_id", "plan_id", "kind", "metric_id", "horizon_year", "basis", "value", "value_high",
    "unit", "value_std", "unit_std", "source_id", "start",
]  # fmt: skip


def commitment_ids(
    ledger: pd.DataFrame,
    primary_sources: pd.Series,
    groups: pd.Series | None = None,
    outside: pd.Series | None = None,
) -> pd.Series:
    """The ids of :func:`group_commitments` alone, without summing up each commitment."""
    # Only the columns that decide the keys and their order: a narrow frame sorts faster.
    frame, ordered = _ordered(ledger[_GROUPED_BY], primary_sources, groups, outside)
    primary = ordered[["_key", "target_id"]].drop_duplicates("_key", keep="first")
    return frame["_key"].map(primary.set_index("_key")["target_id"])


def group_commitments(
    ledger: pd.DataFrame,
    primary_sources: pd.Series,
    groups: pd.Series | None = None,
    outside: pd.Series | None = None,
) -> tuple[pd.DataFrame, pd.Series]:
    """Commitments of a ledger, and the commitment id of every ledger row.

    ``primary_sources`` maps plan_id to the plan's primary source id;
    ``groups`` maps target_id to a judgement's group label (merge or split);
    ``outside`` (indexed like ``ledger``) is true for a mention that lies outside its
    document's own words (a repost's news summary): such a mention leads a
    commitment only when no other mention can, and a commitment stated only
    there is marked ``outside_plan_text``.
    Returns ``(commitments, ids)`` where ``ids`` is indexed like ``ledger``.
    """
    frame, ordered = _ordered(ledger, primary_sources, groups, outside)
    primary = ordered.drop_duplicates("_key", keep="first").set_index("_key")
    grouped = ordered.groupby("_key", sort=False)
    sources = ordered.drop_duplicates(["_key", "source_id"]).groupby("_key", sort=False)
    summary = pd.DataFrame(
        {
            "n_mentions": grouped.size(),
            "n_sources": sources.size(),
            "target_ids": grouped["target_id"].agg(" ".join),
            "source_ids": sources["source_id"].agg(" ".join),
            "comparator_differs": grouped["comparator"].nunique(dropna=False) > 1,
            "outside_plan_text": grouped["_outside"].all(),
        }
    ).join(_wordings(ordered))
    out = primary.drop(columns=["commitment"]).join(summary)
    out["value_high_std"] = value_high_std(out)
    out["commitment_id"] = out["target_id"]
    for column in COMMITMENT_COLUMNS:
        if column not in out.columns:
            out[column] = pd.NA
    out = out[COMMITMENT_COLUMNS].reset_index(drop=True)
    ids = frame["_key"].map(primary["target_id"])
    return out, ids


def with_commitment_ids(ledger: pd.DataFrame) -> pd.DataFrame:
    """The ledger with ``commitment_id`` after ``target_id`` (the curated files' judgement)."""
    from newinfra.inputs import corpus, curation

    primary = corpus.plans().set_index("plan_id")["primary_source_id"]
    groups = judged_groups(curation.annotations())
    ids = commitment_ids(ledger, primary, groups, outside_of(ledger))
    out = ledger.copy()
    out.insert(out.columns.get_loc("target_id") + 1, "commitment_id", ids)
    return out


def outside_of(ledger: pd.DataFrame) -> pd.Series:
    """Whether each ledger row lies outside its document's own words (data/section_rules.csv)."""
    from newinfra.inputs.section_rules import outside_plan_text

    flags = outside_plan_text(ledger["source_id"], ledger["start"])
    return pd.Series(flags, index=ledger.index, dtype=bool)


def judged_groups(annotations: pd.DataFrame) -> pd.Series | None:
    if "commitment_group" not in annotations:
        return None
    judged = annotations.dropna(subset=["commitment_group"])
    ids = judged["source_id"] + ":" + judged["start"].astype(str) + "-" + judged["end"].astype(str)
    return pd.Series(judged["commitment_group"].to_numpy(), index=ids)
