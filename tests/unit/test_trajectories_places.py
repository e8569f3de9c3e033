"""Trajectory charts of several places: one line per place and family, drawn from ``line``.

A synthetic project with two places, each with two plans whose 5G base station
targets differ: Alpha 2026 and 2027, Beta 2026 and 2027.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import matplotlib
import pytest

import newinfra as ni
from newinfra.analysis import views
from newinfra.curate import synthetic
from newinfra.present import charts, styling

REPO = Path(__file__).resolve().parents[2]


def _plan(n: int, place: str, stations: int) -> synthetic.SyntheticPlan:
    return replace(
        synthetic.numbered(n),
        stations=stations,
        jurisdiction_id=place,
        jurisdiction_level="city",
        jurisdiction_parent=None,
    )


# numbered(0) runs 2024-2026, numbered(1) 2025-2027 (numbered(3), (4) the same).
PLANS = [_plan(0, "alpha", 1_000), _plan(1, "alpha", 2_000), _plan(3, "beta", 50_000),
         _plan(4, "beta", 90_000)]  # fmt: skip


@pytest.fixture(scope="module")
def ambition(tmp_path_factory):
    root = synthetic.write_project(tmp_path_factory.mktemp("traj") / "project", 0, REPO)
    for plan in PLANS:
        synthetic.add_plan(root, plan)
    with ni.using_root(root):
        rows = views.ambition_rows(ni.compare(as_of="2026-11-30"))
        styling.use_chart_style()
        try:
            yield {
                "rows": rows,
                "trajectory": charts.trajectory_chart(rows),
                "small": charts.small_multiples(rows),
                "multiples": charts.multiples_chart(rows),
            }
        finally:
            matplotlib.rcdefaults()


def test_each_chart_names_the_place_and_line_of_every_point(ambition):
    for name in ("trajectory", "small", "multiples"):
        plotted = ambition[name].plotted
        assert {"jurisdiction_id", "line"} <= set(plotted.columns), name
        assert plotted.groupby("line")["jurisdiction_id"].nunique().max() == 1, name
        assert set(plotted["jurisdiction_id"]) == {"alpha", "beta"}, name


def test_the_trajectory_chart_draws_one_line_per_place_and_family(ambition):
    # Was: one line per family: Alpha 2026 -> Beta 2027 stations were joined into one line.
    fig = ambition["trajectory"]
    plotted = fig.plotted
    stations = plotted[plotted["family"] == "5g_base_stations"]
    assert stations.groupby("line")["plan_id"].nunique().to_dict() == {
        "Alpha: 5G base stations": 2,
        "Beta: 5G base stations": 2,
    }
    # Each place's line starts at 1: relative to its own first figure, not another place's.
    first = stations.sort_values("horizon_year").groupby("line")["relative"].first()
    assert first.tolist() == [1.0, 1.0]
    joined = [line for line in fig.axes[0].get_lines() if len(line.get_xdata()) == 2]
    ends = {tuple(round(y, 6) for y in line.get_ydata()) for line in joined}
    assert (1.0, 2.0) in ends and (1.0, 1.8) in ends  # 2,000 / 1,000 and 90,000 / 50,000
    legend = " ".join(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    assert "Alpha: 5G base stations" in legend and "Beta: 5G base stations" in legend
    assert "Alpha" in fig.axes[0].get_title() and "Beta" in fig.axes[0].get_title()
