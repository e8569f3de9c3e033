"""The look shared by every chart: style, labels, captions, axes and number formats.

Labels are English; Chinese text stays in tables, so no CJK font is needed.
Every chart draws on a new :class:`matplotlib.figure.Figure` (not a pyplot
figure, so a notebook shows it once, where it is returned) and writes a caption
under it naming the source documents (:func:`caption`). Plan periods, source
titles and document kinds come from the corpus (``plans.csv``, the manifest).
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence

import pandas as pd
import seaborn as sns
from IPython import get_ipython
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from newinfra.analysis.views import CONCORDANCE_STATUSES
from newinfra.core.display import CJK_CHARACTERS
from newinfra.inputs import corpus
from newinfra.inputs.reader_words import doc_type_words
from newinfra.present.badges import WORDING_COLOURS, wording_text_colour  # noqa: F401
from newinfra.present.chart_output import CAPTION_GID
from newinfra.present.columns import unit_text
from newinfra.present.markup import mpl_escape

PALETTE = "colorblind"
SEQUENTIAL = "Blues"
_CJK = re.compile(f"[{CJK_CHARACTERS}]")
STATUS_LABELS = dict(
    zip(
        CONCORDANCE_STATUSES,
        [
            "in the full text and the briefing",
            "full text only (left out of the briefing)",
            "briefing only",
        ],
        strict=True,
    )
)
# Colours of what is not a plan, kept apart from the plans' palette (plan_colours), so a
# colour never means a plan on one chart and something else on another. Okabe-Ito and
# ColorBrewer Purples: both readable with colour-blindness.
STATUS_COLOURS = {"in_both": "#555555", "primary_only": "#CC79A7", "secondary_only": "#E9D84A"}
# How a plan is known (plans.csv evidence), as the second line of a plan's label.
_EVIDENCE_LABELS = {
    "full_text": "full text",
    "translation": "translation",
    "briefing_only": "briefing only",
    "news": "news, context",
}


def use_chart_style() -> None:
    """Set the shared look: seaborn whitegrid, colour-blind palette, readable sizes.

    In IPython it also makes inline figures PNG and SVG, without the creation
    date matplotlib would otherwise stamp into them, so outputs are reproducible,
    and embeds the interactive tables' JavaScript (offline).
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
    if get_ipython() is not None:
        # Imported here: importing it resolves matplotlib's backend, which only a
        # running IPython should trigger.
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", "svg", metadata={"Date": None})
        # Tables shown by present.interactive_tables.show need itables' JavaScript in the notebook.
        from newinfra.present.tables import use_interactive_tables

        use_interactive_tables()


def number_format(value: float) -> str:
    """Numbers in tables: thousands separated, small values to four significant digits."""
    if not math.isfinite(value):
        return str(value)
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.4g}"


# --- labels --------------------------------------------------------------------------------


def plan_label(plan_id: str, plans: pd.DataFrame | None = None) -> str:
    """A short two-line label: the period and how the plan is known (drawn literally)."""
    plans = corpus.plans() if plans is None else plans
    row = plans.set_index("plan_id").loc[plan_id]
    how = _EVIDENCE_LABELS.get(row["evidence"], row["evidence"])
    return mpl_escape(f"{row['period_start']}-{row['period_end']}\n({how})")


def unit_label(unit: str) -> str:
    """A pint unit string as an axis label (drawn literally)."""
    return mpl_escape(unit_text(unit))


def source_note(source_id: str, sources: pd.DataFrame, plans: pd.DataFrame) -> str:
    """One source as a reader cites it: its title, what kind of text, its publisher and year.

    Drawn literally: a ``$`` of the title is escaped for matplotlib.
    """
    row = sources.set_index("source_id").loc[source_id]
    title = row["title"]
    if _CJK.search(title):
        # Chinese titles cannot be drawn without a CJK font: use the plan's English title.
        title = plans.set_index("plan_id").loc[row["plan_id"], "title_en"] + ", Chinese text"
    kind = doc_type_words()[row["doc_type"]]
    publisher = row["publisher"] if isinstance(row["publisher"], str) else ""
    if _CJK.search(publisher):  # "上海市人民政府 (Shanghai Municipal People's Government)"
        english = re.search(r"\(([^()]*[A-Za-z][^()]*)\)\s*$", publisher)
        publisher = english.group(1) if english and not _CJK.search(english.group(1)) else ""
    by = f"{publisher}, " if publisher else ""
    return mpl_escape(f"{title} ({kind}, {by}{str(row['published'])[:4]})")


# --- captions ------------------------------------------------------------------------------


def caption_text(sources: Iterable[str], note: str | None = None) -> str:
    """'Sources: ...' naming each document, plus an optional note."""
    source_table = corpus.sources(verify=False)
    plans = corpus.plans()
    known = source_table["source_id"].tolist()
    chosen = [s for s in known if s in set(sources)]
    text = "Sources: " + "; ".join(source_note(s, source_table, plans) for s in chosen) + "."
    if not chosen:
        text = ""
    return f"{note} {text}".strip() if note else text


def chart_citation(fig: Figure) -> str:
    """'Cite this chart: <title>, newinfra dataset <version>.' for a figure's caption."""
    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    if not title:
        title = next((ax.get_title() for ax in fig.axes if ax.get_title()), "")
    named = f"“{title}”, " if title else ""
    return f"Cite this chart: {named}newinfra dataset version {corpus.dataset_version()}."


def caption(fig: Figure, sources: Iterable[str], note: str | None = None) -> Figure:
    """Write a caption naming the source documents under the figure (gid 'caption').

    It ends with how to cite the chart: its title and the dataset version.
    """
    text = f"{caption_text(sources, note)} {chart_citation(fig)}".strip()
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


# --- figures and axes ----------------------------------------------------------------------


def say_empty(ax, message: str) -> None:
    """Replace an axes by a message saying why there is nothing to draw.

    A chart whose every panel says so is shown in a notebook as that sentence,
    not as a picture of it (``chart_output.Chart._repr_mimebundle_``).
    """
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, transform=ax.transAxes)
    ax.figure.empty_messages = [*getattr(ax.figure, "empty_messages", []), message]


def year_axis(ax, years: Sequence[int]) -> None:
    """Ticks at the given years, rotated when they would crowd each other."""
    years = sorted({int(y) for y in years})
    crowded = len(years) > 5 or any(b - a < 3 for a, b in zip(years, years[1:], strict=False))
    ax.set_xticks(years)
    ax.set_xticklabels([str(y) for y in years], rotation=45 if crowded else 0)
    if years:
        ax.set_xlim(years[0] - 1, years[-1] + 1)


def log_axis(ax, values: pd.Series) -> None:
    """A log y axis over the positive values, labelled 1, 2, 5 per decade in short numbers."""
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
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: short_number(v)))


def short_number(value: float) -> str:
    """1.5k, 20m, 3bn: a tick label that fits."""
    if value == 0 or not math.isfinite(value):
        return "0"
    for limit, suffix in ((1e12, "T"), (1e9, "bn"), (1e6, "m"), (1e3, "k")):
        if abs(value) >= limit:
            return f"{value / limit:g}{suffix}"
    return f"{value:g}"


# --- plans and values across every chart ----------------------------------------------------


def place_lines(frame: pd.DataFrame, *parts: str) -> pd.DataFrame:
    """``frame`` with ``jurisdiction_id`` (from its plan where missing), ``place`` and ``line``.

    ``line`` names the line, series or column a row is drawn on: its place's name,
    then the values of the columns ``parts``. Charts draw from it, and a chart's
    plotted data carries it, so rows of two places never share a line.
    """
    out = frame.copy()
    if "jurisdiction_id" not in out:
        place_of = corpus.plans().set_index("plan_id")["jurisdiction_id"]
        out.insert(0, "jurisdiction_id", out["plan_id"].map(place_of))
    names = corpus.jurisdictions().set_index("jurisdiction_id")["name_en"]
    out["place"] = out["jurisdiction_id"].map(names).fillna(out["jurisdiction_id"]).astype(str)
    line = out["place"]
    for part in parts:
        line = line + ": " + out[part].astype(str)
    out["line"] = line
    return out


def place_names(frame: pd.DataFrame) -> list[str]:
    """The places of ``frame`` (made by :func:`place_lines`), in the order of jurisdictions.csv."""
    present = set(frame["jurisdiction_id"])
    names = frame.drop_duplicates("jurisdiction_id").set_index("jurisdiction_id")["place"]
    return [names[p] for p in corpus.place_order() if p in present]


def plan_colours(plans: pd.DataFrame | None = None) -> dict[str, tuple]:
    """One colour per plan, the same in every chart.

    A ``colour`` column of ``plans.csv`` wins where it is filled; otherwise a plan
    takes the colour-blind palette's colour at its position in ``plans.csv``, so
    adding a plan never changes the colours of the plans before it.
    """
    plans = corpus.plans() if plans is None else plans
    palette = sns.color_palette(PALETTE, 10)
    colours = {}
    for position, row in enumerate(plans.to_dict("records")):
        given = row.get("colour")
        given = given.strip() if isinstance(given, str) else ""
        if re.fullmatch(r"[0-9A-Fa-f]{6}", given):
            given = "#" + given
        colours[row["plan_id"]] = given or palette[position % len(palette)]
    return colours


def is_lower_bound(row) -> bool:
    """An open-ended ("more than", ">=") or vague ("tens of millions") value: a floor, not a point."""
    # A pandas Series has a .flags attribute of its own: read fields by name.
    fields = row._asdict() if hasattr(row, "_asdict") else dict(row)
    comparator = fields.get("comparator")
    flags = fields.get("flags")
    flags = flags if isinstance(flags, str) else ""
    return comparator in (">", ">=") or "vague" in flags or "open-ended" in flags


def metric_natures() -> dict[str, str]:
    """Each metric's nature (stock, flow, share, class, structure) from data/metrics.csv."""
    from newinfra.inputs import curation

    metrics = curation.metrics()
    return dict(zip(metrics["metric_id"], metrics["nature"], strict=True))
