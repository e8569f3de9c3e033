"""The chart of notebook 05: which figures of a plan's full text its briefing reports.

It takes ``ni.concordance()`` (one row per figure and status) and draws, per
domain, the figures in both documents, in the full text only and in the briefing
only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from newinfra.analysis.orders import domain_order
from newinfra.inputs import curation
from newinfra.present.chart_output import new_figure
from newinfra.present.markup import mpl_escape
from newinfra.present.styling import (
    STATUS_COLOURS,
    STATUS_LABELS,
    caption,
    plan_label,
    say_empty,
)


def briefing_coverage_chart(concordance: pd.DataFrame) -> Figure:
    """Per domain: full-text figures the briefing reports, those it leaves out, briefing extras."""
    fig = new_figure(10, 0.5 * max(concordance["domain"].nunique(), 2) + 2.4)
    ax = fig.subplots()
    if concordance.empty:
        say_empty(ax, "No figures to compare")
        return caption(fig, [])
    domains = domain_order(concordance)
    table = concordance.pivot_table(
        index="domain", columns="status", values="metric_id", aggfunc="count"
    )
    statuses = [s for s in STATUS_LABELS if s in table.columns]
    table = table.reindex(index=domains, columns=statuses).fillna(0)
    colours = STATUS_COLOURS
    fig.plotted = table.reset_index()
    left = np.zeros(len(domains))
    names = dict(zip(curation.domains()["domain"], curation.domains()["label_en"], strict=True))
    for status in statuses:
        values = table[status].to_numpy()
        bars = ax.barh(
            [mpl_escape(names.get(d, d)) for d in domains],
            values,
            left=left,
            color=colours[status],
            label=STATUS_LABELS[status],
        )
        ax.bar_label(
            bars, labels=[f"{v:.0f}" if v else "" for v in values], label_type="center", fontsize=9
        )
        left += values
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("Figures (count)")
    ax.set_ylabel("Domain")
    plan_ids = concordance["plan_id"].dropna().unique()
    period = plan_label(plan_ids[0]).split("\n")[0] + " plan: " if len(plan_ids) == 1 else ""
    ax.set_title(f"{period}which figures of the full text the briefing reports")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=3, frameon=False)
    sources = set(concordance["primary_source_id"].dropna()) | set(
        concordance["secondary_source_id"].dropna()
    )
    return caption(fig, sources)
