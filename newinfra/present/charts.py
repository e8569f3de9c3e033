"""Charts for the notebooks: one shared theme and functions that return Figures.

Every function takes a table from the library (``ni.domain_profile()``,
``ni.compare()``, ``themes.theme_counts()``, ``ni.concordance()``), draws on a
new :class:`matplotlib.figure.Figure` (not a pyplot figure, so a notebook shows
it once, where it is returned) and writes a caption under it naming the source
documents. Labels are English; Chinese text stays in tables, so no CJK font is
needed. Nothing here calls ``plt.show()``.

:func:`table` styles the tables the notebooks display (a pandas Styler: no index,
text left-aligned and wrapped, numbers right-aligned with thousands separators,
blanks for missing values).
"""

from __future__ import annotations

import hashlib
import html
import math
import re
import textwrap
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import (
    FuncFormatter,
    LogLocator,
    MaxNLocator,
    NullFormatter,
    PercentFormatter,
)
from pandas.io.formats.style import Styler

from newinfra.core.display import CJK_CHARACTERS, display_width, is_year_like
from newinfra.inputs import corpus, curation
from newinfra.inputs.vocabulary import COMMITMENTS

PALETTE = "colorblind"
SEQUENTIAL = "Blues"
CAPTION_GID = "caption"
_CJK = re.compile(f"[{CJK_CHARACTERS}]")
DOC_KINDS = {
    "plan_text": "official full text",
    "translation": "unofficial translation",
    "press_briefing": "press briefing",
    "news": "news feature",
}
STATUS_LABELS = {
    "in_both": "in the full text and the briefing",
    "primary_only": "full text only (left out of the briefing)",
    "secondary_only": "briefing only",
}


def use_theme() -> None:
    """Set the shared look: seaborn whitegrid, colour-blind palette, readable sizes.

    In IPython it also makes inline figures PNG and SVG, without the creation
    date matplotlib would otherwise stamp into them, so outputs are reproducible.
    """
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=PALETTE,
        rc={
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": 11,
            "xtick.labelsize": 10,
            "ytick.labelsize": 10,
            "legend.fontsize": 10,
            "legend.title_fontsize": 10,
            "figure.titlesize": 14,
            "figure.titleweight": "bold",
            "svg.hashsalt": "newinfra",
        },
    )
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency via ipykernel
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", "svg", metadata={"Date": None})


def number_format(value: float) -> str:
    """Numbers in tables: thousands separated, small values to four significant digits."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


# --- labels --------------------------------------------------------------------------------


def plan_label(plan_id: str, plans: pd.DataFrame | None = None) -> str:
    """A short two-line label: the period and how the plan is known."""
    plans = corpus.plans() if plans is None else plans
    row = plans.set_index("plan_id").loc[plan_id]
    how = {
        "full_text": "full text",
        "translation": "translation",
        "briefing_only": "briefing only",
        "news": "news, context",
    }.get(row["evidence"], row["evidence"])
    return f"{row['period_start']}-{row['period_end']}\n({how})"


def unit_label(unit: str) -> str:
    """A pint unit string as an axis label."""
    pretty = {
        "count": "count",
        "percent": "%",
        "fraction": "share",
        "1/km**2": "per km²",
        "km**2": "km²",
        "CNY": "yuan",
    }
    return pretty.get(unit, unit.replace("**2", "²"))


def source_note(source_id: str, sources: pd.DataFrame, plans: pd.DataFrame) -> str:
    """One source in English: its title, what kind of text, publisher year and id."""
    row = sources.set_index("source_id").loc[source_id]
    title = row["title"]
    if _CJK.search(title):
        # Chinese titles cannot be drawn without a CJK font: use the plan's English title.
        title = plans.set_index("plan_id").loc[row["plan_id"], "title_en"] + ", Chinese text"
    kind = DOC_KINDS.get(row["doc_type"], row["doc_type"])
    return f"{title} ({kind}, {str(row['published'])[:4]}; {source_id})"


def caption_text(sources: Iterable[str], note: str | None = None) -> str:
    """'Sources: ...' naming each document, plus an optional note."""
    source_table = corpus.sources(verify=False)
    plans = corpus.plans()
    known = source_table["source_id"].tolist()
    chosen = [s for s in known if s in set(sources)]
    text = "Sources: " + "; ".join(source_note(s, source_table, plans) for s in chosen) + "."
    if note:
        text = f"{note} {text}"
    return text


def caption(fig: Figure, sources: Iterable[str], note: str | None = None) -> Figure:
    """Write a caption naming the source documents under the figure (gid 'caption')."""
    text = caption_text(sources, note)
    width_in = fig.get_figwidth()
    # About 2 characters per point of width at 8 pt text.
    width = max(40, int(width_in * 72 / 4.6))
    wrapped = "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False))
    # Lay the figure out first, then put the caption under everything drawn (rotated
    # ticks, legends outside the axes), so that the two never overlap.
    fig.draw_without_rendering()
    bottom = fig.get_tightbbox().y0 / fig.get_figheight()
    artist = fig.text(
        0.0, min(bottom, 0.0) - 0.1 / fig.get_figheight(), wrapped, ha="left", va="top",
        fontsize=8, color="0.25",
    )  # fmt: skip
    artist.set_gid(CAPTION_GID)
    return fig


def caption_of(fig: Figure) -> str | None:
    for text in fig.texts:
        if text.get_gid() == CAPTION_GID:
            return text.get_text()
    return None


def _plan_sources(plan_ids: Iterable[str]) -> list[str]:
    plans = corpus.plans().set_index("plan_id")
    return [plans.loc[p, "primary_source_id"] for p in plan_ids]


def _figure(width: float, height: float) -> Figure:
    return Figure(figsize=(width, height), layout="constrained")


def _empty(fig: Figure, ax, message: str) -> None:
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, transform=ax.transAxes)


def _domain_order(frame: pd.DataFrame) -> list[str]:
    present = set(frame["domain"])
    return [d for d in curation.domain_ids() if d in present]


def _plan_order(frame: pd.DataFrame) -> list[str]:
    plans = corpus.plans().sort_values(["is_context", "horizon_year"])
    present = set(frame["plan_id"])
    return [p for p in plans["plan_id"] if p in present]


# --- plan overview -------------------------------------------------------------------------


def domain_heatmap(profile: pd.DataFrame) -> Figure:
    """Tasks and quantified targets per domain (rows) and plan (columns), side by side."""
    plans = corpus.plans()
    order = _plan_order(profile)
    domains = _domain_order(profile)
    fig = _figure(3.2 * len(order) + 3.5, 0.45 * len(domains) + 2.4)
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
        ax.set_xticklabels([plan_label(p, plans) for p in order], rotation=0, fontsize=9)
        ax.tick_params(axis="y", rotation=0)
    fig.suptitle("Domain emphasis: tasks and quantified targets per plan")
    return caption(
        fig,
        _plan_sources(order),
        "Tasks: numbered tasks, special projects and briefing action items; targets: figures "
        "due at the plan's horizon; blank: the document has no task list. The 2020-2022 plan is "
        "known only from a press briefing.",
    )


def specificity_chart(profile: pd.DataFrame) -> Figure:
    """Share of tasks that carry at least one number, per domain and plan, labelled k/n."""
    plans = corpus.plans()
    frame = profile[profile["tasks"] > 0].copy()
    order = _plan_order(frame) if not frame.empty else []
    fig = _figure(12, 5.2)
    ax = fig.subplots()
    if frame.empty:
        _empty(fig, ax, "No tasks recorded for the chosen plans")
        return caption(fig, _plan_sources(_plan_order(profile)))
    totals = frame.groupby("plan_id")[["tasks", "tasks_with_number"]].sum().reset_index()
    totals["domain"] = "all domains"
    data = pd.concat([totals, frame[["plan_id", "domain", "tasks", "tasks_with_number"]]])
    data["share"] = data["tasks_with_number"] / data["tasks"]
    domains = ["all domains", *_domain_order(frame)]
    colours = dict(zip(order, sns.color_palette(PALETTE, len(order)), strict=True))
    width = 0.8 / len(order)
    for i, plan_id in enumerate(order):
        rows = data[data["plan_id"] == plan_id].set_index("domain").reindex(domains)
        x = np.arange(len(domains)) + (i - (len(order) - 1) / 2) * width
        shown = rows["tasks"].notna().to_numpy()
        bars = ax.bar(
            x[shown], rows["share"].to_numpy()[shown], width=width * 0.95,
            color=colours[plan_id], label=plan_label(plan_id, plans).replace("\n", " "),
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
        _plan_sources(order),
        "A task carries a number when a quantified target lies in its section. For the "
        "2020-2022 plan the tasks are the briefing's action items.",
    )


def commitment_bars(profile: pd.DataFrame) -> Figure:
    """Quantified targets per plan, stacked by how firm the wording is."""
    plans = corpus.plans()
    order = _plan_order(profile)
    counts = profile.groupby("plan_id")[COMMITMENTS].sum().reindex(order).fillna(0)
    fig = _figure(10, 4.6)
    ax = fig.subplots()
    colours = dict(zip(COMMITMENTS, sns.color_palette(PALETTE, 4), strict=True))
    left = np.zeros(len(order))
    ylabels = [plan_label(p, plans).replace("\n", " ") for p in order]
    for commitment in COMMITMENTS:
        values = counts[commitment].to_numpy()
        bars = ax.barh(ylabels, values, left=left, color=colours[commitment], label=commitment)
        ax.bar_label(
            bars,
            labels=[f"{v:.0f}" if v else "" for v in values],
            label_type="center",
            fontsize=9,
            color="white" if commitment == "firm" else "black",
        )
        left += values
    hedged = counts[["strive", "explore", "pilot"]].sum(axis=1).to_numpy()
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
        _plan_sources(order),
        "Strive / explore / pilot: the clause holding the figure says so, in English or in "
        "the Chinese terms of data/commitment_terms.csv; firm: none of these words.",
    )


# --- trajectories --------------------------------------------------------------------------


AMBITION_KINDS = ("target", "baseline")


def ambition_rows(long: pd.DataFrame) -> pd.DataFrame:
    """Targets and baselines of families with figures in two or more years.

    Plan-structure counts (tasks, domains) and budgets describe a plan rather
    than an ambition for the city; notebook 01 shows them.
    """
    rows = long[long["kind"].isin(AMBITION_KINDS)]
    years = rows.groupby("family")["horizon_year"].nunique()
    rows = rows[rows["family"].isin(years[years >= 2].index)].reset_index(drop=True)
    return _family_units(rows)


def _family_units(rows: pd.DataFrame) -> pd.DataFrame:
    """Express every figure of a family in the unit of its earliest figure, for plotting."""
    from newinfra.inputs import units

    rows = rows.copy()
    for _family, group in rows.groupby("family"):
        unit = group.sort_values(["horizon_year", "kind"])["unit_std"].iloc[0]
        for index, row in group.iterrows():
            if row["unit_std"] != unit and units.convertible(row["unit_std"], unit):
                rows.loc[index, "value_std"] = units.convert(
                    row["value_std"], row["unit_std"], unit
                )
                rows.loc[index, "unit_std"] = unit
    return rows


_ACRONYMS = {
    "5g": "5G",
    "6g": "6G",
    "iot": "IoT",
    "ev": "EV",
    "idc": "IDC",
    "ai": "AI",
    "hpc": "HPC",
}


def family_label(frame: pd.DataFrame, family: str) -> str:
    """The catalogue label of a family's own metric, its members' common label, or its id."""
    catalogue = curation.metrics().set_index("metric_id")
    if family in catalogue.index:
        return catalogue.loc[family, "label_en"]
    labels = frame.loc[frame["family"] == family, "metric_label"].dropna().unique()
    if len(labels) == 1:
        return labels[0]
    # Members differ in definition: name the family itself rather than one member.
    words = [_ACRONYMS.get(w, w) for w in family.split("_")]
    return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])


def _year_axis(ax, years: Sequence[int]) -> None:
    years = sorted({int(y) for y in years})
    crowded = len(years) > 5 or any(b - a < 3 for a, b in zip(years, years[1:], strict=False))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45 if crowded else 0)
    if years:
        ax.set_xlim(years[0] - 1, years[-1] + 1)


def _log_axis(ax, values: pd.Series) -> None:
    positive = values[values > 0]
    if positive.empty:
        return
    ax.set_yscale("log")
    low, high = positive.min(), positive.max()
    span = high / low if low else 1
    if span < 10:
        # Under one decade a log axis has no labelled tick: widen it a little.
        ax.set_ylim(low / 1.6, high * 1.6)
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_minor_formatter(NullFormatter())
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _short_number(v)))


def _short_number(value: float) -> str:
    if value == 0 or not math.isfinite(value):
        return "0"
    for limit, suffix in ((1e12, "T"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


def trajectory_chart(long: pd.DataFrame, title: str | None = None) -> Figure:
    """All linked metrics on one log axis, each relative to its first figure.

    Targets are filled markers joined by a line; baselines (status reported in
    between) are hollow markers on a dotted line. 1 = the family's first figure.
    """
    long = ambition_rows(long)
    fig = _figure(11, 5.6)
    ax = fig.subplots()
    if long.empty:
        _empty(fig, ax, "No metric has figures in two of the chosen years")
        return caption(fig, [])
    frame = long[long["value_std"] > 0].copy()
    families = sorted(frame["family"].unique())
    colours = sns.color_palette(PALETTE, max(len(families), 1))
    markers = ["o", "s", "D", "^", "v", "P", "X", "<", ">", "h"]
    for i, family in enumerate(families):
        rows = frame[frame["family"] == family].sort_values(["horizon_year", "kind"])
        base = rows["value_std"].iloc[0]
        rows = rows.assign(relative=rows["value_std"] / base)
        colour, marker = colours[i % len(colours)], markers[(i // len(colours)) % len(markers)]
        ax.plot(rows["horizon_year"], rows["relative"], ":", color=colour, linewidth=1)
        targets = rows[rows["kind"] != "baseline"]
        baselines = rows[rows["kind"] == "baseline"]
        ax.plot(
            targets["horizon_year"], targets["relative"], "-", marker=marker, color=colour,
            markersize=7, linewidth=2, label=family_label(long, family),
        )  # fmt: skip
        ax.plot(
            baselines["horizon_year"], baselines["relative"], linestyle="none", marker=marker,
            markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.8, markersize=7,
        )  # fmt: skip
    _log_axis(ax, frame.groupby("family")["value_std"].transform(lambda s: s / s.iloc[0]))
    ax.axhline(1, color="0.5", linewidth=0.8)
    _year_axis(ax, frame["horizon_year"])
    ax.set_xlabel("Year the figure describes (target due, or status reported)")
    ax.set_ylabel("Value relative to the first figure (×, log scale)")
    ax.set_title(title or "How the linked metrics moved across the plans")
    handles, labels = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], color="0.3", marker="o", linestyle="-", label="target (filled)"),
        Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle=":",
               label="reported status, baseline (hollow)"),
    ]  # fmt: skip
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=9
    )
    return caption(fig, sorted(long["source_id"].dropna().unique()))


def small_multiples(long: pd.DataFrame, ncols: int = 3) -> Figure:
    """One panel per linked metric family in its own unit, log scale: promised vs reported.

    Targets: filled circles, coloured by plan, joined by a line, with the
    verdict of past targets written beside them; baselines: hollow diamonds.
    """
    long = ambition_rows(long)
    families = sorted(long["family"].unique()) if not long.empty else []
    # One slot more than panels: the legend goes in the last one (a figure legend would
    # move when a tight bounding box is applied on saving).
    n = max(len(families), 1) + 1
    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig = _figure(4.1 * ncols + 1.5, 3.3 * nrows + 1.0)
    axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
    if not families:
        _empty(fig, axes[0], "No metric has figures in two of the chosen years")
        return caption(fig, [])
    plans = corpus.plans()
    plan_ids = _plan_order(long)
    colours = dict(zip(plan_ids, sns.color_palette(PALETTE, len(plan_ids)), strict=True))
    for ax, family in zip(axes, families, strict=False):
        rows = long[(long["family"] == family) & (long["value_std"] > 0)].sort_values(
            ["horizon_year", "kind"]
        )
        targets = rows[rows["kind"] != "baseline"]
        baselines = rows[rows["kind"] == "baseline"]
        ax.plot(targets["horizon_year"], targets["value_std"], "-", color="0.6", linewidth=1.2)
        for row in targets.itertuples():
            ax.plot(row.horizon_year, row.value_std, "o", color=colours[row.plan_id], markersize=8)
            if isinstance(row.verdict, str) and row.verdict not in ("pending",):
                ax.annotate(
                    row.verdict, (row.horizon_year, row.value_std), xytext=(6, 6),
                    textcoords="offset points", fontsize=8, color="0.2",
                )  # fmt: skip
        ax.plot(
            baselines["horizon_year"], baselines["value_std"], linestyle="none", marker="D",
            markerfacecolor="white", markeredgecolor="0.2", markersize=7, markeredgewidth=1.5,
        )  # fmt: skip
        _log_axis(ax, rows["value_std"])
        _year_axis(ax, rows["horizon_year"])
        ax.set_title("\n".join(textwrap.wrap(family_label(long, family), 34)), fontsize=10)
        unit = rows["unit_std"].dropna()
        ax.set_ylabel(f"{unit_label(unit.iloc[0]) if not unit.empty else ''} (log scale)")
        ax.set_xlabel("Year")
    for ax in axes[len(families) :]:
        ax.set_axis_off()
    handles = [
        Line2D([], [], marker="o", linestyle="none", color=colours[p], markersize=8,
               label="target: " + plan_label(p, plans).replace("\n", " "))
        for p in plan_ids
        if p in set(long.loc[long["kind"] != "baseline", "plan_id"])
    ]  # fmt: skip
    handles.append(
        Line2D([], [], marker="D", linestyle="none", markerfacecolor="white",
               markeredgecolor="0.2", markersize=7, label="reported status (baseline)")
    )  # fmt: skip
    fig.suptitle("Promised vs reported: each linked metric across the horizons")
    axes[-1].legend(handles=handles, loc="center", frameon=False, title="Markers")
    return caption(
        fig,
        sorted(long["source_id"].dropna().unique()),
        "Verdicts (met / not met) compare a target with the first status reported at or "
        "after its horizon. Panels titled by a family id join metrics of different definitions "
        "(see the flags in the tables).",
    )


def multiples_chart(long: pd.DataFrame, top: int = 20) -> Figure:
    """Ambition multiples (this target over the previous one), ranked, on a log axis."""
    long = ambition_rows(long)
    rows = long[long["multiple"].notna() & (long["multiple"] > 0)].copy()
    rows = rows.sort_values(["multiple", "family"], ascending=[False, True]).head(top)
    fig = _figure(10, 0.42 * max(len(rows), 2) + 1.8)
    ax = fig.subplots()
    if rows.empty:
        _empty(fig, ax, "No metric has targets in two of the chosen horizons")
        return caption(fig, [])
    labels = [
        f"{family_label(long, r.family)} ({int(r.previous_year)}→{int(r.horizon_year)})"
        for r in rows.itertuples()
    ]
    labels = ["\n".join(textwrap.wrap(label, 60)) for label in labels]
    colours = [sns.color_palette(PALETTE)[0 if m >= 1 else 3] for m in rows["multiple"]]
    ax.barh(labels, rows["multiple"], color=colours)
    ax.set_xscale("log")
    ax.axvline(1, color="0.3", linewidth=1)
    for y, row in enumerate(rows.itertuples()):
        cagr = f", {row.cagr:+.0%}/yr" if pd.notna(row.cagr) else ""
        ax.text(row.multiple, y, f" ×{row.multiple:.3g}{cagr}", va="center", fontsize=9)
    ax.invert_yaxis()
    ax.set_xlim(right=rows["multiple"].max() * 8)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"×{v:g}"))
    ax.set_xlabel("Ambition multiple: target over the previous plan's target (log scale)")
    ax.set_ylabel("")
    fig.suptitle("Which targets grew most, and how fast (implied annual growth)")
    return caption(fig, sorted(rows["source_id"].dropna().unique()))


# --- themes --------------------------------------------------------------------------------


def theme_heatmap(counts: pd.DataFrame) -> Figure:
    """Terms (rows) by source (columns): colour is the rate, the number the raw count."""
    from newinfra.analysis.themes import theme_table

    rates = theme_table(counts, "rate")
    raw = theme_table(counts, "count")
    fig = _figure(1.45 * len(rates.columns) + 5.2, 0.3 * len(rates) + 2.4)
    ax = fig.subplots()
    positive = rates.to_numpy()[rates.to_numpy() > 0]
    # A short text with a few mentions would set the scale for everyone: cap it.
    vmax = float(np.quantile(positive, 0.95)) if positive.size else 1.0
    sns.heatmap(
        rates,
        ax=ax,
        annot=raw.map(lambda v: f"{v:.0f}" if v else "·").to_numpy(),
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
    groups = counts.drop_duplicates("label_en").set_index("label_en")["group"].reindex(rates.index)
    for y in np.flatnonzero(groups.to_numpy()[1:] != groups.to_numpy()[:-1]) + 1:
        ax.axhline(y, color="0.35", linewidth=1.2)
    ax.set_xticklabels([c.replace(" (", "\n(", 1) for c in rates.columns], rotation=0)
    ax.set_xlabel("Source (year of the plan's horizon, kind of text, language)")
    ax.set_ylabel("Technology theme")
    ax.tick_params(axis="y", labelsize=9)
    ax.set_title("Technology themes across the plans (numbers: raw mentions)")
    primary = counts.drop_duplicates("column").set_index("column")["primary"]
    for i, column in enumerate(rates.columns):
        if not primary.get(column, True):
            ax.get_xticklabels()[i].set_fontstyle("italic")
    return caption(
        fig,
        counts["source_id"].unique(),
        "Each plan counted once in its primary source; the 2023 English briefing (italic) is "
        "shown beside the Chinese full text, not added to it. Colour: mentions per 10,000 words "
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
    fig = _figure(min(5.0 * n, 16), 5.8)
    axes = np.atleast_1d(fig.subplots(1, n, squeeze=False)).ravel()
    if not stories:
        _empty(fig, axes[0], "None of the chosen terms belongs to a story")
        return caption(fig, primary["source_id"].unique())
    years = sorted(primary["horizon_year"].unique())
    per = "; ".join(
        f"{y}: per {p}"
        for y, p in primary.drop_duplicates("horizon_year")[["horizon_year", "per"]].itertuples(
            index=False
        )
    )
    markers = ["o", "s", "D", "^", "v", "P"]
    for ax, (story, terms) in zip(axes, stories.items(), strict=False):
        colours = sns.color_palette(PALETTE, len(terms))
        for i, term in enumerate(terms):
            rows = primary[primary["term_id"] == term].sort_values("horizon_year")
            ax.plot(
                rows["horizon_year"], rows["rate"], marker=markers[i % len(markers)],
                color=colours[i], linewidth=2, label=rows["label_en"].iloc[0],
            )  # fmt: skip
        ax.set_title(story)
        _year_axis(ax, years)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("Plan horizon")
        if ax is axes[0]:
            ax.set_ylabel("Mentions per 10,000 words / characters")
        ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), frameon=False)
    fig.suptitle("Themes that appear, grow or vanish")
    return caption(
        fig,
        primary["source_id"].unique(),
        f"Normalisation: {per}. Each plan in its primary source; the 2020-2022 plan is known "
        "only from a short press briefing, so a theme missing there may simply not have been "
        "mentioned.",
    )


# --- briefing vs full text -----------------------------------------------------------------


def briefing_coverage_chart(concordance: pd.DataFrame) -> Figure:
    """Per domain: full-text figures the briefing reports, those it leaves out, briefing extras."""
    fig = _figure(10, 0.5 * max(concordance["domain"].nunique(), 2) + 2.4)
    ax = fig.subplots()
    if concordance.empty:
        _empty(fig, ax, "No figures to compare")
        return caption(fig, [])
    domains = _domain_order(concordance)
    table = concordance.pivot_table(
        index="domain", columns="status", values="metric_id", aggfunc="count"
    )
    statuses = [s for s in STATUS_LABELS if s in table.columns]
    table = table.reindex(index=domains, columns=statuses).fillna(0)
    colours = dict(zip(STATUS_LABELS, sns.color_palette(PALETTE, 3), strict=True))
    left = np.zeros(len(domains))
    for status in statuses:
        values = table[status].to_numpy()
        bars = ax.barh(
            domains, values, left=left, color=colours[status], label=STATUS_LABELS[status]
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


# --- tables shown beside the charts -------------------------------------------------------

EVIDENCE_COLUMNS = [
    "plan_id", "horizon_year", "domain", "metric_label", "value", "value_high", "unit",
    "comparator", "commitment", "quote", "sentence", "gloss_en", "source_id", "target_id",
]  # fmt: skip


def plan_structure(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan: how it is known and how many tasks, measures, projects, domains it has."""
    plan_table = corpus.plans().sort_values(["is_context", "horizon_year"])
    if plans is not None:
        plan_table = plan_table[plan_table["plan_id"].isin(list(plans))]
    tasks = curation.tasks()
    counts = pd.crosstab(tasks["plan_id"], tasks["task_type"])
    domains = tasks.groupby("plan_id")["domain"].nunique()
    out = plan_table[["plan_id", "period_start", "period_end", "evidence", "primary_source_id"]]
    out = out.set_index("plan_id")
    out = out.join(counts, how="left").fillna(0)
    for column in counts.columns:
        out[column] = out[column].astype(int)
    out["domains_with_tasks"] = domains.reindex(out.index).fillna(0).astype(int)
    return out.reset_index()


def plan_totals(profile: pd.DataFrame) -> pd.DataFrame:
    """Per plan: tasks, tasks with a number and their share, targets by wording, baselines."""
    columns = ["tasks", "tasks_with_number", "quantified_targets", *COMMITMENTS, "baselines"]
    totals = profile.groupby("plan_id", sort=False)[columns].sum()
    totals = totals.reindex(_plan_order(profile))
    totals.insert(
        2,
        "share_tasks_with_number",
        (totals["tasks_with_number"] / totals["tasks"].where(totals["tasks"] > 0)).round(3),
    )
    evidence = profile.drop_duplicates("plan_id").set_index("plan_id")["evidence"]
    totals.insert(0, "evidence", evidence)
    return totals.reset_index()


def coverage_table(concordance: pd.DataFrame) -> pd.DataFrame:
    """Figures per domain and concordance status, with the share the briefing reports."""
    table = pd.crosstab(concordance["domain"], concordance["status"])
    table = table.reindex(index=_domain_order(concordance), columns=list(STATUS_LABELS))
    table = table.fillna(0).astype(int)
    in_full_text = table["in_both"] + table["primary_only"]
    table["share_of_full_text_reported"] = (
        table["in_both"] / in_full_text.where(in_full_text > 0)
    ).round(3)
    total = table.sum(numeric_only=True)
    total["share_of_full_text_reported"] = round(
        total["in_both"] / max(total["in_both"] + total["primary_only"], 1), 3
    )
    table.loc["all domains"] = total
    table.columns.name = None
    return table.reset_index()


def evidence_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows as a reader checks them: the figure as written, its sentence and gloss."""
    columns = [c for c in EVIDENCE_COLUMNS if c in ledger.columns]
    return (
        ledger[columns]
        .sort_values(["horizon_year", "plan_id", "metric_label", "value"], kind="stable")
        .reset_index(drop=True)
    )


def ambition_table(long: pd.DataFrame) -> pd.DataFrame:
    """Targets with a previous target of the same family: multiple and implied annual growth.

    Ranked by multiple (largest first), with the flags that qualify a comparison.
    """
    long = ambition_rows(long)
    rows = long[long["multiple"].notna()].copy()
    rows["metric"] = [family_label(long, f) for f in rows["family"]]
    columns = [
        "metric", "family", "previous_year", "horizon_year", "previous_value_std", "value_std",
        "unit_std", "multiple", "cagr", "commitment", "plan_id", "quote", "flags",
    ]  # fmt: skip
    return (
        rows[columns]
        .sort_values(["multiple", "family"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )


def verdict_table(long: pd.DataFrame, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Promised vs reported: each past target, its verdict and the later figure deciding it.

    ``status_quote`` / ``status_sentence`` / ``status_source_id`` are the
    deciding baseline as written (from the ledger, by ``decided_by``).
    """
    if ledger is None:
        from newinfra.ledger.targets import targets

        ledger = targets()
    rows = long[long["verdict"].isin(["met", "not met", "not reported"])].copy()
    status = ledger.set_index("target_id")
    for column in ("quote", "sentence", "gloss_en", "source_id"):
        rows[f"status_{column}"] = rows["decided_by"].map(status[column])
    rows["metric"] = [family_label(long, f) for f in rows["family"]]
    columns = [
        "metric", "plan_id", "horizon_year", "value_std", "unit_std", "commitment", "quote",
        "source_id", "verdict", "decided_by_year", "decided_by_value_std", "status_quote",
        "status_sentence", "status_gloss_en", "status_source_id", "verdict_note",
    ]  # fmt: skip
    return (
        rows[columns].sort_values(["horizon_year", "metric"], kind="stable").reset_index(drop=True)
    )


# --- displaying tables ---------------------------------------------------------------------

#: Columns of running text: left-aligned, wrapped, and given room.
LONG_TEXT = re.compile(
    r"(^|_)(sentence|quote|flags|note|title|title_en|title_zh|text|gloss_en|covers|pattern_en|"
    r"pattern_zh)$"
)
#: Years and character offsets: whole numbers printed without thousands separators.
TABLE_STYLES = [
    {"selector": "", "props": "border-collapse: collapse; margin: 0.4em 0 1.2em 0;"},
    {
        "selector": "caption",
        "props": "caption-side: top; text-align: left; font-style: italic; color: #444; "
        "padding: 0 0 0.4em 0;",
    },
    {
        "selector": "th.col_heading",
        "props": "vertical-align: bottom; border-bottom: 1px solid #888; padding: 0.3em 0.6em; "
        "font-weight: bold;",
    },
    {
        "selector": "td",
        "props": "vertical-align: top; padding: 0.3em 0.6em; border-bottom: 1px solid #e4e4e4; "
        "line-height: 1.35;",
    },
]
_NUMBER_CELL = "text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;"
_TEXT_CELL = "text-align: left; white-space: normal;"


def decimal_format(value: float) -> str:
    """A number for a table: thousands separated, three significant digits at most after the point.

    Whole numbers keep every digit (``1,234,567``); others are rounded to three
    significant digits but never lose integer digits (``12.3``, ``0.278``, ``1,235``).
    """
    if not math.isfinite(value):
        return ""
    if float(value).is_integer():
        return f"{value:,.0f}"
    magnitude = math.floor(math.log10(abs(value))) + 1
    decimals = max(0, 3 - magnitude)
    text = f"{value:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _year_format(value) -> str:
    return f"{value:.0f}"


def _text_width(values: pd.Series) -> float:
    lengths = [display_width(str(v)) for v in values.dropna()]
    return float(np.percentile(lengths, 90)) if lengths else 0.0


class Table(Styler):
    """A :class:`pandas.io.formats.style.Styler` whose plain-text form is the table itself.

    The default ``repr`` of a Styler carries its memory address, which would make
    notebook outputs (``text/plain`` beside ``text/html``) differ from run to run.
    """

    def __repr__(self) -> str:
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            text = self.data.to_string(index=False, na_rep="", float_format=decimal_format)
        caption = self.caption if isinstance(self.caption, str) else None
        return f"{html.unescape(caption)}\n{text}" if caption else text


def table(frame: pd.DataFrame, caption: str | None = None) -> Table:
    """A DataFrame styled for reading: the Styler the notebooks display for every table.

    The index is hidden; text columns are left-aligned and wrapped (running text such as
    ``sentence``, ``quote`` or ``note`` gets a wider column); numbers are right-aligned
    with thousands separators, whole numbers without decimals and others to three
    significant digits; years and character offsets (``*_year``, ``start``, ``end``,
    ``period_*``) have no separators; missing values are blank. ``caption`` (plain
    text) is shown above the table. The element ids derive from the caption and the
    content, so the same table renders to the same HTML in every run, and two different
    tables on one page do not share styles.
    """
    key = "\x1f".join([caption or "", repr(list(frame.columns)), frame.to_csv(index=False)])
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    styler = Table(frame, uuid=f"ni{digest}", cell_ids=False)
    styler.hide(axis="index")
    styles = list(TABLE_STYLES)
    for position, column in enumerate(frame.columns):
        series = frame[column]
        name = str(column)
        cells = f"td.col{position}"
        heading = f"th.col_heading.col{position}"
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            if pd.api.types.is_datetime64_any_dtype(series):
                styler.format("{:%Y-%m-%d}", subset=[column], na_rep="")
                props = _TEXT_CELL
            else:
                styler.format(subset=[column], na_rep="", escape="html")
                width = _text_width(series)
                words = series.dropna().astype(str)
                if width and (LONG_TEXT.search(name) or width > 40):
                    # Browsers shrink table columns to their min-width, not to their width.
                    em = min(22.0, max(8.0, width * 0.2))
                    props = f"{_TEXT_CELL} min-width: {em:.0f}em; overflow-wrap: anywhere;"
                elif len(words) and not words.str.contains(r"\s").any():
                    # Identifiers (plan_id, source_id, ...) stay on one line.
                    props = "text-align: left; white-space: nowrap;"
                else:
                    em = min(12.0, max(4.0, width * 0.3))
                    props = f"{_TEXT_CELL} min-width: {em:.0f}em;"
            styles.append({"selector": f"{cells}, {heading}", "props": props})
            continue
        formatter = _year_format if is_year_like(name) else decimal_format
        styler.format(formatter, subset=[column], na_rep="")
        styles.append({"selector": f"{cells}, {heading}", "props": _NUMBER_CELL})
    styler.set_table_styles(styles, overwrite=True)
    if caption:
        styler.set_caption(html.escape(caption))
    return styler


def save(fig: Figure, path) -> None:
    """Write a figure with its caption (bbox 'tight' keeps the caption below the axes)."""
    fig.savefig(path, bbox_inches="tight", dpi=mpl.rcParams.get("savefig.dpi", 150))
