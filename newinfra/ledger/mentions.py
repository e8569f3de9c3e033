"""Every quantity mention in every seed, placed in its document's structure (ni.mentions())."""

from __future__ import annotations

import pandas as pd

from newinfra.core.cache import cached_by_content, cached_by_fingerprint
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus
from newinfra.inputs.section_rules import foreign_kinds, seed_rules, seed_section_rows
from newinfra.text import sentences as sentence_table
from newinfra.text.memo import last_long_text
from newinfra.text.quantities import find_quantities
from newinfra.text.section_lookup import deepest_sections
from newinfra.text.sections import SECTION_COLUMNS

MENTION_COLUMNS = [
    "source_id", "plan_id", "language", "start", "end", "text", "value", "value_high", "unit",
    "comparator", "conversion_of", "section", "section_ref", "section_refs", "in_plan_text",
    "sentence", "sentence_start", "sentence_end",
]  # fmt: skip
_TEXT_COLUMNS = [
    "source_id", "plan_id", "language", "text", "unit", "comparator",
    "section", "section_ref", "section_refs", "sentence",
]  # fmt: skip


def _ancestry(sections) -> dict[str, str]:
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


def _source_columns(source_id: str) -> dict[str, list]:
    """The mentions of one seed as columns of plain lists (see :data:`MENTION_COLUMNS`)."""
    record = corpus.source_record(source_id)
    text = corpus.source_text(source_id)
    rules, code = seed_rules(source_id, text)
    return _seed_columns(
        source_id,
        text,
        record["plan_id"],
        record["language"],
        rules,
        code,
        foreign_kinds(source_id),
    )


@cached_by_content
def _seed_columns(
    source_id: str,
    text: str,
    plan_id: str,
    language: str,
    rules: tuple,
    code: str,
    outside_kinds: tuple[str, ...],
) -> dict[str, list]:
    """:func:`_source_columns` from all it depends on (read only: shared by every caller).

    ``rules`` and ``code`` give the seed's sections; ``outside_kinds`` the kinds of
    section that are not the seed's own words.
    """
    rows = seed_section_rows(source_id, text, rules, code)
    sections = {name: [row[name] for row in rows] for name in SECTION_COLUMNS}
    found, conversions = find_quantities(text)
    starts = [m.start for m in found]
    deepest = deepest_sections(sections, starts).tolist()
    refs = sections["ref"]
    paths = sections["path"]
    section_refs = [refs[i] if i >= 0 else "" for i in deepest]
    chains = _ancestry(sections)
    outside_spans = [(row["start"], row["end"]) for row in rows if row["kind"] in outside_kinds]
    outside = [any(low <= at < high for low, high in outside_spans) for at in starts]
    sentence, sentence_start, sentence_end = _sentences(
        text, language, tuple((m.start, m.end) for m in found)
    )
    n = len(found)
    return {
        "source_id": [source_id] * n,
        "plan_id": [plan_id] * n,
        "language": [language] * n,
        "start": starts,
        "end": [m.end for m in found],
        "text": [text[m.start : m.end] for m in found],
        "value": [m.value for m in found],
        "value_high": [m.value_high for m in found],
        "unit": [m.unit for m in found],
        "comparator": [m.comparator for m in found],
        "conversion_of": conversions,
        "section": [paths[i] if i >= 0 else "" for i in deepest],
        "section_ref": section_refs,
        "section_refs": [chains.get(ref, "") for ref in section_refs],
        "in_plan_text": [not flag for flag in outside],
        "sentence": list(sentence),
        "sentence_start": list(sentence_start),
        "sentence_end": list(sentence_end),
    }


@last_long_text
def _sentences(text: str, language: str, spans: tuple[tuple[int, int], ...]) -> tuple:
    """(sentences, their starts, their ends) for the figures at ``spans``.

    Kept for a long text: add-plan reads the new plan's mentions to suggest its
    rows, then again with the whole project to check them.
    """
    holding = sentence_table.sentences_holding(text, language, [start for start, _ in spans])
    sentence, sentence_start, sentence_end = [], [], []
    for figure, span in zip(spans, holding, strict=True):
        if span is None:
            sentence.append(None)
            sentence_start.append(pd.NA)
            sentence_end.append(pd.NA)
            continue
        # Keep each sentence within reach of its figure (a text may have no sentence breaks).
        low, high = sentence_table.sentence_window(text, span, figure)
        sentence.append(sentence_table.clean_whitespace(text[low:high]))
        sentence_start.append(low)
        sentence_end.append(high)
    return tuple(sentence), tuple(sentence_start), tuple(sentence_end)


def _frame(columns: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            **{name: pd.Series(columns[name], dtype="str") for name in _TEXT_COLUMNS},
            "start": pd.Series(columns["start"], dtype="int64"),
            "end": pd.Series(columns["end"], dtype="int64"),
            "value": pd.Series(columns["value"], dtype="float64"),
            "value_high": pd.Series(columns["value_high"], dtype="float64"),
            "conversion_of": pd.Series(columns["conversion_of"], dtype="Int64"),
            "in_plan_text": pd.Series(columns["in_plan_text"], dtype="bool"),
            # int64 where every figure has a sentence, as the offsets are
            "sentence_start": pd.array(columns["sentence_start"], dtype="Int64").to_numpy(),
            "sentence_end": pd.array(columns["sentence_end"], dtype="Int64").to_numpy(),
        },
        columns=MENTION_COLUMNS,
    )


def source_mentions(source_id: str) -> pd.DataFrame:
    """The mentions of one seed with their section path and sentence."""
    return _frame(_source_columns(source_id))


@cached_by_fingerprint
def _all_mentions() -> pd.DataFrame:
    columns: dict[str, list] = {name: [] for name in MENTION_COLUMNS}
    for source_id in corpus.source_ids():
        for name, values in _source_columns(source_id).items():
            columns[name].extend(values)
    return _frame(columns)


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
