"""Comparisons across plans: linked metrics, ambition, verdicts and scorecard.

Figures are compared as commitments (``ni.commitments()``: one row however
often a plan states it). Metrics of one ``family`` (data/metrics.csv) describe
the same quantity; members that differ in definition are compared with a flag
naming the difference. Plans are lined up within their jurisdiction's series
(``analysis.series``) and judged by the status reported in that jurisdiction
(``analysis.verdicts``); other places are set side by side in ``ni.peers()``.
How each family moved from plan to plan is ``ni.lineage()`` (``analysis.lineage``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.analysis.points import points
from newinfra.analysis.series import add_flag, definition_text, link_plans
from newinfra.analysis.verdict_classes import DECIDED
from newinfra.analysis.verdicts import verdict_frame
from newinfra.core.choices import check_choices
from newinfra.core.dates import as_of_date
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus, curation
from newinfra.inputs.vocabulary import COMMITMENTS

HEDGED = tuple(COMMITMENTS[1:])
#: The columns compare() takes from the verdict frame (analysis.verdicts).
VERDICT_COLUMNS = [
    "status_year", "status_value_std", "status_metric_id", "verdict", "decided_by",
    "decided_by_metric_id",
    "decided_by_year", "decided_by_value_std", "verdict_lag", "verdict_note",
]  # fmt: skip
COMPARED_KINDS = ("target", "baseline", "structure")
#: The flag of a row whose family has figures in one year only in its place.
UNLINKED_FLAG = "the family's only year in its place: no predecessor"

COMPARE_COLUMNS = [
    "jurisdiction_id",
    "family",
    "metric_id",
    "metric_label",
    "plan_id",
    "horizon_year",
    "kind",
    "nature",
    "value",
    "value_high",
    "comparator",
    "unit",
    "value_std",
    "unit_std",
    "basis",
    "is_flow",
    "per_year_std",
    "vague",
    "commitment",
    "commitment_all",
    "n_mentions",
    "previous_plan_id",
    "previous_year",
    "previous_value_std",
    "previous_per_year_std",
    "multiple",
    "multiple_bound",
    "cagr",
    "difference",
    "status_year",
    "status_value_std",
    "status_metric_id",
    "multiple_vs_status",
    "cagr_vs_status",
    "verdict",
    "decided_by",
    "decided_by_metric_id",
    "decided_by_year",
    "decided_by_value_std",
    "verdict_lag",
    "verdict_note",
    "as_of",
    "flags",
    "commitment_id",
    "target_id",
    "source_id",
    "doc_type",
    "start",
    "end",
    "quote",
    "sentence",
    "gloss_en",
]


def _linked(points: pd.DataFrame) -> pd.Series:
    """Rows of families that have figures in at least two years in their jurisdiction."""
    years = points.groupby(["jurisdiction_id", "family"])["horizon_year"].transform("nunique")
    return years >= 2


def linked_families() -> list[str]:
    """Families with figures in at least two different years in one jurisdiction."""
    points = _points()
    points = points[points["kind"].isin(COMPARED_KINDS)]
    return sorted(points.loc[_linked(points), "family"].unique())


_points = points


def _select(points: pd.DataFrame, metrics, domain, horizons, jurisdiction) -> pd.DataFrame:
    catalogue = curation.metrics()
    valid_ids = sorted(set(catalogue["metric_id"]) | set(catalogue["family"]))
    chosen = check_choices("metrics", metrics, valid_ids)
    if domain is not None and domain not in curation.domain_ids():
        raise ParameterError("domain", domain, curation.domain_ids())
    years = sorted(int(y) for y in points["horizon_year"].unique())
    horizons = check_choices("horizons", horizons, years)
    if horizons is not None and not horizons:
        raise ParameterError("horizons", horizons, years, "give at least one year, or None for all")
    places = check_choices(
        "jurisdiction", jurisdiction, corpus.jurisdictions()["jurisdiction_id"].tolist()
    )
    view = points[points["kind"].isin(COMPARED_KINDS)]
    if horizons is not None:
        low, high = min(horizons), max(horizons)
        keep = (view["kind"] == "baseline") & view["horizon_year"].between(low, high)
        keep |= (view["kind"] != "baseline") & view["horizon_year"].isin(horizons)
        view = view[keep]
    if chosen is not None:
        view = view[view["metric_id"].isin(chosen) | view["family"].isin(chosen)]
    if domain is not None:
        families = set(view.loc[view["domain"] == domain, "family"])
        view = view[view["family"].isin(families)]
    if places is not None:
        view = view[view["jurisdiction_id"].isin(places)]
    # Every place's plans are compared, a family set in one year only too (flagged).
    return view.assign(_linked=_linked(view))


def _why_empty(points: pd.DataFrame, places, filtered: bool) -> str:
    """Why compare() found no row: the place has no plan, no accepted figure, or the filters."""
    if places is not None:
        plans = corpus.plans()
        names = ", ".join(places)
        if not plans["jurisdiction_id"].isin(places).any():
            return f"{names}: no plan in data/plans.csv"
        own = points[points["jurisdiction_id"].isin(places)]
        if own.empty or not own["kind"].isin(COMPARED_KINDS).any():
            return (
                f"{names}: no accepted target, status or plan-structure figure yet (figures "
                "suggested by add-plan count once accepted; newinfra audit lists the rest)"
            )
    if filtered:
        return "no figure matches the metrics, domain or horizons given"
    return "no target, status or plan-structure figure in the data"


def _disagreements(frame: pd.DataFrame) -> pd.Series:
    """Where documents state different figures for the same place, metric, year and basis."""
    key = frame["jurisdiction_id"] + "|" + frame["metric_id"] + "|" + frame["kind"]
    key = key + "|" + frame["horizon_year"].astype(str) + "|" + frame["basis"]
    # A target belongs to its plan: two plans of one place may set different targets.
    key = key.where(frame["kind"] == "baseline", key + "|" + frame["plan_id"])
    stated = frame["quote"].astype(str) + " (" + frame["source_id"] + ")"
    differs = frame.groupby(key)["value_std"].transform("nunique") > 1
    # As text even when empty: Arrow-backed text (pyarrow installed) refuses text + float64.
    listing = stated.groupby(key).transform(", ".join).astype("str")
    return ("sources disagree for " + frame["horizon_year"].astype(str) + ": " + listing).where(
        differs, ""
    )


def _status_definitions(frame: pd.DataFrame) -> pd.Series:
    """A reported status that measures something else than the status before it."""
    statuses = frame[frame["kind"] == "baseline"].sort_values(
        ["horizon_year", "metric_id", "source_id", "start"], kind="mergesort"
    )
    statuses = statuses.assign(_definition=definition_text(statuses))
    grouped = statuses.groupby(["jurisdiction_id", "family"])
    previous, previous_text = grouped["metric_id"].shift(), grouped["_definition"].shift()
    changed = previous.notna() & (previous != statuses["metric_id"])
    text = "different definition: " + previous_text.astype(str) + " → " + statuses["_definition"]
    return text.where(changed, "").reindex(frame.index, fill_value="")


def _flags(frame: pd.DataFrame) -> pd.Series:
    flags = frame["step_flags"].fillna("")
    status_change = _status_definitions(frame)
    flags = add_flag(flags, status_change != "", status_change)
    flags = add_flag(flags, frame["value_high"].notna(), "range (" + frame["quote"] + ")")
    hedged = frame["commitment"].isin(HEDGED)
    flags = add_flag(
        flags, hedged, "commitment is '" + frame["commitment"].astype(str) + "', not firm"
    )
    flags = add_flag(
        flags, frame["evidence"] == "briefing_only", "plan known only from its press briefing"
    )
    flags = add_flag(flags, frame["doc_type"] == "news", "figure reported by a news article")
    flags = add_flag(
        flags, frame["doc_type"] == "translation", "figure from an unofficial translation"
    )
    open_ended = frame["comparator"].isin([">=", "<="]) & (frame["kind"] != "baseline")
    flags = add_flag(flags, open_ended, "open-ended (" + frame["comparator"].astype(str) + ")")
    flags = add_flag(flags, ~frame["higher_is_better"], "lower is more ambitious")
    flags = add_flag(
        flags,
        frame["comparator_differs"].astype(bool),
        "the mentions word the comparator differently",
    )
    flags = add_flag(
        flags,
        frame["outside_plan_text"].astype(bool),
        "quoted only from text that is not the document's own (a repost's news summary)",
    )
    disagree = _disagreements(frame)
    flags = add_flag(flags, disagree != "", disagree)
    if "_linked" in frame:
        alone = ~frame["_linked"].astype(bool)
        flags = add_flag(flags, alone, UNLINKED_FLAG)
    return flags.where(flags != "", None)


def _versus_status(frame: pd.DataFrame) -> pd.DataFrame:
    """The target against the status before its horizon that the evidence key chose."""
    comparable = frame["nature"].isin(["stock", "class"]) & ~frame["is_flow"]
    status = frame["status_value_std"].astype(float)
    multiple = (frame["value_std"] / status.where(status != 0)).where(comparable)
    years = (frame["horizon_year"] - frame["status_year"].astype(float)).where(
        frame["nature"] == "stock"
    )
    usable = (multiple > 0) & (years > 0)
    cagr = (multiple.where(usable) ** (1 / years.where(usable))) - 1
    return pd.DataFrame({"multiple_vs_status": multiple, "cagr_vs_status": cagr})


def compare(
    metrics: Iterable[str] | str | None = None,
    domain: str | None = None,
    horizons: Iterable[int] | None = None,
    wide: bool = False,
    as_of=None,
    jurisdiction: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Every place's figures across its plans, one row per commitment.

    A family set in one year only in its place (a place's first plan, or a
    metric no other plan takes up) has its rows too, flagged "the family's
    only year in its place: no predecessor". An empty result says why in
    ``attrs["empty"]`` (the command line prints it to stderr).

    Each target is set against the target of its family in the previous plan
    of its jurisdiction's series (``previous_plan_id``), in the way the
    metric's ``nature`` allows: ``multiple`` and ``cagr`` for stocks,
    ``multiple`` per year of each plan for additions, ``difference`` for
    shares, ``multiple`` for classes, nothing for plan-structure counts; a
    vague value makes the multiple a bound (``multiple_bound``). Baselines
    (reported status) in the same jurisdiction decide the ``verdict`` (one of
    ``analysis.verdict_classes.VERDICTS``) as of ``as_of`` (a date, an ISO date, a
    year; default today), with ``verdict_lag`` and a note giving the
    evidence's year; verdicts come from the one verdict frame of the dataset
    (``analysis.verdicts.verdict_frame``), so they never depend on the
    filters given here. ``flags`` say where a comparison could mislead.

    ``metrics`` takes metric or family ids; ``domain`` a harmonised domain;
    ``horizons`` the target years to keep (baselines between the first and
    last are kept; default every year); ``jurisdiction`` one or more places.
    ``wide=True`` gives one row per jurisdiction and family and one column
    per plan (the target) or status year.

    >>> import newinfra as ni
    >>> ni.compare(metrics=["idc_racks"], as_of="2026-11-30")[["horizon_year", "kind", "value_std", "verdict"]]
       horizon_year      kind  value_std verdict
    0          2013    target    20000.0     reached later
    1          2020  baseline   120000.0     NaN
    """
    day = as_of_date(as_of)
    view = _select(_points(), metrics, domain, horizons, jurisdiction)
    linked = link_plans(view.reset_index(drop=True))
    verdicts = verdict_frame(day).set_index("target_id")
    targets = linked["kind"] == "target"
    for column in VERDICT_COLUMNS:
        linked[column] = linked["target_id"].map(verdicts[column]).where(targets)
    linked = pd.concat([linked, _versus_status(linked)], axis=1)
    linked["as_of"] = day.isoformat()
    linked["flags"] = _flags(linked)
    for column in ("previous_year", "status_year", "decided_by_year", "verdict_lag"):
        linked[column] = linked[column].astype("Int64")
    long = linked.sort_values(
        ["jurisdiction_id", "family", "horizon_year", "kind", "value_std"], kind="stable"
    ).reindex(columns=COMPARE_COLUMNS)
    long = long.reset_index(drop=True)
    if long.empty:
        places = check_choices(
            "jurisdiction", jurisdiction, corpus.jurisdictions()["jurisdiction_id"].tolist()
        )
        filtered = any(v is not None for v in (metrics, domain, horizons))
        long.attrs["empty"] = _why_empty(_points(), places, filtered)
    return _wide(long) if wide else long


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per jurisdiction and family: each plan's target, or the status of a year."""
    column = long["plan_id"].where(
        long["kind"] != "baseline", "status " + long["horizon_year"].astype(str)
    )
    shown = long.assign(column=column)
    table = shown.pivot_table(
        index=["jurisdiction_id", "family", "unit_std"],
        columns="column",
        values="value_std",
        aggfunc="max",
    )
    plans = corpus.plans().sort_values(["period_end", "period_start"])["plan_id"].tolist()
    order = {plan: i for i, plan in enumerate(plans)}
    table = table[sorted(table.columns, key=lambda c: (c not in order, order.get(c, 0), c))]
    return table.reset_index()


def scorecard(as_of=None, jurisdiction: str | Iterable[str] | None = None) -> pd.DataFrame:
    """Targets with a verdict other than pending, and the status deciding it (every family)."""
    long = compare(as_of=as_of, jurisdiction=jurisdiction)
    done = long[long["verdict"].isin(DECIDED)]
    return done.reset_index(drop=True)
