"""The order plans and domains are listed in wherever tables, charts and the workbook show them.

Plans follow the one key :data:`PLAN_ORDER` (:func:`plan_order`, :func:`plan_rank`);
domains follow the list of ``data/domains.csv`` (:func:`domain_order`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.inputs import corpus, curation


def domain_order(frame: pd.DataFrame) -> list[str]:
    """The domains present in ``frame``, in the order of data/domains.csv."""
    present = set(frame["domain"])
    return [d for d in curation.domain_ids() if d in present]


# The key plans are listed by everywhere: context documents last; then the place
# (the row order of data/jurisdictions.csv, the home place first); then horizon
# year, period start and plan_id, so no two plans tie and row order never decides.
PLAN_ORDER = ("is_context", "place_order", "horizon_year", "period_start", "plan_id")


def plan_keys() -> pd.DataFrame:
    """One row per plan of the project with the columns of :data:`PLAN_ORDER`."""
    plans = corpus.plans()
    return plans.assign(
        is_context=plans["is_context"] == "true",
        place_order=plans["jurisdiction_id"].map(corpus.place_order()),
    )


def plan_order(frame: pd.DataFrame) -> list[str]:
    """The plans present in ``frame``, in :data:`PLAN_ORDER`.

    A frame that carries every column of the key is ordered by its own values
    (so a frame keeps its order outside the project it was read from);
    otherwise the key is read from the project's plans.
    """
    keys = frame if set(PLAN_ORDER) <= set(frame.columns) else plan_keys()
    keys = keys[keys["plan_id"].isin(set(frame["plan_id"]))].drop_duplicates("plan_id")
    return keys.sort_values(list(PLAN_ORDER), kind="mergesort")["plan_id"].tolist()


def plan_rank(frame: pd.DataFrame) -> dict[str, int]:
    """Each plan of ``frame`` and its position in :data:`PLAN_ORDER`, for sorting rows."""
    return {plan: i for i, plan in enumerate(plan_order(frame))}


def plan_sources(plan_ids: Iterable[str]) -> list[str]:
    """The primary source of each plan."""
    plans = corpus.plans().set_index("plan_id")
    return [plans.loc[p, "primary_source_id"] for p in plan_ids]
