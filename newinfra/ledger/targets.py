"""The ledger: every quantitative figure of the seeds with its meaning and evidence.

Mentions (found automatically) meet annotations (curated in data/): each
annotated mention becomes one tidy row with its metric, kind, horizon, basis,
commitment and domain, and carries its source id, offsets, verbatim quote and
sentence. ``target_id`` is ``source_id:start-end``, so it stays the same while
the seed and its annotation do not change.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.choices import check_choices
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus
from newinfra.inputs.vocabulary import KINDS
from newinfra.ledger.grouping import group_commitments, judged_groups, outside_of


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


#: Statuses of ``ni.concordance()``, in the order tables and charts show them.
CONCORDANCE_STATUSES = ["in_both", "primary_only", "secondary_only"]
CONCORDANCE_COLUMNS = [
    "plan_id",
    "status",
    "commitment_id",
    "metric_id",
    "metric_label",
    "domain",
    "kind",
    "horizon_year",
    "value_std",
    "unit_std",
    "n_mentions",
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
    plans = corpus.plans().set_index("plan_id")
    with_secondary = ledger.groupby("plan_id")["source_id"].nunique()
    in_scope = ledger[ledger["plan_id"].isin(with_secondary[with_secondary > 1].index)].copy()
    in_primary = in_scope["source_id"] == in_scope["plan_id"].map(plans["primary_source_id"])
    # A mention outside the document's own words (a repost's news summary) says nothing
    # of what the plan states; it stands for the primary side only when nothing else does.
    outside = outside_of(in_scope)
    in_scope["side"] = (~in_primary).map({False: "primary", True: "secondary"})
    in_scope.loc[outside & in_primary, "side"] = "outside"
    # Earliest mention of each commitment on each side.
    ordered = in_scope.sort_values(["commitment_id", "source_id", "start"], kind="stable")
    first = ordered.drop_duplicates(["commitment_id", "side"]).set_index("commitment_id")
    secondary = first[first["side"] == "secondary"]
    stated = first[first["side"] == "primary"]
    fallback = first[(first["side"] == "outside") & ~first.index.isin(secondary.index)]
    primary = pd.concat([stated, fallback[~fallback.index.isin(stated.index)]])
    table = (
        ordered.drop_duplicates("commitment_id")
        .set_index("commitment_id")[
            ["plan_id", "metric_id", "metric_label", "domain", "kind", "horizon_year",
             "value_std", "unit_std"]
        ]
    )  # fmt: skip
    table["n_mentions"] = ordered.groupby("commitment_id").size()
    for side, rows in (("primary", primary), ("secondary", secondary)):
        table[f"{side}_target_id"] = rows["target_id"]
        table[f"{side}_source_id"] = rows["source_id"]
        table[f"{side}_quote"] = rows["quote"]
    table["gloss_en"] = primary["gloss_en"]
    both = table["primary_target_id"].notna() & table["secondary_target_id"].notna()
    table["status"] = "primary_only"
    table.loc[table["primary_target_id"].isna(), "status"] = "secondary_only"
    table.loc[both, "status"] = "in_both"
    table = table.reset_index()
    table = table.sort_values(["plan_id", "status", "commitment_id"])
    return table.reindex(columns=CONCORDANCE_COLUMNS).reset_index(drop=True)


def concordance(plan: str | None = None) -> pd.DataFrame:
    """The commitments of a plan known from several sources, by where they are stated.

    One row per commitment of each plan that has a secondary source (a press
    briefing beside the full text). ``status`` is ``in_both`` (the primary
    source and a secondary source state it), ``primary_only`` (the full text
    states it and the briefing leaves it out) or ``secondary_only`` (only the
    briefing states it, e.g. a reported status). The three lists are disjoint
    and together hold every commitment of the plan; ``n_mentions`` counts its
    mentions across all sources.

    >>> import newinfra as ni
    >>> ni.concordance("newinfra-2023-2026").value_counts("status")
    """
    _choose("plan", plan, corpus.plans()["plan_id"].tolist())
    table = _concordance().copy()
    if plan is not None:
        table = table[table["plan_id"] == plan]
    return table.reset_index(drop=True)


def primary_view(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger with each commitment counted once: its primary mention.

    A commitment's primary mention is the one in its plan's primary source,
    earliest in the text (``target_id == commitment_id``).
    """
    ledger = targets() if ledger is None else ledger
    return ledger[ledger["target_id"] == ledger["commitment_id"]].reset_index(drop=True)


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


@cached_by_fingerprint
def _commitments() -> pd.DataFrame:
    from newinfra.inputs import curation

    ledger = _build()
    plans = corpus.plans().set_index("plan_id")
    table, _ = group_commitments(
        ledger,
        plans["primary_source_id"],
        judged_groups(curation.annotations()),
        outside_of(ledger),
    )
    metrics = curation.metrics().set_index("metric_id")
    table["jurisdiction_id"] = table["plan_id"].map(plans["jurisdiction_id"])
    table["family"] = table["metric_id"].map(metrics["family"])
    return table


def commitments(
    plan: str | Iterable[str] | None = None,
    jurisdiction: str | Iterable[str] | None = None,
    domain: str | Iterable[str] | None = None,
) -> pd.DataFrame:
    """One row per commitment, with all its mentions (``target_ids``) as evidence.

    Mentions are one commitment when they share plan, kind, metric, horizon
    year, standardised value and upper value, and basis (see the module's
    docstring); ``commitment`` is the firmest wording among them and
    ``commitment_all`` every wording used; the quote and gloss are the primary
    mention's. Filters take one id or a list; unknown ids raise
    ParameterError naming the valid ones.

    >>> import newinfra as ni
    >>> ni.commitments(plan="newinfra-2023-2026").value_counts("kind")
    """
    from newinfra.inputs import curation

    plans = corpus.plans()
    chosen_plans = check_choices("plan", plan, plans["plan_id"].tolist())
    places = check_choices(
        "jurisdiction", jurisdiction, corpus.jurisdictions()["jurisdiction_id"].tolist()
    )
    domains = check_choices("domain", domain, curation.domain_ids())
    table = _commitments().copy()
    if chosen_plans is not None:
        table = table[table["plan_id"].isin(chosen_plans)]
    if places is not None:
        table = table[table["jurisdiction_id"].isin(places)]
    if domains is not None:
        table = table[table["domain"].isin(domains)]
    return table.reset_index(drop=True)
