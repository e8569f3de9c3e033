"""Domain profiles: how specific and how firm each plan is, domain by domain.

Counts are of commitments (``ni.commitments()``), so a target the goals
section, a task and the briefing all state counts once, with the firmest
wording any of its mentions uses.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.core.choices import check_choices
from newinfra.inputs import corpus, curation
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.ledger.targets import commitments, targets, task_links

COUNTED_TASKS = ("task", "special_project", "action_item")
WORDINGS = tuple(COMMITMENTS)


def _quantified_tasks(tasks: pd.DataFrame, target_commitments: pd.DataFrame) -> pd.Series:
    """Whether each task carries a number: a mention of a target commitment belongs to it."""
    mentions = targets()
    target_mentions = mentions[mentions["commitment_id"].isin(target_commitments["commitment_id"])]
    links = task_links()
    linked = links[links["target_id"].isin(target_mentions["target_id"])].dropna(
        subset=["task_ref"]
    )
    keys = set(zip(linked["plan_id"], linked["task_ref"], strict=True))
    return pd.Series(
        [(p, t) in keys for p, t in zip(tasks["plan_id"], tasks["task_ref"], strict=True)],
        index=tasks.index,
    )


def domain_profile(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan and domain: tasks, target commitments, and the share of tasks with a number.

    Tasks come from data/tasks.csv (tasks, special projects, briefing action
    items); a task "carries a number" when a mention of a target commitment
    belongs to it (``ledger.task_links()``: the annotation's task_ref, else the
    figure's section). ``firm`` / ``strive`` / ``explore`` / ``pilot`` count
    target commitments by their firmest wording; ``evidence`` marks a plan
    known only from its briefing.
    """
    plan_table = corpus.plans()
    chosen = check_choices("plans", plans, plan_table["plan_id"].tolist())
    if chosen is not None:
        plan_table = plan_table[plan_table["plan_id"].isin(chosen)]
    everything = commitments()
    target_rows = everything[everything["kind"] == "target"]
    tasks = curation.tasks()
    tasks = tasks[tasks["task_type"].isin(COUNTED_TASKS)]
    tasks = tasks.assign(quantified=_quantified_tasks(tasks, target_rows))

    grid = pd.MultiIndex.from_product(
        [plan_table["plan_id"], curation.domain_ids()], names=["plan_id", "domain"]
    )
    task_counts = tasks.groupby(["plan_id", "domain"]).agg(
        tasks=("task_ref", "size"), tasks_with_number=("quantified", "sum")
    )
    wording = pd.crosstab(
        [target_rows["plan_id"], target_rows["domain"]], target_rows["commitment"]
    ).reindex(columns=list(WORDINGS), fill_value=0)
    counts = pd.DataFrame(
        {
            "quantified_targets": target_rows.groupby(["plan_id", "domain"]).size(),
            "baselines": everything[everything["kind"] == "baseline"]
            .groupby(["plan_id", "domain"])
            .size(),
        }
    )
    table = pd.concat([task_counts, counts, wording], axis=1).reindex(grid).fillna(0)
    table = table.astype(int).reset_index()
    table["share_tasks_with_number"] = (table["tasks_with_number"] / table["tasks"]).where(
        table["tasks"] > 0
    )
    info = plan_table.set_index("plan_id")
    table["horizon_year"] = table["plan_id"].map(info["horizon_year"])
    table["evidence"] = table["plan_id"].map(info["evidence"])
    table["is_context"] = table["plan_id"].map(info["is_context"] == "true")
    columns = [
        "plan_id", "horizon_year", "domain", "tasks", "tasks_with_number",
        "share_tasks_with_number", "quantified_targets", *WORDINGS, "baselines",
        "evidence", "is_context",
    ]  # fmt: skip
    return table[columns]


#: What the firmness profile counts, in the order a reader meets them.
FIRMNESS_COUNTS = {
    "tasks": "Tasks (all, with or without a number)",
    "mentions": "Mentions of targets",
    "commitments": "Target commitments (firmest mention)",
}


def firmness_profile(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan and domain: tasks, target mentions and target commitments by wording.

    Tidy: plan_id, domain, counted (``tasks``, ``mentions`` or ``commitments``),
    commitment (firm, strive, pilot, explore) and n. Tasks are read whole, numbers
    or not (:func:`newinfra.ledger.firmness.task_wording`, the weakest wording in
    the task); mentions are every written target, so a target that is firm in the
    goals and strive in a task counts once each way; commitments keep their firmest.
    """
    from newinfra.ledger.firmness import mention_wording, task_wording

    plan_table = corpus.plans()
    chosen = check_choices("plans", plans, plan_table["plan_id"].tolist())
    plan_ids = plan_table["plan_id"].tolist() if chosen is None else list(chosen)
    tasks = task_wording()
    tasks = tasks[tasks["task_type"].isin(COUNTED_TASKS)]
    everything = commitments()
    parts = {
        "tasks": tasks,
        "mentions": mention_wording(),
        "commitments": everything[everything["kind"] == "target"],
    }
    grid = pd.MultiIndex.from_product(
        [plan_ids, curation.domain_ids(), list(FIRMNESS_COUNTS), list(WORDINGS)],
        names=["plan_id", "domain", "counted", "commitment"],
    )
    counted = [
        frame[frame["plan_id"].isin(plan_ids)]
        .groupby(["plan_id", "domain", "commitment"])
        .size()
        .rename("n")
        .reset_index()
        .assign(counted=name)
        for name, frame in parts.items()
    ]
    table = pd.concat(counted).set_index(["plan_id", "domain", "counted", "commitment"])["n"]
    return table.reindex(grid, fill_value=0).astype(int).reset_index()
