"""Verdicts: how a target fared, judged by status figures reported in its jurisdiction.

Evidence is a baseline (a reported status) of the same metric family, in the
same jurisdiction, of the same nature (additions are never judged by a stock),
from a document published on or before ``as_of``:

- ``met early``: a status reported before the horizon already reaches the
  target (this takes precedence over ``pending``);
- ``met`` / ``not met``: decided by the first status reported for the horizon
  year or later, with the lag between the two;
- ``not reported``: the horizon has passed and no status decides it;
- ``pending``: the horizon has not passed on ``as_of``.

The same data and the same ``as_of`` always give the same verdicts.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

VERDICTS = ("met", "met early", "not met", "not reported", "pending")
KEYS = ["jurisdiction_id", "family", "is_flow"]


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _statuses(statuses: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    published = pd.to_datetime(statuses["published"]).dt.date
    known = statuses[published <= as_of]
    out = known.rename(
        columns={
            "horizon_year": "status_year",
            "value_std": "status_value_std",
            "commitment_id": "status_id",
            "metric_id": "status_metric_id",
        }
    )[[*KEYS, "status_year", "status_value_std", "status_id", "status_metric_id"]]
    out["status_value_std"] = out["status_value_std"].astype(float)
    out = out.sort_values([*KEYS, "status_year", "status_value_std"]).reset_index(drop=True)
    grouped = out.groupby(KEYS, sort=False)
    out["best_high"] = grouped["status_value_std"].cummax()
    out["best_low"] = grouped["status_value_std"].cummin()
    for side in ("high", "low"):
        is_best = out["status_value_std"] == out[f"best_{side}"]
        out[f"best_{side}_id"] = out["status_id"].where(is_best)
        out[f"best_{side}_year"] = out["status_year"].where(is_best)
        out[[f"best_{side}_id", f"best_{side}_year"]] = out.groupby(KEYS, sort=False)[
            [f"best_{side}_id", f"best_{side}_year"]
        ].ffill()
    out["status_year"] = out["status_year"].astype("int64")
    out["status_id"] = out["status_id"].astype(object)
    out["status_metric_id"] = out["status_metric_id"].astype(object)
    is_best_high = out["status_value_std"] == out["best_high"]
    is_best_low = out["status_value_std"] == out["best_low"]
    out["best_high_metric"] = out["status_metric_id"].where(is_best_high)
    out["best_low_metric"] = out["status_metric_id"].where(is_best_low)
    out[["best_high_metric", "best_low_metric"]] = out.groupby(KEYS, sort=False)[
        ["best_high_metric", "best_low_metric"]
    ].ffill()
    return out


def _typed_keys(frame: pd.DataFrame) -> pd.DataFrame:
    """Join keys of one type on both sides, even for an empty table."""
    return frame.astype({"jurisdiction_id": object, "family": object, "is_flow": bool})


def _asof(left: pd.DataFrame, right: pd.DataFrame, direction: str, exact: bool) -> pd.DataFrame:
    ordered = _typed_keys(left.reset_index()).sort_values("horizon_year")
    ordered["horizon_year"] = ordered["horizon_year"].astype("int64")
    merged = pd.merge_asof(
        ordered,
        _typed_keys(right).sort_values("status_year"),
        left_on="horizon_year",
        right_on="status_year",
        by=KEYS,
        direction=direction,
        allow_exact_matches=exact,
    )
    return merged.set_index("index").reindex(left.index)


def judge(targets: pd.DataFrame, statuses: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Verdict columns for each target row (same index as ``targets``).

    ``targets`` has ``KEYS``, ``horizon_year``, ``metric_id``, ``value_std``,
    ``value_high_std`` and ``higher_is_better``; ``statuses`` has ``KEYS``,
    ``horizon_year``, ``metric_id``, ``value_std``, ``commitment_id`` and
    ``published``.
    Returns ``status_year``/``status_value_std`` (the latest status before the
    horizon), ``verdict``, ``decided_by``, ``decided_by_year``,
    ``decided_by_value_std``, ``verdict_lag`` (years after the horizon;
    negative when met early) and ``verdict_note``.
    """
    known = _statuses(statuses, as_of)
    left = targets[[*KEYS, "horizon_year"]].copy()
    before = _asof(left, known, "backward", exact=False)
    after = _asof(left, known, "forward", exact=True)

    higher = targets["higher_is_better"].astype(bool)
    goal_high = targets["value_std"]
    goal_low = targets["value_high_std"].fillna(targets["value_std"])
    early_value = before["best_high"].where(higher, before["best_low"])
    early = (early_value >= goal_high).where(higher, early_value <= goal_low)
    early = early.fillna(False).astype(bool) & early_value.notna()
    reached = (after["status_value_std"] >= goal_high).where(
        higher, after["status_value_std"] <= goal_low
    )
    passed = targets["horizon_year"].astype(int) < as_of.year
    decided = passed & after["status_id"].notna() & ~early

    verdict = pd.Series("pending", index=targets.index, dtype="object")
    verdict = verdict.mask(passed & ~early, "not reported")
    verdict = verdict.mask(decided, np.where(reached.fillna(False).astype(bool), "met", "not met"))
    verdict = verdict.mask(early, "met early")

    early_id = before["best_high_id"].where(higher, before["best_low_id"])
    early_year = before["best_high_year"].where(higher, before["best_low_year"])
    out = pd.DataFrame(index=targets.index)
    out["status_year"] = before["status_year"].astype("Int64")
    out["status_value_std"] = before["status_value_std"]
    out["verdict"] = verdict
    out["decided_by"] = (
        after["status_id"].astype(object).where(decided, early_id.astype(object).where(early))
    )
    decided_year = after["status_year"].astype(float).where(decided, early_year.where(early))
    out["decided_by_year"] = decided_year.astype("Int64")
    out["decided_by_value_std"] = (
        after["status_value_std"].astype(float).where(decided, early_value.where(early))
    )
    lag = out["decided_by_year"] - targets["horizon_year"].astype("Int64")
    out["verdict_lag"] = lag
    early_metric = before["best_high_metric"].where(higher, before["best_low_metric"])
    status_metric = (
        after["status_metric_id"]
        .astype(object)
        .where(decided, early_metric.astype(object).where(early))
    )
    notes = [_note(v, y, n) for v, y, n in zip(verdict, out["decided_by_year"], lag, strict=True)]
    out["verdict_note"] = [
        _with_definition(note, status, metric)
        for note, status, metric in zip(notes, status_metric, targets["metric_id"], strict=True)
    ]
    return out


def _with_definition(note, status_metric, target_metric) -> str | None:
    if note is None or not isinstance(status_metric, str) or status_metric == target_metric:
        return note
    return f"{note}; the status measures {status_metric}, the target {target_metric}"


def _note(verdict: str, year, lag) -> str | None:
    if verdict in ("pending",):
        return None
    if verdict == "not reported":
        return "no status reported for the horizon or later"
    if pd.isna(year):
        return None
    if lag < 0:
        return f"evidence {year}, {_years(-int(lag))} before the horizon"
    if lag == 0:
        return f"evidence {year}, the horizon year"
    return f"evidence {year}, {_years(int(lag))} after the horizon"
