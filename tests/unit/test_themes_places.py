"""Themes of several places: plans are keyed by plan_id, never by year, and no line holds two places.

A synthetic project with two places: Alpha has two plans ending in 2026 and one
ending in 2027, Beta one plan ending in 2026.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis import themes
from newinfra.curate import synthetic
from newinfra.present import charts, styling

REPO = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class WordedPlan(synthetic.SyntheticPlan):
    """A synthetic plan with a sentence of its own after the common text."""

    extra: str = ""

    def text(self) -> str:
        return super().text() + self.extra


def _plan(n: int, place: str, extra: str) -> WordedPlan:
    base = synthetic.numbered(n)
    fields = {f: getattr(base, f) for f in base.__dataclass_fields__}
    return replace(
        WordedPlan(**fields, extra=extra),
        jurisdiction_id=place,
        jurisdiction_level="city",
        jurisdiction_parent=None,
    )


# numbered(0) and numbered(3) run 2024-2026, numbered(1) 2025-2027.
PLANS = [
    _plan(0, "alpha", "\nA blockchain pilot will open.\n"),
    _plan(3, "alpha", "\nA blockchain registry and a blockchain lab will open.\n"),
    _plan(6, "beta", "\nHydrogen buses will run.\n"),
    _plan(1, "alpha", "\nHydrogen buses will run.\n"),
]


@pytest.fixture(scope="module")
def counts(tmp_path_factory) -> pd.DataFrame:
    root = synthetic.write_project(tmp_path_factory.mktemp("places") / "project", 0, REPO)
    for plan in PLANS:
        synthetic.add_plan(root, plan)
    with ni.using_root(root):
        frame = themes.theme_counts(["5g", "blockchain", "hydrogen", "ev_charging"])
    frame.attrs["root"] = root
    return frame


def _row(frame: pd.DataFrame, **keys) -> pd.Series:
    hit = frame
    for column, value in keys.items():
        hit = hit[hit[column] == value]
    assert len(hit) == 1, keys
    return hit.iloc[0]


def test_counts_name_the_place_of_each_plan(counts):
    places = counts.drop_duplicates("plan_id").set_index("plan_id")["jurisdiction_id"]
    assert places.to_dict() == {p.plan_id: p.jurisdiction_id for p in PLANS}
    assert set(counts["place"]) == {"Alpha", "Beta"}


def test_every_source_has_a_column_of_its_own_naming_its_place(counts):
    labels = counts.drop_duplicates("source_id").set_index("source_id")["column"]
    assert labels.is_unique
    assert all(label.startswith(("Alpha ", "Beta ")) for label in labels)
    wide = themes.theme_table(counts, "count")
    assert len(wide.columns) == len(PLANS)
    # Two plans of one place ending in the same year are never added together.
    first, second = (labels[p.source_id] for p in PLANS[:2])
    assert wide.loc["Blockchain", first] == 1
    assert wide.loc["Blockchain", second] == 2


def test_changes_follow_each_place_in_plan_order(counts):
    changes = themes.theme_changes(counts)
    assert not changes.duplicated(["jurisdiction_id", "term_id"]).any()
    alpha = changes[changes["jurisdiction_id"] == "alpha"].set_index("term_id")
    beta = changes[changes["jurisdiction_id"] == "beta"].set_index("term_id")
    # Alpha: blockchain in both 2026 plans, gone from the 2027 one; hydrogen only in 2027.
    assert alpha.loc["blockchain", "status"] == "vanished"
    assert alpha.loc["blockchain", "last_plan"] == "synthetic-0003"
    assert alpha.loc["hydrogen", "status"] == "new"
    # Beta's one plan is its own first and last: Alpha's plans do not make it "new".
    assert beta.loc["hydrogen", "status"] == "continuing"
    assert beta.loc["blockchain", "status"] == "absent"
    for plan in PLANS:
        assert f"rate_{plan.plan_id}" in changes.columns
    assert pd.isna(beta.loc["hydrogen", "rate_synthetic-0001"])


def test_the_timeline_draws_one_line_per_place_from_its_line_column(counts):
    styling.use_chart_style()
    try:
        fig = charts.theme_timeline(counts, {"Newcomers": ["blockchain", "hydrogen"]})
        plotted = fig.plotted
        assert plotted.groupby("line")["jurisdiction_id"].nunique().max() == 1
        drawn = [line for ax in fig.axes for line in ax.get_lines() if line.get_gid()]
        assert {line.get_gid() for line in drawn} == set(plotted["line"].dropna())
        for line in drawn:
            rows = plotted[plotted["line"] == line.get_gid()].sort_values("x")
            assert list(line.get_xdata()) == rows["x"].tolist()
        # Plans ending in the same year are drawn side by side, not on one spot.
        points = plotted.drop_duplicates("plan_id")
        assert points["x"].is_unique
        legend = " ".join(t.get_text() for ax in fig.axes for t in ax.get_legend().get_texts())
        assert "Alpha" in legend and "Beta" in legend
        assert "Alpha" in fig._suptitle.get_text() and "Beta" in fig._suptitle.get_text()
        heat = charts.theme_heatmap(counts)
        assert len(heat.axes[0].get_xticklabels()) == len(PLANS)
    finally:
        matplotlib.rcdefaults()


def test_the_changes_table_names_plans_by_period_and_place_without_ids(counts):
    # Was: 04 headed its columns "Rate <plan_id>" for every plan of every place,
    # ids included, and the table ran wider than the page at 1366 px.
    from newinfra.present.tables import theme_changes_table

    changes = themes.theme_changes(counts)
    with ni.using_root(counts.attrs["root"]):
        shown = theme_changes_table(changes)
    assert not {"jurisdiction_id", "term_id", "first_plan", "last_plan"} & set(shown.columns)
    rates = [c for c in shown.columns if c.startswith("Rate ")]
    assert len(rates) == len([c for c in changes.columns if c.startswith("rate_")])
    assert all("," in c for c in rates)  # two places: each rate names its place
    assert not any("_" in c for c in rates)


def test_the_per_plan_and_per_source_columns_are_defined_as_the_rate_or_count_in_that_source(
    counts,
):
    from newinfra.inputs import fields
    from newinfra.present.tables import theme_changes_table

    with ni.using_root(counts.attrs["root"]):
        shown = theme_changes_table(themes.theme_changes(counts))
        rate = fields.definitions()["rate"]
        meanings = fields.frame_definitions(shown)
        assert set(meanings) == set(shown.columns)
        assert meanings["status"] == fields.definitions("theme_changes")["status"]
        for column in (c for c in shown.columns if c.startswith("Rate ")):
            assert meanings[column].startswith(f"{rate} — in ")
            assert meanings[column].endswith(", the plan's primary source")
        wide = themes.theme_table(counts, "count")
        meanings = fields.frame_definitions(wide)
        assert set(meanings) == set(wide.columns)
        label = wide.columns[0]
        assert meanings[label] == f"{fields.definitions()['count']} — in {label}"
        # As notebook 05 shows it: rows selected, the flag and label dropped, sorted.
        plan = counts["plan_id"].iloc[0]
        side = themes.compare_sources(counts, plan)
        side = side[side["group"].notna()].drop(columns=["left_out", "label_en"])
        side = side.sort_values(["group", "term_id"])
        meanings = fields.frame_definitions(side)
        assert set(meanings) == set(side.columns)
        assert all(meanings[c].endswith(c.split(" ", 1)[1]) for c in side.columns[2:])
