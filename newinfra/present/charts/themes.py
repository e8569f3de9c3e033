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
from matplotlib.lines import Line2D

from newinfra.analysis.orders import plan_order
from newinfra.analysis.themes import theme_table
from newinfra.present.chart_output import new_figure
from newinfra.present.markup import mpl_escape
from newinfra.present.styling import (
    PALETTE,
    SEQUENTIAL,
    caption,
    place_lines,
    say_empty,
)


def theme_heatmap(counts: pd.DataFrame) -> Figure:
    """Terms (rows) by source (columns): colour and number, the share of sentences naming it.

    A share of sentences reads the same in English and Chinese, so every column is on
    one scale (a rate per word and a rate per character would not be).
    """
    rates = theme_table(counts, "sentence_share") * 100
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
            "label": "% of the document's sentences that mention the term",
            "extend": "max",
        },
    )
    ax.grid(False)
    for y in np.flatnonzero(groups.to_numpy()[1:] != groups.to_numpy()[:-1]) + 1:
        ax.axhline(y, color="0.35", linewidth=1.2)
    places = counts.drop_duplicates("column").set_index("column")["place"].reindex(rates.columns)
    several = places.nunique() > 1
    ax.set_xticklabels(
        [_source_tick(c, p if several else None) for c, p in places.items()], rotation=0
    )
    ax.set_xlabel(
        "Source (" + ("place, " if several else "") + "year of the plan's horizon, kind of text, "
        "language)"
    )
    ax.set_ylabel("Technology theme")
    ax.tick_params(axis="y", labelsize=9)
    title = "Technology themes across the plans (numbers: % of sentences that mention each)"
    if several:
        title = (
            "Technology themes across the plans of "
            + ", ".join(mpl_escape(p) for p in dict.fromkeys(places))
            + " (numbers: % of sentences that mention each)"
        )
        for x in np.flatnonzero(places.to_numpy()[1:] != places.to_numpy()[:-1]) + 1:
            ax.axvline(x, color="0.15", linewidth=2)
    ax.set_title(title)
    fig.plotted = place_lines(counts, "column")
    primary = counts.drop_duplicates("column").set_index("column")["primary"]
    for i, column in enumerate(rates.columns):
        if not primary.get(column, True):
            ax.get_xticklabels()[i].set_fontstyle("italic")
    del raw
    return caption(
        fig,
        counts["source_id"].unique(),
        "Each plan counted once in its primary source; the 2023 English briefing (italic) is "
        "shown beside the Chinese full text, not added to it. Colour and number: the share "
        "of the document's sentences that mention the term, the same measure in English and "
        "Chinese (scale capped at the 95th percentile; mentions per 10,000 words or "
        "characters are in the tables); '·': no mention. Lines separate technology groups"
        + ("; thick vertical lines separate places." if several else "."),
    )


def _source_tick(column: str, place: str | None) -> str:
    """A column label on two or three lines: its place (where several), the source, its language."""
    if place and column.startswith(place + " "):
        column = place + "\n" + column[len(place) + 1 :]
    return mpl_escape(column.replace(" (", "\n(", 1))


def theme_timeline(counts: pd.DataFrame, stories: dict[str, Sequence[str]]) -> Figure:
    """One panel per story (e.g. mobile generations): each term's rate in each plan.

    Primary sources of the compared plans only (no context documents). Plans
    stand in order of their horizon year, one tick each (two plans ending in the
    same year stand side by side). A line joins the plans of one place only
    (``line`` in the plotted data names it, and the chart is drawn from it):
    places never share a line, and where there are several, the legend (one
    marker per place) and the title name them.
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
    plans = _plans_in_time(primary)
    several = plans["jurisdiction_id"].nunique() > 1
    briefing = _briefing_only_plans(plans.index)
    drawn_terms = {t for terms in stories.values() for t in terms}
    plotted = _timeline_lines(primary[primary["term_id"].isin(drawn_terms)], plans, briefing)
    fig.plotted = plotted
    places = list(dict.fromkeys(plans.sort_values("place_order", kind="mergesort")["place"]))
    markers = ["o", "s", "D", "^", "v", "P"]
    for ax, (story, terms) in zip(axes, stories.items(), strict=False):
        colours = sns.color_palette(PALETTE, len(terms))
        for i, term in enumerate(terms):
            rows = plotted[(plotted["term_id"] == term) & plotted["line"].notna()]
            for line, part in rows.groupby("line", sort=False):
                part = part.sort_values("x")
                place = places.index(part["place"].iloc[0])
                second = bool(part["second_rate"].iloc[0])
                drawn = ax.plot(
                    part["x"].tolist(), (part["sentence_share"] * 100).tolist(),
                    marker=markers[(place if several else i) % len(markers)],
                    color=colours[i], linewidth=2, linestyle="--" if second else "-",
                    label=None if several or second else mpl_escape(part["label_en"].iloc[0]),
                )  # fmt: skip
                drawn[0].set_gid(line)
        _shade_briefings(ax, plans, briefing)
        _plan_axis(ax, plans, several)
        ax.set_title(mpl_escape(story))
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Plans in order of their horizon" + (" (year, place)" if several else ""))
        if ax is axes[0]:
            ax.set_ylabel("Sentences that mention the term (% of the document's)")
        handles = _place_legend(terms, colours, plotted, places, markers) if several else None
        # Below the panel, never over the points.
        ax.legend(
            handles=handles, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.2),
            frameon=False, ncols=1,
        )  # fmt: skip
    title = "Themes that appear, grow or vanish"
    if several:
        title += ": " + ", ".join(mpl_escape(p) for p in places) + " (one line per place)"
    fig.suptitle(title)
    return caption(
        fig,
        primary["source_id"].unique(),
        "Each point: the share of the plan's sentences that mention the term, a measure that "
        "reads the same in English and Chinese (mentions per 10,000 words or characters are "
        "in the tables). Plans of different places are never joined by a line. Plans stand "
        "in order of their horizon year, "
        "evenly spaced. A plan known only from a short press briefing is shaded and not "
        "drawn: a theme missing there may simply not have been mentioned.",
    )


def _plans_in_time(primary: pd.DataFrame) -> pd.DataFrame:
    """One row per plan, by horizon year, then PLAN_ORDER; ``x`` is its position."""
    plans = primary.drop_duplicates("plan_id").set_index("plan_id").loc[plan_order(primary)]
    plans = plans.sort_values("horizon_year", kind="mergesort")
    return plans.assign(x=range(len(plans)))


def _plan_name(plan, several: bool) -> str:
    return f"{plan.place} {plan.horizon_year}" if several else str(plan.horizon_year)


def _timeline_lines(primary: pd.DataFrame, plans: pd.DataFrame, briefing: set[str]) -> pd.DataFrame:
    """The plotted rows with ``x`` and ``line``: one line per place and term.

    The points are shares of sentences, comparable across languages, so a place's
    plans in English and in Chinese share a line (``second_rate`` is kept, always
    false). A plan known only from a briefing is kept in the data with no line.
    """
    rows = primary.assign(x=primary["plan_id"].map(plans["x"])).sort_values("x", kind="mergesort")
    # Shares of sentences read the same in every language: one line per place and term.
    names = rows["place"] + ": " + rows["label_en"]
    drawn = ~rows["plan_id"].isin(briefing)
    rows["line"] = names.where(drawn)
    rows["second_rate"] = False
    return rows.sort_values(["term_id", "line", "x"], kind="mergesort").reset_index(drop=True)


def _place_legend(terms, colours, plotted, places, markers) -> list[Line2D]:
    """A colour per term and a marker per place: a line's entry is its term and its marker."""
    labels = plotted.drop_duplicates("term_id").set_index("term_id")["label_en"]
    handles = [
        Line2D([], [], color=colours[i], linewidth=2, label=mpl_escape(labels[term]))
        for i, term in enumerate(terms)
    ]
    handles += [
        Line2D([], [], color="0.3", marker=markers[i % len(markers)], linestyle="",
               label=mpl_escape(place))
        for i, place in enumerate(places)
    ]  # fmt: skip
    return handles


def _shade_briefings(ax, plans: pd.DataFrame, briefing: set[str]) -> None:
    for plan_id in plans.index.intersection(sorted(briefing)):
        x = plans.loc[plan_id, "x"]
        ax.axvspan(x - 0.4, x + 0.4, color="0.9", zorder=0)
        ax.text(x, 0.5, "briefing only:\nnot comparable", transform=ax.get_xaxis_transform(),
                ha="center", va="center", fontsize=8, color="0.3", rotation=90)  # fmt: skip


def _plan_axis(ax, plans: pd.DataFrame, several: bool) -> None:
    """A tick per plan: its horizon, its place where there are several, its language."""
    per = ["(Chinese)" if "character" in str(p) else "(English)" for p in plans["per"]]
    labels = [
        f"{year}\n{mpl_escape(place)}\n{unit}" if several else f"{year}\n{unit}"
        for year, place, unit in zip(plans["horizon_year"], plans["place"], per, strict=True)
    ]
    ax.set_xticks(plans["x"].tolist())
    crowded = len(plans) > 5
    ax.set_xticklabels(labels, rotation=90 if crowded else 0, fontsize=8 if several else None)
    ax.set_xlim(-0.6, len(plans) - 0.4)


def _briefing_only_plans(plan_ids) -> set[str]:
    """Plans known only from a press briefing: not comparable with full texts."""
    from newinfra.inputs import corpus

    plans = corpus.plans()
    briefing = set(plans.loc[plans["evidence"] == "briefing_only", "plan_id"])
    return {p for p in plan_ids if p in briefing}
