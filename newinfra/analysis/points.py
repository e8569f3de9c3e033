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
    per_year = table["basis"] == "per_year"
    table["is_flow"] = (table["nature"] == "flow") | table["basis"].isin(["new", "per_year"])
    # A figure for each year is already a rate: never divided by its plan's years again.
    spread = table["value_std"] / table["plan_years"]
    table["per_year_std"] = table["value_std"].where(per_year, spread).where(table["is_flow"])
    table["vague"] = [bool(VAGUE_QUOTE.fullmatch(q)) for q in table["quote"].astype(str)]
    table["target_id"] = table["commitment_id"]
    return table
