"""How values are shown to people, in report tables and Excel sheets alike."""

from __future__ import annotations

import unicodedata

# Chinese, Japanese and Korean characters: the body of a regular-expression
# character class, the one CJK range of the package. U+2E80-U+9FFF holds the
# radicals, CJK punctuation (U+3000-U+303F), kana and the unified ideographs;
# then the compatibility ideographs and the full-width forms.
CJK_CHARACTERS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"


def display_width(text: str) -> int:
    """Width in character cells: wide (CJK) characters count double."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def is_year_like(column: str) -> bool:
    """Years and character offsets are shown without thousands separators."""
    name = str(column).lower()
    return (
        name in {"year", "start", "end"}
        or name.endswith(("_year", "_start", "_end"))
        or name.startswith("period_")
    )
