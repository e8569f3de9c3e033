"""The add-plan suggester's rules (data/suggest_rules.csv, metric keywords) on made-up sentences.

None of these sentences is from the unseen benchmark plans: each rule is shown
to hold on other wording.
"""

from __future__ import annotations

import pandas as pd
import pytest

from newinfra.inputs import curation
from newinfra.inputs.section_rules import rules_for
from newinfra.ledger import suggest
from newinfra.ledger.wording import compile_terms
from newinfra.text import sections as engine
from newinfra.text import sentences
from newinfra.text.quantities import extract_quantities

PLAN = suggest.Plan("district-2024-2027", 2024, 2027, 2024)


def decide(text: str, language: str = "en", plan: suggest.Plan = PLAN) -> pd.DataFrame:
    """One row per figure: quote, kind, year, basis, metric (family), keyword, reason."""
    code = sentences.language_code(language)
    found = extract_quantities(text)
    spans = sentences.sentence_spans_for(sentences.sentences(text, code), found["start"])
    table = engine.sections("made-up", text, rules_for("made-up", code), language=code)
    places = engine.locate(table, found["start"])
    found = found.assign(
        sentence_start=spans["sentence_start"].to_numpy(),
        sentence_end=spans["sentence_end"].to_numpy(),
        section_refs=places["section_ref"].fillna("").to_numpy(),
    )
    catalogue = curation.metrics()
    decisions = suggest.suggest(
        text, language, found, table, catalogue, curation.suggest_rules(), plan, compile_terms()
    )
    families = catalogue.set_index("metric_id")["family"]
    return pd.DataFrame(
        {
            "quote": d.figure.text,
            "kind": d.kind,
            "year": d.horizon_year,
            "basis": d.basis,
            "family": families.get(d.figure.metric_id),
            "reason": d.figure.reason,
        }
        for d in decisions
    ).set_index("quote")


def test_new_and_total_words_decide_the_basis_in_english():
    rows = decide(
        "The district will add 3,000 new charging points, bringing the total to 9,000. "
        "It will build 400 edge computing nodes."
    )
    assert rows.loc["3,000", "basis"] == "new"
    assert rows.loc["9,000", "basis"] == "cumulative"
    assert rows.loc["400", "basis"] == "cumulative"
    assert rows.loc["9,000", "family"] == "ev_smart_charging_points"  # named by the sentence


def test_a_further_number_of_things_is_an_addition():
    rows = decide("The county will connect a further 1,200 schools to fibre, 3,000 in total.")
    assert rows.loc["1,200", "basis"] == "new"
    assert rows.loc["3,000", "basis"] == "cumulative"


def test_new_and_total_words_decide_the_basis_in_chinese():
    rows = decide("新建数据中心机架2万个，累计建成边缘计算节点300个。", "zh-Hans")
    assert rows.loc["2万个", "basis"] == "new"
    assert rows.loc["300个", "basis"] == "cumulative"
    assert rows.loc["2万个", "family"] == "idc_racks"
    assert rows.loc["300个", "family"] == "edge_computing_nodes"


def test_a_ratio_is_never_new():
    rows = decide("The new data centres will run at a power usage effectiveness below 1.2.")
    assert rows.iloc[0]["basis"] == "cumulative"


def test_the_year_nearest_the_figure_is_its_horizon():
    rows = decide("到2025年底，建成5G基站3000个，到2027年底达到5000个。", "zh-Hans")
    assert rows.loc["3000个", "year"] == 2025 and rows.loc["5000个", "year"] == 2027
    english = decide("Smart hospitals will number 12 by the end of 2026. Schools will get 40.")
    assert english.loc["12", "year"] == 2026
    assert english.loc["40", "year"] == 2027  # no year: the plan's end


def test_a_year_before_the_period_makes_a_baseline_dated_by_its_status():
    rows = decide("截至2022年底，全市已建成充电桩5000个。到2027年，充电桩达到9000个。", "zh-Hans")
    assert tuple(rows.loc["5000个", ["kind", "year", "basis"]]) == (
        "baseline",
        2022,
        "cumulative",
    )
    assert rows.loc["9000个", "kind"] == "target"


def test_past_tense_and_already_report_a_status():
    rows = decide(
        "Status\n\nBy the end of 2023 the district had 300 smart hospitals. "
        "Some 50 future schools were open. The district will build 80 future schools."
    )
    assert tuple(rows.loc["300", ["kind", "year"]]) == ("baseline", 2023)
    assert tuple(rows.loc["50", ["kind", "year"]]) == ("baseline", 2023)  # the section's year
    assert rows.loc["80", "kind"] == "target"
    chinese = decide("全区已建成充电桩3000个，力争新建充电桩2000个。", "zh-Hans")
    assert chinese.loc["3000个", "kind"] == "baseline"
    assert chinese.loc["2000个", "kind"] == "target"


def test_money_is_a_budget_and_a_cap_per_project_has_no_basis():
    rows = decide(
        "The city will spend 2 billion yuan on networks. Support for any single project "
        "will be no more than 10 million yuan."
    )
    assert tuple(rows.loc["2 billion yuan", ["kind", "basis"]]) == ("budget", "new")
    assert tuple(rows.loc["no more than 10 million yuan", ["kind", "basis"]]) == (
        "budget",
        "unknown",
    )


def test_a_rise_in_percentage_points_is_new():
    rows = decide("数字经济增加值占比提高2个百分点。", "zh-Hans")
    assert rows.iloc[0]["basis"] == "new"


def test_a_speed_class_inside_a_metric_name_is_excluded():
    rows = decide("千兆光网覆盖家庭达到80万户，家庭宽带接入能力达到万兆。", "zh-Hans")
    assert rows.loc["千兆", "kind"] == "exclude" and "80万户" in rows.loc["千兆", "reason"]
    assert rows.loc["80万户", "family"] == "homes_fibre_gigabit"
    assert rows.loc["万兆", "kind"] == "target"


def test_a_duration_is_excluded():
    rows = decide("This three-year plan sets out 12 key tasks.")
    assert rows.loc["three-year", "kind"] == "exclude"
    assert tuple(rows.loc["12", ["kind", "basis"]]) == ("structure", "unknown")


def test_a_heading_number_is_excluded():
    rows = decide("Plan\n\n## 3 Networks\n\nThe city will build 40 edge computing nodes.\n")
    assert rows.loc["3", "kind"] == "exclude" and "heading" in rows.loc["3", "reason"]
    assert rows.loc["40", "kind"] == "target"


@pytest.mark.parametrize(
    ("unit", "metric_unit", "fits"),
    [
        ("", "count", True),
        ("count", "count", True),
        ("Mbps", "Gbps", True),
        ("percent", "count", False),
        ("", "percent", False),
        ("km2", "km**2", True),
        ("CNY", "USD", False),
    ],
)
def test_unit_fits(unit, metric_unit, fits):
    assert suggest.unit_fits(unit, metric_unit) is fits
