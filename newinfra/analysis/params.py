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
from newinfra.analysis.themes import check_terms
from newinfra.core.choices import as_list, check_bool, check_members, unique
from newinfra.core.dates import as_of_date
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus, curation

__all__ = [
    "check_as_of",
    "check_bool",
    "check_domain",
    "check_horizons",
    "check_metrics",
    "check_plan_with_secondary",
    "check_plans",
    "check_terms",
    "horizon_years",
    "linked_metric_choices",
    "plan_ids",
    "plans_for_horizons",
    "plans_with_secondary_sources",
    "select_plans",
]


def plan_ids(include_context: bool = True) -> list[str]:
    """Plan ids in order of horizon (context documents last)."""
    plans = corpus.plans()
    plans["context"] = plans["is_context"] == "true"
    plans = plans.sort_values(["context", "horizon_year", "plan_id"])
    if not include_context:
        plans = plans[~plans["context"]]
    return plans["plan_id"].tolist()


def check_plans(plans: Iterable[str] | str | None) -> list[str]:
    """Plan ids, known and unique, in order of horizon; None means every compared plan."""
    valid = plan_ids()
    if plans is None:
        return plan_ids(include_context=False)
    chosen = unique(as_list("plans", plans, valid))
    if not chosen:
        raise ParameterError("plans", plans, valid, "give at least one plan")
    check_members("plans", chosen, valid)
    return [p for p in valid if p in chosen]


def plans_with_secondary_sources() -> list[str]:
    """Plans known from more than one source (a full text and a briefing), in horizon order."""
    counts = corpus.manifest()["plan_id"].value_counts()
    return [p for p in plan_ids() if counts.get(p, 0) > 1]


def check_plan_with_secondary(plan: str) -> str:
    """One plan id with a primary and at least one secondary source to set beside it."""
    valid = plans_with_secondary_sources()
    if not isinstance(plan, str) or plan not in valid:
        detail = "" if plan not in plan_ids() else "this plan has a single source"
        raise ParameterError("plan", plan, valid, detail)
    return plan


def select_plans(plans: Iterable[str], include_context: bool) -> list[str]:
    """The plans a notebook shows: the chosen ones, plus context documents when asked for.

    With ``include_context`` false, context documents are left out even if listed.
    """
    context = [p for p in plan_ids() if p not in plan_ids(include_context=False)]
    chosen = [p for p in plans if p not in context]
    if include_context:
        chosen += context
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


def plans_for_horizons(horizons: Iterable[int], include_context: bool = False) -> list[str]:
    """Plan ids whose horizon year is among ``horizons``, in horizon order."""
    plans = corpus.plans().set_index("plan_id")
    wanted = set(horizons)
    return [p for p in plan_ids(include_context) if int(plans.loc[p, "horizon_year"]) in wanted]


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
