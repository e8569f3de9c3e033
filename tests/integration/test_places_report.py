"""A report run over three places: every chart's data names the place and the line of each point.

The shipped project gets a district of Shanghai and another city whose plans end
in the same year (the city with two plans, so it has linked families of its own).
Every CSV of the run that holds plans carries ``jurisdiction_id`` and ``line``,
and no line holds two places.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import run_cli

from newinfra.curate import synthetic

AS_OF = "2026-11-30"
DISTRICT = replace(
    synthetic.numbered(40),
    plan_id="fengxi-2025-2027",
    source_id="fengxi-2025-2027-en",
    start=2025,
    end=2027,
    published="2025-03-01",
    jurisdiction_id="fengxi",
)
CITY = [
    replace(
        synthetic.numbered(n),
        plan_id=plan_id,
        source_id=f"{plan_id}-en",
        start=start,
        end=end,
        published=f"{start}-02-01",
        stations=stations,
        jurisdiction_id="westvale",
        jurisdiction_level="city",
        jurisdiction_parent=None,
    )
    for n, plan_id, start, end, stations in (
        (41, "westvale-2022-2024", 2022, 2024, 3_000),
        (42, "westvale-2025-2027", 2025, 2027, 9_000),
    )
]
RUNS = ("01_plan_overview", "03_ambition_trajectories", "04_themes", "05_briefing_vs_fulltext")
PLACES = ("shanghai", "fengxi", "westvale")


@pytest.fixture(scope="module")
def report_run(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("places") / "project"
    repo = Path(__file__).resolve().parents[2]
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(repo / folder, root / folder)
    for plan in (DISTRICT, *CITY):
        synthetic.add_plan(root, plan)
    grid_path = root / "data" / "report_grid.yaml"
    grid = yaml.safe_load(grid_path.read_text("utf-8"))
    grid["runs"] = [run for run in grid["runs"] if run["name"] in RUNS]
    grid["settings"]["workbook"] = True
    grid["jurisdictions"] = "all"
    grid_path.write_text(yaml.safe_dump(grid, sort_keys=False), "utf-8")
    out = root / "reports"
    result = run_cli(root, "report", "--out", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


def _chart_csvs(out: Path) -> list[Path]:
    """Chart data: a CSV beside a PNG of the same name."""
    return [p for p in out.rglob("*.csv") if p.with_suffix(".png").exists()]


def test_no_line_of_any_chart_holds_two_places(report_run):
    charts = _chart_csvs(report_run)
    assert charts
    places_seen, with_plans = set(), 0
    for path in sorted(report_run.rglob("*.csv")):
        try:
            frame = pd.read_csv(path)
        except pd.errors.EmptyDataError:
            continue
        if path in charts and "plan_id" in frame:
            with_plans += 1
            assert {"jurisdiction_id", "line"} <= set(frame.columns), path
        if "line" in frame and "jurisdiction_id" in frame:
            drawn = frame.dropna(subset=["line"])
            places = drawn.groupby("line")["jurisdiction_id"].nunique()
            assert places.max() <= 1, (path, places[places > 1].index.tolist())
            places_seen |= set(drawn["jurisdiction_id"])
    assert with_plans >= 5
    assert set(PLACES) <= places_seen


def test_one_report_per_place_linked_from_the_landing_page(report_run):
    index = (report_run / "index.html").read_text("utf-8")
    for place, name in zip(PLACES, ("Shanghai", "Fengxi", "Westvale"), strict=True):
        assert f"Reports of {name}" in index
        for run in RUNS:
            assert f"{run}_{place}.html" in index
    # Only the place's own plans: every chart of a place's report draws that place alone.
    for place in PLACES:
        for run in RUNS:
            for path in (report_run / "latest").glob(f"{run}_{place}_figures/*.csv"):
                frame = pd.read_csv(path) if path.stat().st_size else pd.DataFrame()
                if "jurisdiction_id" in frame:
                    assert set(frame["jurisdiction_id"]) <= {place}, path
    briefing = (report_run / "latest" / "05_briefing_vs_fulltext_westvale.html").read_text("utf-8")
    assert "has no plan known from both a full text and a briefing" in briefing


def test_a_renamed_home_place_gets_a_complete_landing_page(tmp_path):
    # Was: the landing page named "shanghai" in code; renaming the home place in the data
    # published no landing page, saying so only in a log line.
    root = tmp_path / "project"
    repo = Path(__file__).resolve().parents[2]
    for folder in ("seeds", "data", "notebooks"):
        shutil.copytree(repo / folder, root / folder)
    data = root / "data"
    places = pd.read_csv(data / "jurisdictions.csv", dtype=str, keep_default_na=False)
    plans = pd.read_csv(data / "plans.csv", dtype=str, keep_default_na=False)
    places["jurisdiction_id"] = places["jurisdiction_id"].replace("shanghai", "hu")
    places["parent_id"] = places["parent_id"].replace("shanghai", "hu")  # an added district's
    places["name_en"] = places["name_en"].replace("Shanghai", "Hu City")
    plans["jurisdiction_id"] = plans["jurisdiction_id"].replace("shanghai", "hu")
    places.to_csv(data / "jurisdictions.csv", index=False, lineterminator="\n")
    plans.to_csv(data / "plans.csv", index=False, lineterminator="\n")
    grid_path = data / "report_grid.yaml"
    grid = yaml.safe_load(grid_path.read_text("utf-8"))
    grid["runs"] = [run for run in grid["runs"] if run["name"] == "05_briefing_vs_fulltext"]
    grid["settings"]["workbook"] = False
    grid_path.write_text(yaml.safe_dump(grid, sort_keys=False), "utf-8")
    out = root / "reports"
    result = run_cli(root, "report", "--out", str(out), "--as-of", AS_OF)
    assert result.returncode == 0, result.stderr[-3000:]
    index = (out / "index.html").read_text("utf-8")
    assert 'id="compare-matrix"' in index
    assert "Headline findings" in index and "Hu City" in index
    assert index.count("<li") > 3
    assert "shanghai" not in result.stderr.lower()


def test_the_grid_expands_each_place_taking_run_and_refuses_an_unknown_place(project_copy):
    from newinfra.core.errors import DataFileError
    from newinfra.inputs import corpus
    from newinfra.report.grid import load_grid

    grid_path = project_copy / "data" / "report_grid.yaml"
    grid = yaml.safe_load(grid_path.read_text("utf-8"))
    grid["runs"] = grid["runs"][:2]
    grid["runs"][1]["parameters"]["jurisdiction"] = "shanghai"
    grid["jurisdictions"] = "all"
    grid_path.write_text(yaml.safe_dump(grid, sort_keys=False), "utf-8")
    runs = load_grid(root=project_copy).runs
    places = corpus.jurisdictions()["jurisdiction_id"].tolist()  # the home place first
    overviews = [f"01_plan_overview_{place}" for place in places]
    assert [r.name for r in runs] == [*overviews, "02_domain_network"]
    assert runs[0].parameters == {"jurisdiction": "shanghai"}
    assert runs[0].title.endswith("(Shanghai)")
    grid["jurisdictions"] = ["atlantis"]
    grid_path.write_text(yaml.safe_dump(grid, sort_keys=False), "utf-8")
    with pytest.raises(DataFileError, match="jurisdictions: 'atlantis' .* valid choices: all"):
        load_grid(root=project_copy)
