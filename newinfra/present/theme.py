"""The look shared by every chart: theme, labels, captions, axes and number formats.

Labels are English; Chinese text stays in tables, so no CJK font is needed.
Every chart draws on a new :class:`matplotlib.figure.Figure` (not a pyplot
figure, so a notebook shows it once, where it is returned) and writes a caption
under it naming the source documents (:func:`caption`). Plan periods, source
titles and document kinds come from the corpus (``plans.csv``, the manifest).
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
import weakref
from collections.abc import Iterable, Sequence

import matplotlib as mpl
import pandas as pd
import seaborn as sns
from IPython import get_ipython
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

from newinfra.analysis.views import CONCORDANCE_STATUSES
from newinfra.core.display import CJK_CHARACTERS
from newinfra.inputs import corpus
from newinfra.inputs.vocabulary import DOC_TYPE_LABELS
from newinfra.present.markup import mpl_escape

PALETTE = "colorblind"
SEQUENTIAL = "Blues"
CAPTION_GID = "caption"
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
# How a plan is known (plans.csv evidence), as the second line of a plan's label.
_EVIDENCE_LABELS = {
    "full_text": "full text",
    "translation": "translation",
    "briefing_only": "briefing only",
    "news": "news, context",
}
_UNIT_LABELS = {
    "count": "count",
    "percent": "%",
    "fraction": "share",
    "1/km**2": "per km²",
    "km**2": "km²",
    "CNY": "yuan",
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
    if get_ipython() is not None:
        # Imported here: importing it resolves matplotlib's backend, which only a
        # running IPython should trigger.
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", "svg", metadata={"Date": None})
        formatters = get_ipython().display_formatter.formatters
        for fmt in ("png", "svg"):
            formatters[_MIME[fmt]].for_type(Figure, functools.partial(_inline_image, fmt=fmt))


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
    return mpl_escape(_UNIT_LABELS.get(unit, unit.replace("**2", "²")))


def source_note(source_id: str, sources: pd.DataFrame, plans: pd.DataFrame) -> str:
    """One source in English: its title, what kind of text, publisher year and id.

    Drawn literally: a ``$`` of the title or id is escaped for matplotlib.
    """
    row = sources.set_index("source_id").loc[source_id]
    title = row["title"]
    if _CJK.search(title):
        # Chinese titles cannot be drawn without a CJK font: use the plan's English title.
        title = plans.set_index("plan_id").loc[row["plan_id"], "title_en"] + ", Chinese text"
    kind = DOC_TYPE_LABELS[row["doc_type"]]["long"]
    return mpl_escape(f"{title} ({kind}, {str(row['published'])[:4]}; {source_id})")


# --- captions ------------------------------------------------------------------------------


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
    """The text of a figure's caption, if it has one."""
    for text in fig.texts:
        if text.get_gid() == CAPTION_GID:
            return text.get_text()
    return None


_MIME = {"png": "image/png", "svg": "image/svg+xml"}
# The other format of the figure IPython showed last, drawn with the same layout.
_pending: dict[str, object] = {}


def _print(fig: Figure, fmt: str, frozen: bool = False):
    from IPython.core.pylabtools import print_figure

    engine = fig.get_layout_engine()
    if frozen:
        # Laid out already: draw those positions without running the layout again.
        fig.set_layout_engine(None)
    try:
        return print_figure(fig, fmt, base64=fmt == "png", metadata={"Date": None})
    finally:
        if frozen:
            fig.set_layout_engine(engine)


def _inline_image(fig: Figure, fmt: str):
    """A figure as PNG or SVG for IPython, which asks for both, one after the other.

    Constrained layout, most of a rendering's cost, runs at most once: a
    captioned chart was laid out by :func:`caption`, any other figure by its
    PNG, and the SVG reuses that layout. The first request draws both and
    keeps the other image for the request that follows.
    """
    ref, kept, image = (_pending.pop(k, None) for k in ("figure", "fmt", "image"))
    if ref is not None and ref() is fig and kept == fmt:
        return image
    # caption() lays a chart out as its last step: both formats can use that layout.
    images = {"png": _print(fig, "png", frozen=caption_of(fig) is not None)}
    images["svg"] = _print(fig, "svg", frozen=True)
    other = "svg" if fmt == "png" else "png"
    _pending.update(figure=weakref.ref(fig), fmt=other, image=images[other])
    return images[fmt]


def save(fig: Figure, path) -> None:
    """Write a figure with its caption (bbox 'tight' keeps the caption below the axes)."""
    fig.savefig(path, bbox_inches="tight", dpi=mpl.rcParams.get("savefig.dpi", 150))


# --- figures and axes ----------------------------------------------------------------------


def new_figure(width: float, height: float) -> Figure:
    """A figure of the given size in inches, laid out by matplotlib's constrained layout."""
    return Figure(figsize=(width, height), layout="constrained")


def say_empty(ax, message: str) -> None:
    """Replace an axes by a message saying why there is nothing to draw."""
    ax.set_axis_off()
    ax.text(0.5, 0.5, message, ha="center", va="center", fontsize=11, transform=ax.transAxes)


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
