"""Sections, sentences and clauses of the shipped seeds.

These tests describe the shipped seeds and their rules in data/section_rules.csv:
section counts, refs, labels and sentence boundaries of each text. An analyst
who adds or edits a seed or its rules will see these numbers move.
"""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
import pytest
from conftest import REPO
from sectioncheck import assert_well_formed

from newinfra.core.errors import ParameterError
from newinfra.inputs.section_rules import document_sections
from newinfra.text import clauses as cl
from newinfra.text import section_lookup
from newinfra.text import sentences as sent

SEED_IDS = [
    "smartcity-2011-2013-en",
    "newinfra-2020-2022-briefing-en",
    "newinfra-2023-2026-briefing-en",
    "newinfra-2023-2026-plan-zh",
    "digital-2025-news-en",
]
LANGUAGE = {sid: "zh" if sid.endswith("-zh") else "en" for sid in SEED_IDS}


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    return {sid: (REPO / "seeds" / f"{sid}.txt").read_text(encoding="utf-8") for sid in SEED_IDS}


@pytest.fixture(scope="module")
def tables(texts) -> dict[str, pd.DataFrame]:
    return {sid: document_sections(sid, text) for sid, text in texts.items()}


def _section_of(table: pd.DataFrame, text: str, needle: str) -> pd.Series:
    return section_lookup.section_at(table, text.index(needle))


def _sentence_of(text: str, needle: str, language: str) -> pd.Series:
    sents = sent.sentences(text, language)
    found = sent.sentence_spans_for(sents, [text.index(needle)]).iloc[0]
    assert not pd.isna(found["sentence_start"]), needle
    return found


# ---------------------------------------------------------------------------
# Sections


@pytest.mark.parametrize("sid", SEED_IDS)
def test_sections_nest_and_cover_every_offset(sid, texts, tables):
    assert_well_formed(tables[sid], texts[sid])
    assert (tables[sid]["source_id"] == sid).all()


@pytest.mark.parametrize("sid", SEED_IDS)
def test_generic_rules_are_well_formed_on_every_seed(sid, texts):
    table = document_sections("a-new-plan", texts[sid])
    assert_well_formed(table, texts[sid])


@pytest.mark.parametrize(
    ("sid", "per_level"),
    [
        ("smartcity-2011-2013-en", {1: 8, 2: 32, 3: 14, 4: 12}),
        ("newinfra-2020-2022-briefing-en", {1: 5, 2: 7, 3: 4}),
        ("newinfra-2023-2026-briefing-en", {1: 5, 2: 10, 3: 30}),
        ("newinfra-2023-2026-plan-zh", {1: 3, 2: 4, 3: 26, 4: 30}),
        ("digital-2025-news-en", {1: 37}),
    ],
)
def test_sections_per_level(sid, per_level, tables):
    assert tables[sid]["level"].value_counts().sort_index().to_dict() == per_level


def test_plan_zh_structure(tables):
    table = tables["newinfra-2023-2026-plan-zh"]
    kinds = table["kind"].value_counts().to_dict()
    assert kinds == {
        "task": 30,
        "demo": 10,
        "measure": 7,
        "group": 5,
        "chapter": 4,
        "goal": 4,
        "summary": 1,
        "notice": 1,
        "plan": 1,
    }
    tasks = table[table["kind"] == "task"]
    assert tasks["number"].tolist() == [str(n) for n in range(1, 31)]
    assert tasks["ref"].tolist() == [f"task{n}" for n in range(1, 31)]
    assert table[table["kind"] == "demo"]["ref"].tolist() == [f"demo{n:02d}" for n in range(1, 11)]
    assert table[table["kind"] == "measure"]["ref"].tolist()[-1] == "measure07"
    groups = table[table["kind"] == "group"]
    assert groups["ref"].tolist() == [f"ch2.g{n}" for n in range(1, 6)]
    assert groups["number"].tolist() == ["(一)", "(二)", "(三)", "(四)", "(五)"]
    # tasks per group: numbering runs on across groups
    assert tasks.groupby("parent_ref").size().to_dict() == {
        "ch2.g1": 5,
        "ch2.g2": 4,
        "ch2.g3": 5,
        "ch2.g4": 6,
        "ch2.g5": 10,
    }
    row = table.set_index("ref").loc["task21"]
    assert row["label"] == "21.建設泛在智能的城市感知設施"
    assert row["number"] == "21"
    assert table.set_index("ref").loc["demo01", "label"] == "(一)高性能計算能力提升工程"
    assert table.set_index("ref").loc["ch2", "number"] == "二"
    assert (
        table.set_index("ref").loc["goal1", "label"]
        == "初步建成以5G-A和萬兆光網為標志的全球雙萬兆城市"
    )


def test_smartcity_structure(tables):
    table = tables["smartcity-2011-2013-en"]
    chapters = table[table["kind"] == "chapter"]
    assert chapters["number"].tolist() == ["I", "II", "III", "IV", "V", "VI"]
    projects = table[table["kind"] == "project"]
    per_chapter = projects["ref"].str.split(".").str[0].value_counts().to_dict()
    assert per_chapter == {"ch2": 5, "ch3": 8, "ch4": 8, "ch5": 3}
    measures = table[table["parent_ref"] == "ch6"]
    assert measures["ref"].tolist() == [f"ch6.s{n}" for n in range(1, 9)]
    assert measures["label"].iloc[0] == "1. Increasing Input"
    by_ref = table.set_index("ref")
    assert by_ref.loc["ch2.sp1", "label"] == "Special Project One: Broadband City"
    assert by_ref.loc["ch2.sp1", "number"] == "One"
    assert by_ref.loc["ch2.sp1", "parent_ref"] == "ch2.s1"  # under "1. Special Projects"
    assert by_ref.loc["ch4.sp5", "parent_ref"] == "ch4"
    assert by_ref.loc["ch2", "number"] == "II"
    assert by_ref.loc["ch2.sp1.b1", "label"] == "Optical Broadband Network"
    assert by_ref.loc["ch1.s2.p5", "number"] == "(5)"
    assert by_ref.loc["preamble", "start"] == 0
    assert table.iloc[-1]["ref"] == "tail"


def test_briefing_2020_structure(tables):
    table = tables["newinfra-2020-2022-briefing-en"]
    assert table["ref"].tolist() == [
        "title",
        "intro",
        "status",
        "status.part1",
        "status.part2",
        "status.part3",
        "contents",
        "contents.part1",
        "contents.part2",
        "contents.part3",
        "contents.part3.action1",
        "contents.part3.action2",
        "contents.part3.action3",
        "contents.part3.action4",
        "contents.part4",
        "closing",
    ]
    by_ref = table.set_index("ref")
    assert by_ref.loc["contents.part2", "number"] == "Secondly"
    assert by_ref.loc["status.part1", "label"] == (
        "First, the city’s network infrastructure development is leading in China"
    )
    assert by_ref.loc["contents.part3.action1", "label"] == (
        '1. Action on the construction of "new networks"'
    )


def test_briefing_2023_structure(tables):
    table = tables["newinfra-2023-2026-briefing-en"]
    parts = table[table["kind"] == "part"]
    assert parts["ref"].tolist() == [f"part{n}" for n in range(1, 6)]
    items = table[table["kind"] == "item"].groupby("parent_ref").size().to_dict()
    assert items == {"sec1": 4, "part1": 5, "part2": 4, "part3": 5, "part4": 6, "part5": 10}
    by_ref = table.set_index("ref")
    assert by_ref.loc["part1", "label"] == (
        "First, the city will strive to establish an advanced network infrastructure "
        "for universal Internet access"
    )
    assert by_ref.loc["part1", "number"] == "First"
    assert by_ref.loc["part5.item10", "number"] == "10)"
    assert by_ref.loc["sec1", "label"] == (
        "1. Fundamental principles and primary objectives of the latest "
        "New Infrastructure Action Plan"
    )
    assert by_ref.loc["sec1.item1", "label"] == "1) Pioneering the Global “Dual 10-Gigabit City”"
    assert by_ref.loc["part4.item1", "label"] == (
        "1) Advancement of Major Scientific and Technological Infrastructure"
    )
    assert by_ref.loc["intro", "label"].startswith("On the morning of yesterday (October 19)")


def test_news_structure(tables):
    table = tables["digital-2025-news-en"]
    assert table["ref"].tolist()[:4] == ["title", "byline", "standfirst", "p1"]
    paragraphs = table[table["kind"] == "paragraph"]
    assert paragraphs["label"].tolist() == [f"¶{n}" for n in range(1, 33)]
    assert table.set_index("ref").loc["byline", "label"] == "Zhu Shenshen"
    assert table.iloc[-1]["ref"] == "tail"
    assert table.iloc[-1]["label"] == "Special Reports"
    assert (table["kind"] == "headline").sum() == 1


@pytest.mark.parametrize(
    ("sid", "needle", "ref", "path_end"),
    [
        ("newinfra-2023-2026-plan-zh", "超2000萬個", "task21", "21.建設泛在智能的城市感知設施"),
        (
            "newinfra-2023-2026-plan-zh",
            "機器人等領域",
            "goal3",
            "綜合服務功能最強的創新基礎設施集群",
        ),
        ("newinfra-2023-2026-plan-zh", "滬府〔2023〕51號", "notice", "的通知"),
        ("newinfra-2023-2026-plan-zh", "100P-300P", "demo01", "(一)高性能計算能力提升工程"),
        ("newinfra-2023-2026-plan-zh", "5000萬元", "measure06", "(六)引導市場投入"),
        ("newinfra-2023-2026-plan-zh", "10大示范工程", "summary", ""),
        (
            "smartcity-2011-2013-en",
            "20,000 or more",
            "ch2.sp5.b1",
            "Special Project Five: Functional Facilities > Internet Data Center (IDC)",
        ),
        ("smartcity-2011-2013-en", "RMB 85 billion", "ch4.sp5", "Integrated Circuit"),
        ("smartcity-2011-2013-en", "RMB 850 billion", "ch1.s3.b2", "Intelligent Application"),
        ("smartcity-2011-2013-en", "600 sq km", "ch3.sp1", "City Construction Management"),
        ("smartcity-2011-2013-en", "does not have official status", "tail", "reserved"),
        ("smartcity-2011-2013-en", "Better City, Better Life", "preamble", "Smart City"),
        ("newinfra-2020-2022-briefing-en", "120,000 racks", "status.part2", "leading in China"),
        ("newinfra-2020-2022-briefing-en", "150,000 enterprises", "contents.part3.action1", ""),
        ("newinfra-2020-2022-briefing-en", "100,000 smart charging", "contents.part3.action4", ""),
        ("newinfra-2020-2022-briefing-en", "270 billion yuan", "contents.part3", "…"),
        ("newinfra-2020-2022-briefing-en", "25 tasks", "contents", "in Shanghai"),
        ("newinfra-2023-2026-briefing-en", "exceeding a total of 20 million", "part5.item1", ""),
        ("newinfra-2023-2026-briefing-en", "88,000", "intro", ""),
        ("newinfra-2023-2026-briefing-en", "over 100 smart nursing", "part5.item9", ""),
        ("newinfra-2023-2026-briefing-en", "over 30 industry-specific", "part1.item4", ""),
        ("newinfra-2023-2026-briefing-en", "30 pivotal tasks", "sec2", "Action Plan"),
        ("newinfra-2023-2026-briefing-en", "fresh set of 10", "demos", ""),
        ("digital-2025-news-en", "52,000 outdoor", "p20", "¶20"),
        ("digital-2025-news-en", "US$62.5", "p10", "¶10"),
    ],
)
def test_offsets_map_to_sections(sid, needle, ref, path_end, texts, tables):
    row = _section_of(tables[sid], texts[sid], needle)
    assert row["ref"] == ref
    assert row["path"].endswith(path_end)


def test_paths_run_from_the_top(tables, texts):
    table = tables["newinfra-2023-2026-plan-zh"]
    text = texts["newinfra-2023-2026-plan-zh"]
    located = section_lookup.locate(table, [text.index("超2000萬個")]).iloc[0]
    assert located["section"] == (
        "上海市進一步推進新型基礎設施建設行動方案(2023-2026年) > 二、主要任務 > "
        "(五)打造便捷智敏的高效能終端基礎設施 > 21.建設泛在智能的城市感知設施"
    )
    assert located["section_ref"] == "task21"


def test_locate_rejects_several_documents(tables):
    both = pd.concat([tables[SEED_IDS[0]], tables[SEED_IDS[1]]])
    with pytest.raises(ParameterError, match="source_id"):
        section_lookup.locate(both, [0])


# ---------------------------------------------------------------------------
# Sentences


@pytest.mark.parametrize("sid", SEED_IDS)
def test_sentences_partition_the_visible_text(sid, texts):
    text = texts[sid]
    sents = sent.sentences(text, LANGUAGE[sid])
    starts, ends = sents["start"].to_numpy(), sents["end"].to_numpy()
    assert (starts < ends).all()
    assert (starts[1:] >= ends[:-1]).all()  # no offset in two sentences
    covered = np.zeros(len(text), dtype=int)
    for s, e in zip(starts, ends, strict=True):
        covered[s:e] += 1
    visible = np.array([not ch.isspace() for ch in text])
    assert (covered[visible] == 1).all()  # every visible character in one sentence
    assert all(text[s:e] == t for s, e, t in zip(starts, ends, sents["text"], strict=True))
    assert not sents["text_clean"].str.contains(r"\s\s|\n").any()


def test_hard_wrapped_sentence_spans_line_breaks(texts):
    text = texts["newinfra-2023-2026-briefing-en"]
    found = _sentence_of(text, "88,000", "en")
    assert found["sentence_clean"] == (
        "As of now, the city boasts a network of 88,000 operational 5G base stations."
    )
    assert "\n" in found["sentence"]
    assert text[found["sentence_start"] : found["sentence_end"]] == found["sentence"]
    first = _sentence_of(text, "the morning of yesterday", "en")["sentence_clean"]
    assert first.startswith("On the morning of yesterday") and first.endswith("press briefing.")


def test_decimals_do_not_split(texts):
    found = _sentence_of(texts["newinfra-2023-2026-briefing-en"], "37.2%", "en")
    assert found["sentence_clean"].startswith("Our percentage of 5G base stations")
    assert found["sentence_clean"].endswith("13.8 per square kilometer, lead the nation.")
    news = _sentence_of(texts["digital-2025-news-en"], "US$62.5", "en")["sentence_clean"]
    assert news.startswith("By 2025,") and news.endswith("released recently.")


def test_no_1_does_not_split(texts):
    text = texts["digital-2025-news-en"]
    found = _sentence_of(text, "No. 1 nationwide", "en")["sentence_clean"]
    assert found.startswith("As of September") and found.endswith("local officials said.")
    found = _sentence_of(text, "No. 1 in China", "en")["sentence_clean"]
    assert found.startswith("In 2021, Shanghai firms raised") and found.endswith("in China.")


def test_list_numbers_and_headings_are_their_own_sentences(texts):
    text = texts["smartcity-2011-2013-en"]
    assert _sentence_of(text, "1. Guiding Principle", "en")["sentence"] == "1. Guiding Principle"
    assert _sentence_of(text, "II. Information", "en")["sentence"] == (
        "II. Information Infrastructure"
    )
    # "etc;" is not a sentence end
    found = _sentence_of(text, "interaction, etc;", "en")["sentence_clean"]
    assert "Zhangjiang TD-LTE professional verification platform" in found
    # a full stop that lost its space still ends the sentence
    assert _sentence_of(text, "about 20 industrial", "en")["sentence_clean"].startswith(
        "In view of the development trend"
    )
    # a line ending in a comma runs on
    tail = _sentence_of(text, "No liability", "en")["sentence_clean"]
    assert tail.endswith("the site describes.")


def test_zh_sentences(texts):
    text = texts["newinfra-2023-2026-plan-zh"]
    found = _sentence_of(text, "95%以上", "zh")["sentence"]
    assert found.startswith("推動醫院") and found.endswith("5G覆蓋。")
    heading = _sentence_of(text, "建設泛在智能的城市感知設施", "zh")["sentence"]
    assert heading == "21.建設泛在智能的城市感知設施。"
    broken = _sentence_of(text, "人形", "zh")
    assert "\n" in broken["sentence"]
    assert "人形機器人等領域" in broken["sentence_clean"]
    assert broken["sentence"].endswith("提供設施支撐。")
    # headings without a full stop end at their line
    assert _sentence_of(text, "滬府", "zh")["sentence"] == "滬府〔2023〕51號"
    assert _sentence_of(text, "二、主要任務", "zh")["sentence"] == "二、主要任務"


def test_hard_wrapping_is_detected_from_the_text(texts):
    text = texts["newinfra-2020-2022-briefing-en"]
    rewrapped = "\n\n".join(
        textwrap.fill(line, 78, break_on_hyphens=False) for line in text.split("\n")
    )
    original = sent.sentences(text, "en")["text_clean"].tolist()
    assert sent.sentences(rewrapped, "en")["text_clean"].tolist() == original


def test_sentence_spans_for_gaps(texts):
    text = texts["smartcity-2011-2013-en"]
    sents = sent.sentences(text, "en")
    gap = text.index("\n\n")
    found = sent.sentence_spans_for(sents, [0, gap])
    assert found["sentence_start"].iloc[0] == 0
    assert pd.isna(found["sentence_start"].iloc[1])
    assert pd.isna(found["sentence"].iloc[1])
    assert sent.sentence_at(text, gap, "en") == (gap, gap)


# ---------------------------------------------------------------------------
# Clauses


def test_clause_holds_the_commitment_wording(texts):
    text = texts["newinfra-2023-2026-plan-zh"]
    s, e = cl.clause_at(text, text.index("150萬千瓦"), "zh")
    assert "力爭" in text[s:e]
    s, e = cl.clause_at(text, text.index("3萬個以上"), "zh")
    clause = text[s:e]
    assert clause == "新建公用(含專用)充電樁3萬個以上"
    assert "試點" not in clause
    span = sent.sentence_at(text, text.index("3萬個以上"), "zh")
    assert "試點部署電動車反向充電新型裝置" in text[span[0] : span[1]]


def test_clauses_split_at_commas_not_at_enumeration_commas(texts):
    text = texts["newinfra-2023-2026-plan-zh"]
    s, e = cl.clause_at(text, text.index("4000幢以上"), "zh")
    assert "醫院、高校" in text[s:e]  # 、 joins list items
    parts = cl.clauses(text, *sent.sentence_at(text, text.index("3萬個以上"), "zh"), "zh")
    assert len(parts) == 4


def test_english_clauses(texts):
    text = texts["smartcity-2011-2013-en"]
    s, e = cl.clause_at(text, text.index("20,000 or more"), "en")
    assert text[s:e].startswith("and striving for 20,000 or more")  # "20,000" is one number
    text = texts["newinfra-2023-2026-briefing-en"]
    s, e = cl.clause_at(text, text.index("dual 10-Gigabit,”"), "en")
    assert "“dual 10-Gigabit,” coupled with" in text[s:e]  # no split inside quotes
