"""What the shipped plans say of their own structure and money, and the catalogue beside it."""

from __future__ import annotations

import newinfra as ni
from newinfra.analysis import views
from newinfra.analysis.stated import stated_structure


def test_the_2020_2022_plan_states_its_tasks_measures_projects_and_money():
    stated = stated_structure(["newinfra-2020-2022"])
    own = stated[stated["target_id"].str.startswith("newinfra-2020-2022-briefing-en:")]
    values = dict(zip(own["metric_id"], own["value_std"], strict=False))
    assert values["plan_tasks"] == 25
    assert values["plan_measures"] == 8
    assert values["major_projects"] == 48
    assert values["major_projects_investment"] == 270e9
    # The 2023 briefing counts 26 tasks for the same plan: a row of its own, not merged.
    tasks = stated[stated["metric_id"] == "plan_tasks"]
    assert sorted(tasks["value_std"]) == [25, 26]
    assert tasks["stated_in"].str.contains("2020-05-07").iloc[0]


def test_the_2023_plan_states_its_subsidy_threshold_from_the_full_text():
    stated = stated_structure(["newinfra-2023-2026"])
    threshold = stated[stated["metric_id"] == "loan_subsidy_min_investment"].iloc[0]
    assert threshold["value_std"] == 5e7 and threshold["quote"] == "5000萬元"
    tasks = stated[stated["metric_id"] == "plan_tasks"].iloc[0]
    assert tasks["target_id"].startswith("newinfra-2023-2026-plan-zh:")


def test_domains_with_tasks_counts_the_tasks_of_the_heatmap():
    structure = views.plan_structure().set_index("plan_id")["domains_with_tasks"]
    profile = ni.domain_profile()
    heatmap = profile[profile["tasks"] > 0].groupby("plan_id")["domain"].nunique()
    for plan_id, domains in heatmap.items():
        assert structure[plan_id] == domains, plan_id
