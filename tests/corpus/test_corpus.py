"""The shipped seed corpus: its manifest, checksums, plans, texts and mentions.

These tests describe the shipped seeds and curated data: adding a plan or
editing data/ moves the numbers below, and these tests say which.
The errors a broken seed or manifest gets are in tests/unit/test_seed_errors.py.
"""

from __future__ import annotations

import hashlib

import pytest
from conftest import REPO

import newinfra as ni

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_sources_has_one_verified_row_per_seed():
    sources = ni.sources()
    assert list(sources.columns[:7]) == [
        "source_id",
        "file",
        "sha256",
        "plan_id",
        "language",
        "doc_type",
        "published",
    ]
    assert len(sources) == 5
    for row in sources.itertuples():
        data = (REPO / "seeds" / row.file).read_bytes()
        assert hashlib.sha256(data).hexdigest() == row.sha256


@pytest.mark.skipif(
    not SHARED_SEEDS.is_dir(), reason="the delivered seeds are not beside this checkout"
)
def test_seeds_are_byte_identical_to_the_delivered_files():
    manifest = ni.sources()
    # A plan added later names the file it was added from (or nothing, if added before
    # add-plan recorded it): only the delivered files are beside this checkout.
    named = manifest[manifest["original_name"].fillna("") != ""]
    delivered = [r for r in named.itertuples() if (SHARED_SEEDS / r.original_name).is_file()]
    assert len(delivered) >= 5
    for row in delivered:
        original = SHARED_SEEDS / row.original_name
        assert original.read_bytes() == (REPO / "seeds" / row.file).read_bytes(), row.file


def test_manifest_records_provenance():
    m = ni.sources().set_index("source_id")
    assert m.loc["newinfra-2023-2026-plan-zh", "official"] == "true"
    assert (m.drop("newinfra-2023-2026-plan-zh")["official"] == "false").all()
    assert m.loc["newinfra-2023-2026-plan-zh", "doc_number"] == "滬府〔2023〕51號"
    assert m.loc["newinfra-2023-2026-plan-zh", "language"] == "zh-Hant"
    assert m.loc["smartcity-2011-2013-en", "doc_type"] == "translation"
    assert "does not have official status" in m.loc["smartcity-2011-2013-en", "note"]
    assert set(m["doc_type"]) == {"plan_text", "translation", "press_briefing", "news"}
    assert m.loc["newinfra-2020-2022-briefing-en", "published"] == "2020-05-07"
    assert m.loc["newinfra-2023-2026-plan-zh", "published"] == "2023-09-15"
    text = ni.source_text("newinfra-2023-2026-plan-zh")
    assert m.loc["newinfra-2023-2026-plan-zh", "doc_number"] in text


def test_plans_cover_the_three_plans_and_the_context_document():
    plans = ni.plans().set_index("plan_id")
    assert list(plans.index) == [
        "smartcity-2011-2013",
        "newinfra-2020-2022",
        "newinfra-2023-2026",
        "digital-2025",
    ]
    assert plans.loc["smartcity-2011-2013", "horizon_year"] == 2013
    assert plans.loc["newinfra-2020-2022", "horizon_year"] == 2022
    assert plans.loc["newinfra-2023-2026", "horizon_year"] == 2026
    assert plans.loc["newinfra-2023-2026", "primary_source_id"] == "newinfra-2023-2026-plan-zh"
    assert plans.loc["newinfra-2020-2022", "evidence"] == "briefing_only"
    assert (plans["period_start"] <= plans["period_end"]).all()


def test_source_text_is_the_file_decoded_as_utf8():
    text = ni.source_text("newinfra-2023-2026-briefing-en")
    assert "88,000 operational 5G base stations" in text
    assert ni.source_text("newinfra-2023-2026-plan-zh").startswith("上海市人民政府")


def test_mentions_cover_every_seed_with_section_and_sentence():
    found = ni.mentions()
    assert found.groupby("source_id").size().to_dict() == {
        "smartcity-2011-2013-en": 44,
        "newinfra-2020-2022-briefing-en": 27,
        "newinfra-2023-2026-briefing-en": 25,
        "newinfra-2023-2026-plan-zh": 49,
        "digital-2025-news-en": 36,
    }
    assert found["section"].str.len().gt(0).all() and found["sentence"].notna().all()
    for row in found.itertuples():
        text = ni.source_text(row.source_id)
        assert text[row.start : row.end] == row.text
        assert row.sentence_start <= row.start < row.end <= row.sentence_end
    with pytest.raises(ni.ParameterError, match="source_id"):
        ni.mentions("nope")
