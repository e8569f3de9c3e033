"""Annotations joined to their mentions: the first broken row of the file is the one named.

The ledger checks each annotation against the mention at its offsets (there
is one, and it reads the same value), then its plan and its unit. Cases edit
rows of the ``synthetic_project`` fixture (annotation lines 2-6 are plan
``synthetic-0000``, whose text starts with ``Synt``).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import newinfra as ni
from newinfra.core.errors import DataFileError

NO_MENTION = (
    "data/annotations.csv: line {line}: no quantity mention at synthetic-0000-en:0-4 ('Synt'); "
    "the extractor no longer finds it there. Run `newinfra audit` to see what needs a decision."
)
VALUE = (
    "data/annotations.csv: line 3, field 'value': 11.0 disagrees with the mention '10-Gigabit', "
    "read as 10.0"
)
#: A row pointed at the text's first word, which holds no figure.
NOWHERE = {"start": 0, "end": 4, "quote": "Synt"}


def _edit(project: Path, changes: dict[int, dict]) -> None:
    """Change annotation rows by their line in the file."""
    path = project / "data" / "annotations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for line, change in changes.items():
        rows[line - 2].update({name: str(value) for name, value in change.items()})
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _refusal(project: Path) -> str:
    with pytest.raises(DataFileError) as err:
        ni.targets()
    return str(err.value).replace(f"{project}/", "")


CASES = {
    "value read differently": ({3: {"value": 11}}, VALUE),
    "no mention": ({4: NOWHERE}, NO_MENTION.format(line=4)),
    "no mention above a wrong value": ({3: NOWHERE, 4: {"value": 5}}, NO_MENTION.format(line=3)),
    "wrong value above no mention": ({3: {"value": 11}, 5: NOWHERE}, VALUE),
    "unknown plan": (
        {5: {"plan_id": "nowhere"}},
        "data/annotations.csv: line 5, field 'plan_id': unknown plan 'nowhere'; valid choices: "
        "synthetic-0000, synthetic-0001",
    ),
    "unit of another dimension": (
        {3: {"metric_id": "idc_racks"}},
        "data/annotations.csv: line 3, field 'unit': the figure '10-Gigabit' in 'Gbps' cannot be "
        "expressed in 'count', the unit of metric 'idc_racks' (cannot convert 'Gbps' to 'count': "
        "different dimensions)",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_first_broken_annotation_is_named(synthetic_project: Path, case: str):
    changes, expected = CASES[case]
    _edit(synthetic_project, changes)
    assert _refusal(synthetic_project) == expected


def test_annotation_inside_a_wider_mention_keeps_its_offsets(synthetic_project: Path):
    # "more than 1,000" is one mention; an annotation of its number alone joins to it.
    _edit(synthetic_project, {2: {"start": 114, "end": 119, "quote": "1,000"}})
    row = ni.targets().set_index("target_id").loc["synthetic-0000-en:114-119"]
    assert (row["quote"], row["value"], row["comparator"]) == ("1,000", 1000.0, ">=")


def test_unknown_section_of_a_source_is_named_with_the_sources_sections(synthetic_project: Path):
    from newinfra.inputs.section_rules import seed_section_refs
    from newinfra.ledger.build import _check_section_refs

    rows = pd.DataFrame(
        {"source_id": ["synthetic-0000-en"] * 3, "section_ref": ["*", "i1", "nowhere"]}
    )
    sections = ", ".join(seed_section_refs()["synthetic-0000-en"])
    _check_section_refs(rows.iloc[:2], "crosswalk.csv", whole_document=True)
    with pytest.raises(DataFileError) as err:
        _check_section_refs(rows, "crosswalk.csv", whole_document=True)
    assert str(err.value) == (
        "crosswalk.csv: line 4, field 'section_ref': 'nowhere' is not a section of "
        f"synthetic-0000-en; valid choices: *, {sections}"
    )
    with pytest.raises(DataFileError, match="line 2, field 'section_ref': '\\*' is not a"):
        _check_section_refs(rows, "tasks.csv", whole_document=False)
