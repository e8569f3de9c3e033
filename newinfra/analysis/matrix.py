"""The compare matrix and the headline findings that open the reports.

``compare_matrix()`` lays out every target commitment of every place: one row
per metric family (a metric without a family is its own row), grouped by
domain; one column per plan of the place's series, context documents in
columns of their own. Each cell is one commitment: the target as written, its
firmest wording and its verdict with the evidence's year and lag.
``headline_findings()`` states a few things the data say, computed afresh on
every run.
"""

from __future__ import annotations

import pandas as pd

from newinfra.analysis.comparison import compare
from newinfra.analysis.figures import step_text, written_value
from newinfra.analysis.points import points as _points
from newinfra.analysis.series import series_positions
from newinfra.analysis.verdicts import VERDICTS, verdict_frame
from newinfra.core.choices import check_choices
from newinfra.core.dates import as_of_date
from newinfra.inputs import corpus, curation
from newinfra.inputs.families import family_labels
from newinfra.ledger.targets import concordance

VERDICT_COLUMNS = ["verdict", "decided_by", "decided_by_metric_id", "decided_by_year",
                   "verdict_lag", "verdict_note"]  # fmt: skip
MATRIX_COLUMNS = [
    "jurisdiction_id",
    "domain",
    "row",
    "row_label",
    "metric_id",
    "cell_metric",
    "plan_id",
    "column",
    "is_context",
    "series_position",
    "horizon_year",
    "written",
    "value",
    "comparator",
    "unit",
    "commitment",
    "verdict",
    "decided_by",
    "decided_by_metric_id",
    "decided_by_year",
    "verdict_lag",
    "verdict_note",
    "commitment_id",
    "source_id",
    "quote",
    "gloss_en",
]


def compare_matrix(jurisdiction: str | None = None, as_of=None) -> pd.DataFrame:
    """One row per target commitment, placed in its family's row and its plan's column.

    ``jurisdiction`` keeps one place (default: every place). Verdicts are
    computed ``as_of`` a date (default today) from the status reported in the
    same place.
    """
    places = corpus.jurisdictions()["jurisdiction_id"].tolist()
    chosen = check_choices("jurisdiction", jurisdiction, places)
    day = as_of_date(as_of)
    points = _points()
    if chosen is not None:
        points = points[points["jurisdiction_id"].isin(chosen)]
    targets = points[points["kind"] == "target"].copy()
    verdicts = verdict_frame(day).set_index("target_id")
    for column in VERDICT_COLUMNS:
        targets[column] = targets["target_id"].map(verdicts[column])
    targets["row"] = targets["family"]
    targets["row_label"] = targets["family"].map(family_labels()).fillna(targets["metric_label"])
    # A member of another definition than the row's label names its own metric in its cell.
    targets["cell_metric"] = targets["metric_label"].where(
        targets["metric_label"] != targets["row_label"], ""
    )
    plans = series_positions(corpus.plans()).set_index("plan_id")
    targets["is_context"] = targets["plan_id"].map(plans["is_context"] == "true")
    targets["column"] = targets["plan_id"]
    targets["written"] = [
        written_value(row.value, row.comparator, row.unit, row.value_high, row.higher_is_better)
        for row in targets.itertuples(index=False)
    ]
    domains = {d: i for i, d in enumerate(curation.domain_ids())}
    targets["_domain_order"] = targets["domain"].map(domains)
    # Places in the order of data/jurisdictions.csv: the home city first.
    targets["_place_order"] = targets["jurisdiction_id"].map(corpus.place_order())
    targets["_context"] = targets["is_context"].astype(int)
    ordered = targets.sort_values(
        ["_place_order", "_domain_order", "row_label", "_context", "series_position",
         "horizon_year", "value_std"],
        kind="stable",
    )  # fmt: skip
    return ordered.reindex(columns=MATRIX_COLUMNS).reset_index(drop=True)


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


def verdict_counts(verdicts: pd.Series) -> str:
    """'1 met early, 2 reached later, 39 not reported': each class present, in VERDICTS order."""
    counts = verdicts.value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in VERDICTS if counts.get(v, 0))


def verdict_summary(table: pd.DataFrame, scope: str) -> str:
    """The verdicts of a table's targets, counted, with their scope in words."""
    return f"Verdicts of the {len(table)} {scope}: {verdict_counts(table['verdict'])}."
