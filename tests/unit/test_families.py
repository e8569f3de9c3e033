"""data/families.csv: one label per metric family, checked against data/metrics.csv."""

from __future__ import annotations

from pathlib import Path

import pytest

from newinfra.core.errors import DataFileError
from newinfra.inputs import curation
from newinfra.inputs.families import families, family_labels


def _rewrite(root: Path, name: str, edit) -> Path:
    path = root / "data" / name
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return path


def test_every_named_family_has_one_label_and_a_lone_metric_keeps_its_own(project_copy):
    table = families()
    named = curation.load("metrics.csv", "Metrics")["family"].dropna()
    assert set(table["family"]) == set(named)
    labels = family_labels()
    raw = curation.load("metrics.csv", "Metrics")
    lone = raw[raw["family"].isna()].iloc[0]
    assert labels[lone["metric_id"]] == lone["label_en"]
    assert (
        labels["enterprises_on_cloud"]
        == table.set_index("family").loc["enterprises_on_cloud", "label_en"]
    )


def test_a_family_without_a_row_is_named_with_its_line(project_copy):
    path = _rewrite(project_copy, "families.csv", lambda lines: [lines[0], *lines[2:]])
    with pytest.raises(DataFileError) as caught:
        families()
    message = str(caught.value)
    assert message.startswith(f"{path}: no row for family ")
    assert "metrics.csv (line " in message and "field 'family'" in message


def test_a_row_for_an_unknown_family_lists_the_valid_ones(project_copy):
    path = _rewrite(
        project_copy, "families.csv", lambda lines: [*lines, "no_such_family,A,甲,Nothing.\n"]
    )
    with pytest.raises(DataFileError) as caught:
        families()
    assert str(caught.value).startswith(f"{path}: line {len(path.read_text().splitlines())}, ")
    assert "'no_such_family'" in str(caught.value) and "valid choices: 5g_base_stations" in str(
        caught.value
    )


def test_a_missing_file_says_what_it_must_hold(project_copy):
    (project_copy / "data" / "families.csv").unlink()
    with pytest.raises(DataFileError, match="families.csv: file missing; it lists each family"):
        families()
