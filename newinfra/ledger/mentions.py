"""Every quantity mention in every seed, placed in its document's structure (ni.mentions())."""

from __future__ import annotations

import pandas as pd

from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus
from newinfra.inputs.section_rules import outside_plan_text, seed_sections
from newinfra.text import sentences as sentence_table
from newinfra.text.quantities import COLUMNS as QUANTITY_COLUMNS
from newinfra.text.quantities import extract_quantities
from newinfra.text.sections import locate

MENTION_COLUMNS = [
    "source_id", "plan_id", "language", "start", "end", "text", "value", "value_high", "unit",
    "comparator", "conversion_of", "section", "section_ref", "section_refs", "in_plan_text",
    "sentence", "sentence_start", "sentence_end",
]  # fmt: skip


def _ancestry(sections: pd.DataFrame) -> dict[str, str]:
    """Each section's refs from the top down, space-separated: 'ch2 ch2.g5 task21'."""
    parents = dict(zip(sections["ref"], sections["parent_ref"], strict=True))
    chains = {}
    for ref in parents:
        chain, current = [], ref
        while current:
            chain.append(current)
            current = parents.get(current) or ""
        chains[ref] = " ".join(reversed(chain))
    return chains


def source_mentions(source_id: str) -> pd.DataFrame:
    """The mentions of one seed with their section path and sentence."""
    record = corpus.source_record(source_id)
    text = corpus.source_text(source_id)
    found = extract_quantities(text)
    sections = seed_sections(source_id)
    places = locate(sections, found["start"])
    sentences = sentence_table.sentence_spans_for(
        sentence_table.sentences(text, record["language"]), found["start"]
    )
    frame = found[QUANTITY_COLUMNS].copy()
    frame.insert(0, "source_id", source_id)
    frame.insert(1, "plan_id", record["plan_id"])
    frame.insert(2, "language", record["language"])
    frame["section"] = places["section"].to_numpy()
    frame["section_ref"] = places["section_ref"].to_numpy()
    chains = _ancestry(sections)
    frame["section_refs"] = [chains.get(ref, "") for ref in frame["section_ref"]]
    outside = outside_plan_text([source_id] * len(frame), frame["start"])
    frame["in_plan_text"] = [not flag for flag in outside]
    frame["sentence"] = sentences["sentence_clean"].to_numpy()
    frame["sentence_start"] = sentences["sentence_start"].to_numpy()
    frame["sentence_end"] = sentences["sentence_end"].to_numpy()
    _cap_sentences(frame, text)
    return frame[MENTION_COLUMNS]


def _cap_sentences(frame: pd.DataFrame, text: str) -> None:
    """Keep each sentence within reach of its figure (a text may have no sentence breaks)."""
    starts = frame["sentence_start"].astype("Int64").tolist()
    ends = frame["sentence_end"].astype("Int64").tolist()
    texts = frame["sentence"].tolist()
    for i, (start, end) in enumerate(zip(frame["start"], frame["end"], strict=True)):
        if starts[i] is pd.NA:
            continue
        sentence = (starts[i], ends[i])
        window = sentence_table.sentence_window(text, sentence, (start, end))
        if window != sentence:
            starts[i], ends[i] = window
            texts[i] = sentence_table.clean_whitespace(text[window[0] : window[1]])
    frame["sentence"] = texts
    # as numpy arrays, like the other columns: int64 where every figure has a sentence
    frame["sentence_start"] = pd.array(starts, dtype="Int64").to_numpy()
    frame["sentence_end"] = pd.array(ends, dtype="Int64").to_numpy()


@cached_by_fingerprint
def _all_mentions() -> pd.DataFrame:
    frames = [source_mentions(s) for s in corpus.source_ids()]
    return pd.concat(frames, ignore_index=True)


def mentions(source_id: str | None = None) -> pd.DataFrame:
    """Every quantity mention in every seed (or one seed).

    Columns: source_id, plan_id, language, start, end, text, value, value_high,
    unit, comparator, conversion_of, section (path), section_ref (the deepest
    section), section_refs (its ancestors' refs and its own, top down), sentence
    (whitespace collapsed; at most a few thousand characters either side of the
    figure, cut at a clause or word boundary), sentence_start, sentence_end
    (the span of ``sentence`` in the text).

    >>> import newinfra as ni
    >>> ni.mentions().groupby("source_id").size()
    """
    frame = _all_mentions()
    if source_id is not None:
        valid = corpus.source_ids()
        if source_id not in valid:
            raise ParameterError("source_id", source_id, valid)
        frame = frame[frame["source_id"] == source_id]
    return frame.reset_index(drop=True).copy()
