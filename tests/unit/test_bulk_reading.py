"""Reading every seed at once gives what reading each seed alone gives.

The ledger reads all seeds in one pass (section rows and mention columns as
plain lists, one table at the end); the per-document functions build a table
per document. Both must agree row for row, dtype for dtype.
"""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import add_news_seed

import newinfra as ni
from newinfra.inputs import corpus
from newinfra.inputs.section_rules import (
    document_sections,
    seed_section_columns,
    seed_section_refs,
    seed_sections,
)
from newinfra.ledger.mentions import source_mentions


@pytest.fixture(params=["synthetic", "shipped"])
def any_project(request):
    yield request.getfixturevalue(
        "synthetic_project" if request.param == "synthetic" else "project_copy"
    )


def test_seed_sections_match_each_document_read_alone(any_project):
    columns = seed_section_columns()
    for source_id in corpus.source_ids():
        alone = document_sections(source_id, corpus.source_text(source_id))
        pd.testing.assert_frame_equal(seed_sections(source_id), alone)
        assert columns[source_id] == {c: alone[c].tolist() for c in alone.columns}
        assert seed_section_refs()[source_id] == alone["ref"].tolist()


def test_all_mentions_match_each_seed_read_alone(any_project):
    every = ni.mentions()
    alone = pd.concat([source_mentions(s) for s in corpus.source_ids()], ignore_index=True)
    pd.testing.assert_frame_equal(every, alone)
    for source_id in corpus.source_ids():
        pd.testing.assert_frame_equal(ni.mentions(source_id), source_mentions(source_id))


@pytest.mark.parametrize("text", ["\n\n   \n", "Nothing here is counted.", "部署3萬個基站"])
def test_a_seed_with_few_sections_or_figures_reads_the_same_both_ways(project_copy, text):
    add_news_seed(project_copy, "few-2024-en", text, "en")
    alone = document_sections("few-2024-en", text)
    pd.testing.assert_frame_equal(seed_sections("few-2024-en"), alone)
    found = ni.mentions("few-2024-en")
    pd.testing.assert_frame_equal(found, source_mentions("few-2024-en"))
    assert len(found) == (1 if "3萬" in text else 0)
    assert found.dtypes.equals(ni.mentions().dtypes)
