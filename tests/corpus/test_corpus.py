"""Seed corpus: manifest, checksums, plans, and the errors for broken seeds."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest
from conftest import REPO

import newinfra as ni
from newinfra.core.errors import DataFileError, SeedError

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
    for row in manifest.itertuples():
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


def test_unknown_source_id_lists_the_valid_ones():
    with pytest.raises(ni.ParameterError) as err:
        ni.source_text("no-such-source")
    assert "source_id" in str(err.value) and "smartcity-2011-2013-en" in str(err.value)


def test_missing_seed_names_the_file_and_the_expected_checksum(project_copy: Path):
    seed = project_copy / "seeds" / "digital-2025-news-en.txt"
    expected = hashlib.sha256(seed.read_bytes()).hexdigest()
    seed.unlink()
    with pytest.raises(SeedError) as err:
        ni.sources()
    assert "digital-2025-news-en.txt" in str(err.value) and "missing" in str(err.value)
    assert expected in str(err.value)


def test_altered_seed_is_refused_with_both_checksums(project_copy: Path):
    seed = project_copy / "seeds" / "newinfra-2020-2022-briefing-en.txt"
    original = seed.read_bytes()
    expected = hashlib.sha256(original).hexdigest()
    seed.write_bytes(original.replace(b"120,000", b"130,000"))
    with pytest.raises(SeedError) as err:
        ni.source_text("newinfra-2020-2022-briefing-en")
    message = str(err.value)
    assert "newinfra-2020-2022-briefing-en.txt" in message and expected in message
    assert hashlib.sha256(seed.read_bytes()).hexdigest() in message


def test_unreadable_seed_is_a_clear_error(project_copy: Path):
    seed = project_copy / "seeds" / "digital-2025-news-en.txt"
    seed.unlink()
    seed.mkdir()
    with pytest.raises(SeedError, match="is not a file"):
        ni.source_text("digital-2025-news-en")


def test_non_utf8_seed_is_a_clear_error(project_copy: Path):
    seed = project_copy / "seeds" / "digital-2025-news-en.txt"
    data = "Shanghai 上海".encode("gb18030")
    seed.write_bytes(data)
    manifest_path = project_copy / "seeds" / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
    manifest.loc[manifest["source_id"] == "digital-2025-news-en", "sha256"] = hashlib.sha256(
        data
    ).hexdigest()
    manifest.to_csv(manifest_path, index=False)
    with pytest.raises(SeedError, match="not UTF-8"):
        ni.source_text("digital-2025-news-en")


def test_broken_manifest_row_names_file_line_and_field(project_copy: Path):
    manifest_path = project_copy / "seeds" / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
    manifest.loc[2, "doc_type"] = "blog"
    manifest.to_csv(manifest_path, index=False)
    with pytest.raises(DataFileError) as err:
        ni.sources()
    message = str(err.value)
    assert (
        "manifest.csv" in message
        and "line 4" in message
        and "doc_type" in message
        and "blog" in message
    )


def test_manifest_missing_column_is_named(project_copy: Path):
    manifest_path = project_copy / "seeds" / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
    manifest.drop(columns=["sha256"]).to_csv(manifest_path, index=False)
    with pytest.raises(DataFileError, match="missing column.*sha256"):
        ni.sources()


def test_manifest_plan_must_exist(project_copy: Path):
    manifest_path = project_copy / "seeds" / "manifest.csv"
    manifest = pd.read_csv(manifest_path, dtype=str, keep_default_na=False)
    manifest.loc[0, "plan_id"] = "smartcity-2099"
    manifest.to_csv(manifest_path, index=False)
    with pytest.raises(DataFileError) as err:
        ni.sources()
    assert "line 2" in str(err.value) and "smartcity-2011-2013" in str(err.value)


def test_dataset_version_changes_with_the_data(project_copy: Path):
    before = ni.dataset_version()
    assert before.startswith(ni.__version__ + "+data.")
    plans = project_copy / "data" / "plans.csv"
    plans.write_text(plans.read_text().replace("Context only", "Context"))
    assert ni.dataset_version() != before


def test_root_must_be_a_project(tmp_path: Path):
    with pytest.raises(ni.NewinfraError, match="manifest.csv"):
        ni.set_root(tmp_path)


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
