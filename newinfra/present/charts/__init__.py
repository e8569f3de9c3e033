"""Charts for the notebooks: functions that take a table and return a Figure.

Each chart only draws: it receives the table it shows (``ni.domain_profile()``,
the rows of ``analysis.views.ambition_rows``, ``themes.theme_counts()``,
``ni.concordance()``) and returns a new :class:`matplotlib.figure.Figure` with
a caption naming the source documents. The shared look, labels and captions
are in :mod:`newinfra.present.styling`. Nothing here calls ``plt.show()``.
"""

from newinfra.present.charts.briefing import briefing_coverage_chart
from newinfra.present.charts.overview import (
    commitment_bars,
    domain_heatmap,
    firmness_bars,
    specificity_chart,
)
from newinfra.present.charts.themes import theme_heatmap, theme_timeline
from newinfra.present.charts.trajectories import multiples_chart, small_multiples, trajectory_chart

__all__ = [
    "briefing_coverage_chart",
    "commitment_bars",
    "domain_heatmap",
    "firmness_bars",
    "multiples_chart",
    "small_multiples",
    "specificity_chart",
    "theme_heatmap",
    "theme_timeline",
    "trajectory_chart",
]
