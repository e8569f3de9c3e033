"""Han ideographs: what counts as written in Chinese."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newinfra.core.display import HAN_CHARACTERS, has_han, is_han


def test_han_ideographs_and_not_punctuation_or_latin():
    assert is_han("一") and is_han("鿿") and is_han("網")
    assert not any(is_han(c) for c in "，。、（）Ａa5　")
    assert has_han("Lanxi 澜溪区") and not has_han("Northmere，")


@given(st.text(max_size=30))
def test_the_character_class_and_the_functions_agree(text):
    pattern = re.compile(f"[{HAN_CHARACTERS}]")
    assert has_han(text) == bool(pattern.search(text))
    assert [is_han(c) for c in text] == [bool(pattern.fullmatch(c)) for c in text]
