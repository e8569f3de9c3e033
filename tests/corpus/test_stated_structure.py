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
    # The repost's news summary is not the plan's text: its "30項" gives way to the briefing.
    tasks = stated[stated["metric_id"] == "plan_tasks"].iloc[0]
    assert tasks["value_std"] == 30
    assert tasks["target_id"].startswith("newinfra-2023-2026-briefing-en:")
    assert "press briefing" in tasks["stated_in"]


def test_counts_stated_chapter_by_chapter_are_summed_with_their_parts():
    stated = stated_structure(["smartcity-2011-2013"]).set_index("metric_id")
    assert stated.at["plan_special_projects", "value_std"] == 24
    assert stated.at["plan_special_projects", "parts"] == "5, 8, 8 and 3"
    assert stated.at["plan_key_tasks", "value_std"] == 6
    tasks = ni.targets().query("plan_id == 'smartcity-2011-2013'")
    catalogued = views.plan_structure(["smartcity-2011-2013"]).iloc[0]
    assert catalogued["special_project"] == 24 and len(tasks)


def test_the_overview_answer_names_the_other_documents_count():
    import re

    from newinfra.present import answers

    html = answers.overview_answer(stated_structure(), views.plan_totals(ni.domain_profile())).data
    text = re.sub(r"<[^>]+>", "", html)
    assert "24 special projects (stated part by part: 5, 8, 8 and 3)" in text
    assert "25 tasks (26 in the press briefing of 2023-10-20)" in text
    assert "48 major projects" in text and "270 billion yuan" in text


def test_domains_with_tasks_counts_the_tasks_of_the_heatmap():
    structure = views.plan_structure().set_index("plan_id")["domains_with_tasks"]
    profile = ni.domain_profile()
    heatmap = profile[profile["tasks"] > 0].groupby("plan_id")["domain"].nunique()
    for plan_id, domains in heatmap.items():
        assert structure[plan_id] == domains, plan_id


def test_the_reposts_news_summary_is_set_aside_with_its_reason_and_figures():
    from newinfra.analysis.stated import set_aside_text

    aside = set_aside_text("newinfra-2023-2026-plan-zh")
    assert list(aside["kind"]) == ["summary"] and aside.iloc[0]["start"] == 0
    assert "not the plan's words" in aside.iloc[0]["why"]
    assert "30項" in aside.iloc[0]["figures"] and "7項" in aside.iloc[0]["figures"]
    assert set_aside_text("newinfra-2023-2026-briefing-en").empty


def test_each_briefing_only_count_says_why_it_has_no_counterpart():
    conc = ni.concordance("newinfra-2023-2026")
    extra = conc[conc["status"] == "secondary_only"]
    why = views.briefing_only_reasons(extra)
    by_metric = dict(zip(extra["metric_id"], why, strict=True))
    assert "news summary, which is set aside" in by_metric["plan_tasks"]
    assert "a briefing lists for one group of tasks" in by_metric["plan_components"]
    assert by_metric["5g_base_stations"].startswith("a status the briefing reports")
    assert why.str.len().min() > 0
