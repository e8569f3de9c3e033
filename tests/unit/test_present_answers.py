"""The answer each report opens with, written from the made-up project's tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis import profiles, views
from newinfra.present import answers


def _text(html) -> str:
    """The answer's words, markup removed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.data).split())


@pytest.fixture
def long(made_up, as_of) -> pd.DataFrame:
    return ni.compare(as_of=as_of)


def test_the_domain_answer_counts_targets_per_plan_names_the_latest_and_tallies(long):
    network = long[(long["kind"] == "target") & (long["plan_id"].str.startswith("city-"))]
    targets = ni.targets()
    targets = targets[targets["target_id"].isin(network["target_id"])]
    verdicts = views.verdict_table(long)
    answer = answers.domain_answer("network", targets, verdicts[verdicts["plan_id"] == "city-a"])
    text = _text(answer)
    assert text.startswith(
        "The answer The plans set 4 targets in 2018-2020, 5 targets in 2021-2023, "
        "1 target in 2024-2026, 1 target in 2022-2025 in the network domain."
    )
    assert "The latest is 5G base stations: 60,000 by 2026." in text
    assert "against a later figure: 2 not reported, 1 met, 1 not met." in text
    assert 'href="sources/city-c-en.html#city-c-en-' in answer.data


def test_a_domain_without_targets_names_its_tasks_instead(made_up):
    tasks = ni.targets().iloc[:0]
    rows = views.domain_tasks("terminals", ["city-a", "city-b"]).assign(
        source_id=["city-a-en", "city-b-en"]
    )
    text = _text(answers.domain_answer("terminals", tasks, pd.DataFrame(), tasks=rows))
    assert "No plan sets a quantified target in the terminals domain." in text
    assert "Its work is written without a number: 1 task in the 2018-2020 plan, 1 task" in text


def test_the_trajectories_answer_names_the_largest_step_and_the_verdicts(long):
    answer = answers.trajectories_answer(
        views.ambition_rows(long), views.ambition_table(long), views.verdict_table(long)
    )
    text = _text(answer)
    assert text.startswith(
        "The answer 4 metric families have figures in two or more plan years, with 10 targets."
    )
    assert "The largest step is 5G base stations: 30,000 by 2023, ×3 the 2020 target." in text
    assert text.endswith(
        "Of the 9 targets with a verdict: 5 not reported, 2 not met, 1 met, 1 on a related measure."
    )


def test_the_briefing_answer_gives_the_share_reported_and_what_is_left_out(made_up):
    concordance = ni.concordance("city-b")
    coverage = views.coverage_table(concordance)
    left_out = concordance[concordance["status"] == "primary_only"]
    text = _text(answers.briefing_answer(coverage, left_out, "city-b"))
    # Both of city-b's sources are English: the answer names them by their language and type.
    assert (
        "The English briefing of the 2021-2023 plan reports 1 of the 6 figures of the English full text"
        in text
    )
    assert "(16.7%) and adds 1 figure of its own." in text
    assert "Most of what it leaves out is in the network domain (5 figures)." in text
    assert text.count(";") == 2  # three examples


def test_the_overview_answer_counts_each_plans_targets_tasks_and_hedges(made_up):
    profile = profiles.domain_profile()
    totals = views.plan_totals(profile)
    stated = pd.DataFrame(columns=["plan_id", "metric_id"])
    text = _text(answers.overview_answer(stated, totals, profiles.firmness_profile()))
    assert (
        "2021-2023: 5 quantified targets, 2 tasks catalogued one by one, 50% of them with a number"
        in text
    )
    assert "Hedged wording (strive, pilot or explore)" in text
    assert "2021-2023: 1 of 2 tasks and 1 of 6 written targets" in text


def test_quotes_in_an_answer_are_escaped_and_glossed():
    linked = answers.glossed("<b>10</b>", "made-up-en:1-3", " ten ")
    assert linked.startswith('<a href="sources/made-up-en.html#made-up-en-1-3">&lt;b&gt;10')
    assert linked.endswith("(“ten”)")
    assert answers.glossed("10", "made-up-en:1-3", None).endswith("10</a>")
