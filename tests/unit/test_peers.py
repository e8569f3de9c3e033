"""Peers that explain themselves: shares only of comparable figures, reasons, what is left out."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis.peers import peer_table, peers
from newinfra.analysis.series import series_positions
from newinfra.cli import main as cli
from newinfra.curate import synthetic

REPO = Path(__file__).resolve().parents[2]

PLANS = pd.DataFrame(
    {
        "plan_id": ["a-2026", "d-2026"],
        "jurisdiction_id": ["city", "district"],
        "period_start": [2023, 2024],
        "period_end": [2026, 2026],
        "horizon_year": [2026, 2026],
        "is_context": ["false", "false"],
    }
)
JURISDICTIONS = pd.DataFrame(
    [
        ("city", "City", "city", None),
        ("district", "District", "district", "city"),
        ("elsewhere", "Elsewhere", "city", None),
    ],
    columns=["jurisdiction_id", "name_en", "level", "parent_id"],
)


def rows(*specs) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "commitment_id": f"{plan}:{metric}:{value}:{n}",
                "plan_id": plan,
                "jurisdiction_id": place,
                "family": metric,
                "metric_id": metric,
                "metric_label": metric,
                "horizon_year": year,
                "comparator": "=",
                "value_std": float(value),
                "unit_std": unit,
                "basis": "cumulative",
            }
            for n, (plan, place, year, value, metric, unit) in enumerate(specs)
        ]
    )


NATURES = pd.Series({"speed": "class", "coverage": "share", "stations": "stock"})


def test_no_share_of_parent_for_a_speed_class_or_a_share_with_the_reason():
    targets = rows(
        ("a-2026", "city", 2026, 1, "speed", "Gbps"),
        ("d-2026", "district", 2026, 1, "speed", "Gbps"),
        ("a-2026", "city", 2026, 95, "coverage", "percent"),
        ("d-2026", "district", 2026, 90, "coverage", "percent"),
        ("a-2026", "city", 2026, 80_000, "stations", "count"),
        ("d-2026", "district", 2026, 6_000, "stations", "count"),
    )
    out = peer_table(targets, rows(), series_positions(PLANS), JURISDICTIONS, NATURES)
    district = out[out["jurisdiction_id"] == "district"].set_index("metric_id")
    # The parent's figure is still shown beside the district's: only the share is meaningless.
    assert district.loc["speed", "parent_value_std"] == 1
    assert pd.isna(district.loc["speed", "share_of_parent"])
    assert "class" in district.loc["speed", "parent_note"]
    assert pd.isna(district.loc["coverage", "share_of_parent"])
    assert "share" in district.loc["coverage", "parent_note"]
    assert district.loc["stations", "share_of_parent"] == pytest.approx(6_000 / 80_000)
    assert pd.isna(district.loc["stations", "parent_note"])


def test_a_row_without_a_parent_figure_says_why():
    targets = rows(
        ("d-2026", "district", 2026, 6_000, "stations", "count"),
        ("e-2026", "elsewhere", 2026, 9_000, "stations", "count"),
        ("a-2026", "city", 2026, 80_000, "stations", "count"),
    )
    out = peer_table(
        targets.iloc[[0, 1]], rows(), series_positions(PLANS), JURISDICTIONS, NATURES
    ).set_index("jurisdiction_id")
    assert "no parent" in out.loc["elsewhere", "parent_note"]
    note = out.loc["district", "parent_note"]
    assert "City" in note and "stations" in note and "2026" in note
    assert pd.isna(out.loc["district", "parent_value_std"])


def test_the_parents_status_is_chosen_by_its_key_not_by_row_order():
    targets = rows(("d-2026", "district", 2026, 6_000, "stations", "count"))
    # Two statuses of the same year: the key (document kind, source, offset) decides.
    statuses = rows(
        ("a-2026", "city", 2023, 88_000, "stations", "count"),
        ("a-2026", "city", 2023, 70_000, "stations", "count"),
        ("a-2026", "city", 2021, 50_000, "stations", "count"),
    ).assign(
        doc_type=["news", "plan_text", "plan_text"],
        source_id=["n-en", "a-zh", "a-zh"],
        start=[10, 500, 20],
    )
    chosen = set()
    for order in itertools.permutations(range(len(statuses))):
        out = peer_table(
            targets, statuses.iloc[list(order)], series_positions(PLANS), JURISDICTIONS, NATURES
        )
        chosen.add((out["parent_year"].iloc[0], out["parent_value_std"].iloc[0]))
    assert chosen == {(2023, 70_000.0)}


@pytest.fixture
def one_place_project(tmp_path: Path):
    root = synthetic.write_project(tmp_path / "project", plans=2, template=REPO)
    with ni.using_root(root):
        yield root


def test_peers_says_what_it_left_out_and_how_to_see_it(one_place_project, capsys):
    table = peers()
    assert table.empty
    note = table.attrs["left_out"]
    assert "5g_base_stations" in note and "family=" in note and "--family" in note
    assert not peers(family="5g_base_stations").empty
    assert cli(["peers"]) == 0
    captured = capsys.readouterr()
    assert "5g_base_stations" in captured.err and "--family" in captured.err
    synthetic.add_plan(
        one_place_project,
        replace(synthetic.numbered(5), jurisdiction_id="alpha", jurisdiction_parent=None),
    )
    shared = peers()
    assert set(shared["jurisdiction_id"]) == {"shanghai", "alpha"}
    assert shared.attrs["left_out"] == ""


def test_an_addition_is_never_set_against_a_status():
    targets = rows(("d-2026", "district", 2026, 2_600, "stations", "count")).assign(basis="new")
    statuses = rows(("a-2026", "city", 2023, 88_000, "stations", "count"))
    out = peer_table(targets, statuses, series_positions(PLANS), JURISDICTIONS, NATURES)
    assert pd.isna(out["parent_value_std"].iloc[0])
    assert pd.isna(out["share_of_parent"].iloc[0])
    assert "(new)" in out["parent_note"].iloc[0]
