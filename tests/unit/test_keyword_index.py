"""The keyword index lists the keywords a span holds exactly as testing each keyword would."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.ledger.metric_match import Keyword, KeywordIndex

# Letters that fold to themselves, to another letter (A to a), or to two letters (ß to ss).
ALPHABET = "aAbB基站 ßİ5"


def _keyword(word: str) -> Keyword:
    return Keyword("m", word, re.compile(re.escape(word), re.IGNORECASE), word.casefold())


def _held_plainly(keywords, text: str, lo: int, hi: int) -> list:
    haystack = text[lo:hi].casefold()
    return [k for k in keywords if k.folded in haystack]


@settings(max_examples=200, deadline=None)
@given(
    st.text(ALPHABET, max_size=40),
    st.lists(st.text(ALPHABET, min_size=1, max_size=3), min_size=1, max_size=8),
    st.data(),
)
def test_index_holds_what_a_substring_test_finds(text, words, data):
    keywords = [_keyword(w) for w in words]
    index = KeywordIndex(text, keywords)
    among = [k for k in keywords if data.draw(st.booleans())]
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    held = index.held(among, lo, hi)
    if held is None:  # folding changed the text's length: the caller tests plainly
        assert len(text.casefold()) != len(text)
    else:
        assert held == _held_plainly(among, text, lo, hi)


def test_index_refuses_keywords_it_was_not_built_with():
    index = KeywordIndex("5G基站 and 5G基站", [_keyword("5G基站")])
    assert index.held([_keyword("5G基站")], 0, 10) is None
