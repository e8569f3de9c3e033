"""add-plan reuses what it read of the project before only while those files are unchanged.

A seed's sections and figures, and the checks of data/section_rules.csv, are
kept by the content they were read from (in memory and in the signed cache on
disk), so that add-plan does not read the whole project again for every plan.
A file changed since is read and checked again: its problem is still reported.
"""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

from newinfra.core import cache
from newinfra.core.errors import NewinfraError
from newinfra.curate.addplan import add_plan
from newinfra.curate.new_plan import NewPlan
from newinfra.text.memo import forget_all

SEED = "synthetic-0000-en"


def _plan(tmp_path: Path, plan_id: str, stations: int) -> tuple[NewPlan, bytes]:
    text = tmp_path / f"{plan_id}.txt"
    text.write_text(
        f"1. Networks\n\nBy 2027 the district will build {stations} 5G base stations.\n"
    )
    plan = NewPlan(
        text=str(text),
        plan_id=plan_id,
        jurisdiction=plan_id.split("-")[0],
        jurisdiction_name=plan_id.split("-")[0].title(),
        level="district",
        parent="shanghai",
        period="2025-2027",
        language="en",
        published="2025-01-15",
        title_en=f"{plan_id} plan",
    )
    return plan, text.read_bytes()


def _first_plan_added(root: Path, tmp_path: Path) -> None:
    """Add a plan, which reads every seed and the section rules (and keeps what it read)."""
    add_plan(*_plan(tmp_path, "eastvale-2025-2027", 40))
    assert (root / "seeds" / "eastvale-2025-2027-en.txt").exists()


def _change_seed(root: Path, old: str, new: str) -> None:
    """Edit a seed in place (same length, so other offsets stay) and record its checksum."""
    path = root / "seeds" / f"{SEED}.txt"
    text = path.read_text(encoding="utf-8")
    assert len(old) == len(new) and text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    manifest = root / "seeds" / "manifest.csv"
    rows = list(csv.reader(manifest.open(encoding="utf-8", newline="")))
    for row in rows[1:]:
        if row[0] == SEED:
            row[2] = hashlib.sha256(path.read_bytes()).hexdigest()
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def _refusal(tmp_path: Path) -> str:
    with pytest.raises(NewinfraError) as refused:
        add_plan(*_plan(tmp_path, "westvale-2025-2027", 50))
    return str(refused.value)


@pytest.mark.parametrize("memory", [True, False], ids=["in memory", "on disk"])
def test_a_seed_changed_after_it_was_read_is_read_again(synthetic_project, tmp_path, memory):
    _first_plan_added(synthetic_project, tmp_path)
    # The annotation on "20,000" (line 4) keeps its quote, but the text around it is no figure.
    _change_seed(synthetic_project, "20,000 homes", "20,000.5omes")
    if not memory:  # a new session: only the cache on disk holds what was read
        cache.clear()
        forget_all()
    message = _refusal(tmp_path)
    assert message.startswith("nothing written, the project does not load with the new plan: ")
    assert (
        "data/annotations.csv: line 4: no quantity mention at synthetic-0000-en:178-184" in message
    )
    assert not (synthetic_project / "seeds" / "westvale-2025-2027-en.txt").exists()


def test_section_rules_changed_after_they_were_checked_are_checked_again(
    synthetic_project, tmp_path
):
    _first_plan_added(synthetic_project, tmp_path)
    rules = synthetic_project / "data" / "section_rules.csv"
    lines = rules.read_text(encoding="utf-8").splitlines()
    default = next(line for line in lines if line.startswith(",en,"))
    cells = next(csv.reader([default]))
    cells[4] = "^(?P<num>\\d+"  # a pattern that does not compile
    with rules.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow(cells)
    message = _refusal(tmp_path)
    assert f"data/section_rules.csv: line {len(lines) + 1}, field 'pattern'" in message
    assert "is not a valid regular expression" in message
