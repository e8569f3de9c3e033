"""Sections, sentences, clauses and numerals on made-up texts, and the section-rules file."""

from __future__ import annotations

import textwrap

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as hyp
from sectioncheck import assert_well_formed

from newinfra.core.errors import DataFileError, ParameterError
from newinfra.inputs.section_rules import document_sections, rules_for, section_rules
from newinfra.text import clauses as cl
from newinfra.text import section_lookup
from newinfra.text import sections as sec
from newinfra.text import sentences as sent
from newinfra.text.numerals import en_magnitude, en_words_value, parse_number, zh_value


def test_generic_rules_for_a_new_chinese_plan():
    text = (
        "某市數字基礎設施行動計劃\n"
        "第一章 總體要求\n"
        "到2027年,建成一批設施。\n"
        "第二章 主要任務\n"
        "一、網絡\n"
        "(一)寬帶\n"
        "1.建設萬兆光網。力爭覆蓋90%以上家庭。\n"
        "2.部署5G-A基站1萬個。\n"
        "(二)衛星\n"
        "3.發射衛星。\n"
    )
    table = document_sections("district-plan-zh", text)
    assert_well_formed(table, text)
    by_ref = table.set_index("ref")
    assert by_ref.loc["ch2", "label"] == "第二章 主要任務"
    assert by_ref.loc["ch1", "parent_ref"] == ""
    row = section_lookup.section_at(table, text.index("1萬個"))
    assert row["label"] == "2.部署5G-A基站1萬個"
    assert row["number"] == "2"
    assert row["path"].startswith("第二章 主要任務 > 一、網絡 > (一)寬帶")
    assert section_lookup.section_at(table, text.index("發射"))["number"] == "3"


def test_generic_rules_for_a_new_english_plan():
    text = textwrap.dedent(
        """\
        # Digital Plan 2030

        Intro text. It has two sentences.

        ## Networks

        1. Fibre for all homes by 2030.

        2. 20,000 new 5G sites.

        ## Computing

        Build 1 EFLOPS of compute.
        """
    )
    table = document_sections("city-plan-2030-en", text)
    assert_well_formed(table, text)
    row = section_lookup.section_at(table, text.index("20,000"))
    assert row["path"] == "Digital Plan 2030 > Networks > 2. 20,000 new 5G sites"
    assert section_lookup.section_at(table, text.index("EFLOPS"))["path"].endswith("Computing > ¶2")


def test_text_before_the_first_heading_is_a_front_section():
    rules = (sec.Rule("chapter", 1, r"^Chapter (?P<num>\d+)\b[^\n]*$", "ch{n}"),)
    text = "Preface.\nChapter 1 Aims\nBody.\nChapter 2 Means\nMore."
    table = sec.sections("x", text, rules)
    assert table["ref"].tolist() == ["front", "ch1", "ch2"]
    assert_well_formed(table, text)
    assert sec.sections("x", "   ", rules).empty


def test_parse_number():
    assert parse_number("XIV") == 14
    assert parse_number("(十)") == 10
    assert parse_number("二十一") == 21
    assert parse_number("Fourthly") == 4
    assert parse_number("10)") == 10
    assert parse_number("abc") is None


def test_abbreviations():
    text = (
        "Dr. Li said the plan covers e.g. data centres and i.e. racks, etc. "
        "It costs approx. 5 billion. Phase No. 2 starts later. Done!"
    )
    got = sent.sentences(text, "en")["text"].tolist()
    assert got == [
        "Dr. Li said the plan covers e.g. data centres and i.e. racks, etc.",
        "It costs approx. 5 billion.",
        "Phase No. 2 starts later.",
        "Done!",
    ]


def test_bad_language_is_named():
    with pytest.raises(ParameterError, match="language"):
        sent.sentences("x", "fr")


def test_clause_at_rejects_offsets_outside_the_text():
    with pytest.raises(ParameterError, match="offset"):
        cl.clause_at("abc.", 10, "en")


# ---------------------------------------------------------------------------
# Numerals


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("三十", 30),
        ("四十萬", 4e5),
        ("萬億", 1e12),
        ("兩千〇五十", 2050),
        ("两千零五十", 2050),
        ("一百零五", 105),
        ("一百〇五", 105),
        ("十二", 12),
        ("三億五千萬", 3.5e8),
    ],
)
def test_zh_value_reads_traditional_and_simplified(written, value):
    assert zh_value(written) == value


def _zh_reading(n: int, two: str, zero: str) -> str:
    """A number below 10,000 as written in Chinese, for the property test."""
    digits = "〇一二三四五六七八九"
    out, pending_zero = "", False
    for unit, place in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // unit % 10
        if d == 0:
            pending_zero = bool(out)
            continue
        if pending_zero:
            out += zero
            pending_zero = False
        out += (two if d == 2 and place in "千百" else digits[d]) + place
    return out


@given(
    n=hyp.integers(min_value=1, max_value=9999),
    two=hyp.sampled_from(["二", "兩", "两"]),
    zero=hyp.sampled_from(["零", "〇"]),
)
def test_zh_value_round_trips(n, two, zero):
    assert zh_value(_zh_reading(n, two, zero)) == n


def test_english_number_words():
    assert en_words_value("twenty-five") == 25
    assert en_words_value("a") == 1
    assert en_magnitude("hundred million") == 1e8
    assert parse_number("Secondly") == 2
    assert parse_number("Twelfth") == 12
    assert parse_number("(兩)") == 2


# ---------------------------------------------------------------------------
# Rules as data


def test_rules_apply_only_when_their_condition_holds():
    rules = (
        sec.Rule("paragraph", 1, r"(?:\A|\n[^\S\n]*\n)\s*(?P<head>\S)", "p{n}", when="blank_lines"),
        sec.Rule("line", 1, r"^[^\S\n]*(?P<head>\S)", "l{n}", when="no_blank_lines"),
    )
    assert sec.sections("x", "a\n\nb\nc", rules)["ref"].tolist() == ["p1", "p2"]
    assert sec.sections("x", "a\nb\nc", rules)["ref"].tolist() == ["l1", "l2", "l3"]
    with pytest.raises(ParameterError, match="when"):
        sec.Rule("x", 1, "x", "x", when="sometimes")


def test_a_new_document_gets_the_default_rules_of_its_language():
    en = rules_for("a-new-plan", "en")
    zh = rules_for("a-new-plan", "zh-Hant")
    assert en and zh
    assert rules_for("smartcity-2011-2013-en", "zh") != en
    table = document_sections("a-new-plan", "第一章 總則\n\n一、目標\n\n建成。")
    assert table["ref"].tolist() == ["ch1", "ch1.pt1", "p1"]


def _rewrite_rules(root, line: int, **fields) -> None:
    path = root / "data" / "section_rules.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for field, value in fields.items():
        frame.loc[line - 2, field] = value
    frame.to_csv(path, index=False)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"pattern": "^(?P<num>[IVX+)"}, r"line 5, field 'pattern': .* not a valid regular"),
        ({"within": "part(\\d"}, r"line 5, field 'within': .* not a valid regular"),
        ({"ref": "ch{m}"}, r"line 5, field 'ref': .* format string"),
        ({"language": "en"}, r"line 5, field 'source_id': give either"),
        ({"scope": "volume"}, r"line 5, field 'scope': unknown scope 'volume'"),
        ({"source_id": "no-such-doc"}, r"line 5, field 'source_id': unknown source_id"),
        ({"label": "page"}, r"line 5, field 'label'"),
    ],
)
def test_a_bad_rule_names_file_line_and_field(project_copy, fields, message):
    _rewrite_rules(project_copy, 5, **fields)
    with pytest.raises(DataFileError, match=message) as caught:
        section_rules()
    assert "section_rules.csv" in str(caught.value)


def test_rules_need_defaults_for_every_language(project_copy):
    path = project_copy / "data" / "section_rules.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame[frame["language"] != "zh"].to_csv(path, index=False)
    with pytest.raises(DataFileError, match="no default rules for language 'zh'"):
        section_rules()


@hyp.composite
def _nested_sections(draw):
    """A random tree of sections over 0..n, in a shuffled row order."""
    rows = []

    def split(start, end, parent, level, prefix):
        cuts = (
            sorted(draw(hyp.sets(hyp.integers(start + 1, end - 1), max_size=3)))
            if end - start > 1
            else []
        )
        bounds = [start, *cuts, end]
        for i, (low, high) in enumerate(zip(bounds, bounds[1:], strict=False)):
            if level > 1 and draw(hyp.booleans()):
                continue  # a gap: offsets there belong to the parent
            ref = f"{prefix}{i}"
            rows.append(
                {"ref": ref, "parent_ref": parent, "level": level, "start": low, "end": high}
            )
            if level < 4:
                split(low, high, ref, level + 1, f"{ref}.")

    n = draw(hyp.integers(1, 60))
    split(0, n, "", 1, "s")
    order = draw(hyp.permutations(range(len(rows))))
    return n, pd.DataFrame([rows[i] for i in order])


@given(_nested_sections())
def test_deepest_sections_finds_the_innermost_holder_in_any_row_order(case):
    n, table = case
    offsets = list(range(-1, n + 2))
    found = section_lookup.deepest_sections(table, offsets)
    as_lists = section_lookup.deepest_sections(
        {c: table[c].tolist() for c in table.columns}, offsets
    )
    assert found.tolist() == as_lists.tolist()
    for offset, position in zip(offsets, found.tolist(), strict=True):
        holders = table[(table["start"] <= offset) & (offset < table["end"])]
        if holders.empty:
            assert position == -1
        else:
            assert position == int(holders["level"].idxmax())
