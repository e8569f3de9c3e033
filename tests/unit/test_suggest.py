"""The add-plan suggester's rules (data/suggest_rules.csv, metric keywords) on made-up sentences.

None of these sentences is from the unseen benchmark plans: each rule is shown
to hold on other wording.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import figures_and_sections

from newinfra.curate import metric_match, suggest
from newinfra.inputs import curation
from newinfra.ledger.wording import compile_terms

PLAN = suggest.Plan("district-2024-2027", 2024, 2027, 2024)


def decide(text: str, language: str = "en", plan: suggest.Plan = PLAN) -> pd.DataFrame:
    """One row per figure: quote, kind, year, basis, metric (family), keyword, reason."""
    found, table = figures_and_sections(text, language)
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
            "metric": d.figure.metric_id,
            "reason": d.figure.reason,
            "unit": d.figure.reading_unit,
            "comparator": d.figure.comparator_override or d.figure.comparator,
            "domain": d.figure.domain_hint,
            "scale": d.figure.scale,
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
    assert metric_match.unit_fits(unit, metric_unit) is fits


def test_congress_ordinals_are_not_figures():
    rows = decide("深入学习贯彻党的二十大和十九届历次全会精神，建成5G基站3000个。", "zh-Hans")
    assert rows.loc["二十大", "kind"] == "exclude"
    assert "congress" in rows.loc["二十大", "reason"]
    assert rows.loc["3000个", "kind"] == "target"


def test_digits_in_technology_names_are_not_figures():
    zh = decide("部署10G-PON端口5000个，试点Wi-Fi 7接入点800个。", "zh-Hans")
    assert zh.loc["10G", "kind"] == "exclude"
    assert zh.loc["7", "kind"] == "exclude"
    assert zh.loc["5000个", "kind"] == "target"
    en = decide("The county will roll out 10G-PON to 5,000 homes and test Wi-Fi 7 in 12 halls.")
    assert en.loc["10G", "kind"] == "exclude"
    assert en.loc["7", "kind"] == "exclude"
    assert en.loc["12", "kind"] == "target"


def test_a_unit_defined_in_brackets_is_not_a_figure():
    rows = decide("超算峰值性能达到50PFLOPS（每秒一千万亿次运算）。", "zh-Hans")
    assert rows.loc["一千万亿次", "kind"] == "exclude"
    assert rows.loc["50PFLOPS", "kind"] == "target"


@pytest.mark.parametrize(
    ("text", "language", "denominator", "figure"),
    [
        ("到2027年，每万人拥有充电桩达到18个。", "zh-Hans", "万人", "18个"),
        ("By 2027 the county will have 18 charging points per 10,000 residents.", "en",
         "10,000", "18"),
    ],
)  # fmt: skip
def test_per_10000_people_is_the_denominator_of_a_rate(text, language, denominator, figure):
    rows = decide(text, language)
    assert rows.loc[denominator, "kind"] == "exclude"
    assert rows.loc[figure, "kind"] == "target"
    assert rows.loc[figure, "unit"] == "1/ten_thousand_people"
    assert pd.isna(rows.loc[figure, "metric"])  # no count metric takes a rate


def test_a_density_written_before_its_things_is_a_density():
    rows = decide("到2027年，每平方公里充电桩数达到12个。", "zh-Hans")
    assert rows.loc["12个", "unit"] == "1/km2"


@pytest.mark.parametrize(
    ("text", "language", "quote"),
    [
        ("The county will add 900 charging points each year.", "en", "900"),
        ("The county will train 300 engineers a year in network skills.", "en", "300"),
        ("县财政每年安排专项资金3000万元。", "zh-Hans", "3000万元"),
        ("全县算力规模年均增长12%以上。", "zh-Hans", "12%以上"),
    ],
)
def test_each_year_is_a_per_year_basis(text, language, quote):
    assert decide(text, language).loc[quote, "basis"] == "per_year"


def test_a_year_earlier_is_not_per_year():
    rows = decide(
        "At the end of 2023 the county had 900 base stations, up from 700 a year earlier."
    )
    assert rows.loc["700", "basis"] == "cumulative"


@pytest.mark.parametrize(
    ("text", "language", "quote"),
    [
        ("构建县城2ms时延圈。", "zh-Hans", "2ms"),
        ("New data centres must not exceed a PUE of 1.3, or rather must not exceed 1.3.", "en",
         "exceed 1.3"),
        ("Latency between hubs will be kept under 4 milliseconds.", "en", "4 milliseconds"),
    ],
)  # fmt: skip
def test_ceilings_are_at_most(text, language, quote):
    assert decide(text, language).loc[quote, "comparator"] == "<="


@pytest.mark.parametrize(
    ("text", "language", "quote", "domain"),
    [
        ("全县数字经济核心产业增加值达到80亿元。", "zh-Hans", "80亿元", "industry"),
        ("新建数据中心平均电能利用效率（PUE）不高于1.3。", "zh-Hans", "不高于1.3", "computing"),
        ("The county will lay 90 km of fibre cable.", "en", "90 km", "network"),
        ("The county budget will set aside RMB 30 million for the plan.", "en", "RMB 30 million",
         "governance"),
    ],
)  # fmt: skip
def test_a_figures_own_words_name_its_domain(text, language, quote, domain):
    assert decide(text, language).loc[quote, "domain"] == domain


def test_the_number_of_a_table_is_not_a_figure():
    rows = decide("主要指标见表2。到2027年建成充电桩900个。", "zh-Hans")
    assert rows.loc["2", "kind"] == "exclude"
    assert rows.loc["900个", "kind"] == "target"


def test_a_numbered_paragraph_running_into_its_sentence_is_not_a_figure():
    rows = decide("Tasks\n\n2.4 Charging. Build 900 charging points by 2026.\n")
    assert rows.loc["2.4", "kind"] == "exclude"
    assert rows.loc["900", "kind"] == "target"


def test_a_speed_class_in_a_networks_name_is_not_a_figure_but_a_class_target_is():
    rows = decide("1.推进万兆光网建设。\n2.全县家庭宽带接入能力达到双千兆。", "zh-Hans")
    assert rows.loc["万兆", "kind"] == "exclude"
    assert rows.loc["双千兆", "kind"] == "target"


@pytest.mark.parametrize(
    ("text", "language", "quote", "metric"),
    [
        ("县内重点场所5G网络覆盖率达到95%。", "zh-Hans", "95%", "5g_key_public_places_coverage"),
        ("The county will extend edge computing to 60 nodes by 2027.", "en", "60",
         "edge_computing_nodes"),
    ],
)  # fmt: skip
def test_a_catalogue_keyword_with_words_inserted_still_names_the_metric(
    text, language, quote, metric
):
    assert decide(text, language).loc[quote, "metric"] == metric


def test_a_loose_keyword_far_from_a_figure_does_not_name_it():
    rows = decide("The county will open 3 new libraries and extend edge computing to 60 nodes.")
    assert rows.loc["60", "metric"] == "edge_computing_nodes"
    assert rows.loc["3", "metric"] != "edge_computing_nodes"


def test_a_density_takes_the_rate_metric_of_what_it_counts():
    rows = decide("到2027年，每平方公里5G基站数达到30个。", "zh-Hans")
    assert rows.loc["30个", "metric"] == "5g_base_station_density"


def test_the_counted_noun_chooses_within_a_family():
    rows = decide("The county will help 800 SMEs a year move their systems onto cloud platforms.")
    assert rows.loc["800", "metric"] == "enterprises_on_cloud_sme"
    assert rows.loc["800", "basis"] == "per_year"


def test_a_total_refers_back_to_the_thing_named_before_it():
    rows = decide(
        "Programme C: a further 900 firms moved to the cloud, for a total of more than 4,000; "
        "two industrial internet platforms were recognised."
    )
    assert rows.loc["more than 4,000", "family"] == "enterprises_on_cloud"


def test_a_comparison_base_year_is_not_a_status_date():
    rows = decide("到2027年，数字经济核心产业增加值占比较2024年提高3个百分点。", "zh-Hans")
    assert rows.loc["3个百分点", "kind"] == "target"
    assert rows.loc["3个百分点", "year"] == 2027
