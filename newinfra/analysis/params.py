"""Validation of notebook parameters.

Each notebook calls these in the cell after its ``parameters`` cell, so a bad
value from papermill or a hand edit stops at once with a message naming the
parameter and listing the valid choices (read from the data, never hard-coded),
instead of failing deep inside a chart.

Values arrive as plain literals: papermill's ``-p`` gives strings, ``-y`` and
the Python API give lists, ints and bools. Each check returns the cleaned value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from newinfra.analysis.comparison import linked_families
from newinfra.analysis.theme_terms import check_terms
from newinfra.core.choices import as_list, check_bool, check_members, unique
from newinfra.core.dates import as_of_date
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus, curation

__all__ = [
    "briefing_plan",
    "check_as_of",
    "check_jurisdiction",
    "check_bool",
    "check_domain",
    "check_horizons",
    "check_metrics",
    "check_plan_with_secondary",
    "check_plans",
    "check_terms",
    "horizon_years",
    "linked_metric_choices",
    "no_briefing_pair",
    "of_place",
    "plan_ids",
    "plans_for_horizons",
    "plans_with_secondary_sources",
    "select_plans",
]


def check_jurisdiction(jurisdiction: str | None) -> str:
    """One place of data/jurisdictions.csv; None means the home place (its first row)."""
    valid = corpus.jurisdictions()["jurisdiction_id"].tolist()
    if jurisdiction is None:
        return corpus.home_place()
    if not isinstance(jurisdiction, str) or jurisdiction not in valid:
        raise ParameterError("jurisdiction", jurisdiction, valid)
    return jurisdiction


def plan_ids(include_context: bool = True, jurisdiction: str | None = None) -> list[str]:
    """Plan ids in order of horizon (context documents last), of one place or of every place."""
    plans = corpus.plans()
    plans["context"] = plans["is_context"] == "true"
    plans = plans.sort_values(["context", "horizon_year", "plan_id"])
    if not include_context:
        plans = plans[~plans["context"]]
    if jurisdiction is not None:
        plans = plans[plans["jurisdiction_id"] == jurisdiction]
    return plans["plan_id"].tolist()


def of_place(frame, jurisdiction: str):
    """The rows of ``frame`` that belong to one place (by jurisdiction_id, else by plan_id)."""
    if "jurisdiction_id" in frame:
        return frame[frame["jurisdiction_id"] == jurisdiction]
    return frame[frame["plan_id"].isin(plan_ids(jurisdiction=jurisdiction))]


def check_plans(plans: Iterable[str] | str | None, jurisdiction: str | None = None) -> list[str]:
    """Plan ids, known and unique, in order of horizon; None means every compared plan.

    With ``jurisdiction``, None means every compared plan of that place.
    """
    valid = plan_ids()
    if plans is None:
        return plan_ids(include_context=False, jurisdiction=jurisdiction)
    chosen = unique(as_list("plans", plans, valid))
    if not chosen:
        raise ParameterError("plans", plans, valid, "give at least one plan")
    check_members("plans", chosen, valid)
    return [p for p in valid if p in chosen]


def plans_with_secondary_sources(jurisdiction: str | None = None) -> list[str]:
    """Plans known from more than one source (a full text and a briefing), in horizon order."""
    counts = corpus.manifest()["plan_id"].value_counts()
    return [p for p in plan_ids(jurisdiction=jurisdiction) if counts.get(p, 0) > 1]


def check_plan_with_secondary(plan: str) -> str:
    """One plan id with a primary and at least one secondary source to set beside it."""
    valid = plans_with_secondary_sources()
    if not isinstance(plan, str) or plan not in valid:
        detail = "" if plan not in plan_ids() else "this plan has a single source"
        raise ParameterError("plan", plan, valid, detail)
    return plan


def briefing_plan(plan: str | None, jurisdiction: str) -> str | None:
    """The plan notebook 05 compares: ``plan`` if given, else the place's latest plan known
    from a full text and a briefing; None when the place has no such plan."""
    if plan is not None:
        return check_plan_with_secondary(plan)
    found = plans_with_secondary_sources(jurisdiction)
    compared = [p for p in found if p in plan_ids(include_context=False)]
    return (compared or found or [None])[-1]


def no_briefing_pair(jurisdiction: str) -> str:
    """The one sentence notebook 05 shows for a place with no plan known from two sources."""
    names = corpus.jurisdictions().set_index("jurisdiction_id")["name_en"]
    return (
        f"{names.get(jurisdiction, jurisdiction)} has no plan known from both a full text and a "
        "briefing, so there is nothing to set side by side here."
    )


def select_plans(
    plans: Iterable[str], include_context: bool, jurisdiction: str | None = None
) -> list[str]:
    """The plans a notebook shows: the chosen ones, plus context documents when asked for.

    Context documents come from the same place only: ``jurisdiction``'s, or
    (None) those of the places of the chosen plans. With ``include_context``
    false, context documents are left out even if listed.
    """
    context = [p for p in plan_ids() if p not in plan_ids(include_context=False)]
    chosen = [p for p in plans if p not in context]
    if include_context:
        place_of = corpus.plans().set_index("plan_id")["jurisdiction_id"]
        places = {jurisdiction} if jurisdiction else {place_of[p] for p in chosen}
        chosen += [p for p in context if place_of[p] in places]
    return [p for p in plan_ids() if p in chosen]


def check_domain(domain: str) -> str:
    """One harmonised domain id (data/domains.csv)."""
    valid = curation.domain_ids()
    if not isinstance(domain, str) or domain not in valid:
        raise ParameterError("domain", domain, valid)
    return domain


def horizon_years() -> list[int]:
    """The plans' horizon years (context documents included)."""
    return sorted({int(y) for y in corpus.plans()["horizon_year"]})


def check_horizons(horizons: Iterable[int] | int | None) -> list[int]:
    """Horizon years, sorted and unique; None means every horizon."""
    valid = horizon_years()
    if horizons is None:
        return valid
    years = []
    for value in as_list("horizons", horizons, valid):
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError("horizons", value, valid, "years are whole numbers")
        years.append(value)
    years = sorted(set(years))
    if not years:
        raise ParameterError("horizons", horizons, valid, "give at least one year")
    check_members("horizons", years, valid)
    return years


def plans_for_horizons(
    horizons: Iterable[int], include_context: bool = False, jurisdiction: str | None = None
) -> list[str]:
    """Plan ids whose horizon year is among ``horizons``, in horizon order (of one place)."""
    plans = corpus.plans().set_index("plan_id")
    wanted = set(horizons)
    return [
        p
        for p in plan_ids(include_context, jurisdiction)
        if int(plans.loc[p, "horizon_year"]) in wanted
    ]


def linked_metric_choices() -> list[str]:
    """Linked families and the metric ids that belong to them, sorted."""
    families = linked_families()
    catalogue = curation.metrics()
    members = catalogue.loc[catalogue["family"].isin(families), "metric_id"]
    return sorted(set(families) | set(members))


def check_metrics(metrics: Iterable[str] | str | None) -> list[str] | None:
    """Metric or family ids with figures in at least two years; None means all of them."""
    if metrics is None:
        return None
    valid = linked_metric_choices()
    chosen = unique(as_list("metrics", metrics, valid))
    if not chosen:
        raise ParameterError("metrics", metrics, valid, "give at least one metric, or None for all")
    catalogue = curation.metrics()
    known = set(catalogue["metric_id"]) | set(catalogue["family"])
    for metric in chosen:
        if metric in known and metric not in valid:
            raise ParameterError(
                "metrics", metric, valid, "it has figures for one year only, so nothing to compare"
            )
    check_members("metrics", chosen, valid)
    return chosen


def check_as_of(as_of) -> dt.date:
    """The date verdicts are computed for: a date, ``YYYY-MM-DD``, a year, or None for today."""
    return as_of_date(as_of)
