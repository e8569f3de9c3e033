"""The headline findings that open the reports: a few things the data say, computed afresh."""

from __future__ import annotations

import pandas as pd

from newinfra.analysis.comparison import compare
from newinfra.analysis.figures import step_text
from newinfra.analysis.matrix import compare_matrix
from newinfra.analysis.verdict_classes import verdict_summary
from newinfra.inputs import corpus
from newinfra.inputs.families import family_labels
from newinfra.ledger.targets import concordance

__all__ = ["headline_findings"]


def _count(n, noun: str) -> str:
    return f"{int(n)} {noun}" + ("" if int(n) == 1 else "s")


def _plan_label(plan_id: str, plans: pd.DataFrame) -> str:
    row = plans.loc[plan_id]
    return f"{row['period_start']}-{row['period_end']}"


def headline_findings(
    jurisdiction: str | None = None,
    as_of=None,
    limit: int = 5,
    matrix: pd.DataFrame | None = None,
) -> list[str]:
    """Three to five sentences the data support, each computed from the tables.

    ``jurisdiction`` defaults to the home place (the first row of jurisdictions.csv).
    ``matrix`` is ``compare_matrix(as_of=as_of)`` when the caller has it already
    (the landing page builds it once for every place).
    """
    jurisdiction = jurisdiction or corpus.home_place()
    if matrix is None:
        matrix = compare_matrix(jurisdiction, as_of)
    else:
        matrix = matrix[matrix["jurisdiction_id"] == jurisdiction].reset_index(drop=True)
    plans = corpus.plans().set_index("plan_id")
    findings = []
    series = matrix[~matrix["is_context"].astype(bool)]
    if not series.empty:
        order = series.sort_values("series_position", kind="stable")["plan_id"].unique()
        counts = series.groupby("plan_id").size().reindex(order)
        top_domain = series.groupby(["plan_id", "domain"]).size().groupby("plan_id").idxmax()
        parts = [
            f"{_plan_label(p, plans)}: {n} (most in {top_domain[p][1]})" for p, n in counts.items()
        ]
        findings.append("Quantified target commitments per plan: " + "; ".join(parts) + ".")
    steps = compare(jurisdiction=jurisdiction, as_of=as_of)
    steps = steps[(steps["kind"] == "target") & steps["multiple"].notna()]
    steps = steps[steps["multiple_bound"].isna()]
    if not steps.empty:
        top = steps.sort_values("multiple", ascending=False).head(3)
        labels = family_labels()
        parts = [
            f"{labels.get(row.family, row.metric_label)} {step_text(row)} "
            f"({_plan_label(row.previous_plan_id, plans)} to {_plan_label(row.plan_id, plans)}"
            + ("; a different definition" if "different definition" in str(row.flags) else "")
            + ")"
            for row in top.itertuples()
        ]
        findings.append("Largest step-ups between consecutive plans: " + "; ".join(parts) + ".")
    # A plan known from its full text and a briefing: what the briefing leaves out.
    sources = corpus.manifest()["plan_id"].value_counts()
    for plan_id in plans.index[plans["jurisdiction_id"] == jurisdiction]:
        table = concordance(plan_id)
        if table.empty or sources.get(plan_id, 0) < 2:
            continue
        status = table["status"].value_counts()
        targets = table[table["kind"] == "target"]
        left_out = int((targets["status"] == "primary_only").sum())
        findings.append(
            f"The {_plan_label(plan_id, plans)} briefing leaves out {left_out} of the "
            f"{len(targets)} target commitments of the full text's plan "
            f"({_count(status.get('in_both', 0), 'commitment')} stated in both, "
            f"{int(status.get('secondary_only', 0))} only in the briefing)."
        )
    if not matrix.empty:
        names = corpus.jurisdictions().set_index("jurisdiction_id")["name_en"]
        name = names.get(jurisdiction, jurisdiction)
        scope = f"target commitments of {name}'s plans and context documents"
        findings.append(verdict_summary(matrix, scope))
    return findings[:limit]
