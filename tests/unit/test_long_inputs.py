"""Long and hostile inputs: extraction and sections stay linear, sentences stay short.

The one timed assertion of the suite lives here. It compares two timings taken
side by side (a digit run against prose of the same length), so it catches a
quadratic pattern, not a slow machine.
"""

from __future__ import annotations

import time

import pytest
from conftest import add_news_seed

from newinfra.inputs.section_rules import document_sections
from newinfra.ledger.mentions import source_mentions
from newinfra.text.quantities import extract_quantities
from newinfra.text.sentences import SENTENCE_REACH, sentence_spans, sentence_window, sentences

PROSE = "The city will build networks, data centres and charging points for its residents. "


def _best_time(text: str, repeats: int = 5) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        extract_quantities(text)
        best = min(best, time.perf_counter() - began)
    return best


@pytest.mark.parametrize("digit", ["1", "１"], ids=["ascii", "full-width"])
def test_a_long_digit_run_costs_about_what_prose_does(digit):
    # A quadratic pattern took 3.5 s on 10,000 digits and 55 s on 40,000.
    n = 30_000
    prose = (PROSE * (n // len(PROSE) + 1))[:n]
    ratio = _best_time(digit * n) / _best_time(prose)
    assert ratio < 10, f"{n} digits took {ratio:.1f}x as long as {n} characters of prose"


def test_a_long_digit_run_is_one_figure():
    found = extract_quantities("１" * 5_000 + " units")
    assert len(found) == 1 and found["end"].iloc[0] == 5_000


# ---------------------------------------------------------------------------
# Sentences


def test_a_short_sentence_is_kept_whole():
    text = "Intro. By 2026, build 3,000 sites, and more. End."
    sentence, figure = (7, 44), (22, 27)
    assert sentence_window(text, sentence, figure) == sentence


def test_a_sentence_without_breaks_is_cut_near_the_reach_at_a_boundary():
    words = " ".join(f"word{i}, more" for i in range(20_000))
    text = words + " with 3,000 sites " + words
    figure_start = text.index("3,000")
    figure = (figure_start, figure_start + len("3,000 sites"))
    start, end = sentence_window(text, (0, len(text)), figure)
    assert figure_start - SENTENCE_REACH <= start < figure_start
    assert figure[1] < end <= figure[1] + SENTENCE_REACH
    assert text[start - 2 : start] == ", " and text[end - 1] == ","  # cut after a comma
    assert not text[start].isspace() and not text[end - 1].isspace()


def test_a_cut_without_any_boundary_keeps_the_reach():
    text = "甲" * 10_000 + "3萬個" + "乙" * 10_000
    figure = (10_000, 10_003)
    start, end = sentence_window(text, (0, len(text)), figure, reach=100)
    assert (start, end) == (10_000 - 100, 10_003 + 100)


def test_a_five_megabyte_line_has_its_sentences():
    line = PROSE * 62_000  # no line break; each full stop is read where it stands
    assert len(line) > 5_000_000
    assert len(sentence_spans(line, "en")) == 62_000
    assert len(sentence_spans(line.replace(".", ";"), "en")) == 1
    assert len(sentences("No. 1 is here. " * 10_000, "en")) == 10_000


def test_mentions_of_a_text_without_breaks_carry_a_window(project_copy):
    text = ("在全市建設數據中心，部署3萬個基站，" * 2_000) + "。"
    add_news_seed(project_copy, "long-2024-zh", text, "zh-Hant")
    found = source_mentions("long-2024-zh")
    assert len(found) == 2_000
    lengths = found["sentence_end"] - found["sentence_start"]
    assert lengths.max() <= 2 * SENTENCE_REACH + 10
    row = found.iloc[1_000]
    assert row["sentence_start"] <= row["start"] and row["end"] <= row["sentence_end"]
    assert row["sentence"] == text[row["sentence_start"] : row["sentence_end"]]


def test_sections_of_a_text_ending_in_a_long_blank_run():
    # the paragraph rule once rescanned the rest of a whitespace run from each newline
    text = "Title\n\nFirst paragraph.\n\nSecond paragraph." + "\n" * 200_000
    table = document_sections("a-new-plan", text)
    assert table["label"].tolist() == ["¶1", "¶2", "¶3"]
