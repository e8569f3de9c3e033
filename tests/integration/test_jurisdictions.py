"""Plans of other places join their own series and never move Shanghai's comparisons.

A district of Shanghai and another city each get a plan with the same period
as Shanghai's 2023-2026 plan, in a temporary copy of the project.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
from conftest import run_cli

import newinfra as ni
from newinfra.analysis.comparison import UNLINKED_FLAG
from newinfra.curate import synthetic

AS_OF = "2026-11-30"
DISTRICT = synthetic.SyntheticPlan(
    plan_id="minhang-2023-2026",
    source_id="minhang-2023-2026-en",
    title="Minhang District New Infrastructure Action Plan (2023-2026)",
    publisher="Minhang District People's Government",
    start=2023,
    end=2026,
    published="2023-12-01",
    stations=6_000,
    jurisdiction_id="minhang",
)
OTHER_CITY = synthetic.SyntheticPlan(
    plan_id="hangzhou-2023-2026",
    source_id="hangzhou-2023-2026-en",
    title="Hangzhou New Infrastructure Action Plan (2023-2026)",
    publisher="Hangzhou Municipal People's Government",
    start=2023,
    end=2026,
    published="2023-11-01",
    stations=40_000,
    chargers=50_000,
    jurisdiction_id="hangzhou",
    jurisdiction_level="city",
    jurisdiction_parent=None,
)


def shanghai() -> dict[str, pd.DataFrame]:
    return {
        "compare": ni.compare(as_of=AS_OF, jurisdiction="shanghai"),
        "scorecard": ni.scorecard(as_of=AS_OF, jurisdiction="shanghai"),
        "lineage": ni.lineage(jurisdiction="shanghai"),
        "compare_all": ni.compare(as_of=AS_OF).query("jurisdiction_id == 'shanghai'"),
    }


def test_other_places_never_change_shanghais_rows(project_copy: Path):
    before = shanghai()
    synthetic.add_plan(project_copy, DISTRICT)
    synthetic.add_plan(project_copy, OTHER_CITY)
    after = shanghai()
    for name in before:
        pd.testing.assert_frame_equal(
            before[name].reset_index(drop=True), after[name].reset_index(drop=True), obj=name
        )
    # Was: a place's first plan was absent from compare(). Its rows are there, each flagged
    # as having no predecessor; lineage (steps between plans) has none of them.
    compared = ni.compare(as_of=AS_OF)
    new = compared[compared["plan_id"].isin([DISTRICT.plan_id, OTHER_CITY.plan_id])]
    assert len(new) == 10
    assert new["flags"].str.contains(UNLINKED_FLAG, regex=False).all()
    assert new["previous_plan_id"].isna().all()
    assert not ni.lineage()["plan_id"].isin([DISTRICT.plan_id, OTHER_CITY.plan_id]).any()


def test_compare_of_a_place_without_figures_says_why(project_copy: Path):
    # Was: a header-only CSV with exit 0 and no word.
    plan = replace(DISTRICT, plan_id="pudong-2024-2026", source_id="pudong-2024-2026-en")
    synthetic.add_plan(project_copy, replace(plan, jurisdiction_id="pudong"), annotate=False)
    result = run_cli(project_copy, "compare", "--jurisdiction", "pudong")
    assert result.returncode == 0
    assert result.stdout.strip().count("\n") == 0  # the header only
    assert "no accepted target" in result.stderr and "pudong" in result.stderr
    with (project_copy / "data" / "jurisdictions.csv").open("a", encoding="utf-8") as places:
        places.write("jinshan,Jinshan,,district,shanghai,\n")
    result = run_cli(project_copy, "compare", "--jurisdiction", "jinshan")
    assert result.returncode == 0 and "no plan in data/plans.csv" in result.stderr


def test_each_new_plan_is_its_own_series_and_stands_beside_the_others_in_peers(
    project_copy: Path,
):
    synthetic.add_plan(project_copy, DISTRICT)
    synthetic.add_plan(project_copy, OTHER_CITY)
    commitments = ni.commitments(jurisdiction="minhang")
    assert set(commitments["plan_id"]) == {DISTRICT.plan_id}
    assert len(ni.commitments(jurisdiction="hangzhou")) == 5

    stations = ni.peers(family="5g_base_stations")
    places = stations["jurisdiction_id"].isin(["shanghai", "minhang", "hangzhou"])
    stations = stations[places].set_index("plan_id")
    assert set(stations["jurisdiction_id"]) == {"minhang", "hangzhou"}  # Shanghai sets none
    district = stations.loc[DISTRICT.plan_id]
    # Shanghai sets no 5G target for 2023-2026: its latest status, labelled as such.
    assert district["parent_figure"] == "status"
    assert district["parent_value_std"] == 88_000
    assert district["share_of_parent"] == 6_000 / 88_000
    assert pd.isna(stations.loc[OTHER_CITY.plan_id, "parent_id"])
    assert stations["flags"].str.contains("never one series").all()

    chargers = ni.peers(family="ev_smart_charging_points").set_index("plan_id")
    assert chargers.loc[DISTRICT.plan_id, "parent_figure"] == "target"
    assert chargers.loc[DISTRICT.plan_id, "parent_plan_id"] == "newinfra-2023-2026"
    assert chargers.loc["newinfra-2023-2026", "jurisdiction_id"] == "shanghai"
    assert {"multiple", "cagr"}.isdisjoint(chargers.columns)

    # A second plan of the district continues the district's own series.
    later = synthetic.SyntheticPlan(
        plan_id="minhang-2027-2030",
        source_id="minhang-2027-2030-en",
        title="Minhang District Digital Infrastructure Plan (2027-2030)",
        publisher="Minhang District People's Government",
        start=2027,
        end=2030,
        published="2026-06-01",
        stations=9_000,
        jurisdiction_id="minhang",
    )
    synthetic.add_plan(project_copy, later)
    series = ni.compare(jurisdiction="minhang", metrics=["5g_base_stations"], as_of=AS_OF)
    step = series.set_index("plan_id").loc[later.plan_id]
    assert step["previous_plan_id"] == DISTRICT.plan_id
    assert step["multiple"] == 9_000 / 6_000
