"""What each plan says about itself: its stated counts (tasks, measures, projects) and budgets.

The ledger holds these as figures of kind ``structure`` and ``budget``, each with
its quote in a source. A plan may be stated differently by two documents (the
2020-2022 plan has 25 tasks in its own briefing and 26 in the 2023 briefing): each
distinct value is its own row, with the document that states it.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.inputs import corpus
from newinfra.inputs.reader_words import doc_type_words
from newinfra.ledger.mentions import mentions
from newinfra.ledger.targets import targets

STATED_KINDS = ["structure", "budget"]


def _parts(rows: pd.DataFrame) -> pd.DataFrame:
    """Counts one passage states part by part ("five ... eight ... three special projects", one
    per chapter of the outline) are one figure: their sum, the parts kept in ``parts``."""
    keys = ["plan_id", "metric_id", "source_id", "section"]
    group = rows.groupby(keys, sort=False, dropna=False).ngroup()
    out = []
    for _, part in rows.groupby(group, sort=False):
        first = part.iloc[0].copy()
        first["parts"] = ""
        if len(part) > 1:
            numbers = [f"{v:,.0f}" for v in part["value_std"]]
            first["value_std"] = part["value_std"].sum()
            first["quote"] = " + ".join(part["quote"].astype(str))
            first["parts"] = f"{', '.join(numbers[:-1])} and {numbers[-1]}"
        out.append(first)
    return pd.DataFrame(out, columns=[*rows.columns, "parts"])


def stated_structure(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan: each stated count or budget, once per value, first as its plan's own source says.

    Only a document's own text counts where it has the figure: the news summary a
    repost puts before the 2023-2026 plan is not the plan's text, so its "30 tasks"
    gives way to the plan's own briefing (a figure stated only there says so in
    ``stated_in``). Counts one passage gives part by part are summed (``parts``).

    Columns: plan_id, kind, metric_id, metric_label, value_std, unit_std, quote,
    parts, stated_in (the publisher, what part of which document, and its date),
    target_id (the link to the figure).
    """
    ledger = targets()
    rows = ledger[ledger["kind"].isin(STATED_KINDS)].copy()
    if plans is not None:
        rows = rows[rows["plan_id"].isin(list(plans))]
    columns = [
        "plan_id", "kind", "metric_id", "metric_label", "value_std", "unit_std", "quote",
        "parts", "stated_in", "target_id",
    ]  # fmt: skip
    if rows.empty:
        return pd.DataFrame(columns=columns)
    plan_table = corpus.plans().set_index("plan_id")
    sources = corpus.sources().set_index("source_id")
    found = mentions().set_index(["source_id", "start", "end"])["in_plan_text"]
    keys = zip(rows["source_id"], rows["start"], rows["end"], strict=True)
    rows["in_plan_text"] = [bool(found.get(k, True)) for k in keys]
    rows["own_source"] = rows["source_id"].map(sources["plan_id"]) == rows["plan_id"]
    rows["is_primary"] = rows["source_id"] == rows["plan_id"].map(plan_table["primary_source_id"])
    order = {plan: rank for rank, plan in enumerate(plan_table.sort_values("horizon_year").index)}
    rows = rows.assign(_plan=rows["plan_id"].map(order))
    rows = rows.sort_values(
        ["_plan", "metric_id", "in_plan_text", "is_primary", "own_source", "start"],
        ascending=[True, True, False, False, False, True],
        kind="mergesort",
    )
    # Set-aside text (a repost's summary) only where no document's own text states the figure.
    stated_in_text = rows[rows["in_plan_text"]].groupby("plan_id")["metric_id"].agg(set)
    pairs = zip(rows["plan_id"], rows["metric_id"], strict=True)
    has_text = [m in stated_in_text.get(p, set()) for p, m in pairs]
    rows = rows[rows["in_plan_text"] | ~pd.Series(has_text, index=rows.index)]
    rows = _parts(rows)
    rows = rows.drop_duplicates(["plan_id", "metric_id", "value_std"])
    rows["stated_in"] = [
        f"{sources.at[s, 'publisher']}, {_part_of(sources.at[s, 'doc_type'], inside)}, "
        f"{sources.at[s, 'published']}"
        for s, inside in zip(rows["source_id"], rows["in_plan_text"], strict=True)
    ]
    return rows[columns].reset_index(drop=True)


def _part_of(doc_type: str, in_plan_text: bool) -> str:
    kind = doc_type_words().get(doc_type, doc_type)
    return kind if in_plan_text else f"{kind}: the repost's news summary, not the plan's text"


def set_aside_text(source_id: str | None) -> pd.DataFrame:
    """The parts of a source that are not its plan's own text, why, and the figures in them.

    From data/section_rules.csv: a rule with ``plan_text`` false marks a part (a
    repost's news summary) whose figures are kept in the ledger but never counted
    as the plan's. Columns: kind, start, end, characters, why (the rule's note),
    figures (the quantities written there, as written, joined by "; "). No source
    (a place with no plan known from two sources): no row.
    """
    from newinfra.inputs.section_rules import document_sections, section_rules

    if source_id is None:
        return pd.DataFrame(columns=["kind", "start", "end", "characters", "why", "figures"])

    rules = section_rules()
    rules = rules[(rules["source_id"] == source_id) & (rules["plan_text"].astype(str) == "false")]
    sections = document_sections(source_id, corpus.source_text(source_id))
    parts = sections[sections["kind"].isin(rules["kind"])].merge(
        rules[["kind", "note"]].drop_duplicates("kind"), on="kind", how="left"
    )
    found = mentions()
    found = found[(found["source_id"] == source_id) & ~found["in_plan_text"]]
    rows = []
    for part in parts.itertuples(index=False):
        inside = found[(found["start"] >= part.start) & (found["end"] <= part.end)]
        rows.append(
            {
                "kind": part.kind,
                "start": int(part.start),
                "end": int(part.end),
                "characters": int(part.end - part.start),
                "why": part.note if isinstance(part.note, str) else "",
                "figures": "; ".join(inside["text"].astype(str)),
            }
        )
    return pd.DataFrame(rows, columns=["kind", "start", "end", "characters", "why", "figures"])
