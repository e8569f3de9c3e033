"""Which mention holds a span: annotations joined to mentions by containment.

An annotation names a figure by its offsets in a seed. When the extractor learns
a phrasing and its mention of that figure grows ("10萬" becomes "10萬架左右"),
the annotation still lies inside the mention; joining by containment keeps the
annotation's offsets, and so its ``target_id``, where they were.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

__all__ = ["SpanIndex"]

Key = tuple[str, int, int]  # (source_id, start, end)


class SpanIndex:
    """The mentions' spans of each source, to find the one holding a given span.

    Mentions of one text never overlap (the extractor keeps the longest of
    overlapping candidates), so at most one mention holds a span.

    >>> index = SpanIndex([("a", 10, 20), ("a", 30, 34)])
    >>> index.holding("a", 12, 15)
    ('a', 10, 20)
    >>> index.holding("a", 18, 31) is None
    True
    """

    def __init__(self, keys: Iterable[Key]) -> None:
        self._exact = set()
        by_source: dict[str, list[tuple[int, int]]] = {}
        for source_id, start, end in keys:
            key = (source_id, int(start), int(end))
            self._exact.add(key)
            by_source.setdefault(source_id, []).append(key[1:])
        self._spans = {source: sorted(spans) for source, spans in by_source.items()}
        self._starts = {source: [s for s, _ in spans] for source, spans in self._spans.items()}

    def holding(self, source_id: str, start: int, end: int) -> Key | None:
        """The key of the mention equal to the span, else of the one containing it, else None."""
        key = (source_id, int(start), int(end))
        if key in self._exact:
            return key
        spans = self._spans.get(source_id, [])
        # The mention starting last at or before ``start`` is the only one that can hold it.
        i = bisect_right(self._starts.get(source_id, []), key[1]) - 1
        if i >= 0 and spans[i][1] >= key[2]:
            return (source_id, *spans[i])
        return None
