"""Charts of the technology themes (notebook 04).

Each takes ``themes.theme_counts()`` (one row per source and term) and draws it:
every term in every source as a heatmap, or the terms of each story across the
plan horizons.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from newinfra.analysis.themes import theme_table
from newinfra.present.markup import mpl_escape
from newinfra.present.theme import PALETTE, SEQUENTIAL, caption, new_figure, say_empty, year_axis


def theme_heatmap(counts: pd.DataFrame) -> Figure:
    """Terms (rows) by source (columns): colour is the rate, the number the raw count."""
    rates = theme_table(counts, "rate")
    raw = theme_table(counts, "count")
    fig = new_figure(1.45 * len(rates.columns) + 5.2, 0.3 * len(rates) + 2.4)
    ax = fig.subplots()
    positive = rates.to_numpy()[rates.to_numpy() > 0]
    # A short text with a few mentions would set the scale for everyone: cap it.
    vmax = float(np.quantile(positive, 0.95)) if positive.size else 1.0
    groups = counts.drop_duplicates("label_en").set_index("label_en")["group"].reindex(rates.index)
    sns.heatmap(
        rates.rename(index=mpl_escape),
        ax=ax,
        # The number printed is the rate the colour shows; raw counts are in the tables.
        annot=rates.map(lambda v: f"{v:.1f}" if v else "·").to_numpy(),
        fmt="",
        vmin=0,
        vmax=vmax,
        cmap=SEQUENTIAL,
        linewidths=0.4,
        linecolor="white",
        annot_kws={"fontsize": 8},
        cbar_kws={
            "label": "mentions per 10,000 words (English) or characters (Chinese)",
            "extend": "max",
        },
    )
    ax.grid(False)
    for y in np.flatnonzero(groups.to_numpy()[1:] != groups.to_numpy()[:-1]) + 1:
        ax.axhline(y, color="0.35", linewidth=1.2)
    ax.set_xticklabels([mpl_escape(c.replace(" (", "\n(", 1)) for c in rates.columns], rotation=0)
    ax.set_xlabel("Source (year of the plan's horizon, kind of text, language)")
    ax.set_ylabel("Technology theme")
    ax.tick_params(axis="y", labelsize=9)
    ax.set_title("Technology themes across the plans (numbers: mentions per 10,000)")
    fig.plotted = counts
    primary = counts.drop_duplicates("column").set_index("column")["primary"]
    for i, column in enumerate(rates.columns):
        if not primary.get(column, True):
            ax.get_xticklabels()[i].set_fontstyle("italic")
    del raw
    return caption(
        fig,
        counts["source_id"].unique(),
        "Each plan counted once in its primary source; the 2023 English briefing (italic) is "
        "shown beside the Chinese full text, not added to it. Colour and number: mentions per "
        "10,000 words "
        "of English or characters of Chinese (scale capped at the 95th percentile); '·': no "
        "mention. Lines separate technology groups.",
    )


def theme_timeline(counts: pd.DataFrame, stories: dict[str, Sequence[str]]) -> Figure:
    """One panel per story (e.g. mobile generations): each term's rate at each plan horizon.

    Primary sources of the compared plans only (no context documents).
    """
    primary = counts[counts["primary"] & ~counts["is_context"]]
    stories = {k: [t for t in v if t in set(primary["term_id"])] for k, v in stories.items()}
    stories = {k: v for k, v in stories.items() if v}
    n = max(len(stories), 1)
    fig = new_figure(min(5.0 * n, 16), 5.8)
    axes = np.atleast_1d(fig.subplots(1, n, squeeze=False)).ravel()
    if not stories:
        say_empty(axes[0], "None of the chosen terms belongs to a story")
        return caption(fig, primary["source_id"].unique())
    years = sorted(primary["horizon_year"].unique())
    per = "; ".join(
        f"{y}: per {p}"
        for y, p in primary.drop_duplicates("horizon_year")[["horizon_year", "per"]].itertuples(
            index=False
        )
    )
    markers = ["o", "s", "D", "^", "v", "P"]
    briefing_years = _briefing_only_years(primary)
    per_year = {
        int(y): "(characters)" if "character" in str(p) else "(words)"
        for y, p in primary[["horizon_year", "per"]].drop_duplicates().to_numpy()
    }
    shown = primary[~primary["horizon_year"].isin(briefing_years)]
    fig.plotted = primary
    for ax, (story, terms) in zip(axes, stories.items(), strict=False):
        colours = sns.color_palette(PALETTE, len(terms))
        for i, term in enumerate(terms):
            rows = shown[shown["term_id"] == term].sort_values("horizon_year")
            # Word rates and character rates are different quantities: never one line.
            for n, (_per, part) in enumerate(rows.groupby("per", sort=False)):
                ax.plot(
                    part["horizon_year"], part["rate"], marker=markers[i % len(markers)],
                    color=colours[i], linewidth=2, linestyle="-" if n == 0 else "--",
                    label=mpl_escape(part["label_en"].iloc[0]) if n == 0 else None,
                )  # fmt: skip
        for year in briefing_years:
            ax.axvspan(year - 0.6, year + 0.6, color="0.9", zorder=0)
            ax.text(year, 0.5, "briefing only:\nnot comparable", transform=ax.get_xaxis_transform(),
                    ha="center", va="center", fontsize=8, color="0.3", rotation=90)  # fmt: skip
        ax.set_title(mpl_escape(story))
        year_axis(ax, years)
        ax.set_xticklabels([f"{y}\n{per_year.get(y, '')}" for y in years], rotation=0)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Plan horizon")
        if ax is axes[0]:
            ax.set_ylabel("Mentions per 10,000 words / characters")
        ax.legend(fontsize=8, loc="upper left", frameon=True, framealpha=0.85)
    fig.suptitle("Themes that appear, grow or vanish")
    return caption(
        fig,
        primary["source_id"].unique(),
        f"Normalisation: {per}. Rates per word (English) and per character (Chinese) are "
        "different quantities: points of different rates are never joined by a line. A plan "
        "known only from a short press briefing is shaded and not drawn: a theme missing there "
        "may simply not have been mentioned.",
    )


def _briefing_only_years(primary: pd.DataFrame) -> list[int]:
    """Horizons of plans known only from a press briefing: not comparable with full texts."""
    from newinfra.inputs import corpus

    plans = corpus.plans()
    briefing = set(plans.loc[plans["evidence"] == "briefing_only", "plan_id"])
    return sorted(
        int(y) for y in primary.loc[primary["plan_id"].isin(briefing), "horizon_year"].unique()
    )
