"""Rows add-plan writes from its decisions: new metrics, their labels, tasks and domains."""

from __future__ import annotations

from conftest import figures_and_sections

from newinfra.curate import suggest, suggest_rules, suggested_rows
from newinfra.inputs import curation
from newinfra.ledger.wording import compile_terms

PLAN = suggest.Plan("county-2025-2027", 2025, 2027, 2025)


def write(text: str, language: str):
    """(annotations, exclusions, new metrics, tasks) add-plan would write for ``text``."""
    found, table = figures_and_sections(text, language)
    catalogue = curation.metrics()
    rules = curation.suggest_rules()
    decisions = suggest.suggest(
        text, language, found, table, catalogue, rules, PLAN, compile_terms()
    )
    notes, excluded, drafted = suggested_rows.rows(
        decisions, "county-zh", PLAN.plan_id, language, text, catalogue
    )
    tasks, _ = suggested_rows.structure_rows(
        table, decisions, notes, PLAN.plan_id, "county-zh",
        suggest_rules.compile_rules(rules, language),
    )  # fmt: skip
    return notes, excluded, drafted, tasks


TABLE = """澄县数字基础设施行动方案（2025—2027年）

一、主要指标

指标名称 | 单位 | 2024年 | 2027年
算力总规模 | EFLOPS | 2 | 6
智能算力占比 | % | 30 | 45

二、重点任务

（一）建设算力设施。新建智能计算中心2个，全县算力总规模年均增长20%。
"""


def test_one_new_metric_per_quantity_labelled_to_name_in_each_language():
    notes, _, drafted, _ = write(TABLE, "zh-Hans")
    by_quote = {n["quote"]: n for n in notes}
    # Both columns of a table row are one quantity: one new metric.
    assert by_quote["2"]["metric_id"] == by_quote["6"]["metric_id"]
    assert by_quote["30"]["metric_id"] == by_quote["45"]["metric_id"]
    labels = {m["metric_id"]: (m["label_en"], m["label_zh"]) for m in drafted}
    en, zh = labels[by_quote["6"]["metric_id"]]
    assert zh == "（待命名）算力总规模"
    assert en.startswith("(to name)") and not any("\u4e00" <= c <= "\u9fff" for c in en)
    assert all(m["domain"] == "computing" for m in drafted)
    # No suggested row overrides its metric's domain.
    assert all(n["domain"] == "" for n in notes)


def test_english_new_metrics_name_the_counted_noun_in_english():
    text = (
        "County Plan (2025-2027)\n\n1. Goals\n\n"
        "By 2027 the county will open 4 repair workshops and help 300 farmers a year.\n"
    )
    _, _, drafted, _ = write(text, "en")
    labels = sorted(m["label_en"] for m in drafted)
    assert labels == ["(to name) farmers", "(to name) repair workshops"]
    assert all(m["label_zh"] == "（待命名）" for m in drafted)


def test_a_label_from_the_clause_never_starts_inside_a_word():
    # Was "(to name) und 120,000 IoT sensors across": the clause cut 30 characters back.
    text = (
        "County Plan (2025-2027)\n\n1. Goals\n\n"
        "Charging and sensing: around 120,000 IoT sensors across 85 sq km of the county.\n"
    )
    _, _, drafted, _ = write(text, "en")
    assert [m["label_en"] for m in drafted] == ["(to name) 120,000 IoT sensors across"]


def test_a_chinese_new_metric_names_its_unit_in_words_in_english():
    # Was "(to name) industry, percentage_point": the unit's id.
    text = "县数字方案（2025—2027年）\n\n一、目标\n\n到2027年，数字经济核心产业增加值占比提高3个百分点。\n"
    _, _, drafted, _ = write(text, "zh-Hans")
    assert [m["label_en"] for m in drafted] == ["(to name) industry, percentage points"]


def test_a_task_title_is_its_heading_only_with_a_marked_english_draft():
    _, _, _, tasks = write(TABLE, "zh-Hans")
    task = tasks[0]
    assert task["title_zh"] == "（一）建设算力设施"
    assert task["title_en"].startswith("(draft gloss, to translate)")
    assert not any("\u4e00" <= c <= "\u9fff" for c in task["title_en"])
