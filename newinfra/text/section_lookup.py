"""The deepest section of a section table that holds an offset.

``locate(table, offsets)`` gives, for each offset, the deepest section that
contains it; ``section_at(table, offset)`` returns that row;
``deepest_sections`` gives positions only, without building a table. The
table is one document's, as newinfra.text.sections builds it.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from newinfra.core.errors import ParameterError

__all__ = ["deepest_sections", "locate", "section_at"]


def _single_document(table: pd.DataFrame) -> None:
    missing = {"ref", "start", "end", "path", "parent_ref"} - set(table.columns)
    if missing:
        raise ParameterError(
            "table", f"columns {sorted(table.columns)}", detail=f"missing {sorted(missing)}"
        )
    if "source_id" in table.columns and table["source_id"].nunique() > 1:
        raise ParameterError(
            "table",
            "several documents",
            sorted(table["source_id"].unique()),
            detail="pass the sections of one source_id",
        )


def deepest_sections(table, offsets: Iterable[int]) -> np.ndarray:
    """For each offset, the position (``iloc``) in ``table`` (one document) of the
    deepest section holding it, or -1: :func:`locate` without building a table.

    ``table`` is a section table or a mapping of its columns to sequences.
    """
    offsets = np.asarray(list(offsets), dtype="int64")
    starts = np.asarray(table["start"], dtype="int64")
    ends = np.asarray(table["end"], dtype="int64")
    # by start, a parent before the children that start where it does
    if "level" in table:
        order = np.lexsort((np.asarray(table["level"], dtype="int64"), starts))
    else:
        order = np.argsort(starts, kind="stable")
    position = {ref: i for i, ref in enumerate(np.asarray(table["ref"], dtype=object)[order])}
    parents = [position.get(p, -1) for p in np.asarray(table["parent_ref"], dtype=object)[order]]
    ordered_ends = ends[order].tolist()
    candidates = np.searchsorted(starts[order], offsets, side="right") - 1
    found = []
    for offset, i in zip(offsets.tolist(), candidates.tolist(), strict=True):
        while i >= 0 and ordered_ends[i] <= offset:
            i = parents[i]
        found.append(int(order[i]) if i >= 0 else -1)
    return np.asarray(found, dtype="int64")


def locate(table: pd.DataFrame, offsets: Iterable[int]) -> pd.DataFrame:
    """For each offset, the deepest section of ``table`` (one document) holding it.

    Columns: offset, section_ref, section (the path), section_label,
    section_level. Offsets outside every section get empty strings and level 0.
    """
    _single_document(table)
    offsets = np.asarray(list(offsets), dtype="int64")
    found = deepest_sections(table, offsets)
    hit = found >= 0
    safe = np.where(hit, found, 0)

    def pick(column: str, empty):
        values = table[column].to_numpy()[safe] if len(table) else np.full(len(safe), empty)
        return np.where(hit, values, empty)

    return pd.DataFrame(
        {
            "offset": offsets,
            "section_ref": pick("ref", ""),
            "section": pick("path", ""),
            "section_label": pick("label", "") if "label" in table else "",
            "section_level": pick("level", 0).astype("int64") if "level" in table else 0,
        }
    )


def section_at(table: pd.DataFrame, offset: int) -> pd.Series:
    """The row of the deepest section holding ``offset``."""
    ref = locate(table, [offset])["section_ref"].iloc[0]
    if not ref:
        raise ParameterError("offset", offset, detail="outside every section of the table")
    return table.loc[table["ref"] == ref].iloc[0]
