"""The answer a report opens with is written from the tables it is given, with links."""

from __future__ import annotations

import re

import pandas as pd

from newinfra.present import answers


def _html(display) -> str:
    return display.data


def _totals(rows):
    columns = ["plan_id", "tasks", "share_tasks_with_number", "quantified_targets"]
    return pd.DataFrame(rows, columns=columns)


STATED = pd.DataFrame(
    {
        "plan_id": ["newinfra-2020-2022", "newinfra-2020-2022"],
        "kind": ["structure", "budget"],
        "metric_id": ["plan_tasks", "major_projects_investment"],
        "metric_label": ["Tasks in the plan", "Investment in the first batch of major projects"],
        "value_std": [25.0, 270e9],
        "unit_std": ["count", "CNY"],
        "quote": ["25", "about 270 billion yuan"],
        "stated_in": ["Information Office, 2020-05-07"] * 2,
        "target_id": ["newinfra-2020-2022-briefing-en:3581-3583", "b:5743-5765"],
    }
)


def test_the_overview_answer_cites_each_stated_figure_and_follows_the_plans():
    one = _totals([["newinfra-2020-2022", 23, 0.174, 5]])
    html = _html(answers.overview_answer(STATED, one))
    assert html.startswith('<section id="answer"')
    assert re.search(r'<a href="sources/[^"]+#[^"]+">25</a> tasks', html)
    assert ">270 billion yuan</a> (investment in the first batch" in html
    assert "5 quantified targets, 23 tasks catalogued one by one, 17.4% of them" in html
    two = _totals([["newinfra-2020-2022", 23, 0.174, 5], ["newinfra-2023-2026", 30, 0.533, 34]])
    more = _html(answers.overview_answer(STATED, two))
    assert "2023-2026: 34 quantified targets" in more and "2023-2026" not in html


def test_the_overview_answer_says_when_a_plan_has_no_task_catalogued():
    html = _html(answers.overview_answer(STATED, _totals([["digital-2025", 0, None, 1]])))
    assert "2021-2025: 1 quantified target (no task catalogued)" in html


def test_the_briefing_answer_counts_what_is_reported_and_left_out():
    coverage = pd.DataFrame(
        {
            "domain": ["network", "terminals", "all domains"],
            "in_both": [2, 1, 3],
            "primary_only": [1, 4, 5],
            "secondary_only": [0, 1, 1],
            "share_of_full_text_reported": [0.667, 0.2, 0.375],
        }
    )
    left_out = pd.DataFrame(
        {"metric_label": ["5G base stations"], "primary_quote": ["6.8萬個"],
         "primary_target_id": ["newinfra-2023-2026-plan-zh:10-15"]}
    )  # fmt: skip
    html = _html(answers.briefing_answer(coverage, left_out, "newinfra-2023-2026"))
    assert "reports 3 of the 8 figures of the Chinese full text (37.5%)" in html
    assert "adds 1 figure of its own" in html and "in the terminals domain (4 figures)" in html
    assert ">6.8萬個</a>" in html
    glossed = left_out.assign(gloss_en=["68,000 base stations"])
    html = _html(answers.briefing_answer(coverage, glossed, "newinfra-2023-2026"))
    assert ">6.8萬個</a> (“68,000 base stations”)" in html


def test_a_domain_without_targets_names_its_stated_figures_and_its_tasks():
    tasks = pd.DataFrame(
        {"plan_id": ["newinfra-2023-2026"] * 2, "source_id": ["newinfra-2023-2026-plan-zh"] * 2,
         "task_ref": ["T1", "T2"]}
    )  # fmt: skip
    empty = pd.DataFrame(columns=["plan_id", "horizon_year", "metric_label", "quote", "target_id"])
    html = _html(answers.domain_answer("governance", empty, pd.DataFrame(), STATED, tasks))
    assert "No plan sets a quantified target in the governance domain." in html
    assert '2 tasks in the <a href="sources/newinfra-2023-2026-plan-zh.html">2023-2026</a>' in html
    assert ">25</a> tasks" in html


def test_a_threshold_in_wan_yuan_reads_in_millions_and_wan():
    threshold = STATED.iloc[[1]].assign(
        metric_id="loan_subsidy_min_investment",
        metric_label="Minimum project investment for interest subsidies",
        value_std=5e7,
        target_id="newinfra-2023-2026-plan-zh:8252-8258",
    )
    html = _html(answers.overview_answer(threshold, _totals([])))
    assert ">50 million yuan (5,000万元)</a> (minimum project investment" in html
