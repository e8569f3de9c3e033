"""The technology vocabulary (data/themes.csv) and theme counts on the real seeds.

These tests describe the shipped seeds and curated data: adding a plan or
editing data/ moves their numbers."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import newinfra as ni
from newinfra.analysis import theme_sources, theme_terms, themes
from newinfra.core.errors import DataFileError, ParameterError
from newinfra.inputs.vocabulary import THEME_GROUPS

PLAN_2013 = "smartcity-2011-2013-en"
BRIEF_2022 = "newinfra-2020-2022-briefing-en"
FULL_2026 = "newinfra-2023-2026-plan-zh"
BRIEF_2026 = "newinfra-2023-2026-briefing-en"
NEWS_2025 = "digital-2025-news-en"


@pytest.fixture(scope="module")
def counts() -> pd.DataFrame:
    return themes.theme_counts()


def count(counts: pd.DataFrame, source_id: str, term_id: str) -> int:
    row = counts[(counts["source_id"] == source_id) & (counts["term_id"] == term_id)]
    assert len(row) == 1
    return int(row["count"].iloc[0])


# --- the vocabulary ------------------------------------------------------------------------


def test_vocabulary_is_valid_and_covers_the_brief():
    vocab = theme_terms.vocabulary()
    assert vocab["term_id"].is_unique
    for term in ["3g", "4g_td_lte", "5g", "5g_a", "6g", "cloud", "ai_compute", "large_models",
                 "blockchain", "hydrogen", "humanoid_robots", "digital_twin", "metaverse",
                 "satellite_internet", "iot", "ai", "robots", "information_security"]:  # fmt: skip
        assert term in set(vocab["term_id"])
    assert set(vocab["group"]) <= set(THEME_GROUPS)


def _write_vocab(root, rows: list[str]) -> None:
    header = "term_id,label_en,group,pattern_en,pattern_zh,note\n"
    (root / "data" / "themes.csv").write_text(header + "\n".join(rows) + "\n", encoding="utf-8")


def test_a_broken_regex_names_file_line_and_field(project_copy):
    _write_vocab(project_copy, ["5g,5G,network,5G,5G,", "bad,Bad,network,ok,(unclosed,"])
    with pytest.raises(DataFileError) as err:
        theme_terms.vocabulary()
    message = str(err.value)
    assert "themes.csv" in message and "line 3" in message and "'pattern_zh'" in message
    assert "(unclosed" in message


def test_a_pattern_matching_nothing_at_all_is_refused(project_copy):
    _write_vocab(project_copy, ["empty,Empty,network,a*,b,"])
    with pytest.raises(DataFileError, match=r"line 2, field 'pattern_en'.*empty string"):
        theme_terms.vocabulary()


def test_an_unknown_group_or_chinese_label_is_refused(project_copy):
    _write_vocab(project_copy, ["x,X,gadgets,x,x,"])
    with pytest.raises(DataFileError, match=r"line 2, field 'group'"):
        theme_terms.vocabulary()
    _write_vocab(project_copy, ["x,算力,network,x,x,"])
    with pytest.raises(DataFileError, match=r"line 2, field 'label_en'"):
        theme_terms.vocabulary()


def test_a_missing_column_is_named(project_copy):
    (project_copy / "data" / "themes.csv").write_text(
        "term_id,label_en,group,pattern_en\nx,X,network,x\n", encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="missing column.*pattern_zh"):
        theme_terms.vocabulary()


# --- patterns on the real seeds ------------------------------------------------------------


def test_5g_a_only_in_the_2023_2026_sources_and_never_counted_as_5g(counts):
    for source in (PLAN_2013, BRIEF_2022, NEWS_2025):
        assert count(counts, source, "5g_a") == 0
    assert count(counts, FULL_2026, "5g_a") >= 1
    assert count(counts, BRIEF_2026, "5g_a") >= 1
    matches = themes.theme_matches(["5g"])
    assert not matches["text"].str.contains("5G-A").any()
    assert not matches["sentence"].isna().any()


def test_td_lte_only_in_2011_2013(counts):
    matches = themes.theme_matches(["4g_td_lte"])
    assert set(matches["source_id"]) == {PLAN_2013}
    assert (matches["text"] == "TD-LTE").sum() >= 5


def test_blockchain_and_hydrogen_appear_in_2023_2026_only(counts):
    for term in ("blockchain", "hydrogen"):
        assert count(counts, PLAN_2013, term) == 0
        assert count(counts, FULL_2026, term) > 0
        assert count(counts, BRIEF_2026, term) > 0


def test_ai_in_capitals_only_never_inside_words():
    matches = themes.theme_matches(["ai"], sources=[PLAN_2013])
    # 'Shanghai', 'maintain', 'detail'... are not AI; the 2011 plan never names it.
    assert matches.empty


def test_written_out_generation_and_its_abbreviation_count_once():
    text = ni.source_text(FULL_2026)
    assert "第五代移動通信(5G)" in text
    matches = themes.theme_matches(["5g"], sources=[FULL_2026])
    assert "第五代移動通信(5G)" in set(matches["text"])
    spans = list(zip(matches["start"], matches["end"], strict=True))
    for start, end in spans:
        assert not any(s < end and start < e for s, e in spans if (s, e) != (start, end))


def test_no_character_counts_for_two_terms():
    matches = themes.theme_matches()
    for _source, group in matches.groupby("source_id"):
        ordered = group.sort_values("start")
        assert (ordered["start"].to_numpy()[1:] >= ordered["end"].to_numpy()[:-1]).all()


def test_matches_are_the_text_at_their_offsets():
    matches = themes.theme_matches(sources=[FULL_2026, PLAN_2013])
    for row in matches.itertuples():
        assert ni.source_text(row.source_id)[row.start : row.end] == row.text


def test_humanoid_robots_are_not_also_robots():
    matches = themes.theme_matches(["robots", "humanoid_robots"], sources=[FULL_2026])
    assert "人形機器人" in set(matches.loc[matches["term_id"] == "humanoid_robots", "text"])
    assert "人形機器人" not in set(matches.loc[matches["term_id"] == "robots", "text"])


def test_the_news_summary_before_the_2023_notice_is_not_counted():
    spans = theme_sources.counted_spans(FULL_2026)
    text = ni.source_text(FULL_2026)
    assert spans[0][0] > 0
    assert text[spans[0][0] :].startswith("上海市人民政府關于印發")
    matches = themes.theme_matches(sources=[FULL_2026])
    assert matches["start"].min() >= spans[0][0]


# --- counts and normalisation --------------------------------------------------------------


def test_each_plan_has_one_primary_source_and_the_briefing_its_own_column(counts):
    per_source = counts.drop_duplicates("source_id").set_index("source_id")
    primary = per_source[per_source["primary"]]
    assert primary["plan_id"].is_unique
    assert per_source.loc[FULL_2026, "primary"]
    assert not per_source.loc[BRIEF_2026, "primary"]
    assert per_source.loc[FULL_2026, "column"] != per_source.loc[BRIEF_2026, "column"]
    assert set(primary.index) == set(ni.plans()["primary_source_id"])


def test_normalisation_arithmetic(counts):
    for row in counts.itertuples():
        assert math.isclose(row.rate, row.count / row.length * 10_000)
    per_source = counts.drop_duplicates("source_id").set_index("source_id")
    assert per_source.loc[FULL_2026, "per"] == "10,000 characters"
    assert per_source.loc[PLAN_2013, "per"] == "10,000 words"
    text = ni.source_text(FULL_2026)
    expected = sum(
        1 for a, b in theme_sources.counted_spans(FULL_2026) for ch in text[a:b] if not ch.isspace()
    )
    assert per_source.loc[FULL_2026, "length"] == expected


def test_document_length_counts_words_or_characters():
    assert theme_sources.document_length("Dual 10-Gigabit city, 5G-A.", "en") == 4
    assert theme_sources.document_length("到2026年底 5G-A網絡", "zh-Hant") == 13


def test_counts_for_a_subset_equal_those_of_the_whole_vocabulary(counts):
    subset = themes.theme_counts(["5g", "robots"])
    assert set(subset["term_id"]) == {"5g", "robots"}
    merged = subset.merge(counts, on=["source_id", "term_id"], suffixes=("", "_all"))
    assert (merged["count"] == merged["count_all"]).all()


def test_theme_table_and_changes(counts):
    wide = themes.theme_table(counts, "count")
    label = counts.loc[counts["source_id"] == PLAN_2013, "column"].iloc[0]
    assert label.endswith("2013 translation (en)")
    assert wide.loc["Hydrogen", label] == 0
    changes = themes.theme_changes(counts)
    changes = changes[changes["jurisdiction_id"] == "shanghai"].set_index("term_id")
    assert changes.loc["4g_td_lte", "status"] == "vanished"
    assert changes.loc["blockchain", "status"] == "new"
    assert changes.loc["blockchain", "first_year"] == 2026
    assert changes.loc["cloud", "status"] == "continuing"
    with pytest.raises(ParameterError, match="'value'"):
        themes.theme_table(counts, "share")


def test_unknown_terms_are_refused_with_the_choices():
    with pytest.raises(ParameterError) as err:
        themes.theme_counts(["5g", "7g"])
    assert "'terms'" in str(err.value) and "5g_a" in str(err.value)


def test_first_mentions_one_row_per_term_and_primary_source():
    first = themes.first_mentions(themes.theme_matches(["blockchain", "5g"]))
    assert not first.duplicated(["term_id", "source_id"]).any()
    assert first["primary"].all()
    assert first["horizon_year"].is_monotonic_increasing
    row = first[(first["term_id"] == "blockchain") & (first["source_id"] == FULL_2026)].iloc[0]
    earliest = themes.theme_matches(["blockchain"], sources=[FULL_2026])["start"].min()
    assert row["start"] == earliest


def test_stories_follow_the_chosen_terms():
    assert themes.stories_for(["5g", "6g", "hydrogen"]) == {
        "Mobile generations": ["5g", "6g"],
        "Newcomers": ["hydrogen"],
    }
    assert themes.stories_for(["ai", "iot"]) == {"Chosen terms": ["ai", "iot"]}
