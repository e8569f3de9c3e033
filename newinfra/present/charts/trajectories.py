"""Charts of linked metrics across the plans (notebooks 02 and 03).

Each takes the rows of :func:`newinfra.analysis.views.ambition_rows` (targets
and baselines of families with figures in two or more years, in one unit per
family, named by ``family_label``) and draws them: all families relative to
their first figure, one panel per family, or the ambition multiples ranked.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FuncFormatter

from newinfra.analysis.figures import growth_text, per_year_text, step_text
from newinfra.analysis.orders import plan_order
from newinfra.present.chart_output import new_figure
from newinfra.present.markup import mpl_escape
from newinfra.present.styling import (
    PALETTE,
    caption,
    is_lower_bound,
    log_axis,
    metric_natures,
    place_lines,
    place_names,
    plan_colours,
    plan_label,
    say_empty,
    short_number,
    unit_label,
    year_axis,
)


def trajectory_chart(ambition: pd.DataFrame, title: str | None = None) -> Figure:
    """All linked metric families on one log axis, each relative to its first figure.

    One line per place and family (``line`` in the plotted data; the chart is
    drawn from it): places never share a line. Targets are filled markers
    joined by a line; baselines (status reported in between) are hollow
    markers. 1 = the line's first figure. Where several places are shown, each
    has its own marker, named in the legend and the title.
    """
    fig = new_figure(11, 5.6)
    ax = fig.subplots()
    if ambition.empty:
        say_empty(ax, "No metric has figures in two of the chosen years")
        return caption(fig, [])
    frame = place_lines(ambition[ambition["value_std"] > 0], "family_label")
    frame = frame.sort_values(["line", "horizon_year", "kind"], kind="mergesort")
    frame["relative"] = frame["value_std"] / frame.groupby("line")["value_std"].transform("first")
    families = sorted(frame["family"].unique())
    places = place_names(frame)
    several = len(places) > 1
    colours = sns.color_palette(PALETTE, max(len(families), 1))
    markers = ["o", "s", "D", "^", "v", "P", "X", "<", ">", "h"]
    natures = metric_natures()
    handles = []
    for line, rows in frame.groupby("line", sort=True):
        i = families.index(rows["family"].iloc[0])
        place = places.index(rows["place"].iloc[0])
        colour = colours[i % len(colours)]
        marker = markers[(place if several else i // len(colours)) % len(markers)]
        targets = rows[rows["kind"] != "baseline"]
        baselines = rows[rows["kind"] == "baseline"]
        _join_same_definition(ax, targets, "relative", colour, natures)
        for row in targets.itertuples():
            ax.plot(row.horizon_year, row.relative, "^" if is_lower_bound(row) else marker,
                    color=colour, markersize=7)  # fmt: skip
        ax.plot(
            baselines["horizon_year"], baselines["relative"], linestyle="none", marker=marker,
            markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.8, markersize=7,
        )  # fmt: skip
        for row in rows.itertuples():
            ax.annotate(short_number(row.value_std), (row.horizon_year, row.relative),
                        xytext=(5, 3), textcoords="offset points", fontsize=7, color=colour)  # fmt: skip
        label = mpl_escape(line if several else rows["family_label"].iloc[0])
        handles.append(Line2D([], [], color=colour, marker=marker, linestyle="-", label=label))
    fig.plotted = frame[[c for c in [*_PLACE_COLUMNS, *_PLOTTED, "relative"] if c in frame]]
    log_axis(ax, frame["relative"])
    ax.axhline(1, color="0.5", linewidth=0.8)
    year_axis(ax, frame["horizon_year"])
    ax.set_xlabel("Year the figure describes (target due, or status reported)")
    ax.set_ylabel("Value relative to the first figure (×, log scale)")
    heading = mpl_escape(title) if title else "How the linked metrics moved across the plans"
    if several:
        heading += "\n" + ", ".join(mpl_escape(p) for p in places) + ": one line per place"
    ax.set_title(heading)
    handles += [
        Line2D([], [], color="0.3", marker="o", linestyle="-", label="target (filled)"),
        Line2D([], [], color="0.3", marker="^", linestyle="none",
               label="open-ended or vague target (a floor)"),
        Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle="none",
               label="reported status, baseline (hollow)"),
    ]  # fmt: skip
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9
    )
    return caption(
        fig,
        sorted(ambition["source_id"].dropna().unique()),
        "Colours: metric families"
        + ("; markers: places" if several else "")
        + ". Numbers: the figure in its own unit. Lines join targets of "
        "one definition and one place only; flows (additions over a period) and status figures "
        "are not joined.",
    )


def _is_flow(row, natures) -> bool:
    """Additions over a period (a flow nature, or basis new): never joined to another figure."""
    flow = getattr(row, "is_flow", None)
    if isinstance(flow, bool | np.bool_):
        return bool(flow)
    return natures.get(row.metric_id) == "flow" or getattr(row, "basis", None) == "new"


def _join_same_definition(ax, targets: pd.DataFrame, column: str, colour, natures) -> None:
    """A line between consecutive targets of one metric (not a flow): never across definitions."""
    rows = list(targets.itertuples())
    for before, after in zip(rows, rows[1:], strict=False):
        stocks = not (_is_flow(before, natures) or _is_flow(after, natures))
        if before.metric_id == after.metric_id and stocks:
            ax.plot([before.horizon_year, after.horizon_year],
                    [getattr(before, column), getattr(after, column)], "-", color=colour,
                    linewidth=2)  # fmt: skip


def small_multiples(ambition: pd.DataFrame, ncols: int = 3) -> Figure:
    """One panel per linked metric family in its own unit, log scale: promised vs reported.

    Targets: filled circles, coloured by plan, joined by a line, with the
    verdict of past targets written beside them; baselines: hollow diamonds.
    """
    families = sorted(ambition["family"].unique()) if not ambition.empty else []
    # One slot more than panels: the legend goes in the last one (a figure legend would
    # move when a tight bounding box is applied on saving).
    n = max(len(families), 1) + 1
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig = new_figure(4.1 * ncols + 1.5, 3.3 * nrows + 1.0)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    if not families:
        say_empty(axes[0], "No metric has figures in two of the chosen years")
        return caption(fig, [])
    plan_ids = plan_order(ambition)
    colours = plan_colours()
    labels = _family_labels(ambition)
    natures = metric_natures()
    framed = place_lines(ambition, "family_label")
    places = place_names(framed)
    several = len(places) > 1
    status_markers = ["D", "s", "o", "v", "P", "X"]
    for ax, family in zip(axes, families, strict=False):
        rows = framed[(framed["family"] == family) & (framed["value_std"] > 0)].sort_values(
            ["line", "horizon_year", "kind"], kind="mergesort"
        )
        # One line per place: targets of two places are never joined.
        for _line, part in rows.groupby("line", sort=True):
            place = places.index(part["place"].iloc[0])
            targets = part[part["kind"] != "baseline"]
            baselines = part[part["kind"] == "baseline"]
            _draw_targets(ax, targets, colours, natures)
            ax.plot(
                baselines["horizon_year"], baselines["value_std"], linestyle="none",
                marker=status_markers[place % len(status_markers)], markerfacecolor="white",
                markeredgecolor="0.2", markersize=7, markeredgewidth=1.5,
            )  # fmt: skip
            for row in baselines.itertuples():
                _value_label(ax, row, offset=(6, -10))
        log_axis(ax, rows["value_std"])
        year_axis(ax, rows["horizon_year"])
        ax.set_title("\n".join(textwrap.wrap(labels[family], 34)), fontsize=10)
        unit = rows["unit_std"].dropna()
        ax.set_ylabel(f"{unit_label(unit.iloc[0]) if not unit.empty else ''} (log scale)")
        ax.set_xlabel("Year")
    for ax in axes[len(families) :]:
        ax.set_axis_off()
    place_of = framed.drop_duplicates("plan_id").set_index("plan_id")["place"]
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=colours[p], markersize=8,
               label="target: " + (f"{place_of[p]} " if several else "")
               + plan_label(p).replace("\n", " "))
        for p in plan_ids
        if p in set(ambition.loc[ambition["kind"] != "baseline", "plan_id"])
    ]  # fmt: skip
    handles.append(
        Line2D([], [], marker="^", linestyle="none", color="0.3", markersize=8,
               label="open-ended or vague target (a floor)")
    )  # fmt: skip
    handles += [
        Line2D([], [], marker=status_markers[i % len(status_markers)], linestyle="none",
               markerfacecolor="white", markeredgecolor="0.2", markersize=7,
               label="reported status (baseline)" + (f", {place}" if several else ""))
        for i, place in enumerate(places)
    ]  # fmt: skip
    heading = "Promised vs reported: each linked metric across the horizons"
    if several:
        heading += " (" + ", ".join(mpl_escape(p) for p in places) + ": one line per place)"
    fig.suptitle(heading)
    fig.plotted = framed[[c for c in [*_PLACE_COLUMNS, *_PLOTTED] if c in framed.columns]]
    axes[-1].legend(handles=handles, loc="center", frameon=False, title="Markers")
    return caption(
        fig,
        sorted(ambition["source_id"].dropna().unique()),
        "Verdicts rest on one status chosen by the evidence key (same metric first, then the "
        "nearest year; see methodology.html), with the evidence's years from the horizon. Lines join "
        "targets of one definition only; 'new definition' marks a change of metric and flows "
        "(additions over a period) are never joined.",
    )


_PLACE_COLUMNS = ["jurisdiction_id", "place", "line"]
_PLOTTED = [
    "family", "family_label", "metric_id", "plan_id", "kind", "horizon_year", "value_std",
    "unit_std", "comparator", "is_flow", "per_year_std", "verdict", "verdict_lag", "multiple",
    "multiple_bound", "cagr", "flags", "target_id",
]  # fmt: skip


def _value_label(ax, row, offset=(6, 4)) -> None:
    ax.annotate(
        short_number(row.value_std), (row.horizon_year, row.value_std), xytext=offset,
        textcoords="offset points", fontsize=8, color="0.15",
    )  # fmt: skip


def _verdict_text(row) -> str:
    lag = getattr(row, "verdict_lag", None)
    if isinstance(lag, int | float) and pd.notna(lag) and lag:
        return f"{row.verdict}; evidence {int(lag):+d} y"
    return str(row.verdict)


def _draw_targets(ax, targets: pd.DataFrame, colours, natures) -> None:
    """Targets as points (a floor: up-triangle), joined only within one stock-like definition."""
    previous = None
    for row in targets.itertuples():
        flow = _is_flow(row, natures)
        if previous is not None and not flow and not _is_flow(previous, natures):
            if previous.metric_id == row.metric_id:
                ax.plot(
                    [previous.horizon_year, row.horizon_year],
                    [previous.value_std, row.value_std], "-", color="0.6", linewidth=1.2,
                )  # fmt: skip
            else:
                ax.annotate(
                    "new definition", (row.horizon_year, row.value_std), xytext=(-8, -16),
                    textcoords="offset points", fontsize=7, color="0.35", ha="right",
                )  # fmt: skip
        marker = "^" if is_lower_bound(row) else "o"
        ax.plot(row.horizon_year, row.value_std, marker, color=colours.get(row.plan_id, "0.4"),
                markersize=8)  # fmt: skip
        label = short_number(row.value_std)
        per_year = getattr(row, "per_year_std", None)
        if flow and isinstance(per_year, float) and np.isfinite(per_year):
            # Additions: the per-year value is what the plans compare.
            label += f" added ({per_year_text(per_year)})"
        ax.annotate(
            label, (row.horizon_year, row.value_std), xytext=(6, 4),
            textcoords="offset points", fontsize=8, color="0.15",
        )  # fmt: skip
        if isinstance(row.verdict, str) and row.verdict not in ("pending",):
            ax.annotate(
                _verdict_text(row), (row.horizon_year, row.value_std), xytext=(6, -10),
                textcoords="offset points", fontsize=7, color="0.3",
            )  # fmt: skip
        previous = row


def multiples_chart(ambition: pd.DataFrame, top: int = 20) -> Figure:
    """Ambition multiples (this target over the previous one), ranked, on a log axis."""
    rows = ambition[ambition["multiple"].notna() & (ambition["multiple"] > 0)]
    rows = place_lines(rows, "family_label")
    rows = rows.sort_values(
        ["multiple", "family", "jurisdiction_id", "horizon_year"],
        ascending=[False, True, True, True],
        kind="mergesort",
    ).head(top)
    several = rows["jurisdiction_id"].nunique() > 1
    fig = new_figure(10, 0.42 * max(len(rows), 2) + 1.8)
    ax = fig.subplots()
    if rows.empty:
        say_empty(ax, "No metric has targets in two of the chosen horizons")
        return caption(fig, [])
    labels = [
        f"{mpl_escape(r.line if several else r.family_label)} "
        f"({int(r.previous_year)}→{int(r.horizon_year)})"
        for r in rows.itertuples()
    ]
    labels = ["\n".join(textwrap.wrap(label, 60)) for label in labels]
    colours = [sns.color_palette(PALETTE)[0 if m >= 1 else 3] for m in rows["multiple"]]
    natures = metric_natures()
    cautions = [_cautions(row, natures) for row in rows.itertuples()]
    bars = ax.barh(labels, rows["multiple"], color=colours)
    for bar, caution in zip(bars, cautions, strict=True):
        if caution:
            # A multiple that a change of definition, a floor or a flow qualifies: hatched.
            bar.set_alpha(0.45)
            bar.set_hatch("//")
    fig.plotted = rows[[c for c in [*_PLACE_COLUMNS, *_PLOTTED] if c in rows.columns]]
    ax.set_xscale("log")
    ax.axvline(1, color="0.3", linewidth=1)
    for y, (row, caution) in enumerate(zip(rows.itertuples(), cautions, strict=True)):
        # No growth rate where the two figures are not the same stock.
        steady = pd.notna(row.cagr) and not {"new definition", "flow"} & set(caution)
        growth = growth_text(row.cagr, row.multiple_bound) if steady else ""
        text = " " + step_text(row) + (f", {growth}" if growth else "")
        note = f" ({', '.join(caution)})" if caution else ""
        ax.text(row.multiple, y, text + note, va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(right=rows["multiple"].max() * 8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"×{v:g}"))
    ax.set_xlabel("Ambition multiple: target over the previous plan's target (log scale)")
    ax.set_ylabel("")
    heading = "Which targets grew most, and how fast (implied annual growth)"
    if several:
        heading += ": " + ", ".join(mpl_escape(p) for p in place_names(rows))
    fig.suptitle(heading)
    return caption(
        fig,
        sorted(rows["source_id"].dropna().unique()),
        "Hatched: the multiple is qualified: a new definition, a bound (≥: this target is a "
        "floor, so the multiple is at least this; ≤: the earlier target was a floor, so the "
        "multiple is at most this) or a flow (additions, compared per year of each plan: the "
        "per-year values are given); no growth rate is given for a new definition or a flow.",
    )


def _cautions(row, natures) -> list[str]:
    flags = row.flags if isinstance(row.flags, str) else ""
    found = []
    if "different definition" in flags:
        found.append("new definition")
    bound = getattr(row, "multiple_bound", None)
    bound = bound if isinstance(bound, str) else None
    if bound == "<=":
        found.append("a ceiling: the earlier target was a floor")
    elif bound == ">=":
        found.append("a floor")
    if _is_flow(row, natures):
        found.append("flow")
    return found


def _family_labels(ambition: pd.DataFrame) -> dict[str, str]:
    """Each family's label, escaped to be drawn literally."""
    labels = ambition.drop_duplicates("family").set_index("family")["family_label"]
    return labels.map(mpl_escape).to_dict()
