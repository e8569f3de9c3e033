"""Table schemas of the data release, generated from dtypes, pandera models and column names."""

from __future__ import annotations

import pandas as pd
import pytest

from newinfra.present.release_schema import TABLES, field_type, foreign_keys, table_schema

BY_NAME = {t.name: t for t in TABLES}


@pytest.mark.parametrize(
    "values, expected",
    [
        (pd.Series([True, False]), "boolean"),
        (pd.Series([1, 2]), "integer"),
        (pd.Series([1, None], dtype="Int64"), "integer"),
        (pd.Series([1.5, None]), "number"),
        (pd.Series(["a", None], dtype="str"), "string"),
        (pd.Series(["<=", None], dtype=object), "string"),
        (pd.Series([None, None], dtype=object), "string"),
        (pd.Series([1.0, None, 3], dtype=object), "number"),
        (pd.Series([1, None], dtype=object), "integer"),
    ],
)
def test_field_types_follow_the_values(values, expected):
    assert field_type(values) == expected


def _references(table: str, columns: list[str]) -> dict[str, tuple[str, str]]:
    keys = foreign_keys(BY_NAME[table], columns, list(TABLES))
    return {k["fields"]: (k["reference"]["resource"], k["reference"]["fields"]) for k in keys}


def test_a_column_named_like_a_key_refers_to_the_table_it_identifies():
    refs = _references("compare", ["commitment_id", "plan_id", "previous_plan_id", "decided_by",
                                   "value", "family"])  # fmt: skip
    assert refs == {
        "commitment_id": ("commitments", "commitment_id"),
        "plan_id": ("plans", "plan_id"),
        "previous_plan_id": ("plans", "plan_id"),
        "decided_by": ("targets", "target_id"),
    }


def test_a_commitment_is_its_primary_mention_and_a_place_may_have_a_parent():
    assert _references("commitments", ["commitment_id"]) == {
        "commitment_id": ("targets", "target_id")
    }
    # "" is the table itself: a district's parent is another row of jurisdictions.
    assert _references("jurisdictions", ["jurisdiction_id", "parent_id"]) == {
        "parent_id": ("", "jurisdiction_id")
    }


def test_no_reference_to_a_table_the_release_leaves_out():
    present = [t for t in TABLES if t.name != "domains"]
    keys = foreign_keys(BY_NAME["metrics"], ["metric_id", "domain"], present)
    assert keys == []


def test_schema_of_a_modelled_table_carries_its_meanings_and_checks():
    frame = pd.DataFrame(
        {
            "source_id": pd.Series(["s1"], dtype="str"),
            "published": pd.Series(["2023-10-20"], dtype="str"),
            "doc_type": pd.Series(["news"], dtype="str"),
            "plan_id": pd.Series(["p1"], dtype="str"),
            "extra": pd.Series([3.5]),
        }
    )
    schema = table_schema(BY_NAME["sources"], frame, list(TABLES))
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["source_id"]
    assert fields["source_id"]["constraints"] == {"required": True, "unique": True}
    assert fields["published"]["type"] == "date"
    assert "press_briefing" in fields["doc_type"]["constraints"]["enum"]
    assert fields["doc_type"]["description"] == "What kind of text it is"
    assert fields["extra"] == {"name": "extra", "title": "Extra", "type": "number"}
    assert schema["foreignKeys"] == [
        {"fields": "plan_id", "reference": {"resource": "plans", "fields": "plan_id"}}
    ]


def test_units_are_fixed_or_named_by_another_column():
    frame = pd.DataFrame({"target_id": ["t"], "horizon_year": [2026], "value_std": [1.0],
                          "unit_std": ["count"], "cagr": [0.1]})  # fmt: skip
    fields = {f["name"]: f for f in table_schema(BY_NAME["targets"], frame, [])["fields"]}
    assert fields["horizon_year"]["unit"] == "year"
    assert fields["value_std"]["unitField"] == "unit_std"
    assert fields["cagr"]["unit"] == "fraction per year"
    assert "unit" not in fields["unit_std"] and "unitField" not in fields["unit_std"]


def test_every_table_has_one_key_and_a_distinct_name():
    assert len({t.name for t in TABLES}) == len(TABLES)
    assert all(t.primary_key and t.title and t.description for t in TABLES)
