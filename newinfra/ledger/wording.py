"""How firm a figure's wording is, read from the clause that holds it.

The words that soften a commitment are data (data/commitment_terms.csv). The
weakest wording found in the clause decides, on the one scale of
``vocabulary.COMMITMENTS`` (firm, strive, pilot, explore). No term: firm.
率先 ("be the first to") is a claim of leadership, not a hedge, and is not listed.
"""

from __future__ import annotations

import re

import pandas as pd

from newinfra.inputs import curation
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.text.clauses import clause_at
from newinfra.text.sentences import sentence_window

Terms = list[tuple[re.Pattern, str]]


def compile_terms(terms: pd.DataFrame | None = None) -> Terms:
    """Patterns for the commitment words, in the file's order."""
    terms = curation.commitment_terms() if terms is None else terms
    compiled = []
    for row in terms.itertuples():
        if row.language == "en":
            pattern = re.compile(r"\b" + re.escape(row.term) + r"\w*", re.IGNORECASE)
        else:
            pattern = re.compile(re.escape(row.term))
        compiled.append((pattern, row.commitment))
    return compiled


def commitment_in(clause: str, terms: Terms | None = None) -> str:
    """The commitment signalled by a clause: explore, pilot, strive or firm.

    >>> commitment_in("力爭新增150萬千瓦容量光伏發電終端")
    'strive'
    >>> commitment_in("新建公用(含專用)充電樁3萬個以上")
    'firm'
    """
    found = [
        COMMITMENTS.index(commitment)
        for pattern, commitment in (terms if terms is not None else compile_terms())
        if pattern.search(clause)
    ]
    return COMMITMENTS[max(found, default=0)]


def commitment_at(
    text: str,
    offset: int,
    language: str,
    terms: Terms | None = None,
    clause: tuple[int, int] | None = None,
    said: dict[str, str] | None = None,
) -> tuple[str, str]:
    """(commitment, clause) for the figure at ``offset``.

    A clause is read within reach of the figure (see
    :func:`newinfra.text.sentences.sentence_window`): a text may have no clause marks.
    ``clause``: ``clause_at(text, offset, language)`` where the caller has it already;
    ``said``: the commitment of each clause read so far with these ``terms``, kept by
    a caller asking for many figures (those of one clause read it once).
    """
    whole = clause_at(text, offset, language) if clause is None else clause
    start, end = sentence_window(text, whole, (offset, offset))
    clause = text[start:end]
    if said is None:
        return commitment_in(clause, terms), clause
    if clause not in said:
        said[clause] = commitment_in(clause, terms)
    return said[clause], clause
