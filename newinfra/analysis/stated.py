"""What each plan says about itself: its stated counts (tasks, measures, projects) and budgets.

The ledger holds these as figures of kind ``structure`` and ``budget``, each with
its quote in a source. A plan may be stated differently by two documents (the
2020-2022 plan has 25 tasks in its own briefing and 26 in the 2023 briefing): each
distinct value is its own row, with the document that states it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.inputs import corpus
from newinfra.ledger.targets import targets

STATED_KINDS = ["structure", "budget"]


def stated_structure(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan: each stated count or budget, once per value, first as its plan's own source says.

    Columns: plan_id, kind, metric_id, metric_label, value_std, unit_std, quote,
    stated_in (the document's kind and date), target_id (the link to the figure).
    """
    ledger = targets()
    rows = ledger[ledger["kind"].isin(STATED_KINDS)].copy()
    if plans is not None:
        rows = rows[rows["plan_id"].isin(list(plans))]
    plan_table = corpus.plans().set_index("plan_id")
    sources = corpus.sources().set_index("source_id")
    rows["own_source"] = rows["source_id"].map(sources["plan_id"]) == rows["plan_id"]
    rows["is_primary"] = rows["source_id"] == rows["plan_id"].map(plan_table["primary_source_id"])
    order = {plan: rank for rank, plan in enumerate(plan_table.sort_values("horizon_year").index)}
    rows = rows.assign(_plan=rows["plan_id"].map(order))
    rows = rows.sort_values(
        ["_plan", "metric_id", "is_primary", "own_source", "start"],
        ascending=[True, True, False, False, True],
        kind="mergesort",
    )
    rows = rows.drop_duplicates(["plan_id", "metric_id", "value_std"])
    rows["stated_in"] = [
        f"{sources.at[s, 'publisher']}, {sources.at[s, 'published']}" for s in rows["source_id"]
    ]
    columns = [
        "plan_id", "kind", "metric_id", "metric_label", "value_std", "unit_std", "quote",
        "stated_in", "target_id",
    ]  # fmt: skip
    return rows[columns].reset_index(drop=True)
