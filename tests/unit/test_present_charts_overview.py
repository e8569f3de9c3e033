"""The charts of notebooks 01 and 05 on made-up projects: what they draw and what they say."""

from __future__ import annotations

import csv
import io

import matplotlib
import matplotlib.pyplot as plt
import pytest
from conftest import REPO

import newinfra as ni
from newinfra.analysis import profiles
from newinfra.curate import synthetic
from newinfra.present import chart_output, styling
from newinfra.present.charts import briefing, overview


def _caption(fig) -> str:
    """The caption as one line: it is wrapped to the chart's width."""
    return " ".join(chart_output.caption_of(fig).split())


def _plotted(fig) -> list[dict]:
    return list(csv.DictReader(io.StringIO(chart_output.plotted_csv(fig))))


@pytest.fixture(autouse=True)
def themed():
    styling.use_chart_style()
    try:
        yield
    finally:
        matplotlib.rcdefaults()
        plt.close("all")


def test_the_domain_heatmap_draws_each_plans_tasks_and_targets_per_domain(made_up):
    fig = overview.domain_heatmap(profiles.domain_profile())
    rows = _plotted(fig)
    assert list(rows[0])[:4] == ["jurisdiction_id", "plan_id", "horizon_year", "domain"]
    assert list(rows[0])[-2:] == ["place", "line"]
    network_b = next(r for r in rows if r["plan_id"] == "city-b" and r["domain"] == "network")
    assert (network_b["tasks"], network_b["quantified_targets"], network_b["line"]) == (
        "1",
        "4",
        "Harbour City: city-b",
    )
    assert [ax.get_title() for ax in fig.axes[:2]] == ["Tasks", "Quantified targets"]
    labels = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert len(labels) == 5 and labels[0].startswith("2018-2020")


def test_a_chart_caption_names_no_plan_the_project_does_not_hold(made_up):
    # Was: every heatmap and specificity chart said "The 2020-2022 plan is known only from a
    # press briefing", whatever plans the project holds.
    profile = profiles.domain_profile()
    for fig in (overview.domain_heatmap(profile), overview.specificity_chart(profile)):
        assert "2020-2022" not in _caption(fig)


def test_a_plan_known_only_from_its_briefing_is_named_in_the_captions(tmp_path):
    root = synthetic.write_project(tmp_path / "project", plans=2, template=REPO)
    plans = root / "data" / "plans.csv"
    text = plans.read_text(encoding="utf-8")
    plans.write_text(text.replace(",full_text,", ",briefing_only,", 1), encoding="utf-8")
    with ni.using_root(root):
        profile = profiles.domain_profile()
        heatmap = _caption(overview.domain_heatmap(profile))
        specific = _caption(overview.specificity_chart(profile))
    assert "The 2024-2026 plan is known only from a press briefing." in heatmap
    assert "For the 2024-2026 plan the tasks are the briefing's action items." in specific
    assert "2025-2027 plan" not in heatmap + specific


def test_the_specificity_chart_gives_each_plans_share_of_tasks_with_a_number(made_up):
    fig = overview.specificity_chart(profiles.domain_profile())
    rows = _plotted(fig)
    overall = {r["plan_id"]: float(r["share"]) for r in rows if r["domain"] == "all domains"}
    assert overall == {p: 0.5 for p in ("city-a", "city-b", "city-c", "lanxi-a", "city-outlook")}
    terminals = next(r for r in rows if r["plan_id"] == "city-a" and r["domain"] == "terminals")
    assert (terminals["tasks"], terminals["tasks_with_number"], terminals["share"]) == (
        "1",
        "0",
        "0.0",
    )


def test_the_specificity_chart_says_so_when_no_plan_has_a_task(made_up):
    profile = profiles.domain_profile()
    fig = overview.specificity_chart(profile.assign(tasks=0))
    assert fig.axes[0].texts[0].get_text() == "No tasks recorded for the chosen plans"


def test_commitment_bars_stack_each_plans_targets_by_wording(made_up):
    fig = overview.commitment_bars(profiles.domain_profile())
    rows = {r["plan_id"]: r for r in _plotted(fig)}
    assert list(rows) == ["city-a", "city-b", "city-c", "lanxi-a", "city-outlook"]
    assert [rows["city-b"][w] for w in ("firm", "strive", "pilot", "explore")] == [
        "4",
        "1",
        "0",
        "0",
    ]
    totals = [t.get_text().strip() for t in fig.axes[0].texts]
    assert "5 targets, 20% hedged" in totals


def test_firmness_bars_count_tasks_mentions_and_commitments_per_plan(made_up):
    fig = overview.firmness_bars(profiles.firmness_profile())
    rows = _plotted(fig)
    b = {r["counted"]: (r["firm"], r["strive"]) for r in rows if r["plan_id"] == "city-b"}
    assert b == {"tasks": ("1", "1"), "mentions": ("5", "1"), "commitments": ("4", "1")}
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[:3] == ["2018-2020 · tasks", "2018-2020 · mentions", "2018-2020 · commitments"]


def test_the_briefing_chart_counts_figures_by_domain_and_where_they_are_stated(made_up):
    fig = briefing.briefing_coverage_chart(ni.concordance())
    assert chart_output.plotted_csv(fig).splitlines() == [
        "domain,in_both,primary_only,secondary_only",
        "network,1.0,5.0,0.0",
        "computing,0.0,0.0,1.0",
    ]
    assert fig.axes[0].get_title() == (
        "2021-2023 plan: which figures of the full text the briefing reports"
    )
    assert "Made-up Plan B (press briefing" in _caption(fig)


def test_the_briefing_chart_of_no_figures_says_so(made_up):
    fig = briefing.briefing_coverage_chart(ni.concordance().iloc[:0])
    assert fig.axes[0].texts[0].get_text() == "No figures to compare"
