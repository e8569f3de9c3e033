"""The last long text a reader read, and what it found there.

``newinfra add-plan`` reads a new plan once to suggest its rows and once more
when it loads the whole project to check them. For a long text the second
reading would cost as much as the first, so :func:`last_long_text` keeps one
result per reader: that of the last text of at least :data:`LONG_TEXT`
characters, with the same other arguments. Shorter texts are read again; they
cost little and a project holds many. Results are kept as tuples, so that no
caller can change what the next one gets.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

__all__ = ["LONG_TEXT", "forget_all", "last_long_text"]

LONG_TEXT = 100_000
_slots: list[list] = []


def last_long_text(reader: Callable) -> Callable:
    """Keep ``reader(text, *args)``'s result for the last long ``text`` it was given."""
    slot: list = [None]  # (key, result); replaced whole, so threads see one or the other
    _slots.append(slot)

    @functools.wraps(reader)
    def remembering(text: str, *args):
        if not isinstance(text, str) or len(text) < LONG_TEXT:
            return reader(text, *args)
        key = (text, args)
        held = slot[0]
        if held is not None and held[0] == key:
            return held[1]
        result = reader(text, *args)
        slot[0] = (key, result)
        return result

    return remembering


def forget_all() -> None:
    """Drop every kept result (to time a first reading, or free the memory)."""
    for slot in _slots:
        slot[0] = None
