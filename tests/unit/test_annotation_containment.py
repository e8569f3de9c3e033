"""Annotations join the mention that holds their span, so a mention that grows
(the extractor learns a phrasing) keeps its annotation's target_id and quote."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import newinfra as ni
from newinfra.curate import audit, synthetic
from newinfra.ledger.targets import task_links
from newinfra.text.spans import SpanIndex


def test_span_index_finds_the_equal_span_then_the_holding_one():
    index = SpanIndex([("a", 10, 20), ("a", 30, 34), ("b", 0, 5)])
    assert index.holding("a", 10, 20) == ("a", 10, 20)
    assert index.holding("a", 12, 20) == ("a", 10, 20)
    assert index.holding("a", 30, 31) == ("a", 30, 34)
    assert index.holding("b", 1, 4) == ("b", 0, 5)


def test_span_index_finds_nothing_for_a_span_across_or_outside_mentions():
    index = SpanIndex([("a", 10, 20), ("a", 30, 34)])
    assert index.holding("a", 18, 31) is None
    assert index.holding("a", 5, 12) is None
    assert index.holding("a", 21, 25) is None
    assert index.holding("c", 10, 20) is None


def _narrow_first_annotation(root: Path) -> tuple[str, str]:
    """Annotate only the number of "more than 1,000", as if written before the
    extractor read the comparator: returns the new target_id and quote."""
    path = root / "data" / "annotations.csv"
    notes = pd.read_csv(path, dtype=str, keep_default_na=False)
    first = notes.index[notes["quote"].str.startswith("more than ")][0]
    quote = notes.loc[first, "quote"].removeprefix("more than ")
    start = int(notes.loc[first, "end"]) - len(quote)
    notes.loc[first, ["start", "quote"]] = [str(start), quote]
    notes.to_csv(path, index=False, lineterminator="\n")
    return f"{notes.loc[first, 'source_id']}:{start}-{notes.loc[first, 'end']}", quote


def test_an_annotation_inside_a_wider_mention_keeps_its_offsets(tmp_path: Path):
    root = synthetic.write_project(tmp_path / "project", plans=1)
    target_id, quote = _narrow_first_annotation(root)
    with ni.using_root(root):
        mention = ni.mentions().set_index("text").loc["more than 1,000"]
        assert f"{mention['source_id']}:{mention['start']}-{mention['end']}" != target_id
        report = audit.run()
        assert report.ok, report.render()
        ledger = ni.targets().set_index("target_id")
        tasks = task_links().set_index("target_id")
    row = ledger.loc[target_id]
    assert row["quote"] == quote
    # What the wider mention reads (its comparator) is the row's.
    assert (row["value"], row["comparator"]) == (1000, ">=")
    assert len(ledger) == 5
    # The figure is placed in its section's task through the mention that holds it.
    assert tasks.loc[target_id, "task_ref"] == "N1"
