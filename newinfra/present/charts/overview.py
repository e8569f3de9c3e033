"""Charts of notebook 01, one per question about the plans' structure.

Each takes ``ni.domain_profile()`` (one row per plan and domain) and draws it:
where each plan puts its tasks and targets, how many of its tasks carry a
number, and how firmly it words its targets.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator, PercentFormatter

from newinfra.analysis.orders import domain_order, plan_order, plan_sources
from newinfra.inputs import corpus
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.present.chart_output import new_figure
from newinfra.present.styling import (
    SEQUENTIAL,
    WORDING_COLOURS,
    caption,
    place_lines,
    plan_colours,
    plan_label,
    say_empty,
    wording_text_colour,
)
from newinfra.present.words import plan_list


def _briefing_only(plan_ids, sentence: str) -> str:
    """``sentence`` about the shown plans known only from a press briefing; empty when none is."""
    evidence = corpus.plans().set_index("plan_id")["evidence"]
    found = [p for p in plan_ids if evidence.get(p) == "briefing_only"]
    if not found:
        return ""
    one = len(found) == 1
    return " " + sentence.format(
        plans=plan_list(found), s="" if one else "s", verb="is" if one else "are"
    )


def domain_heatmap(profile: pd.DataFrame) -> Figure:
    """Tasks and quantified targets per domain (rows) and plan (columns), side by side."""
    order = plan_order(profile)
    domains = domain_order(profile)
    fig = new_figure(3.2 * len(order) + 3.5, 0.45 * len(domains) + 2.4)
    axes = fig.subplots(1, 2, sharey=True)
    panels = [("tasks", "Tasks"), ("quantified_targets", "Quantified targets")]
    task_totals = profile.groupby("plan_id")["tasks"].sum()
    for ax, (column, title) in zip(axes, panels, strict=True):
        table = profile.pivot_table(index="domain", columns="plan_id", values=column, aggfunc="sum")
        table = table.reindex(index=domains, columns=order).fillna(0).astype(float)
        if column == "tasks":
            # A document without a task list (the news feature) has no task count, not zero.
            table.loc[:, task_totals.reindex(order).fillna(0).eq(0).to_numpy()] = np.nan
        sns.heatmap(
            table,
            ax=ax,
            annot=True,
            fmt=".0f",
            cmap=SEQUENTIAL,
            linewidths=0.5,
            linecolor="white",
            cbar_kws={"label": f"{title.lower()} (count)", "shrink": 0.8},
        )
        ax.grid(False)
        ax.set_title(title)
        ax.set_xlabel("Plan (period and source)")
        ax.set_ylabel("Domain" if ax is axes[0] else "")
        ax.set_xticklabels([plan_label(p) for p in order], rotation=0, fontsize=9)
        ax.tick_params(axis="y", rotation=0)
    fig.suptitle("Domain emphasis: tasks and quantified targets per plan")
    fig.plotted = place_lines(profile, "plan_id")
    return caption(
        fig,
        plan_sources(order),
        "Tasks: numbered tasks, special projects and briefing action items; targets: figures "
        "due at the plan's horizon; blank: the document has no task list."
        + _briefing_only(order, "The {plans} plan{s} {verb} known only from a press briefing."),
    )


def specificity_chart(profile: pd.DataFrame) -> Figure:
    """Share of tasks that carry at least one number, per domain and plan, labelled k/n."""
    frame = profile[profile["tasks"] > 0].copy()
    order = plan_order(frame) if not frame.empty else []
    fig = new_figure(12, 5.2)
    ax = fig.subplots()
    if frame.empty:
        say_empty(ax, "No tasks recorded for the chosen plans")
        return caption(fig, plan_sources(plan_order(profile)))
    totals = frame.groupby("plan_id")[["tasks", "tasks_with_number"]].sum().reset_index()
    totals["domain"] = "all domains"
    data = pd.concat([totals, frame[["plan_id", "domain", "tasks", "tasks_with_number"]]])
    data["share"] = data["tasks_with_number"] / data["tasks"]
    domains = ["all domains", *domain_order(frame)]
    colours = plan_colours()
    fig.plotted = place_lines(data, "plan_id")
    width = 0.8 / len(order)
    for i, plan_id in enumerate(order):
        rows = data[data["plan_id"] == plan_id].set_index("domain").reindex(domains)
        x = np.arange(len(domains)) + (i - (len(order) - 1) / 2) * width
        shown = rows["tasks"].notna().to_numpy()
        bars = ax.bar(
            x[shown], rows["share"].to_numpy()[shown], width=width * 0.95,
            color=colours[plan_id], label=plan_label(plan_id).replace("\n", " "),
        )  # fmt: skip
        labels = [
            f"{int(k)}/{int(n)}"
            for k, n in zip(rows["tasks_with_number"][shown], rows["tasks"][shown], strict=True)
        ]
        ax.bar_label(bars, labels=labels, fontsize=8, padding=2, rotation=90)
    ax.set_xticks(np.arange(len(domains)), domains, rotation=20)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1.22)
    ax.set_yticks(np.linspace(0, 1, 6))
    ax.set_ylabel("Tasks that carry a number (% of tasks)")
    ax.set_xlabel("Domain (labels: tasks with a number / tasks; no bar: no task in the domain)")
    ax.set_title("How specific is each plan? Share of tasks with at least one figure")
    ax.legend(title="Plan", loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return caption(
        fig,
        plan_sources(order),
        "A task carries a number when a quantified target lies in its section."
        + _briefing_only(
            order, "For the {plans} plan{s} the tasks are the briefing's action items."
        ),
    )


def _stacked_by_wording(ax, positions, table: pd.DataFrame, fontsize: int) -> np.ndarray:
    """Horizontal bars stacked firmest first, each segment labelled with its count; the totals."""
    left = np.zeros(len(table))
    for wording in COMMITMENTS:
        values = table[wording].to_numpy(dtype=float)
        bars = ax.barh(positions, values, left=left, color=WORDING_COLOURS[wording], label=wording)
        ax.bar_label(
            bars,
            labels=[f"{v:.0f}" if v else "" for v in values],
            label_type="center",
            fontsize=fontsize,
            color=wording_text_colour(wording),
        )
        left += values
    return left


def commitment_bars(profile: pd.DataFrame) -> Figure:
    """Quantified targets per plan, stacked by how firm the wording is."""
    order = plan_order(profile)
    counts = profile.groupby("plan_id")[COMMITMENTS].sum().reindex(order).fillna(0)
    fig = new_figure(10, 4.6)
    ax = fig.subplots()
    fig.plotted = place_lines(counts.reset_index(), "plan_id")
    ylabels = [plan_label(p).replace("\n", " ") for p in order]
    left = _stacked_by_wording(ax, ylabels, counts, fontsize=9)
    hedged = counts[list(COMMITMENTS[1:])].sum(axis=1).to_numpy()
    for y, total in enumerate(left):
        share = f", {hedged[y] / total:.0%} hedged" if total else ""
        ax.text(total, y, f"  {total:.0f} targets{share}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * 1.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Quantified targets (count)")
    ax.set_ylabel("Plan")
    ax.set_title("Commitment strength: how firmly each plan words its targets")
    ax.legend(
        title="Wording", ncols=4, loc="upper center", bbox_to_anchor=(0.5, -0.16), frameon=False
    )
    return caption(
        fig,
        plan_sources(order),
        "Strive / explore / pilot: the clause holding the figure says so, in English or in "
        "the Chinese terms of data/commitment_terms.csv; firm: none of these words.",
    )


def firmness_bars(firmness: pd.DataFrame) -> Figure:
    """Per plan: its tasks, target mentions and target commitments, stacked by wording.

    ``firmness`` is :func:`newinfra.analysis.profiles.firmness_profile`. The wording
    scale and its colours come from ``COMMITMENTS`` and ``WORDING_COLOURS`` alone,
    firmest (darkest) first.
    """
    from newinfra.analysis.profiles import FIRMNESS_COUNTS

    order = [p for p in plan_order(firmness) if firmness.loc[firmness["plan_id"] == p, "n"].sum()]
    if not order:
        fig = new_figure(11, 2)
        say_empty(fig.subplots(), "No plan has a task or a target to read the wording of")
        return fig
    counts = firmness.pivot_table(
        index=["plan_id", "counted"], columns="commitment", values="n", aggfunc="sum"
    ).reindex(columns=COMMITMENTS, fill_value=0)
    rows = [
        (p, c) for p in order for c in FIRMNESS_COUNTS
        if (p, c) in counts.index and counts.loc[(p, c)].sum() > 0
    ]  # fmt: skip
    table = counts.reindex(rows).fillna(0)
    fig = new_figure(11, 0.42 * len(rows) + 2.2)
    ax = fig.subplots()
    fig.plotted = place_lines(table.reset_index(), "plan_id")
    labels = [f"{plan_label(p).splitlines()[0]} · {c}" for p, c in rows]
    # A gap between plans: each plan's rows one step below the previous plan's.
    y = np.arange(len(rows)) + np.array([order.index(p) for p, _ in rows])
    left = _stacked_by_wording(ax, y, table, fontsize=8)
    hedged = table[list(COMMITMENTS[1:])].sum(axis=1).to_numpy()
    for row, total in zip(y, left, strict=True):
        if total:
            share = hedged[list(y).index(row)] / total
            ax.text(total, row, f"  {share:.0%} hedged", va="center", fontsize=8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left.max(), 1) * 1.22)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Count (tasks, written figures or commitments)")
    ax.set_title("How firmly each plan words its work: every task, every written target")
    ax.legend(
        title="Wording (firmest first)",
        ncols=len(COMMITMENTS),
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        frameon=False,
    )
    return caption(
        fig,
        plan_sources(order),
        "Tasks: the weakest wording anywhere in the task's text, numbers or not. Mentions: "
        "each place a target is written (goals, task, briefing). Commitments: each target "
        "once, by its firmest mention. Strive, pilot and explore: the words of "
        "data/commitment_terms.csv, in English and Chinese; firm: none of these.",
    )
