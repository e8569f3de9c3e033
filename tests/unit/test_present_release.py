"""The data package of the made-up project: its files, descriptor, values and safety rules."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

import newinfra as ni
from newinfra.core.errors import NewinfraError
from newinfra.core.exits import OutputError
from newinfra.present.citation import figure_citation
from newinfra.present.release import is_release, write_release
from newinfra.present.release_schema import DESCRIPTOR

TABLES = ["targets", "commitments", "compare", "scorecard", "peers", "plans", "jurisdictions",
          "sources", "metrics", "domains", "families"]  # fmt: skip


@pytest.fixture(scope="module")
def release(made_up_root, as_of, tmp_path_factory):
    with ni.using_root(made_up_root):
        return write_release(tmp_path_factory.mktemp("release") / "data", as_of=as_of)


def _descriptor(folder) -> dict:
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))


def test_every_table_is_a_resource_in_csv_and_parquet_with_its_checksum(release):
    descriptor = _descriptor(release)
    assert [r["name"] for r in descriptor["resources"]] == TABLES
    for resource in descriptor["resources"]:
        csv_bytes = (release / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(csv_bytes).hexdigest()
        assert resource["bytes"] == len(csv_bytes)
        assert (release / resource["parquet"]["path"]).stat().st_size == resource["parquet"][
            "bytes"
        ]
    assert is_release(release)


def test_the_descriptor_dates_the_verdicts_and_lists_the_sources(release, as_of):
    descriptor = _descriptor(release)
    assert descriptor["as_of"] == as_of
    assert [s["source_id"] for s in descriptor["sources"]] == [
        "city-a-en",
        "city-b-en",
        "city-c-en",
        "city-outlook-en",
        "city-b-briefing",
        "lanxi-a-en",
    ]
    compare = next(r for r in descriptor["resources"] if r["name"] == "compare")
    fields = [f["name"] for f in compare["schema"]["fields"]]
    assert fields == list(pd.read_csv(release / "compare.csv", nrows=0).columns)


def test_the_compare_table_reads_back_with_its_verdicts_in_csv_and_parquet(release):
    for frame in (
        pd.read_csv(release / "compare.csv"),
        pd.read_parquet(release / "compare.parquet"),
    ):
        met = frame[(frame["plan_id"] == "city-a") & (frame["metric_id"] == "5g_base_stations")]
        met = met[met["kind"] == "target"]
        assert met[["value_std", "verdict", "decided_by_year"]].values.tolist() == [
            [10_000.0, "met", 2020]
        ]
    scorecard = pd.read_csv(release / "scorecard.csv")
    assert len(scorecard) == 9


def test_a_release_replaces_an_earlier_one_but_no_other_folder(made_up, as_of, tmp_path):
    first = write_release(tmp_path / "data", as_of=as_of)
    again = write_release(first, as_of="2030-01-01")
    assert _descriptor(again)["as_of"] == "2030-01-01"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]
    other = tmp_path / "notes"
    other.mkdir()
    (other / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="not a data package written by newinfra"):
        write_release(other, as_of=as_of)
    assert [p.name for p in other.iterdir()] == ["mine.txt"]
    afile = tmp_path / "a-file"
    afile.write_text("", encoding="utf-8")
    with pytest.raises(OutputError, match="not a folder"):
        write_release(afile, as_of=as_of)


def test_a_figure_citation_names_its_document_quote_and_sentence(made_up):
    target_id = ni.targets().query("plan_id == 'city-b' and metric_id == 'idc_racks'")["target_id"]
    briefing = [t for t in target_id if t.startswith("city-b-briefing:")][0]
    citation = figure_citation(briefing).splitlines()
    assert citation[0].startswith("Made-up Government, Made-up Plan B, 2021-02-01")
    assert '"40,000"' in citation[0]
    assert citation[1] == "Sentence: By the end of 2023, item B will reach 40,000."


def test_an_unknown_figure_is_refused_with_the_nearest_ids(made_up):
    with pytest.raises(NewinfraError, match="did you mean city-a-en:67-73"):
        figure_citation("city-a-en:67-74")
