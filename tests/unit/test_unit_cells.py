"""A unit alone in a table's unit column reads as words, from data/reader_words.csv."""

from __future__ import annotations

from newinfra.inputs.reader_words import unit_cell_words, unit_words
from newinfra.present.columns import unit_text


def test_units_in_a_unit_column_read_as_words():
    assert unit_text("percent") == "%"
    assert unit_text("fraction") == "share"
    assert unit_text("CNY") == "yuan"
    assert unit_text("1/km**2") == "per km²"
    # Units named after a number read the same alone: "12 inches", "inches".
    assert unit_text("t") == "tonnes"
    assert unit_text("inch") == "inches"
    assert unit_text("percentage_point") == "percentage points"


def test_a_unit_without_words_keeps_its_name_with_powers_as_superscripts():
    assert unit_text("Gbps") == "Gbps"
    assert unit_text("m**3") == "m³"


def test_the_cell_words_only_add_to_the_words_after_a_number():
    after_a_number, alone = unit_words(), unit_cell_words()
    assert set(after_a_number) <= set(alone)
    differing = {u for u in after_a_number if after_a_number[u] != alone[u]}
    assert differing == {"fraction"}  # "(as a fraction of 1)" after a number, "share" alone


def test_every_document_type_has_its_words_long_and_short():
    from newinfra.inputs.reader_words import doc_type_words
    from newinfra.inputs.vocabulary import DOC_TYPES

    assert set(doc_type_words()) == set(DOC_TYPES) == set(doc_type_words(short=True))
    assert doc_type_words()["press_briefing"] == "press briefing"
    assert doc_type_words(short=True)["plan_text"] == "full text"
