"""A chart as it leaves the library: shown in a notebook, saved for a report.

:func:`new_figure` makes a :class:`Chart`, a matplotlib figure that a notebook
shows as an HTML figure: the PNG with alt text (:func:`alt_text`) and a link
to the data it plots as CSV (:func:`plotted_csv`). :func:`save` writes the
PNG, SVG and CSV of a chart under one name. The caption under a chart (gid
:data:`CAPTION_GID`) is written by newinfra.present.styling.caption.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import matplotlib as mpl
import pandas as pd
from matplotlib.figure import Figure

from newinfra.present.markup import html_escape
from newinfra.present.spreadsheet_text import spreadsheet_csv

__all__ = ["CAPTION_GID", "Chart", "alt_text", "caption_of", "new_figure", "plotted_csv", "save"]

CAPTION_GID = "caption"


def caption_of(fig: Figure) -> str | None:
    """The text of a figure's caption, if it has one."""
    for text in fig.texts:
        if text.get_gid() == CAPTION_GID:
            return text.get_text()
    return None


def save(fig: Figure, path) -> list[Path]:
    """Write a figure with its caption as PNG and SVG, and its plotted data as CSV, same name.

    ``path`` may end in any suffix; the three files share its stem. Returns their paths.
    """
    stem = Path(path).with_suffix("")
    written = []
    for suffix in (".png", ".svg"):
        target = stem.with_suffix(suffix)
        fig.savefig(
            target, bbox_inches="tight", dpi=mpl.rcParams.get("savefig.dpi", 150),
            metadata={"Date": None} if suffix == ".svg" else None,
        )  # fmt: skip
        written.append(target)
    target = stem.with_suffix(".csv")
    target.write_text(plotted_csv(fig), encoding="utf-8")
    written.append(target)
    return written


def plotted_csv(fig: Figure) -> str:
    """The data a chart draws, as CSV (empty when the chart drew nothing).

    Text a spreadsheet would run as a formula is written inert (:mod:`.spreadsheet_text`).
    """
    data = getattr(fig, "plotted", None)
    return spreadsheet_csv(data) if isinstance(data, pd.DataFrame) else ""


def alt_text(fig: Figure) -> str:
    """A sentence saying what a chart shows: its own description, else its titles and caption."""
    described = getattr(fig, "alt", None)
    if described:
        return described
    titles = [fig.get_suptitle()] + [ax.get_title() for ax in fig.axes]
    titles = [t.replace("\n", " ").replace("\\$", "$") for t in titles if t]
    text = "Chart: " + "; ".join(dict.fromkeys(titles)) if titles else "Chart"
    note = caption_of(fig)
    if note:
        text += ". " + " ".join(note.replace("\\$", "$").split())
    return text if text.endswith(".") else text + "."


class Chart(Figure):
    """A figure that a notebook shows with its alt text and a link to its plotted data.

    Shown in IPython it is an HTML ``<figure>``: the PNG with ``alt`` text, and
    under it a link to the plotted data as CSV (a ``data:`` URL, so the page works
    on its own). The PNG, SVG and CSV are also in the output, for the report's
    figure files.
    """

    plotted: pd.DataFrame | None = None
    alt: str | None = None
    empty_messages: tuple[str, ...] | list[str] = ()

    def _render(self, fmt: str, frozen: bool = False) -> bytes:
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else None
        engine = self.get_layout_engine()
        if frozen:
            # Laid out already: draw those positions without running the layout again.
            self.set_layout_engine(None)
        try:
            self.savefig(buffer, format=fmt, bbox_inches="tight", metadata=metadata)
        finally:
            if frozen:
                self.set_layout_engine(engine)
        return buffer.getvalue()

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.empty_messages and not any(ax.axison for ax in self.axes):
            # Nothing drawn: one sentence, not a blank chart with a caption of no sources.
            said = "; ".join(dict.fromkeys(self.empty_messages)) + "."
            return {"text/html": f"<p><em>{html_escape(said)}</em></p>", "text/plain": said}, {}
        # Constrained layout is most of a rendering's cost: the SVG reuses the PNG's.
        png = base64.b64encode(self._render("png")).decode("ascii")
        svg = self._render("svg", frozen=True).decode("utf-8")
        csv = plotted_csv(self)
        alt = alt_text(self)
        link = base64.b64encode(csv.encode("utf-8")).decode("ascii")
        figure = (
            f'<figure class="ni-chart" style="margin: 0;">'
            f'<img src="data:image/png;base64,{png}" alt="{html_escape(alt)}" '
            f'style="max-width: 100%; height: auto;">'
            f'<figcaption style="font-size: 0.85em;"><a download="chart-data.csv" '
            f'href="data:text/csv;base64,{link}">Data of this chart (CSV)</a></figcaption>'
            f"</figure>"
        )
        data = {
            "text/html": figure,
            "image/png": png,
            "image/svg+xml": svg,
            "text/csv": csv,
            "text/plain": alt,
        }
        return data, {"image/png": {"alt": alt}}


def new_figure(width: float, height: float) -> Chart:
    """A chart of the given size in inches, laid out by matplotlib's constrained layout."""
    return Chart(figsize=(width, height), layout="constrained")
