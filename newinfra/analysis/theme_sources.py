"""The sources technology themes are counted in: which text counts, its length, label and order.

See newinfra.analysis.themes for the counting rules. A source's counted text
leaves out the sections that are not the document's own words
(``EXCLUDED_SECTION_KINDS``); its length is in words (English) or
non-whitespace characters (Chinese); sources and plans are ordered by
:data:`newinfra.analysis.orders.PLAN_ORDER`.
"""

from __future__ import annotations

import re

import pandas as pd

from newinfra.analysis.orders import plan_rank
from newinfra.inputs import corpus
from newinfra.inputs.reader_words import doc_type_words
from newinfra.inputs.section_rules import document_sections
from newinfra.text.sentences import language_code, sentence_spans

EXCLUDED_SECTION_KINDS = ("summary", "tail", "headline")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[-'’.][A-Za-z0-9]+)*")


def is_chinese(language: str) -> bool:
    return language.startswith("zh")


def counted_spans(source_id: str) -> list[tuple[int, int]]:
    """The parts of a source that are counted: everything but excluded top-level sections."""
    text = corpus.source_text(source_id)
    table = document_sections(source_id, text)
    excluded = table[(table["level"] == 1) & table["kind"].isin(EXCLUDED_SECTION_KINDS)]
    spans, position = [], 0
    for row in excluded.sort_values("start").itertuples():
        if row.start > position:
            spans.append((position, row.start))
        position = max(position, row.end)
    if position < len(text):
        spans.append((position, len(text)))
    return spans


def document_length(text: str, language: str) -> int:
    """Words (English) or non-whitespace characters (Chinese) of a text."""
    if is_chinese(language):
        return sum(1 for ch in text if not ch.isspace())
    return len(_WORD.findall(text))


def length_unit(language: str) -> str:
    return "characters" if is_chinese(language) else "words"


def counted_sources() -> pd.DataFrame:
    sources = corpus.sources(verify=False)
    plans = corpus.plans().set_index("plan_id")
    places = corpus.jurisdictions().set_index("jurisdiction_id")
    sources["jurisdiction_id"] = sources["plan_id"].map(plans["jurisdiction_id"])
    sources["place"] = sources["jurisdiction_id"].map(places["name_en"])
    sources["place_order"] = sources["jurisdiction_id"].map(corpus.place_order())
    sources["period_start"] = sources["plan_id"].map(plans["period_start"]).astype(int)
    sources["horizon_year"] = sources["plan_id"].map(plans["horizon_year"]).astype(int)
    sources["primary"] = sources["source_id"] == sources["plan_id"].map(plans["primary_source_id"])
    sources["is_context"] = sources["plan_id"].map(plans["is_context"]) == "true"
    sources["column"] = column_labels(sources)
    return in_plan_order(sources)


def in_plan_order(sources: pd.DataFrame) -> pd.DataFrame:
    """Rows of sources with their plans in PLAN_ORDER, each plan's primary source first."""
    keyed = sources.assign(_plan=sources["plan_id"].map(plan_rank(sources)))
    keyed = keyed.sort_values(
        ["_plan", "primary", "source_id"], ascending=[True, False, True], kind="mergesort"
    )
    return keyed.drop(columns="_plan").reset_index(drop=True)


def column_label(source, place: str | None = None) -> str:
    """Short English label for a source column, e.g. '2026 full text (zh)'.

    With ``place``, the label starts with it: 'Lanxi District 2027 full text (zh)'.
    """
    kind = doc_type_words(short=True)[source.doc_type]
    language = "zh" if is_chinese(source.language) else source.language
    label = f"{source.horizon_year} {kind} ({language})"
    if place:
        label = f"{place} {label}"
    return label + ", context" if source.is_context else label


def column_labels(sources: pd.DataFrame) -> list[str]:
    """One distinct label per source: its place where there are several, its plan on a tie.

    Two sources of one place, year, kind and language (two plans ending in the
    same year) are told apart by their plan_id, then by their source_id.
    """
    several = sources["jurisdiction_id"].nunique() > 1
    labels = pd.Series(
        [column_label(r, r.place if several else None) for r in sources.itertuples()],
        index=sources.index,
    )
    tied = labels.duplicated(keep=False)
    labels[tied] = labels[tied] + " [" + sources.loc[tied, "plan_id"] + "]"
    tied = labels.duplicated(keep=False)
    labels[tied] = labels[tied].str[:-1] + ", " + sources.loc[tied, "source_id"] + "]"
    return labels.tolist()


def sentence_count(text: str, language: str, spans) -> int:
    """Sentences that start inside the counted parts of a text."""
    starts = [a for a, _ in sentence_spans(text, language_code(language))]
    return sum(1 for s in starts if any(a <= s < b for a, b in spans))
