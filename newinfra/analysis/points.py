"""Every commitment with what comparing and judging it needs, built once per dataset.

One row per commitment (``ni.commitments()``) with its metric's nature and
direction, its plan's place in its series, its source's kind (``doc_type``)
and publication date, whether it counts additions (``is_flow``) and their
value per year of the plan, and whether its value is vague. The comparison,
the verdicts and the compare matrix all read this one table.
"""

from __future__ import annotations

import pandas as pd

from newinfra.analysis.series import series_positions
from newinfra.core.cache import cached_by_fingerprint
from newinfra.inputs import corpus, curation
from newinfra.ledger.targets import commitments
from newinfra.text.quantity_patterns import VAGUE_QUOTE


@cached_by_fingerprint
def points() -> pd.DataFrame:
    """Every commitment with what comparing it needs: nature, series place, source kind."""
    table = commitments()
    metrics = curation.metrics().set_index("metric_id")
    plans = series_positions(corpus.plans()).set_index("plan_id")
    manifest = corpus.manifest().set_index("source_id")
    table["family"] = table["metric_id"].map(metrics["family"])
    table["nature"] = table["metric_id"].map(metrics["nature"])
    table["higher_is_better"] = table["metric_id"].map(metrics["higher_is_better"]).astype(bool)
    table["definition"] = table["metric_id"].map(metrics["definition"])
    for column in ("series_position", "plan_years", "evidence", "is_context"):
        table[column] = table["plan_id"].map(plans[column])
    table["doc_type"] = table["source_id"].map(manifest["doc_type"])
    table["published"] = table["source_id"].map(manifest["published"])
    table = with_flows(table)
    table["vague"] = [bool(VAGUE_QUOTE.fullmatch(q)) for q in table["quote"].astype(str)]
    table["target_id"] = table["commitment_id"]
    return table


def with_flows(table: pd.DataFrame) -> pd.DataFrame:
    """``is_flow`` and ``per_year_std`` from nature, basis, value_std and plan_years.

    Additions over a plan (basis new, or a flow metric) are spread over its
    years; a figure for each year (basis per_year) is already a rate and is
    never divided by the plan's years again.
    """
    out = table.copy()
    out["is_flow"] = (out["nature"] == "flow") | out["basis"].isin(["new", "per_year"])
    spread = out["value_std"] / out["plan_years"]
    per_year = out["value_std"].where(out["basis"] == "per_year", spread)
    out["per_year_std"] = per_year.where(out["is_flow"])
    return out
