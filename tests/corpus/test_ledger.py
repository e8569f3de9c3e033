"""The ledger built from the shipped seeds and curated data.

These tests describe the shipped seeds and curated data: adding a plan or
editing data/ moves the numbers below, and these tests say which.
The errors a broken data file gets are in tests/unit/test_data_file_errors.py.
"""

from __future__ import annotations

import pandas as pd
import pytest

import newinfra as ni
from newinfra.inputs.schemas import LEDGER_COLUMNS

ZH = "newinfra-2023-2026-plan-zh"
EN23 = "newinfra-2023-2026-briefing-en"


def _offset(source_id: str, anchor: str, quote: str) -> int:
    text = ni.source_text(source_id)
    return text.index(anchor) + anchor.index(quote)


def _row(source_id: str, anchor: str, quote: str) -> pd.Series:
    start = _offset(source_id, anchor, quote)
    ledger = ni.targets()
    match = ledger[(ledger["source_id"] == source_id) & (ledger["start"] == start)]
    assert len(match) == 1, f"no ledger row for {quote!r} in {source_id}"
    return match.iloc[0]


def test_ledger_has_the_brief_columns_plus_standard_value():
    ledger = ni.targets()
    assert list(ledger.columns) == LEDGER_COLUMNS
    assert LEDGER_COLUMNS[-2:] == ["value_std", "unit_std"]
    assert len(ledger) >= 150
    assert set(ledger["plan_id"]) == set(ni.plans()["plan_id"])
    assert set(ledger["kind"]) == {"target", "baseline", "budget", "structure"}


def test_every_quote_is_the_seed_text_at_its_offsets():
    ledger = ni.targets()
    for row in ledger.itertuples():
        assert ni.source_text(row.source_id)[row.start : row.end] == row.quote, row.target_id
        assert row.quote.strip() and row.quote.replace("\n", " ").split(" ")[0] in row.sentence


def test_target_ids_are_built_from_source_and_offsets_and_stable():
    first = ni.targets()
    assert (
        first["target_id"]
        == first["source_id"] + ":" + first["start"].astype(str) + "-" + first["end"].astype(str)
    ).all()
    from newinfra.core import cache

    cache.clear()
    again = ni.ledger.targets._build.uncached()
    assert again["target_id"].tolist() == first["target_id"].tolist()


def test_chinese_rows_carry_an_english_gloss():
    zh = ni.targets()[lambda t: t["language"] == "zh-Hant"]
    assert len(zh) >= 45
    assert zh["gloss_en"].notna().all()


def test_baselines_and_structure_figures_carry_no_commitment():
    ledger = ni.targets()
    assert ledger.loc[ledger["kind"].isin(["baseline", "structure"]), "commitment"].isna().all()
    assert ledger.loc[ledger["kind"] == "target", "commitment"].notna().all()


def test_commitment_is_read_from_the_clause_holding_the_figure():
    # One sentence, four figures, one 試點 clause: only that clause is a pilot.
    assert _row(ZH, "新建公用(含專用)充電樁3萬個以上", "3萬個以上")["commitment"] == "firm"
    assert _row(ZH, "完成150個以上老舊小區", "150個以上")["commitment"] == "firm"
    assert _row(ZH, "累計增設20萬個以上智能充電樁", "20萬個以上")["commitment"] == "firm"
    assert _row(ZH, "力爭新增150萬千瓦容量", "150萬千瓦")["commitment"] == "strive"
    # 探索 opens the sentence, the figure's own clause commits firmly.
    assert _row(ZH, "調節能力達到100萬千瓦", "100萬千瓦")["commitment"] == "firm"
    assert _row(ZH, "開展萬兆到戶試點", "萬兆")["commitment"] == "pilot"
    assert _row(ZH, "向“雙萬兆”探索演進", "雙萬兆")["commitment"] == "explore"
    # 率先 ("be first") is no hedge; 爭取 is.
    assert _row(ZH, "率先爭取形成支撐萬億級參數", "萬億級")["commitment"] == "strive"
    assert _row(ZH, "加速形成支撐萬億級參數", "萬億級")["commitment"] == "firm"
    assert _row(EN23, "pilot programs for 10-Gigabit home", "10-Gigabit")["commitment"] == "pilot"


def test_units_are_standardised_with_pint():
    assert _row("smartcity-2011-2013-en", "with 100Mbps access", "100Mbps")[
        "value_std"
    ] == pytest.approx(0.1)
    assert _row(ZH, "力爭新增150萬千瓦容量", "150萬千瓦")[["value_std", "unit_std"]].tolist() == [
        1.5e6,
        "kW",
    ]
    news = _row(
        "digital-2025-news-en", "surpass 1 gigabyte per second", "surpass 1 gigabyte per second"
    )
    assert (news["unit"], news["value_std"], news["unit_std"]) == ("Gbps", 1000.0, "Mbps")
    racks = _row("smartcity-2011-2013-en", "20,000 or more of body frames", "20,000 or more")
    assert (racks["metric_id"], racks["value_std"], racks["comparator"]) == (
        "idc_racks",
        20000,
        ">=",
    )


def test_a_figure_stated_by_another_document_about_an_earlier_plan_belongs_to_that_plan():
    row = _row(EN23, "executed 26\nconstruction tasks", "26")
    assert (row["plan_id"], row["kind"], row["horizon_year"], row["value"]) == (
        "newinfra-2020-2022",
        "structure",
        2022,
        26,
    )
    own = _row("newinfra-2020-2022-briefing-en", "25 tasks under four", "25")
    assert (own["plan_id"], own["metric_id"]) == ("newinfra-2020-2022", "plan_tasks")


def test_filters_and_their_errors():
    network = ni.targets(domain="network")
    assert set(network["domain"]) == {"network"} and len(network) >= 30
    assert set(ni.targets(plan="smartcity-2011-2013", kind="target")["horizon_year"]) == {2013}
    for parameter, value, valid in [
        ("plan", "newinfra-2099", "newinfra-2023-2026"),
        ("domain", "space", "terminals"),
        ("kind", "wish", "baseline"),
    ]:
        with pytest.raises(ni.ParameterError) as err:
            ni.targets(**{parameter: value})
        assert parameter in str(err.value) and valid in str(err.value)


def test_concordance_links_the_briefing_to_the_full_text():
    table = ni.concordance("newinfra-2023-2026")
    both = table[table["status"] == "in_both"]
    pairs = set(zip(both["secondary_quote"], both["primary_quote"], strict=True))
    assert ("exceeding a total of 20 million", "超2000萬個") in pairs
    assert ("over 100", "100家以上") in pairs
    assert ("over 30", "30家以上") in pairs
    # The lists are commitments: disjoint, and together every commitment of the plan.
    assert table["commitment_id"].is_unique
    assert set(table["commitment_id"]) == set(
        ni.commitments(plan="newinfra-2023-2026")["commitment_id"]
    )
    assert len(both) < len(table[table["status"] != "in_both"])
    # The repost's news summary is not the plan's words: its "30項主要任務" does not
    # make the task count a figure of the full text; the briefing states it.
    tasks = table.set_index("metric_id").loc["plan_tasks"]
    assert (tasks["status"], tasks["secondary_quote"]) == ("secondary_only", "30")
    # What the briefing leaves out of the full text.
    left_out = set(table.loc[table["status"] == "primary_only", "primary_quote"])
    assert {"40萬家", "3萬個以上", "400G以上", "1毫秒以內", "50座以上"} <= left_out
    # Status figures only the briefing gives.
    assert {"88,000", "37.2%", "11"} <= set(
        table.loc[table["status"] == "secondary_only", "secondary_quote"]
    )


def test_plan_level_counts_use_the_primary_source_once():
    from newinfra.ledger.targets import primary_view

    view = primary_view()
    plan = view[view["plan_id"] == "newinfra-2023-2026"]
    # The briefing's 20 million nodes repeat the Chinese 超2000萬個: counted once.
    iot = plan[(plan["metric_id"] == "iot_sensing_nodes") & (plan["horizon_year"] == 2026)]
    assert iot["source_id"].tolist() == [ZH]
    assert (plan.loc[plan["kind"] == "baseline", "source_id"] == EN23).all()


def test_the_reposts_news_summary_is_marked_as_not_the_plan_text():
    """The Chinese 2023-2026 text opens with a third-party news summary (see the brief)."""
    mentions = ni.mentions("newinfra-2023-2026-plan-zh")
    summary = mentions[mentions["section_ref"] == "summary"]
    assert len(summary) > 0 and not summary["in_plan_text"].any()
    assert mentions.loc[mentions["section_ref"] != "summary", "in_plan_text"].all()
    # The plan-level task count is led by a mention in a document's own words.
    tasks = ni.commitments(plan="newinfra-2023-2026").set_index("metric_id").loc["plan_tasks"]
    assert tasks["commitment_id"].startswith("newinfra-2023-2026-briefing-en:")
    assert not tasks["outside_plan_text"]
    assert tasks["n_mentions"] == 3
