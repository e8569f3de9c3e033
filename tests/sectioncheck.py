"""A check shared by the section tests: a section table is a well-formed tree of spans."""

from __future__ import annotations

import numpy as np
import pandas as pd

from newinfra.text import section_lookup
from newinfra.text import sections as sec


def assert_well_formed(table: pd.DataFrame, text: str) -> None:
    assert list(table.columns) == sec.SECTION_COLUMNS
    assert table["ref"].is_unique
    assert table["ref"].str.fullmatch(r"[A-Za-z0-9._-]+").all()
    assert (table["label"].str.len() > 0).all()
    by_ref = table.set_index("ref")
    for row in table.itertuples():
        assert 0 <= row.start < row.end <= len(text), row.ref
        assert row.number in text[row.start : row.start + 40], row.ref
        if row.parent_ref:
            parent = by_ref.loc[row.parent_ref]
            assert parent["start"] <= row.start and row.end <= parent["end"], row.ref
            assert row.level == parent["level"] + 1
            assert row.path == f"{parent['path']} > {row.label}"
        else:
            assert row.level == 1 and row.path == row.label
    for _, siblings in table.groupby("parent_ref"):
        ordered = siblings.sort_values("start")
        assert (ordered["start"].to_numpy()[1:] >= ordered["end"].to_numpy()[:-1]).all()

    # per level, every character is covered at most once; level 1 exactly once;
    # a deeper level only where the level above covers
    n = len(text)
    coverage = {}
    for level, group in table.groupby("level"):
        counts = np.zeros(n + 1, dtype=int)
        np.add.at(counts, group["start"].to_numpy(), 1)
        np.add.at(counts, group["end"].to_numpy(), -1)
        coverage[level] = np.cumsum(counts)[:n]
        assert coverage[level].max() <= 1, level
    assert (coverage[1] == 1).all()
    for level in sorted(coverage)[1:]:
        assert (coverage[level] <= coverage[level - 1]).all()
    deepest = sum(coverage.values())
    located = section_lookup.locate(table, range(n))
    assert (located["section_level"].to_numpy() == deepest).all()
    assert (located["section_ref"] != "").all()
    # the same answer from the table's columns as plain lists
    as_lists = {column: table[column].tolist() for column in table.columns}
    positions = section_lookup.deepest_sections(as_lists, range(n))
    assert table["ref"].to_numpy()[positions].tolist() == located["section_ref"].tolist()
