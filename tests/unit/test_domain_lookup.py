"""Which crosswalk row gives a figure its domain: the deepest section, then a metric's own row."""

from __future__ import annotations

import pandas as pd
import pytest

from newinfra.ledger.build import _domain_lookup

COLUMNS = ["source_id", "section_ref", "metric_id", "domain_native", "domain"]


def _lookup(*rows):
    return _domain_lookup(pd.DataFrame(list(rows), columns=COLUMNS))


@pytest.mark.parametrize(
    ("section_refs", "metric_id", "expected"),
    [
        ("1 1.2", "racks", ("deep", "computing")),
        ("1", "racks", ("top, racks", "computing")),
        ("1", "bandwidth", ("top", "network")),
        ("2", "bandwidth", ("whole", "governance")),
        ("", "bandwidth", ("whole", "governance")),
    ],
)
def test_the_deepest_section_wins_then_a_metric_s_own_row(section_refs, metric_id, expected):
    lookup = _lookup(
        ("plan", "*", None, "whole", "governance"),
        ("plan", "1", None, "top", "network"),
        ("plan", "1", "racks", "top, racks", "computing"),
        ("plan", "1.2", None, "deep", "computing"),
        ("other", "1.2", None, "another source", "network"),
    )
    assert lookup("plan", section_refs, metric_id) == expected


def test_of_two_equal_rows_the_earlier_in_the_file_wins():
    lookup = _lookup(
        ("plan", "1", None, "first", "network"),
        ("plan", "1", None, "second", "computing"),
    )
    assert lookup("plan", "1", "racks") == ("first", "network")


def test_by_metric_leaves_the_domain_to_the_metric_and_no_row_gives_none():
    lookup = _lookup(("plan", "1", None, "by its metric", "by_metric"))
    assert lookup("plan", "1", "racks") == ("by its metric", None)
    assert lookup("elsewhere", "1", "racks") == (None, None)


def test_a_section_named_twice_in_the_path_counts_at_its_first_place():
    lookup = _lookup(
        ("plan", "a", None, "a", "network"),
        ("plan", "b", None, "b", "computing"),
    )
    assert lookup("plan", "a b a", "racks") == ("b", "computing")
