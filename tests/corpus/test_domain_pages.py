"""What the domain pages tell a reader: movements of target families, tasks by their kind."""

from __future__ import annotations

import re

import pandas as pd

from newinfra.analysis import views
from newinfra.inputs import curation
from newinfra.present import answers

SERIES = ["smartcity-2011-2013", "newinfra-2020-2022", "newinfra-2023-2026", "digital-2025"]


def test_family_movements_count_new_continued_and_dropped_per_plan():
    moves = views.family_movements("network", SERIES).set_index("plan_id")
    # Context documents are not in a series.
    assert "digital-2025" not in moves.index
    first = moves.loc["smartcity-2011-2013"]
    assert first["continued"] == first["dropped"] == 0 and first["new"] > 0
    later = moves.loc["newinfra-2023-2026"]
    assert "Home broadband access speed class" in later["continued_families"]
    assert later["new"] == len(later["new_families"].split("; "))
    # What one plan drops is what the plan before set and it does not.
    middle = moves.loc["newinfra-2020-2022"]
    assert middle["dropped"] + middle["continued"] == first["new"] + first["continued"]


def test_a_family_counts_once_across_its_definitions():
    moves = views.family_movements("industry", SERIES).set_index("plan_id")
    cloud = moves.loc["newinfra-2023-2026", "continued_families"]
    assert "cloud" in cloud.lower()


def test_the_governance_answer_calls_measures_measures():
    tasks = curation.tasks()
    governance = tasks[tasks["domain"] == "governance"]
    html = answers.domain_answer("governance", pd.DataFrame(), pd.DataFrame(), None, governance)
    text = re.sub(r"<[^>]+>", "", html.data)
    assert "8 supporting measures in the 2011-2013 plan" in text
    assert "tasks" not in text
