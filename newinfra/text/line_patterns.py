"""Every match of a multiline pattern, found faster when the pattern is anchored at line starts.

``re`` tries a pattern such as ``^第(?P<num>…)章`` at every character of the
text, which costs a scan of a long plan per section rule. When every match
must begin at a line start (the pattern opens with ``^`` in multiline mode and
cannot match empty), :func:`matches` lets ``re`` jump from newline to newline
instead, and takes each match from the pattern itself, so the matches, their
groups and their order are those of ``pattern.finditer``. Any other pattern
is searched as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

__all__ = ["matches"]


def _anchored_at_line_starts(pattern: re.Pattern) -> bool:
    """Whether every match of ``pattern`` starts at a line start and holds a character."""
    try:
        from re import _constants, _parser  # the parser re itself compiles with

        parsed = _parser.parse(pattern.pattern, pattern.flags)
        opens_with_caret = bool(parsed.data) and parsed.data[0] == (
            _constants.AT,
            _constants.AT_BEGINNING,
        )
        return (
            opens_with_caret
            and bool(parsed.state.flags & re.MULTILINE)
            and (parsed.getwidth()[0] > 0)
        )
    except (ImportError, AttributeError, TypeError, re.error):  # a parser that changed: as re
        return False


@cache
def _newline_finder(pattern: re.Pattern) -> re.Pattern | None:
    """A pattern matching each newline after which ``pattern`` matches, or None."""
    if not isinstance(pattern.pattern, str) or not _anchored_at_line_starts(pattern):
        return None
    try:
        return re.compile(rf"\n(?=(?:{pattern.pattern}))", pattern.flags)
    except re.error:  # e.g. global flags, which must open the whole expression
        return None


def matches(pattern: re.Pattern, text: str) -> Iterator[re.Match]:
    """The matches of ``pattern.finditer(text)``, line starts skipped to where it is anchored."""
    finder = _newline_finder(pattern)
    if finder is None:
        yield from pattern.finditer(text)
        return
    # A match cannot be empty here, so the next one starts at or after the end of the last.
    end = 0
    first = pattern.match(text, 0)
    if first is not None:
        yield first
        end = first.end()
    for newline in finder.finditer(text):
        start = newline.end()
        if start < end:
            continue  # a line start inside the last match
        match = pattern.match(text, start)
        if match is not None:
            yield match
            end = match.end()
