"""Clauses of a sentence: where commitment wording attaches to a figure.

``clauses(text, start, end, language)`` splits a sentence at , ; : (ASCII or
full-width) outside brackets and quotes and not between digits ("20,000"),
never at 、 which joins list items. ``clause_at(text, offset, language)``
returns the clause holding an offset (``clauses_at`` those of many offsets),
which is where commitment wording (力爭, 試點, "strive") attaches to a figure. The clauses of a sentence are
found once and kept for the next figures of that sentence, so a long sentence
with many figures is read once, not once per figure.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import lru_cache

from newinfra.core.errors import ParameterError
from newinfra.text.sentences import check_offset, language_code, sentence_at, sentences_holding

__all__ = ["clause_at", "clauses", "clauses_at"]

_OPENERS = "(（[《“「『"
_CLOSING = ")）]》”」』"
_CLAUSE_SEPARATORS = ",，;；:："


def clauses(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Clauses of ``text[start:end]`` as (start, end) spans.

    The , ; : separators and surrounding spaces are left out; the last clause
    keeps the sentence's closing punctuation.
    """
    language_code(language)
    if not 0 <= start <= end <= len(text):
        raise ParameterError("start/end", (start, end), detail=f"a span inside 0..{len(text)}")
    # quotes are often unbalanced ("...society" opened with a curly quote):
    # track them only where they balance, then brackets only, then nothing
    for openers, closers in ((_OPENERS, _CLOSING), ("(（[《", ")）]》"), ("", "")):
        cuts, balanced = _separators(text, start, end, openers, closers)
        if balanced:
            break
    spans = []
    bounds = [start - 1, *cuts, end]
    for a, b in zip(bounds, bounds[1:], strict=False):
        piece = text[a + 1 : b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            spans.append((a + 1 + lead, a + 1 + lead + len(stripped)))
    return spans


# Every character _separators acts on: the rest of a sentence is skipped unread.
_MARKS = re.compile(f"[{re.escape(_OPENERS + _CLOSING + _CLAUSE_SEPARATORS)}]")


def _separators(text: str, start: int, end: int, openers: str, closers: str):
    depth = 0
    cuts = []
    for mark in _MARKS.finditer(text, start, end):
        i = mark.start()
        ch = text[i]
        if ch in openers:
            depth += 1
        elif ch in closers:
            depth = max(0, depth - 1)
        elif ch in _CLAUSE_SEPARATORS and depth == 0:
            if (
                ch in ",:"
                and 0 < i < len(text) - 1
                and text[i - 1].isdigit()
                and (text[i + 1].isdigit())
            ):
                continue  # "20,000", "10:30"
            cuts.append(i)
    return cuts, depth == 0


def clause_at(text: str, offset: int, language: str) -> tuple[int, int]:
    """(start, end) of the clause holding ``offset``.

    An offset on a separator or on whitespace between clauses gets the next
    clause of its sentence; on whitespace between sentences, (offset, offset).
    """
    return _clause_in(text, offset, sentence_at(text, offset, language), language_code(language))


def clauses_at(text: str, offsets: Iterable[int], language: str) -> list[tuple[int, int]]:
    """:func:`clause_at` of each offset, their sentences found in one pass."""
    offsets = list(offsets)
    for offset in offsets:
        check_offset(text, offset)
    lang = language_code(language)
    return [
        _clause_in(text, offset, span or (offset, offset), lang)
        for offset, span in zip(offsets, sentences_holding(text, lang, offsets), strict=True)
    ]


def _clause_in(text: str, offset: int, sentence: tuple[int, int], lang: str) -> tuple[int, int]:
    s, e = sentence
    if s == e:
        return (offset, offset)
    parts, ends = _sentence_clauses(text, s, e, lang)
    i = bisect_right(ends, offset)  # the first clause ending after the offset
    if i < len(parts):
        return parts[i]
    return parts[-1] if parts else (s, e)


@lru_cache(maxsize=64)
def _sentence_clauses(text: str, start: int, end: int, language: str):
    parts = tuple(clauses(text, start, end, language))
    return parts, tuple(b for _, b in parts)
