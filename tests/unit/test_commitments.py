"""Grouping mentions into commitments, on small made-up ledgers."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.ledger.grouping import group_commitments

PRIMARY = pd.Series({"p1": "p1-plan", "p2": "p2-plan"})


def row(target_id, *, plan="p1", source="p1-plan", start=0, metric="m", kind="target",
        year=2026, value=10.0, unit="Gbps", value_std=None, value_high=None,
        comparator="=", basis="cumulative", commitment="firm"):  # fmt: skip
    return {
        "target_id": target_id,
        "plan_id": plan,
        "source_id": source,
        "start": start,
        "end": start + 2,
        "metric_id": metric,
        "metric_label": metric,
        "domain": "network",
        "kind": kind,
        "horizon_year": year,
        "value": value,
        "value_high": value_high,
        "unit": unit,
        "unit_std": "Gbps",
        "value_std": value if value_std is None else value_std,
        "comparator": comparator,
        "basis": basis,
        "commitment": commitment,
        "quote": target_id,
        "sentence": target_id,
        "gloss_en": None,
        "language": "en",
    }


def ledger(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def test_same_figure_in_briefing_and_full_text_is_one_commitment_led_by_the_full_text():
    frame = ledger(
        row("brief:5", source="p1-brief", start=5, commitment="pilot"),
        row("plan:90", start=90, commitment="explore"),
        row("plan:10", start=10, commitment="firm"),
    )
    commitments, ids = group_commitments(frame, PRIMARY)
    assert len(commitments) == 1
    only = commitments.iloc[0]
    assert only["commitment_id"] == "plan:10"
    assert only["n_mentions"] == 3
    assert only["commitment"] == "firm"
    assert only["commitment_all"] == "firm, pilot, explore"
    assert set(ids) == {"plan:10"}


def test_a_value_written_in_another_unit_is_the_same_commitment():
    frame = ledger(
        row("a", value=1.0, unit="Gbps"),
        row("b", start=4, value=1000.0, unit="Mbps", value_std=1.0),
    )
    commitments, _ = group_commitments(frame, PRIMARY)
    assert len(commitments) == 1


def test_a_different_comparator_is_flagged_not_split():
    frame = ledger(row("a", comparator=">="), row("b", start=4, comparator="="))
    commitments, _ = group_commitments(frame, PRIMARY)
    assert len(commitments) == 1
    assert bool(commitments.iloc[0]["comparator_differs"])


def test_different_year_basis_value_or_plan_are_different_commitments():
    frame = ledger(
        row("a"),
        row("b", start=1, year=2025),
        row("c", start=2, basis="new"),
        row("d", start=3, value=20.0),
        row("e", plan="p2", source="p2-plan"),
        row("f", start=5, kind="baseline", commitment=None),
    )
    commitments, ids = group_commitments(frame, PRIMARY)
    assert len(commitments) == 6
    assert list(ids) == ["a", "b", "c", "d", "e", "f"]


def test_group_labels_merge_and_split_by_judgement():
    frame = ledger(row("a"), row("b", start=1), row("c", start=2, value=12.0))
    groups = pd.Series({"b": "own", "c": "merged", "a": "merged"})
    commitments, ids = group_commitments(frame, PRIMARY, groups)
    assert len(commitments) == 2
    assert ids.tolist() == ["a", "b", "a"]


def test_a_commitment_known_only_from_the_briefing_is_led_by_its_earliest_mention():
    frame = ledger(
        row("late", source="p1-brief", start=50), row("early", source="p1-brief", start=5)
    )
    commitments, _ = group_commitments(frame, PRIMARY)
    assert commitments.iloc[0]["commitment_id"] == "early"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p1", "p2"]),
            st.sampled_from(["m", "n"]),
            st.sampled_from([2025, 2026]),
            st.sampled_from([1.0, 2.0, 1000.0]),
            st.sampled_from(["firm", "strive", "explore", None]),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_every_mention_belongs_to_exactly_one_commitment(specs):
    frame = ledger(
        *(
            row(
                f"t{i}",
                plan=p,
                source=f"{p}-plan",
                start=i,
                metric=m,
                year=y,
                value=v,
                commitment=c,
            )
            for i, (p, m, y, v, c) in enumerate(specs)
        )
    )
    commitments, ids = group_commitments(frame, PRIMARY)
    assert ids.notna().all()
    assert set(ids) == set(commitments["commitment_id"])
    assert commitments["n_mentions"].sum() == len(frame)
    listed = " ".join(commitments["target_ids"]).split()
    assert sorted(listed) == sorted(frame["target_id"])


def test_a_mention_outside_the_documents_own_words_leads_only_when_nothing_else_can():
    frame = ledger(row("summary", start=1), row("brief", source="p1-brief", start=9))
    outside = pd.Series([True, False], index=frame.index)
    commitments, _ = group_commitments(frame, PRIMARY, outside=outside)
    assert commitments.iloc[0]["commitment_id"] == "brief"
    assert not commitments.iloc[0]["outside_plan_text"]
    alone, _ = group_commitments(frame.iloc[[0]], PRIMARY, outside=outside.iloc[[0]])
    assert alone.iloc[0]["commitment_id"] == "summary"
    assert alone.iloc[0]["outside_plan_text"]
