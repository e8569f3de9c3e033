"""Firmness over all wording: where each mention of a commitment is worded how, and each task.

A commitment is often written several times (the goals, a task, the briefing), not
always with the same words: the 2023-2026 plan's trillion-parameter compute is
"strive" (力爭, 爭取) in its goals and task 7, and firm in task 9 and the briefing.
:func:`wording_mix` writes that mix for a reader; :func:`task_wording` reads every
task's own text, numbers or not, so firmness is not only a property of targets.
"""

from __future__ import annotations

import re

import pandas as pd

from newinfra.core.cache import cached_by_fingerprint
from newinfra.inputs import corpus, curation
from newinfra.inputs.reader_words import reader_words
from newinfra.inputs.section_rules import document_sections
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.ledger.mentions import mentions
from newinfra.ledger.targets import targets, task_links
from newinfra.ledger.wording import commitment_in, compile_terms

#: How a place that is not in the plan's own text is named: by its kind of document.
_DOCUMENT_PLACES = {"press_briefing": "the briefing", "news": "the news feature"}
_GOAL_KINDS = {"goal", "goals", "objectives"}
_GOAL_WORDS = re.compile(r"目標|目标|Objectives|Goals", re.IGNORECASE)


def _sections(source_id: str) -> pd.DataFrame:
    return document_sections(source_id, corpus.source_text(source_id)).set_index("ref")


def task_name(task_type: str, task_ref: str) -> str:
    """A task as a reader names it: "task 7" for T07, "special project SP-II-1"."""
    word = reader_words().get("task_type", {}).get(task_type, task_type.replace("_", " "))
    numbered = re.fullmatch(r"[A-Z]+0*(\d+)", str(task_ref))
    return f"{word} {numbered.group(1) if numbered else task_ref}"


def _place(row, doc_types: dict, tasks: pd.DataFrame, sections: dict) -> str:
    if doc_types.get(row.source_id) in _DOCUMENT_PLACES:
        return _DOCUMENT_PLACES[doc_types[row.source_id]]
    if isinstance(row.task_ref, str) and (row.plan_id, row.task_ref) in tasks.index:
        return task_name(tasks.at[(row.plan_id, row.task_ref), "task_type"], row.task_ref)
    table = sections.setdefault(row.source_id, _sections(row.source_id))
    ref = row.section_ref if isinstance(row.section_ref, str) else ""
    if ref in table.index:
        kind, label = str(table.at[ref, "kind"]), str(table.at[ref, "label"])
        parent = table.at[ref, "parent_ref"]
        parent_label = str(table.at[parent, "label"]) if parent in table.index else ""
        if kind in _GOAL_KINDS or _GOAL_WORDS.search(label) or _GOAL_WORDS.search(parent_label):
            return "the goals"
        return f"“{label[:40]}”"
    return "the text"


@cached_by_fingerprint
def _mention_wording() -> pd.DataFrame:
    ledger = targets()
    ledger = ledger[ledger["kind"] == "target"]
    found = mentions().set_index(["source_id", "start", "end"])["section_ref"]
    refs = task_links().set_index("target_id")["task_ref"]
    keys = zip(ledger["source_id"], ledger["start"], ledger["end"], strict=True)
    frame = ledger.assign(
        section_ref=[found.get(k) for k in keys],
        task_ref=ledger["target_id"].map(refs),
    )
    doc_types = corpus.sources().set_index("source_id")["doc_type"].to_dict()
    tasks = curation.tasks().set_index(["plan_id", "task_ref"])
    sections: dict = {}
    frame["place"] = [_place(r, doc_types, tasks, sections) for r in frame.itertuples()]
    columns = ["target_id", "commitment_id", "plan_id", "domain", "source_id", "commitment"]
    return frame[[*columns, "task_ref", "place"]].reset_index(drop=True)


def mention_wording() -> pd.DataFrame:
    """Every mention of a target: its wording and the place it is written (task, goals, briefing).

    Columns: target_id, commitment_id, plan_id, domain, source_id, commitment,
    task_ref (the task it belongs to, if any) and place (reader words: "task 7").
    """
    return _mention_wording().copy()


def _joined(places: list[str]) -> str:
    unique = list(dict.fromkeys(places))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"


def wording_mix() -> pd.Series:
    """Per commitment id: its wordings and where each is used, firmest first.

    One wording reads "firm" alone; a mix names places: "firm in task 9 and the
    briefing, strive in the goals and task 7".
    """
    frame = _mention_wording()
    # The plan's own text first, in reading order; the briefing and the news after it.
    outside = frame["place"].isin(list(_DOCUMENT_PLACES.values()))
    frame = frame.assign(_outside=outside, _start=frame["target_id"].str.extract(r":(\d+)-")[0])
    frame = frame.assign(_start=frame["_start"].astype(int)).sort_values(
        ["_outside", "_start"], kind="mergesort"
    )
    out = {}
    for commitment_id, rows in frame.groupby("commitment_id", sort=False):
        used = [w for w in COMMITMENTS if (rows["commitment"] == w).any()]
        if len(used) <= 1:
            out[commitment_id] = used[0] if used else ""
            continue
        out[commitment_id] = ", ".join(
            f"{w} in {_joined(rows.loc[rows['commitment'] == w, 'place'].tolist())}" for w in used
        )
    return pd.Series(out, name="wording_mix", dtype=object)


@cached_by_fingerprint
def _task_wording() -> pd.DataFrame:
    terms = compile_terms()
    rows = []
    for task in curation.tasks().itertuples(index=False):
        table = _sections(task.source_id)
        if task.section_ref not in table.index:
            continue
        start, end = (
            int(table.at[task.section_ref, "start"]),
            int(table.at[task.section_ref, "end"]),
        )
        text = corpus.source_text(task.source_id)[start:end]
        rows.append(
            {
                "plan_id": task.plan_id,
                "task_ref": task.task_ref,
                "task_type": task.task_type,
                "domain": task.domain,
                "source_id": task.source_id,
                "start": start,
                "end": end,
                "commitment": commitment_in(text, terms),
            }
        )
    return pd.DataFrame(rows)


def task_wording() -> pd.DataFrame:
    """Every task of data/tasks.csv with the weakest wording its own text uses (firm if none).

    Read over the whole task, numbers or not: a task that 探索 (explores) a
    technology is "explore" though it sets no target. Columns: plan_id, task_ref,
    task_type, domain, source_id, start, end, commitment.
    """
    return _task_wording().copy()
