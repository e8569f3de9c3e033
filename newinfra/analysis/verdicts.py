"""Verdicts: how a target fared, judged by the status figures reported in its place.

Candidates are the reported statuses (baselines) of the target's metric family,
in the same jurisdiction, of the same nature (additions are never judged by a
stock), from a document published on or before ``as_of``. A candidate is
*usable* when it reaches the target, or when it measures the same metric and
describes a year within one year of the horizon. The **deciding evidence** is
the first usable candidate in the order of the evidence key (:data:`EVIDENCE_KEY`):

1. the same ``metric_id`` as the target before another metric of its family;
2. the smallest ``|status_year − horizon_year|``;
3. the source's kind: ``plan_text`` > ``translation`` > ``press_briefing`` > ``news``;
4. ``source_id``, then ``start`` (then the status's own id, so the order is total).

Its class (:data:`newinfra.analysis.verdict_classes.VERDICTS`) follows from that one piece of evidence:

- ``met early``: same metric, reaches the target, dated before the horizon;
- ``met``: same metric, reaches it in the horizon year or the year after;
- ``reached later``: same metric, reaches it two or more years after the
  horizon (whether it was met on time is not known);
- ``on a related measure``: another metric of the family reaches the figure
  (never shown as met: the target itself is not shown to be met);
- ``not met``: same metric, within a year of a passed horizon, falls short;
- ``not reported``: the horizon has passed and no usable evidence exists (late,
  early or related evidence that falls short is named in the note);
- ``pending``: the horizon year has not passed on ``as_of`` and no evidence
  decides it yet.

Where several descriptions fit one piece of evidence, *on a related measure*
wins over *reached later*, which wins over *met* / *not met*. Only *met* and
*met early* are green. The same key, over the statuses dated before the
horizon, chooses the status a target is set against (``status_value_std``).

:func:`verdict_frame` computes the verdicts of every target commitment once
per dataset and ``as_of``; ``compare()``, ``scorecard()``, the compare matrix,
the notebooks, the workbook and the CLI all read it. The same data and the
same ``as_of`` always give the same verdicts, whatever the order of the rows.
"""

from __future__ import annotations

import datetime as dt
import threading

import numpy as np
import pandas as pd

from newinfra.core import project
from newinfra.core.cache import code_fingerprint
from newinfra.core.dates import as_of_date
from newinfra.core.fingerprint import pinned
from newinfra.inputs.vocabulary import DOC_TYPES

#: The order in which candidate statuses are tried (documented above; first wins).
EVIDENCE_KEY = ["related", "distance", "doc_rank", "source_id", "start", "status_id"]
KEYS = ["jurisdiction_id", "family", "is_flow"]
FRAME_COLUMNS = [
    "target_id", "jurisdiction_id", "family", "metric_id", "plan_id", "horizon_year",
    "value_std", "status_id", "status_year", "status_value_std", "status_metric_id", "verdict",
    "decided_by", "decided_by_metric_id", "decided_by_year", "decided_by_value_std",
    "decided_by_source_id", "verdict_lag", "verdict_note", "as_of",
]  # fmt: skip


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _when(year: int, lag: int) -> str:
    if lag < 0:
        return f"{year}, {_years(-lag)} before the horizon"
    if lag == 0:
        return f"{year}, the horizon year"
    return f"{year}, {_years(lag)} after the horizon"


def _optional(frame: pd.DataFrame, column: str, default) -> pd.Series:
    if column in frame:
        return frame[column]
    return pd.Series(default, index=frame.index, dtype=object)


def _candidates(targets: pd.DataFrame, statuses: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Every (target, status) pair that may decide the target, with the evidence key's fields."""
    published = pd.to_datetime(statuses["published"]).dt.date
    known = statuses[published <= as_of]
    right = pd.DataFrame(
        {
            "jurisdiction_id": known["jurisdiction_id"].astype(object),
            "family": known["family"].astype(object),
            "is_flow": known["is_flow"].astype(bool),
            "status_id": known["commitment_id"].astype(str),
            "status_year": known["horizon_year"].astype("int64"),
            "status_value": known["value_std"].astype(float),
            "status_metric_id": known["metric_id"].astype(object),
            "status_label": _optional(known, "metric_label", None).fillna(known["metric_id"]),
            "status_unit": _optional(known, "unit_std", "").fillna("").astype(str),
            "doc_type": _optional(known, "doc_type", "news").fillna("news"),
            "source_id": _optional(known, "source_id", "").fillna("").astype(str),
            "start": pd.to_numeric(_optional(known, "start", 0)).fillna(0).astype(int),
        }
    )
    left = targets[KEYS].astype({"jurisdiction_id": object, "family": object, "is_flow": bool})
    left = left.assign(
        _row=np.arange(len(targets)),
        horizon=targets["horizon_year"].astype("int64").to_numpy(),
        metric_id=targets["metric_id"].to_numpy(),
        goal_high=targets["value_std"].astype(float).to_numpy(),
        goal_low=targets["value_high_std"].fillna(targets["value_std"]).astype(float).to_numpy(),
        higher=targets["higher_is_better"].astype(bool).to_numpy(),
    )
    pairs = left.merge(right, on=KEYS, how="inner")
    pairs["lag"] = pairs["status_year"] - pairs["horizon"]
    pairs["distance"] = pairs["lag"].abs()
    pairs["related"] = pairs["status_metric_id"] != pairs["metric_id"]
    pairs["reaches"] = np.where(
        pairs["higher"],
        pairs["status_value"] >= pairs["goal_high"],
        pairs["status_value"] <= pairs["goal_low"],
    )
    rank = {doc_type: i for i, doc_type in enumerate(DOC_TYPES)}
    pairs["doc_rank"] = pairs["doc_type"].map(rank).fillna(len(DOC_TYPES)).astype(int)
    pairs["usable"] = pairs["reaches"] | (~pairs["related"] & (pairs["distance"] <= 1))
    return pairs.sort_values(["_row", *EVIDENCE_KEY], kind="mergesort")


def _first(pairs: pd.DataFrame, n: int) -> pd.DataFrame:
    """The first pair of each target in the key's order, one row per target (by position)."""
    first = pairs.drop_duplicates("_row", keep="first").set_index("_row")
    return first.reindex(range(n))


def _classify(row, passed: bool) -> str:
    if pd.isna(row.status_id):
        return "not reported" if passed else "pending"
    if row.related:
        return "on a related measure"
    if row.reaches:
        if row.lag < 0:
            return "met early"
        return "met" if row.lag <= 1 else "reached later"
    return "not met" if passed else "pending"


def in_sentence(label: str) -> str:
    """A label inside a sentence: 'Homes covered' becomes 'homes covered', 'IoT nodes' stays."""
    label = str(label)
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _value(value: float, unit: str = "") -> str:
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"
    if unit in ("", "count") or not isinstance(unit, str):
        return number
    return f"{number}%" if unit == "percent" else f"{number} {unit}"


def _note(verdict: str, deciding, target_label: str) -> str | None:
    """The verdict's evidence in words: its year, its distance from the horizon, its measure."""
    if verdict in ("met early", "met", "reached later", "not met"):
        when = _when(int(deciding.status_year), int(deciding.lag))
        if verdict == "reached later":
            return f"first reached in {when}; whether it was met on time is not known"
        if verdict == "not met":
            figure = _value(deciding.status_value, deciding.status_unit)
            return f"evidence {when}: {figure} falls short"
        return f"evidence {when}"
    if verdict == "on a related measure":
        when = _when(int(deciding.status_year), int(deciding.lag))
        return (
            f"evidence {when}, of a related measure: it counts "
            f"{in_sentence(deciding.status_label)}, the target {in_sentence(target_label)}"
        )
    if pd.isna(deciding.status_id):
        return "no status reported" if verdict == "not reported" else None
    when = _when(int(deciding.status_year), int(deciding.lag))
    related = f" of a related measure ({in_sentence(deciding.status_label)})"
    measure = related if deciding.related else ""
    reading = "falls short so far" if verdict == "pending" else "falls short"
    figure = _value(deciding.status_value, deciding.status_unit)
    return f"the nearest status{measure}, {figure} ({when}), {reading}"


def _prior_status(pairs: pd.DataFrame, n: int) -> pd.DataFrame:
    """The status each target is set against: the key's first among those dated before it."""
    before = pairs[pairs["lag"] < 0]
    return _first(before, n)


def judge(targets: pd.DataFrame, statuses: pd.DataFrame, as_of: dt.date) -> pd.DataFrame:
    """Verdict columns for each target row (same index as ``targets``).

    ``targets`` has ``KEYS``, ``horizon_year``, ``metric_id``, ``value_std``,
    ``value_high_std`` and ``higher_is_better`` (``metric_label`` is used in
    notes where present); ``statuses`` has ``KEYS``, ``horizon_year``,
    ``metric_id``, ``value_std``, ``commitment_id`` and ``published`` (and
    ``doc_type``, ``source_id``, ``start``, ``metric_label`` for the evidence
    key and notes where present).

    Returns ``status_*`` (the status before the horizon chosen by the key),
    ``verdict``, ``decided_by`` (the deciding status's id), its metric, year,
    value and source, ``verdict_lag`` (years after the horizon; negative
    before it) and ``verdict_note``.
    """
    n = len(targets)
    pairs = _candidates(targets, statuses, as_of)
    deciding = _first(pairs[pairs["usable"]], n)
    fallback = _first(pairs[~pairs["usable"]], n)
    prior = _prior_status(pairs, n)
    passed = (targets["horizon_year"].astype(int) < as_of.year).to_numpy()
    labels = _optional(targets, "metric_label", None).fillna(targets["metric_id"]).tolist()

    verdicts, notes = [], []
    for i, row in enumerate(deciding.itertuples()):
        verdict = _classify(row, bool(passed[i]))
        verdicts.append(verdict)
        # What there is: the deciding status, else the nearest one that cannot decide.
        evidence = row if pd.notna(row.status_id) else fallback.iloc[i]
        notes.append(_note(verdict, evidence, labels[i]))

    out = pd.DataFrame(index=targets.index)
    out["status_id"] = prior["status_id"].to_numpy()
    out["status_year"] = pd.array(prior["status_year"].to_numpy(), dtype="Int64")
    out["status_value_std"] = prior["status_value"].astype(float).to_numpy()
    out["status_metric_id"] = prior["status_metric_id"].to_numpy()
    out["verdict"] = verdicts
    evidence = ~out["verdict"].isin(["not reported", "pending"]).to_numpy()
    decided = deciding.where(pd.Series(evidence, index=deciding.index), axis=0)
    out["decided_by"] = decided["status_id"].to_numpy()
    out["decided_by_metric_id"] = decided["status_metric_id"].to_numpy()
    out["decided_by_year"] = pd.array(decided["status_year"].to_numpy(), dtype="Int64")
    out["decided_by_value_std"] = decided["status_value"].astype(float).to_numpy()
    out["decided_by_source_id"] = decided["source_id"].to_numpy()
    out["verdict_lag"] = out["decided_by_year"] - targets["horizon_year"].astype("Int64")
    out["verdict_note"] = notes
    return out


_frames: dict[tuple, pd.DataFrame] = {}
_frames_lock = threading.Lock()


def verdict_frame(as_of=None) -> pd.DataFrame:
    """The verdict of every target commitment, one row per ``target_id``, as of a date.

    Computed once per dataset (its fingerprint), library version and ``as_of``
    (a date, an ISO date, a year; default today) and shared by every table that
    shows a verdict. Columns: :data:`FRAME_COLUMNS`.
    """
    from newinfra.analysis.points import points

    day = as_of_date(as_of)
    root = project.root()
    with pinned(root) as fingerprint:
        key = (str(root), fingerprint, code_fingerprint(), day.isoformat())
        with _frames_lock:
            if key in _frames:
                return _frames[key].copy()
        table = points()
        targets = table[table["kind"] == "target"].reset_index(drop=True)
        statuses = table[table["kind"] == "baseline"]
        frame = pd.concat([targets, judge(targets, statuses, day)], axis=1)
        frame["as_of"] = day.isoformat()
        frame = frame.reindex(columns=FRAME_COLUMNS)
        frame = frame.sort_values("target_id", kind="mergesort").reset_index(drop=True)
        with _frames_lock:
            _frames[key] = frame
        return frame.copy()
