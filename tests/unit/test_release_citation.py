"""CITATION.cff is valid Citation File Format 1.2.0 and agrees with the package's metadata.

The schema (tests/data/cff-1.2.0.schema.json) is the Citation File Format's own
JSON schema for version 1.2.0, as cffconvert ships it (CC-BY-4.0). cffconvert
itself cannot be installed beside Jupyter (it pins jsonschema < 4), so the file
is validated with jsonschema, as cffconvert does.
"""

from __future__ import annotations

import copy
import json
import tomllib

import jsonschema
import pytest
import yaml
from conftest import REPO

import newinfra as ni

SCHEMA = json.loads((REPO / "tests" / "data" / "cff-1.2.0.schema.json").read_text("utf-8"))


def _citation() -> dict:
    # CFF is YAML; dates would be read as date objects, but this file has none.
    return yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))


def _errors(document: dict) -> list[str]:
    validator = jsonschema.Draft7Validator(SCHEMA)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def test_citation_file_is_valid_cff_1_2_0():
    citation = _citation()
    assert citation["cff-version"] == "1.2.0"
    assert _errors(citation) == []


@pytest.mark.parametrize(
    "break_it",
    [
        lambda c: c.pop("authors"),
        lambda c: c.update(type="book"),
        lambda c: c["preferred-citation"].update(type="dataset-ish"),
        lambda c: c.update(version=[1]),
    ],
    ids=["no-authors", "bad-type", "bad-reference-type", "version-not-text"],
)
def test_the_schema_check_catches_a_broken_citation(break_it):
    citation = copy.deepcopy(_citation())
    break_it(citation)
    assert _errors(citation)


def test_citation_names_the_software_and_the_dataset_as_the_package_does():
    citation = _citation()
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert citation["type"] == "software"
    assert citation["version"] == ni.__version__ == project["version"]
    assert citation["license"] == project["license"]
    assert citation["title"] == f"newinfra: {project['description']}"
    assert [a["name"] for a in citation["authors"]] == [a["name"] for a in project["authors"]]
    dataset = citation["preferred-citation"]
    assert dataset["type"] == "data"
    assert dataset["title"] == citation["title"]
    assert dataset["version"] == ni.__version__
