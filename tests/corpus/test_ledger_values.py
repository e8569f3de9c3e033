"""Hand-checked ledger values: each row below was read in the seed text, not copied from data/.

These tests describe the shipped seeds and curated data: a change to an
annotation of these figures, or to the rules that read them, shows up here.

For every figure in ``EXPECTED`` a reader went to the seed, read the clause and the
sentence around the figure, and wrote down what the ledger must say about it: the value
as written, its upper bound for ranges, the standardised value and unit, the kind, the
year it describes, the metric, the basis and the commitment. Those readings follow the
codebook's rules:

* kind: target / baseline / budget / structure;
* horizon_year: the year a target is due (the plan's end year unless the text names
  another), or the year a baseline describes;
* basis: ``new`` for an addition during the period (新增, 新建, 累計新增, 增設, "adding",
  "building"), ``cumulative`` for a level or stock reached (totals, speeds, shares,
  annual scale, task counts), ``unknown`` when the text does not say;
* commitment from the clause holding the figure: 探索/explore, 試點/pilot,
  力爭/爭取/strive, else firm (率先 is not a hedge); none for baselines and structure.

A row is located by its quote and a short ``anchor`` of surrounding text that holds it,
so the offsets are never written here: ``start = text.index(anchor) + anchor.index(quote)``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import pandas as pd
import pytest

import newinfra as ni

SC = "smartcity-2011-2013-en"
B20 = "newinfra-2020-2022-briefing-en"
B23 = "newinfra-2023-2026-briefing-en"
ZH = "newinfra-2023-2026-plan-zh"
NEWS = "digital-2025-news-en"

T, B, S, BUD = "target", "baseline", "structure", "budget"
NEW, CUM, UNK = "new", "cumulative", "unknown"
FIRM, STRIVE, EXPLORE, PILOT = "firm", "strive", "explore", "pilot"
NO = None  # no value_high / no commitment


class Row(NamedTuple):
    id: str
    source_id: str
    quote: str
    anchor: str
    metric_id: str
    kind: str
    horizon_year: int
    value: float
    value_high: float | None
    value_std: float
    unit_std: str
    basis: str
    commitment: str | None


# fmt: off
EXPECTED = [
    # --- Smart City Action Plan 2011-2013 (China Daily translation); every target due 2013 ---
    Row("sc-home-access-100mbps", SC, "100Mbps", "with 100Mbps access capacity provided", "home_broadband_access_speed", T, 2013, 100, NO, 0.1, "Gbps", CUM, FIRM),
    Row("sc-home-average-20mbps", SC, "20Mbps", "and 20Mbps for homes on average", "home_broadband_average_speed", T, 2013, 20, NO, 20, "Mbps", CUM, FIRM),
    Row("sc-objectives-intl-1tbps", SC, "1Tbps", "of the Internet will reach 1Tbps and 5Tbps", "international_internet_bandwidth", T, 2013, 1, NO, 1, "Tbps", CUM, FIRM),
    Row("sc-objectives-domestic-5tbps", SC, "5Tbps", "of the Internet will reach 1Tbps and 5Tbps", "domestic_internet_bandwidth", T, 2013, 5, NO, 5, "Tbps", CUM, FIRM),
    Row("sc-integration-index-80", SC, "80", "industrialization index will reach 80,", "informatization_industrialization_index", T, 2013, 80, NO, 80, "count", CUM, FIRM),
    Row("sc-ebusiness-850bn", SC, "RMB 850 billion", "e-business volume will come to RMB 850 billion annually", "e_business_volume", T, 2013, 850e9, NO, 850e9, "CNY", CUM, FIRM),
    Row("sc-info-industry-1280bn", SC, "RMB 1,280 billion", "reach a scale of RMB 1,280 billion", "information_industry_scale", T, 2013, 1280e9, NO, 1280e9, "CNY", CUM, FIRM),
    Row("sc-info-services-gdp-6.2pct", SC, "6.2%", "accounting for 6.2% of the city", "info_services_value_added_gdp_share", T, 2013, 6.2, NO, 6.2, "percent", CUM, FIRM),
    Row("sc-infrastructure-five-projects", SC, "five", "carry out five special projects", "plan_special_projects", S, 2013, 5, NO, 5, "count", CUM, NO),
    Row("sc-infrastructure-three-tasks", SC, "three", "functional facilities, and three key tasks", "plan_key_tasks", S, 2013, 3, NO, 3, "count", CUM, NO),
    Row("sc-sensing-eight-projects", SC, "eight", "push forward as priorities eight special projects", "plan_special_projects", S, 2013, 8, NO, 8, "count", CUM, NO),
    Row("sc-industry-eight-projects", SC, "eight", "implement as priorities eight special projects", "plan_special_projects", S, 2013, 8, NO, 8, "count", CUM, NO),
    Row("sc-security-three-projects", SC, "three", "execute three special projects", "plan_special_projects", S, 2013, 3, NO, 3, "count", CUM, NO),
    Row("sc-security-three-tasks", SC, "three", "special projects and three key tasks to ensure", "plan_key_tasks", S, 2013, 3, NO, 3, "count", CUM, NO),
    Row("sc-fibre-homes-6.5m", SC, "more than 6.5 million", "will cover more than 6.5 million homes in all", "homes_fibre_access", T, 2013, 6.5e6, NO, 6.5e6, "count", CUM, FIRM),
    Row("sc-ngb-users-4.9m", SC, "4.9 million", "NGB network renovation for 4.9 million cable TV users", "ngb_cable_tv_users", T, 2013, 4.9e6, NO, 4.9e6, "count", UNK, FIRM),
    Row("sc-digital-tv-users-1.8m", SC, "1.8 million", "from cable TV for 1.8 million suburban users", "suburban_digital_tv_users", T, 2013, 1.8e6, NO, 1.8e6, "count", UNK, FIRM),
    Row("sc-wlan-hotspots-22000", SC, "22,000", "22,000 in total", "wlan_hotspots", T, 2013, 22000, NO, 22000, "count", CUM, FIRM),
    Row("sc-wlan-ap-130000", SC, "about 130,000", "(about 130,000 AP)", "wlan_access_points", T, 2013, 130000, NO, 130000, "count", CUM, FIRM),
    Row("sc-wlan-coverage-80pct", SC, "over 80%", "coverage rate of over 80% of the city's important public places", "wlan_public_place_coverage", T, 2013, 80, NO, 80, "percent", CUM, FIRM),
    Row("sc-wlan-speed-20mbps", SC, "up to 20 Mbps", "broadband access of up to 20 Mbps", "wlan_access_speed", T, 2013, 20, NO, 20, "Mbps", CUM, FIRM),
    Row("sc-3g-citywide-1mbps", SC, "over 1Mbps", "coverage of over 1Mbps across the city", "mobile_broadband_speed_citywide", T, 2013, 1, NO, 1, "Mbps", CUM, FIRM),
    Row("sc-3g-central-3mbps", SC, "over 3 Mbps", "over 3 Mbps for the central districts", "mobile_broadband_speed_central", T, 2013, 3, NO, 3, "Mbps", CUM, FIRM),
    Row("sc-seabed-traffic-50pct", SC, "over 50%", "telecom volume accounting for over 50% of the country", "seabed_cable_traffic_share", T, 2013, 50, NO, 50, "percent", CUM, FIRM),
    Row("sc-seabed-capacity-10tbps-strive", SC, "10Tbps", "striving for a gross capacity of 10Tbps", "seabed_cable_capacity", T, 2013, 10, NO, 10, "Tbps", CUM, STRIVE),
    Row("sc-hub-intl-1tbps", SC, "1Tbps", "portal bandwidth reaching 1Tbps and 5Tbps", "international_internet_bandwidth", T, 2013, 1, NO, 1, "Tbps", CUM, FIRM),
    Row("sc-hub-domestic-5tbps", SC, "5Tbps", "portal bandwidth reaching 1Tbps and 5Tbps", "domestic_internet_bandwidth", T, 2013, 5, NO, 5, "Tbps", CUM, FIRM),
    Row("sc-idc-racks-20000-strive", SC, "20,000 or more", "striving for 20,000 or more of body frames", "idc_racks", T, 2013, 20000, NO, 20000, "count", CUM, STRIVE),
    Row("sc-grid-area-600km2", SC, "600 sq km", "with a combined 600 sq km of urbanized area", "grid_management_area", T, 2013, 600, NO, 600, "km**2", NEW, FIRM),
    Row("sc-online-approval-100pct", SC, "100%", "achieving 100% of joint online handling", "online_approval_share", T, 2013, 100, NO, 100, "percent", CUM, FIRM),
    Row("sc-software-income-210bn", SC, "over RMB210 billion", "annual business income of over RMB210 billion", "software_industry_income", T, 2013, 210e9, NO, 210e9, "CNY", CUM, FIRM),
    Row("sc-software-solutions-20", SC, "about 20", "building about 20 industrial application software solutions", "industrial_software_solutions", T, 2013, 20, NO, 20, "count", NEW, FIRM),
    Row("sc-ic-scale-85bn", SC, "RMB 85 billion", "industry will reach a scale of RMB 85 billion", "ic_industry_scale", T, 2013, 85e9, NO, 85e9, "CNY", CUM, FIRM),
    Row("sc-ic-node-45-32nm", SC, "45-32 nanometer", "mainstream level of 45-32 nanometer", "ic_process_node", T, 2013, 32, 45, 32, "nm", CUM, FIRM),
    Row("sc-wafer-line-12inch", SC, "12-inch", "building of a 12-inch wafer production line", "ic_wafer_line_size", T, 2013, 12, NO, 12, "inch", NEW, FIRM),
    Row("sc-vehicle-brands-1-2", SC, "one or two", "Forming one or two service brands", "vehicle_internet_service_brands", T, 2013, 1, 2, 1, "count", NEW, FIRM),

    # --- 2020-2022 plan, known only from its press briefing of 7 May 2020 ---
    # status figures in "The current status ..." describe 2020; targets are due 2022
    Row("b20-5g-districts-16", B20, "16", "coverage of 5G networks in 16 districts", "5g_covered_districts", B, 2020, 16, NO, 16, "count", CUM, NO),
    Row("b20-iip-platforms-15", B20, "15", "has built 15 industrial Internet platforms", "industrial_internet_platforms_national", B, 2020, 15, NO, 15, "count", CUM, NO),
    Row("b20-sme-cloud-60000", B20, "More than 60,000", "More than 60,000 small and medium-sized enterprises", "enterprises_on_cloud_sme", B, 2020, 60000, NO, 60000, "count", CUM, NO),
    Row("b20-iot-nodes-1m", B20, "1-million", "deployment of 1-million-node Internet of Things network", "iot_sensing_nodes", B, 2020, 1e6, NO, 1e6, "count", CUM, NO),
    Row("b20-idc-racks-120000", B20, "more than 120,000", "more than 120,000 racks have been set up", "idc_racks", B, 2020, 120000, NO, 120000, "count", CUM, NO),
    Row("b20-bigdata-records-34bn", B20, "34 billion", "a total of 34 billion pieces of data", "big_data_platform_records", B, 2020, 34e9, NO, 34e9, "count", CUM, NO),
    Row("b20-bigdata-units-200", B20, "more than 200", "from more than 200 units in the city", "big_data_platform_units", B, 2020, 200, NO, 200, "count", CUM, NO),
    Row("b20-science-facilities-14", B20, "14", "is building 14 major national science", "major_science_facilities_built_or_building", B, 2020, 14, NO, 14, "count", CUM, NO),
    Row("b20-tasks-25", B20, "25", "action target, 25 tasks under four construction actions", "plan_tasks", S, 2022, 25, NO, 25, "count", CUM, NO),
    Row("b20-actions-four", B20, "four", "25 tasks under four construction actions", "plan_actions", S, 2022, 4, NO, 4, "count", CUM, NO),
    Row("b20-measures-eight", B20, "eight", "as well as eight supporting measures", "plan_measures", S, 2022, 8, NO, 8, "count", CUM, NO),
    Row("b20-points-35", B20, "35-point", "thus forming the 35-point action plan", "plan_action_points", S, 2022, 35, NO, 35, "count", CUM, NO),
    Row("b20-areas-four", B20, "four", "It specifies the four key areas", "plan_domains", S, 2022, 4, NO, 4, "count", CUM, NO),
    Row("b20-aspects-four", B20, "four", "influential role in the following four aspects", "plan_milestones", S, 2022, 4, NO, 4, "count", CUM, NO),
    Row("b20-actions-four-again", B20, "four", "construction” through four actions", "plan_actions", S, 2022, 4, NO, 4, "count", CUM, NO),
    Row("b20-investment-270bn", B20, "about 270 billion yuan", "estimated total investment of about 270 billion yuan", "major_projects_investment", BUD, 2022, 270e9, NO, 270e9, "CNY", NEW, FIRM),
    Row("b20-double-gigabit", B20, "Double Gigabit", '"Double Gigabit" fixed broadband network', "home_broadband_access_speed", T, 2022, 1, NO, 1, "Gbps", CUM, FIRM),
    Row("b20-unmanned-factories-100", B20, "more than 100", "building more than 100 unmanned factories", "unmanned_factories", T, 2022, 100, NO, 100, "count", NEW, FIRM),
    Row("b20-cloud-enterprises-150000", B20, "150,000", "driving 150,000 enterprises to adopt cloud-based platforms", "enterprises_on_cloud", T, 2022, 150000, NO, 150000, "count", UNK, FIRM),
    Row("b20-neuron-nodes-tens-of-millions", B20, "tens of millions", "deployment of tens of millions of neuron perception nodes", "iot_sensing_nodes", T, 2022, 1e7, NO, 1e7, "count", UNK, FIRM),
    Row("b20-charging-100000", B20, "100,000", "adding 100,000 smart charging stations", "ev_smart_charging_points", T, 2022, 100000, NO, 100000, "count", NEW, FIRM),
    Row("b20-policies-eight", B20, "eight", "the city shall unveil eight major policies", "plan_measures", S, 2022, 8, NO, 8, "count", CUM, NO),
    Row("b20-points-35-again", B20, "35-point", "implement the 35-point action plan", "plan_action_points", S, 2022, 35, NO, 35, "count", CUM, NO),

    # --- 2023-2026 plan: English press briefing of 19 October 2023 ---
    # the opening paragraph reports the 2020-2022 plan's structure and 2023 status
    Row("b23-old-plan-tasks-26", B23, "26", "successfully executed 26", "plan_tasks", S, 2022, 26, NO, 26, "count", CUM, NO),
    Row("b23-old-plan-domains-four", B23, "four", "tasks across four key domains", "plan_domains", S, 2022, 4, NO, 4, "count", CUM, NO),
    Row("b23-5g-stations-88000", B23, "88,000", "a network of 88,000 operational 5G base stations", "5g_base_stations", B, 2023, 88000, NO, 88000, "count", CUM, NO),
    Row("b23-5g-share-37.2pct", B23, "37.2%", "37.2%, and the construction density", "5g_base_station_share", B, 2023, 37.2, NO, 37.2, "percent", CUM, NO),
    Row("b23-5g-density-13.8", B23, "13.8 per\nsquare kilometer", "measuring 13.8 per\nsquare kilometer", "5g_base_station_density", B, 2023, 13.8, NO, 13.8, "1/km**2", CUM, NO),
    Row("b23-science-facilities-11", B23, "11", "comprising 11 state-of-the-art", "major_science_facilities_in_service", B, 2023, 11, NO, 11, "count", CUM, NO),
    Row("b23-milestones-four", B23, "Four", "‘Four Key Milestones’", "plan_milestones", S, 2026, 4, NO, 4, "count", CUM, NO),
    Row("b23-dual-10g-city", B23, "Dual 10-Gigabit", "Global “Dual 10-Gigabit City”", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("b23-10g-optical", B23, "10-Gigabit", "5G-A and 10-Gigabit optical networks", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("b23-dimensions-five", B23, "five", "broadened into five key dimensions", "plan_domains", S, 2026, 5, NO, 5, "count", CUM, NO),
    Row("b23-tasks-30", B23, "30", "presents 30 pivotal tasks", "plan_tasks", S, 2026, 30, NO, 30, "count", CUM, NO),
    Row("b23-demo-projects-10", B23, "10", "10 major\ndemonstration projects", "plan_demonstration_projects", S, 2026, 10, NO, 10, "count", CUM, NO),
    Row("b23-measures-7", B23, "7", "incorporates 7 comprehensive", "plan_measures", S, 2026, 7, NO, 7, "count", CUM, NO),
    Row("b23-network-components-five", B23, "five", "This involves five\nprimary components", "plan_components", S, 2026, 5, NO, 5, "count", CUM, NO),
    Row("b23-towards-dual-10g", B23, "dual 10-Gigabit", "towards “dual 10-Gigabit,”", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("b23-10g-home-pilot", B23, "10-Gigabit", "pilot programs for 10-Gigabit home networks", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, PILOT),
    Row("b23-iip-platforms-30", B23, "over 30", "over 30 industry-specific or regional", "industrial_internet_platforms_sector", T, 2026, 30, NO, 30, "count", CUM, FIRM),
    Row("b23-computing-elements-four", B23, "four", "encompasses four key elements", "plan_components", S, 2026, 4, NO, 4, "count", CUM, NO),
    Row("b23-trillion-parameters", B23, "trillions", "models with trillions of parameters", "large_model_parameters", T, 2026, 1e12, NO, 1e12, "count", CUM, FIRM),
    Row("b23-data-components-five", B23, "five", "This segment entails five", "plan_components", S, 2026, 5, NO, 5, "count", CUM, NO),
    Row("b23-innovation-elements-six", B23, "six", "encompasses six pivotal elements", "plan_components", S, 2026, 6, NO, 6, "count", CUM, NO),
    Row("b23-terminal-components-10", B23, "10", "comprises 10 essential", "plan_components", S, 2026, 10, NO, 10, "count", CUM, NO),
    Row("b23-neuron-nodes-20m", B23, "exceeding a total of 20 million", "city, exceeding a total of 20 million", "iot_sensing_nodes", T, 2026, 2e7, NO, 2e7, "count", CUM, FIRM),
    Row("b23-smart-nursing-homes-100", B23, "over 100", "establishment of over 100 smart nursing homes", "smart_nursing_homes", T, 2026, 100, NO, 100, "count", NEW, FIRM),
    Row("b23-new-demo-projects-10", B23, "10", "a fresh set of 10 demonstration projects", "plan_demonstration_projects", S, 2026, 10, NO, 10, "count", CUM, NO),

    # --- 2023-2026 plan: Chinese full text (滬府〔2023〕51號); every target due end-2026 ---
    Row("zh-summary-five-areas", ZH, "五方面", "新終端等五方面", "plan_domains", S, 2026, 5, NO, 5, "count", CUM, NO),
    Row("zh-summary-30-tasks", ZH, "30項", "提出30項主要任務", "plan_tasks", S, 2026, 30, NO, 30, "count", CUM, NO),
    Row("zh-summary-10-demo-projects", ZH, "10大", "10大示范工程", "plan_demonstration_projects", S, 2026, 10, NO, 10, "count", CUM, NO),
    Row("zh-summary-7-measures", ZH, "7項", "7項保障措施", "plan_measures", S, 2026, 7, NO, 7, "count", CUM, NO),
    Row("zh-summary-30-tasks-again", ZH, "30項", "30項主要任務其中包括", "plan_tasks", S, 2026, 30, NO, 30, "count", CUM, NO),
    Row("zh-goal-10g-optical", ZH, "萬兆", "以5G-A和萬兆光網為標志", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("zh-goal-dual-10g-city", ZH, "雙萬兆", "為標志的全球雙萬兆城市", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("zh-goal-10g-optical-coverage", ZH, "萬兆", "5G-A網絡、萬兆光網的覆蓋廣度", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("zh-goal-dual-10g-first", ZH, "雙萬兆", "率先邁入全球雙萬兆城市行列", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("zh-goal-trillion-params-strive", ZH, "萬億級", "力爭建成支撐萬億級參數大模型訓練", "large_model_parameters", T, 2026, 1e12, NO, 1e12, "count", CUM, STRIVE),
    Row("zh-task1-dual-10g-explore", ZH, "雙萬兆", "向“雙萬兆”探索演進", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, EXPLORE),
    Row("zh-task1-5g-key-places-95pct", ZH, "95%以上", "清單內95%以上", "5g_key_public_places_coverage", T, 2026, 95, NO, 95, "percent", CUM, FIRM),
    Row("zh-task1-5g-offices-4000", ZH, "4000幢以上", "4000幢以上商務樓", "5g_covered_office_buildings", T, 2026, 4000, NO, 4000, "count", CUM, FIRM),
    Row("zh-task1-10g-home-pilot", ZH, "萬兆", "開展萬兆到戶試點", "home_broadband_access_speed", T, 2026, 10, NO, 10, "Gbps", CUM, PILOT),
    Row("zh-task1-above-gigabit", ZH, "超千兆", "的超千兆寬帶業務", "gigabit_broadband_tier", T, 2026, 1, NO, 1, "Gbps", CUM, FIRM),
    Row("zh-task4-identifier-nodes-30", ZH, "30個以上", "建成30個以上工業互聯網標識解析二級節點", "industrial_internet_identifier_nodes", T, 2026, 30, NO, 30, "count", CUM, FIRM),
    Row("zh-task4-cross-industry-2-3", ZH, "2-3個以上", "2-3個以上國家級跨行業", "industrial_internet_platforms_cross_industry", T, 2026, 2, 3, 2, "count", CUM, FIRM),
    Row("zh-task4-sector-platforms-30", ZH, "30家以上", "30家以上行業或區域工業互聯網平臺", "industrial_internet_platforms_sector", T, 2026, 30, NO, 30, "count", CUM, FIRM),
    Row("zh-task4-cloud-400000", ZH, "40萬家", "推動40萬家工業企業", "enterprises_on_cloud_industrial", T, 2026, 400000, NO, 400000, "count", UNK, FIRM),
    Row("zh-task6-bandwidth-400g", ZH, "400G以上", "帶寬達到400G以上", "compute_network_bandwidth", T, 2026, 400, NO, 400, "Gbps", CUM, FIRM),
    Row("zh-task6-latency-1ms", ZH, "1毫秒以內", "時延控制在1毫秒以內", "compute_network_latency", T, 2026, 1, NO, 1, "ms", CUM, FIRM),
    Row("zh-task7-trillion-params-strive", ZH, "萬億級", "率先爭取形成支撐萬億級參數", "large_model_parameters", T, 2026, 1e12, NO, 1e12, "count", CUM, STRIVE),
    Row("zh-task9-trillion-params", ZH, "萬億級", "加速形成支撐萬億級參數", "large_model_parameters", T, 2026, 1e12, NO, 1e12, "count", CUM, FIRM),
    Row("zh-task13-catalogues-50", ZH, "50個", "累計新增50個數源目錄", "public_data_source_catalogues", T, 2026, 50, NO, 50, "count", NEW, FIRM),
    Row("zh-task16-light-source-100w", ZH, "百瓦量級", "特定波長的百瓦量級輸出", "light_source_prototype_power", T, 2026, 100, NO, 100, "W", CUM, FIRM),
    Row("zh-task21-neuron-nodes-20m", ZH, "超2000萬個", "數量累計超2000萬個", "iot_sensing_nodes", T, 2026, 2e7, NO, 2e7, "count", CUM, FIRM),
    Row("zh-task22-mobility-demos-10", ZH, "10個以上", "等10個以上高級別智慧出行示范應用", "smart_mobility_demonstrations", T, 2026, 10, NO, 10, "count", NEW, FIRM),
    Row("zh-task24-cold-storage-400kt", ZH, "超40萬噸", "超40萬噸冷藏保鮮能力", "cold_storage_capacity", T, 2026, 4e5, NO, 4e5, "t", CUM, FIRM),
    Row("zh-task24-cold-chain-centres-3", ZH, "3個", "建設3個智慧冷鏈物流中心", "smart_cold_chain_centres", T, 2026, 3, NO, 3, "count", NEW, FIRM),
    Row("zh-task25-public-chargers-30000", ZH, "3萬個以上", "充電樁3萬個以上", "public_charging_points_new", T, 2026, 30000, NO, 30000, "count", NEW, FIRM),
    Row("zh-task25-old-estates-150", ZH, "150個以上", "完成150個以上老舊小區", "old_estates_power_upgrades", T, 2026, 150, NO, 150, "count", NEW, FIRM),
    Row("zh-task25-smart-chargers-200000", ZH, "20萬個以上", "累計增設20萬個以上智能充電樁", "ev_smart_charging_points", T, 2026, 200000, NO, 200000, "count", NEW, FIRM),
    Row("zh-task25-solar-1.5gw-strive", ZH, "150萬千瓦", "力爭新增150萬千瓦容量光伏", "solar_pv_capacity_new", T, 2026, 1.5e6, NO, 1.5e6, "kW", NEW, STRIVE),
    Row("zh-task25-virtual-plant-1gw", ZH, "100萬千瓦", "調節能力達到100萬千瓦", "virtual_power_plant_capacity", T, 2026, 1e6, NO, 1e6, "kW", CUM, FIRM),
    Row("zh-task26-hydrogen-stations-50", ZH, "50座以上", "累計建設加氫站50座以上", "hydrogen_refuelling_stations", T, 2026, 50, NO, 50, "count", CUM, FIRM),
    Row("zh-task27-school-10g", ZH, "萬兆", "萬兆到校", "school_backbone_speed", T, 2026, 10, NO, 10, "Gbps", CUM, FIRM),
    Row("zh-task27-classroom-100m", ZH, "百兆", "百兆到班", "classroom_network_speed", T, 2026, 100, NO, 100, "Mbps", CUM, FIRM),
    Row("zh-task27-future-schools-20", ZH, "20所", "建設20所", "future_schools", T, 2026, 20, NO, 20, "count", NEW, FIRM),
    Row("zh-task28-smart-hospitals-10", ZH, "10家以上", "新建10家以上智慧醫院", "smart_hospitals", T, 2026, 10, NO, 10, "count", NEW, FIRM),
    Row("zh-task29-smart-nursing-100", ZH, "100家以上", "升級建設100家以上智慧養老院", "smart_nursing_homes", T, 2026, 100, NO, 100, "count", NEW, FIRM),
    Row("zh-task29-nursing-internet-200", ZH, "200家以上", "建設200家以上", "nursing_home_internet_hospitals", T, 2026, 200, NO, 200, "count", NEW, FIRM),
    Row("zh-task30-phone-booths-1000", ZH, "1000個", "升級改造1000個數字公用電話亭", "digital_phone_booths", T, 2026, 1000, NO, 1000, "count", NEW, FIRM),
    Row("zh-task30-bright-kitchens-1000", ZH, "1000家", "建設1000家餐飲", "bright_kitchen_restaurants", T, 2026, 1000, NO, 1000, "count", NEW, FIRM),
    Row("zh-demo1-hpc-100-300p", ZH, "100P-300P左右", "峰值規模為100P-300P左右", "hpc_peak_performance", T, 2026, 100, 300, 100, "PFLOPS", CUM, FIRM),
    Row("zh-demo1-ai-chip-1000-3000p", ZH, "1000P-3000P左右", "峰值規模為1000P-3000P左右", "ai_chip_testbed_peak_performance", T, 2026, 1000, 3000, 1000, "PFLOPS", CUM, FIRM),
    Row("zh-measure6-subsidy-threshold-50m", ZH, "5000萬元", "最低總投資調整為5000萬元", "loan_subsidy_min_investment", BUD, 2026, 5e7, NO, 5e7, "CNY", UNK, FIRM),

    # --- news feature, January 2022: 2025 targets and end-2021 status ---
    Row("news-manufacturers-digital-80pct", NEWS, "at least 80 percent", "covering at least 80 percent of large local manufacturers", "large_manufacturers_digital_share", T, 2025, 80, NO, 80, "percent", CUM, FIRM),
    Row("news-digital-life-tools-100", NEWS, "over 100", "over 100 benchmark digital tools", "benchmark_digital_life_tools", T, 2025, 100, NO, 100, "count", CUM, FIRM),
    Row("news-egov-online-80pct", NEWS, "over 80 percent", "over 80 percent e-governance applications", "egov_online_share", T, 2025, 80, NO, 80, "percent", CUM, FIRM),
    Row("news-iot-devices-100m", NEWS, "100 million", "construction of 100 million Internet of Things sensors", "iot_sensors_and_devices", T, 2025, 1e8, NO, 1e8, "count", CUM, FIRM),
    Row("news-ai-output-400bn", NEWS, "400 billion yuan", "will hit 400 billion yuan", "ai_industry_output", T, 2025, 400e9, NO, 400e9, "CNY", CUM, FIRM),
    Row("news-ai-growth-12pct", NEWS, "12 percent", "with 12 percent annual growth on average", "ai_industry_output_growth", T, 2025, 12, NO, 12, "percent", CUM, FIRM),
    Row("news-ai-subfields-10", NEWS, "10", "will have 10 AI-powered sub-divided fields", "ai_subfields_10bn", T, 2025, 10, NO, 10, "count", CUM, FIRM),
    Row("news-ai-subfield-threshold-10bn", NEWS, "over 10 billion yuan", "annual output of over 10 billion yuan each", "ai_subfield_output_threshold", T, 2025, 10e9, NO, 10e9, "CNY", CUM, FIRM),
    Row("news-ai-leading-firms-500", NEWS, "500", "500 digitized firms with leading AI applications", "ai_leading_firms", T, 2025, 500, NO, 500, "count", CUM, FIRM),
    Row("news-ai-patents-1000", NEWS, "over 1,000", "over 1,000 new AI invention patents", "ai_invention_patents", T, 2025, 1000, NO, 1000, "count", NEW, FIRM),
    Row("news-ai-employees-300000", NEWS, "over 300,000", "over 300,000 AI-specialized employees", "ai_employees", T, 2025, 300000, NO, 300000, "count", CUM, FIRM),
    Row("news-data-firms-3000", NEWS, "more than 3,000", "there are more than 3,000 firms", "data_named_firms", B, 2021, 3000, NO, 3000, "count", CUM, NO),
    Row("news-data-firms-recent-third", NEWS, "one-third", "one-third of which have been founded since 2020", "data_named_firms_recent_share", B, 2021, 1 / 3, NO, 1 / 3, "fraction", CUM, NO),
    # "1 gigabyte per second" is the article's slip for the 1 Gbps (gigabit) city standard;
    # the metric gigabit_city_speed is kept in Mbps, like the rest of its family
    Row("news-gigabit-city-definition", NEWS, "surpass 1 gigabyte per second", "bandwidth surpass 1 gigabyte per second", "gigabit_city_speed", B, 2021, 1, NO, 1000, "Mbps", CUM, NO),
    Row("news-outdoor-5g-stations-52000", NEWS, "52,000", "built 52,000 outdoor 5G base stations", "5g_outdoor_base_stations", B, 2021, 52000, NO, 52000, "count", CUM, NO),
    Row("news-gigabit-network-1gbps", NEWS, "1 Gbps", "latest 1 Gbps broadband network", "home_broadband_access_speed", B, 2021, 1, NO, 1, "Gbps", CUM, NO),
    Row("news-gigabit-homes-9.6m", NEWS, "9.6 million", "covered 9.6 million families", "homes_gigabit_covered", B, 2021, 9.6e6, NO, 9.6e6, "count", CUM, NO),
    Row("news-telecom-2gbps", NEWS, "2 Gbps", "upgraded 2 Gbps family broadband service", "broadband_service_max_speed", B, 2021, 2, NO, 2, "Gbps", CUM, NO),
    Row("news-5g-applications-600", NEWS, "600", "developed 600 applications powered by 5G", "5g_applications", B, 2021, 600, NO, 600, "count", CUM, NO),
]
# fmt: on

MINIMUM_ROWS = {SC: 12, B20: 12, ZH: 12, B23: 8, NEWS: 8}
FIELDS = ("metric_id", "kind", "horizon_year", "unit_std", "basis", "commitment")


@pytest.fixture(scope="module")
def ledger() -> pd.DataFrame:
    return ni.targets()


def _start(row: Row) -> int:
    text = ni.source_text(row.source_id)
    assert row.quote in row.anchor, f"{row.id}: quote {row.quote!r} not inside its anchor"
    assert text.count(row.anchor) == 1, (
        f"{row.id}: anchor {row.anchor!r} occurs {text.count(row.anchor)} times in "
        f"{row.source_id}; it must occur exactly once"
    )
    return text.index(row.anchor) + row.anchor.index(row.quote)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def test_table_is_wide_enough_and_well_formed():
    assert len(EXPECTED) >= 70
    ids = [row.id for row in EXPECTED]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    counts = pd.Series([row.source_id for row in EXPECTED]).value_counts()
    for source_id, minimum in MINIMUM_ROWS.items():
        assert counts.get(source_id, 0) >= minimum, (source_id, counts.get(source_id, 0))
    located = [(row.source_id, _start(row)) for row in EXPECTED]
    assert len(located) == len(set(located)), "two rows point at the same figure"
    for row in EXPECTED:
        if row.kind in ("baseline", "structure"):
            assert row.commitment is None, f"{row.id}: {row.kind} rows carry no commitment"
        else:
            assert row.commitment in (FIRM, STRIVE, EXPLORE, PILOT), row.id


@pytest.mark.parametrize("row", EXPECTED, ids=[row.id for row in EXPECTED])
def test_ledger_row_matches_hand_reading(ledger: pd.DataFrame, row: Row):
    start = _start(row)
    hits = ledger[(ledger["source_id"] == row.source_id) & (ledger["start"] == start)]
    assert len(hits) == 1, (
        f"{row.id}: expected one ledger row for {row.source_id} at {start} "
        f"({row.quote!r}), found {len(hits)}"
    )
    got = hits.iloc[0]
    problems = []
    if got["end"] != start + len(row.quote) or got["quote"] != row.quote:
        problems.append(
            f"quote: ledger {got['quote']!r} [{start}:{got['end']}], read {row.quote!r}"
        )
    for field in FIELDS:
        expected, actual = getattr(row, field), got[field]
        if _blank(expected) and _blank(actual):
            continue
        if expected != actual:
            problems.append(f"{field}: ledger {actual!r}, read {expected!r}")
    for field in ("value", "value_std"):
        if got[field] != pytest.approx(getattr(row, field), rel=1e-9):
            problems.append(f"{field}: ledger {got[field]!r}, read {getattr(row, field)!r}")
    if row.value_high is None:
        if not _blank(got["value_high"]):
            problems.append(f"value_high: ledger {got['value_high']!r}, read none")
    elif _blank(got["value_high"]) or got["value_high"] != pytest.approx(row.value_high):
        problems.append(f"value_high: ledger {got['value_high']!r}, read {row.value_high!r}")
    assert not problems, f"{row.id} ({row.source_id}:{start}): " + "; ".join(problems)


def test_every_ledger_quote_is_the_source_text(ledger: pd.DataFrame):
    texts = {source_id: ni.source_text(source_id) for source_id in ledger["source_id"].unique()}
    wrong = [
        f"{r.target_id}: quote {r.quote!r} != text[{r.start}:{r.end}] "
        f"{texts[r.source_id][r.start : r.end]!r}"
        for r in ledger.itertuples()
        if texts[r.source_id][r.start : r.end] != r.quote
    ]
    assert len(ledger) > 0
    assert not wrong, "\n".join(wrong)
