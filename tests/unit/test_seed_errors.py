"""Seeds and their manifest: the errors a missing, altered or unreadable seed gets."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd
import pytest

import newinfra as ni
from newinfra.core.errors import DataFileError, SeedError

SEED = "synthetic-0001-en"


def _manifest(root: Path) -> tuple[Path, pd.DataFrame]:
    path = root / "seeds" / "manifest.csv"
    return path, pd.read_csv(path, dtype=str, keep_default_na=False)


def test_unknown_source_id_lists_the_valid_ones(synthetic_project: Path):
    with pytest.raises(ni.ParameterError) as err:
        ni.source_text("no-such-source")
    assert "source_id" in str(err.value) and "synthetic-0000-en" in str(err.value)


def test_missing_seed_names_the_file_and_the_expected_checksum(synthetic_project: Path):
    seed = synthetic_project / "seeds" / f"{SEED}.txt"
    expected = hashlib.sha256(seed.read_bytes()).hexdigest()
    seed.unlink()
    with pytest.raises(SeedError) as err:
        ni.sources()
    assert f"{SEED}.txt" in str(err.value) and "missing" in str(err.value)
    assert expected in str(err.value)


def test_altered_seed_is_refused_with_both_checksums(synthetic_project: Path):
    seed = synthetic_project / "seeds" / f"{SEED}.txt"
    original = seed.read_bytes()
    expected = hashlib.sha256(original).hexdigest()
    seed.write_bytes(original.replace(b"10-Gigabit", b"25-Gigabit"))
    with pytest.raises(SeedError) as err:
        ni.source_text(SEED)
    message = str(err.value)
    assert f"{SEED}.txt" in message and expected in message
    assert hashlib.sha256(seed.read_bytes()).hexdigest() in message


def test_unreadable_seed_is_a_clear_error(synthetic_project: Path):
    seed = synthetic_project / "seeds" / f"{SEED}.txt"
    seed.unlink()
    seed.mkdir()
    with pytest.raises(SeedError, match="is not a file"):
        ni.source_text(SEED)


def test_non_utf8_seed_is_a_clear_error(synthetic_project: Path):
    seed = synthetic_project / "seeds" / f"{SEED}.txt"
    data = "Shanghai 上海".encode("gb18030")
    seed.write_bytes(data)
    path, manifest = _manifest(synthetic_project)
    manifest.loc[manifest["source_id"] == SEED, "sha256"] = hashlib.sha256(data).hexdigest()
    manifest.to_csv(path, index=False)
    with pytest.raises(SeedError, match="not UTF-8"):
        ni.source_text(SEED)


def test_broken_manifest_row_names_file_line_and_field(synthetic_project: Path):
    path, manifest = _manifest(synthetic_project)
    manifest.loc[1, "doc_type"] = "blog"
    manifest.to_csv(path, index=False)
    with pytest.raises(DataFileError) as err:
        ni.sources()
    message = str(err.value)
    assert all(part in message for part in ("manifest.csv", "line 3", "doc_type", "blog"))


def test_manifest_missing_column_is_named(synthetic_project: Path):
    path, manifest = _manifest(synthetic_project)
    manifest.drop(columns=["sha256"]).to_csv(path, index=False)
    with pytest.raises(DataFileError, match="missing column.*sha256"):
        ni.sources()


def test_manifest_plan_must_exist(synthetic_project: Path):
    path, manifest = _manifest(synthetic_project)
    manifest.loc[0, "plan_id"] = "synthetic-2099"
    manifest.to_csv(path, index=False)
    with pytest.raises(DataFileError) as err:
        ni.sources()
    assert "line 2" in str(err.value) and "synthetic-0000" in str(err.value)


def test_dataset_version_changes_with_the_data(synthetic_project: Path):
    before = ni.dataset_version()
    assert before.startswith(ni.__version__ + "+data.")
    assert len(before.split(".")[-1]) == 12
    plans = synthetic_project / "data" / "plans.csv"
    plans.write_text(plans.read_text().replace("District A ", "District Alpha "))
    assert ni.dataset_version() != before


def test_root_must_be_a_project(tmp_path: Path):
    with pytest.raises(ni.NewinfraError, match="manifest.csv"):
        ni.set_root(tmp_path)


def test_a_seed_without_original_name_loads_and_add_plan_records_the_name(
    synthetic_project: Path, tmp_path: Path
):
    from newinfra.cli import main as cli

    # Synthetic seeds, like plans added before add-plan recorded it, have no original name.
    assert (ni.sources()["original_name"].fillna("") == "").all()
    assert ni.source_text(SEED)
    text = tmp_path / "Plan as delivered.txt"
    text.write_text("Delta District Digital Plan (2025-2027)\n\nBuild 300 smart poles.\n")
    status = cli(
        ["add-plan", str(text), "--plan-id", "delta-2025-2027", "--jurisdiction", "delta",
         "--jurisdiction-name", "Delta", "--level", "city", "--period", "2025-2027",
         "--language", "en", "--published", "2025-01-01", "--title-en", "Delta plan"]
    )  # fmt: skip
    assert status == 0
    added = ni.sources().set_index("source_id").loc["delta-2025-2027-en"]
    assert added["original_name"] == "Plan as delivered.txt"
