"""The ledger: every quantitative figure of the seeds with its meaning and evidence.

Mentions (found automatically) meet annotations (curated in data/): each
annotated mention becomes one tidy row with its metric, kind, horizon, basis,
commitment and domain, and carries its source id, offsets, verbatim quote and
sentence. ``target_id`` is ``source_id:start-end``, so it stays the same while
the seed and its annotation do not change.
"""

from __future__ import annotations

import math

import pandas as pd

from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus
from newinfra.inputs.vocabulary import KINDS


@cached_by_fingerprint
def _build() -> pd.DataFrame:
    # The builder loads validation, units and extraction; a cached ledger needs none of them.
    from newinfra.ledger.build import build_ledger

    return build_ledger()


@cached_by_fingerprint
def _build_with_pending() -> pd.DataFrame:
    from newinfra.ledger.build import build_ledger

    return build_ledger(include_pending=True)


def _choose(parameter: str, value, valid) -> None:
    if value is not None and value not in valid:
        raise ParameterError(parameter, value, sorted(valid))


def targets(
    plan: str | None = None,
    domain: str | None = None,
    kind: str | None = None,
    include_pending: bool = False,
) -> pd.DataFrame:
    """The tidy ledger: one row per figure, with its meaning and its evidence.

    ``plan``, ``domain`` and ``kind`` filter the rows; unknown values raise
    ParameterError listing the valid ones. Rows suggested by ``newinfra
    add-plan`` and not yet accepted are left out unless ``include_pending``.

    >>> import newinfra as ni
    >>> ni.targets(plan="newinfra-2023-2026", kind="target")[["metric_id", "value", "unit", "quote"]].head()
    """
    if plan is not None:
        _choose("plan", plan, corpus.plans()["plan_id"].tolist())
    if domain is not None:
        from newinfra.inputs.curation import domain_ids

        _choose("domain", domain, domain_ids())
    _choose("kind", kind, KINDS)
    ledger = (_build_with_pending() if include_pending else _build()).copy()
    if plan is not None:
        ledger = ledger[ledger["plan_id"] == plan]
    if domain is not None:
        ledger = ledger[ledger["domain"] == domain]
    if kind is not None:
        ledger = ledger[ledger["kind"] == kind]
    return ledger.reset_index(drop=True)


def _same_figure(a: pd.Series, b: pd.Series) -> bool:
    def same(x, y):
        if pd.isna(x) and pd.isna(y):
            return True
        return not (pd.isna(x) or pd.isna(y)) and math.isclose(float(x), float(y), rel_tol=1e-9)

    return (
        a["metric_id"] == b["metric_id"]
        and a["kind"] == b["kind"]
        and a["horizon_year"] == b["horizon_year"]
        and same(a["value_std"], b["value_std"])
        and same(a["value_high"], b["value_high"])
    )


_DUAL = ("dual", "double", "雙", "双")


def _likeness(secondary: pd.Series, primary: pd.Series) -> int:
    """Among equal figures, prefer the one worded alike: same commitment, both 'dual'."""
    score = 2 * (secondary["commitment"] == primary["commitment"])
    dual = [any(w in q.lower() for w in _DUAL) for q in (secondary["quote"], primary["quote"])]
    return score + (dual[0] == dual[1])


CONCORDANCE_COLUMNS = [
    "plan_id",
    "status",
    "metric_id",
    "metric_label",
    "domain",
    "kind",
    "horizon_year",
    "value_std",
    "unit_std",
    "secondary_target_id",
    "secondary_source_id",
    "secondary_quote",
    "primary_target_id",
    "primary_source_id",
    "primary_quote",
    "gloss_en",
]


@cached_by_fingerprint
def _concordance() -> pd.DataFrame:
    ledger = _build()
    plans = corpus.plans()
    rows = []
    for plan in plans.itertuples():
        in_plan = ledger[ledger["plan_id"] == plan.plan_id]
        primary = in_plan[in_plan["source_id"] == plan.primary_source_id]
        secondary = in_plan[in_plan["source_id"] != plan.primary_source_id]
        if secondary.empty:
            continue
        matched_primary: set[str] = set()
        for _, row in secondary.iterrows():
            candidates = [p for _, p in primary.iterrows() if _same_figure(row, p)]
            unused = [p for p in candidates if p["target_id"] not in matched_primary]
            ranked = sorted(unused or candidates, key=lambda p: -_likeness(row, p))
            match = (ranked or [None])[0]
            base = {
                "plan_id": plan.plan_id,
                "metric_id": row["metric_id"],
                "metric_label": row["metric_label"],
                "domain": row["domain"],
                "kind": row["kind"],
                "horizon_year": row["horizon_year"],
                "value_std": row["value_std"],
                "unit_std": row["unit_std"],
                "secondary_target_id": row["target_id"],
                "secondary_source_id": row["source_id"],
                "secondary_quote": row["quote"],
            }
            if match is None:
                rows.append({**base, "status": "secondary_only"})
            else:
                matched_primary.add(match["target_id"])
                rows.append(
                    {
                        **base,
                        "status": "in_both",
                        "primary_target_id": match["target_id"],
                        "primary_source_id": match["source_id"],
                        "primary_quote": match["quote"],
                        "gloss_en": match["gloss_en"],
                    }
                )
        for _, p in primary.iterrows():
            if p["target_id"] in matched_primary:
                continue
            rows.append(
                {
                    "plan_id": plan.plan_id,
                    "status": "primary_only",
                    "metric_id": p["metric_id"],
                    "metric_label": p["metric_label"],
                    "domain": p["domain"],
                    "kind": p["kind"],
                    "horizon_year": p["horizon_year"],
                    "value_std": p["value_std"],
                    "unit_std": p["unit_std"],
                    "primary_target_id": p["target_id"],
                    "primary_source_id": p["source_id"],
                    "primary_quote": p["quote"],
                    "gloss_en": p["gloss_en"],
                }
            )
    return pd.DataFrame(rows, columns=CONCORDANCE_COLUMNS)


def concordance(plan: str | None = None) -> pd.DataFrame:
    """Figures of a plan's secondary sources (briefings) matched to its primary source.

    ``status`` is ``in_both`` (the briefing repeats a figure of the full text),
    ``secondary_only`` (only the briefing states it, e.g. a reported status) or
    ``primary_only`` (the full text states it and the briefing leaves it out).
    A figure matches when metric, kind, horizon and standardised value agree.

    >>> import newinfra as ni
    >>> ni.concordance("newinfra-2023-2026").value_counts("status")
    """
    _choose("plan", plan, corpus.plans()["plan_id"].tolist())
    table = _concordance().copy()
    if plan is not None:
        table = table[table["plan_id"] == plan]
    return table.reset_index(drop=True)


def primary_view(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger with each figure counted once per plan.

    Rows from a plan's primary source stay; rows from its other sources stay only
    when the primary source does not state the same figure.
    """
    ledger = targets() if ledger is None else ledger
    repeated = set(_concordance().query("status == 'in_both'")["secondary_target_id"])
    return ledger[~ledger["target_id"].isin(repeated)].reset_index(drop=True)


@cached_by_fingerprint
def _task_links() -> pd.DataFrame:
    from newinfra.ledger.build import link_tasks

    return link_tasks(_build())


def task_links() -> pd.DataFrame:
    """target_id -> task_ref: the plan task (data/tasks.csv) each figure belongs to.

    From the annotation's task_ref where given, else from the figure's section
    when exactly one task of its plan and source covers that section.
    """
    return _task_links().copy()
