"""A made-up project for the analysis and presentation unit tests: every case on purpose.

Its fixtures (``made_up_root``, ``made_up``, ``as_of``) are registered in tests/conftest.py.

The home place is Harbour City (``harbour-city``), whatever the shipped data's is:
three plans of the home place in one series, a context document of the home
place, a press briefing beside the second plan, and a district of the home
place with one plan. Verdicts are read as of ``AS_OF``. What each figure is
for:

- 5G base stations (a stock): 10,000 due 2020 (city-a), met by a 2020 status of
  12,000; 30,000 due 2023 (city-b, a step of ×3), not met by 25,000 in 2023;
  60,000 due 2026 (city-c, ×2), pending on ``AS_OF``.
- smart charging points added (basis new, a flow): 3,000 in 2018-2020 and 6,000
  in 2021-2023, compared per year (×2); no status, so not reported.
- WLAN coverage of public places (a share): 80% then 95%, a difference of 15.
- IDC racks: 20,000 due 2020 (city-a), not met by 15,000 in 2020; the briefing
  of city-b adds 40,000 due 2023, a figure only the briefing states.
- enterprises on cloud: 100,000 due 2023 (city-b, "strive"), decided by SMEs on
  cloud (a related member of the family), so "on a related measure".
- the district (lanxi-a) sets 6,000 5G base stations for 2026: 10% of the home
  place's 60,000.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

import newinfra as ni
from newinfra.curate import synthetic
from newinfra.curate.synthetic import Figure, FigurePlan

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2025-06-30"


def made_up_plan(plan_id: str, start: int, end: int, figures, **place) -> FigurePlan:
    """A plan whose text states ``figures``, published on 15 January of its first year."""
    return FigurePlan(
        plan_id=plan_id,
        source_id=f"{plan_id}-en",
        title=f"Made-up Plan {plan_id.split('-')[-1].upper()}",
        publisher="Made-up Government",
        start=start,
        end=end,
        published=f"{start}-01-15",
        figures=tuple(figures),
        **place,
    )


@dataclass(frozen=True)
class HedgedPlan(FigurePlan):
    """A FigurePlan whose targets of ``strive_metrics`` are worded "strive to reach"."""

    strive_metrics: tuple[str, ...] = ()

    def _sentences(self):
        sentences = super()._sentences()
        return [
            (s.replace("will reach", "will strive to reach"), f)
            if f.metric_id in self.strive_metrics
            else (s, f)
            for s, f in sentences
        ]


CITY = [
    made_up_plan(
        "city-a",
        2018,
        2020,
        [
            Figure("5g_base_stations", 10_000, "count", "target", 2020),
            Figure("ev_smart_charging_points", 3_000, "count", "target", 2020, "new"),
            Figure("wlan_public_place_coverage", 80, "percent", "target", 2020),
            Figure("idc_racks", 20_000, "count", "target", 2020),
            Figure("5g_base_stations", 2_000, "count", "baseline", 2017),
        ],
    ),
    replace(
        HedgedPlan(**made_up_plan("city-b", 2021, 2023, []).__dict__),
        strive_metrics=("enterprises_on_cloud",),
        figures=(
            Figure("5g_base_stations", 12_000, "count", "baseline", 2020),
            Figure("idc_racks", 15_000, "count", "baseline", 2020),
            Figure("5g_base_stations", 30_000, "count", "target", 2023),
            Figure("ev_smart_charging_points", 6_000, "count", "target", 2023, "new"),
            Figure("wlan_public_place_coverage", 95, "percent", "target", 2023),
            Figure("enterprises_on_cloud", 100_000, "count", "target", 2023),
        ),
    ),
    made_up_plan(
        "city-c",
        2024,
        2026,
        [
            Figure("enterprises_on_cloud_sme", 120_000, "count", "baseline", 2023),
            Figure("5g_base_stations", 25_000, "count", "baseline", 2023),
            Figure("5g_base_stations", 60_000, "count", "target", 2026),
        ],
    ),
]
CONTEXT = made_up_plan(
    "city-outlook", 2022, 2025, [Figure("5g_base_stations", 40_000, "count", "target", 2025)]
)
# The briefing of city-b: one figure its full text states, one it does not.
BRIEFING = made_up_plan(
    "city-b",
    2021,
    2023,
    [
        Figure("5g_base_stations", 30_000, "count", "target", 2023),
        Figure("idc_racks", 40_000, "count", "target", 2023),
    ],
)
BRIEFING = replace(BRIEFING, source_id="city-b-briefing", published="2021-02-01")


def _rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [change(row) for row in reader]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _add_briefing(root: Path, briefing: FigurePlan) -> None:
    """A press briefing of an existing plan: its seed, manifest row and annotations."""
    text = briefing.text()
    (root / "seeds" / briefing.file).write_text(text, encoding="utf-8")
    row = briefing.manifest_row() | {
        "doc_type": "press_briefing",
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    with (root / "seeds" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with (root / "seeds" / "manifest.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(
            {f: row.get(f, "") for f in fields}
        )
    synthetic.add_annotations(root, briefing)


HOME = {"jurisdiction_id": "harbour-city", "name_en": "Harbour City", "name_zh": "港城",
        "level": "city", "parent_id": "", "note": "A made-up city"}  # fmt: skip


def write_made_up_project(root: Path) -> Path:
    """The project the module docstring describes, written at ``root``."""
    root = synthetic.write_project(root, plans=0, template=REPO)
    places = root / "data" / "jurisdictions.csv"
    with places.open(encoding="utf-8", newline="") as handle:
        fields = next(csv.reader(handle))
    with places.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerow({f: HOME.get(f, "") for f in fields})
    home = synthetic.home_place(root)
    for plan in [*CITY, CONTEXT]:
        synthetic.add_plan(root, plan)
    _rewrite(
        root / "data" / "plans.csv",
        lambda row: row | {"is_context": "true"} if row["plan_id"] == CONTEXT.plan_id else row,
    )
    _add_briefing(root, BRIEFING)
    district = made_up_plan(
        "lanxi-a",
        2024,
        2026,
        [Figure("5g_base_stations", 6_000, "count", "target", 2026)],
        jurisdiction_id="lanxi",
        jurisdiction_parent=home,
    )
    synthetic.add_plan(root, district)
    return root


@pytest.fixture(scope="session")
def made_up_root(tmp_path_factory) -> Path:
    """The made-up project's root, written once per test session (read-only for tests)."""
    return write_made_up_project(tmp_path_factory.mktemp("made-up") / "project")


@pytest.fixture(scope="session")
def as_of() -> str:
    """The date the made-up project's verdicts are read on."""
    return AS_OF


@pytest.fixture
def made_up(made_up_root: Path):
    """The made-up project, in force for the test."""
    with ni.using_root(made_up_root):
        yield made_up_root
