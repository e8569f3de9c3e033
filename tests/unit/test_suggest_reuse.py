"""What the suggester reads once for many figures gives what reading it for each figure gave.

The clauses of many offsets, the keywords of a scope, a clause's commitment and
a sentence's year phrases are kept for the figures that share them; each is
checked here against reading it afresh.
"""

from __future__ import annotations

import re

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.curate import metric_match, suggest_rules
from newinfra.inputs import curation
from newinfra.ledger.wording import commitment_at, compile_terms
from newinfra.text.clauses import clause_at, clauses_at

_PIECES = [
    "建設5G基站3萬個",
    "，",
    "；",
    "。",
    "力爭",
    "到2027年",
    "(含專用)",
    "數據中心",
    "5g基站",
    " ",
    "\n",
    "Edge computing nodes",
    "edge  computing to 120 nodes",
    ", ",
    ". ",
    "strive to build 40",
]
_TEXTS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30).map("".join)


@settings(max_examples=60, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]))
def test_the_clauses_of_many_offsets_are_those_of_each(text, language):
    offsets = list(range(len(text)))
    assert clauses_at(text, offsets, language) == [clause_at(text, o, language) for o in offsets]


def _found_afresh(text, keywords, lo, hi):
    """The keywords of text[lo:hi] and their spans, searched for one by one."""
    haystack = text[lo:hi].casefold()
    return [
        (k, [m.span() for m in k.pattern.finditer(text, lo, hi)])
        for k in keywords
        if k.folded in haystack
    ]


def _loose_afresh(text, keywords, lo, hi):
    haystack = text[lo:hi].casefold()
    return [
        k
        for k in keywords
        if k.folded[:2] in haystack and k.folded[-2:] in haystack and k.folded not in haystack
    ]


@settings(max_examples=60, deadline=None)
@given(_TEXTS, st.sampled_from(["en", "zh"]), st.data())
def test_a_scope_holds_the_keywords_a_search_of_each_finds(text, language, data):
    keywords = metric_match.compile_keywords(curation.metrics(), language)
    some = keywords[::3]
    finder = metric_match.KeywordFinder(text, keywords)
    for _ in range(4):  # scopes asked again read what was found
        lo = data.draw(st.integers(0, len(text)))
        hi = data.draw(st.integers(lo, len(text)))
        assert finder.matches(lo, hi, keywords) == _found_afresh(text, keywords, lo, hi)
        assert finder.matches(lo, hi, some) == _found_afresh(text, some, lo, hi)
        assert finder.loose(lo, hi, some) == _loose_afresh(text, some, lo, hi)


def test_a_keyword_of_two_metrics_is_found_for_both_in_catalogue_order():
    catalogue = pd.DataFrame(
        {"metric_id": ["a", "b"], "keywords_en": ["base stations", "Base Stations"]}
    )
    keywords = metric_match.compile_keywords(catalogue, "en")
    text = "Build 300 BASE STATIONS."
    found = metric_match.KeywordFinder(text, keywords).matches(0, len(text), keywords)
    assert [(k.metric_id, spans) for k, spans in found] == [("a", [(10, 23)]), ("b", [(10, 23)])]


def test_a_clause_read_again_has_the_same_commitment():
    terms = compile_terms()
    text = "力爭建設5G基站3萬個，數據中心10個；試點建設算力中心2個。"
    said: dict[str, str] = {}
    for match in re.finditer(r"\d+", text):
        offset = match.start()
        kept = commitment_at(text, offset, "zh", terms, clause_at(text, offset, "zh"), said)
        assert kept == commitment_at(text, offset, "zh", terms)
    assert set(said.values()) == {"strive", "firm", "pilot"}


def test_year_phrases_kept_for_a_sentence_are_handed_out_as_new_lists():
    rules = suggest_rules.compile_rules(curation.suggest_rules(), "zh")
    text = "到2027年底建成5G基站3萬個，2025年達到2萬個。"
    first = suggest_rules.year_phrases(rules, text, 0, len(text))
    first.clear()
    again = suggest_rules.year_phrases(rules, text, 0, len(text))
    assert [year for _, _, year in again] == [2027, 2025]
