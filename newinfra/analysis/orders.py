"""The order plans and domains are listed in wherever the notebooks and charts show them.

Plans follow their horizons, context documents last (:func:`plan_order`);
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


def plan_order(frame: pd.DataFrame) -> list[str]:
    """The plans present in ``frame``, by horizon, context documents last.

    Ties are broken by period start, then plan_id: never by row order.
    """
    plans = corpus.plans().sort_values(
        ["is_context", "horizon_year", "period_start", "plan_id"], kind="mergesort"
    )
    present = set(frame["plan_id"])
    return [p for p in plans["plan_id"] if p in present]


def plan_sources(plan_ids: Iterable[str]) -> list[str]:
    """The primary source of each plan."""
    plans = corpus.plans().set_index("plan_id")
    return [plans.loc[p, "primary_source_id"] for p in plan_ids]
