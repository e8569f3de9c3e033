"""How values are shown to people, in report tables and Excel sheets alike."""

from __future__ import annotations

import unicodedata

# Chinese, Japanese and Korean characters: the body of a regular-expression
# character class, the one CJK range of the package. U+2E80-U+9FFF holds the
# radicals, CJK punctuation (U+3000-U+303F), kana and the unified ideographs;
# then the compatibility ideographs and the full-width forms.
CJK_CHARACTERS = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
# The unified Han ideographs: the characters Chinese words are written in (no
# punctuation, no full-width forms), the body of a character class as above.
HAN_CHARACTERS = "\u4e00-\u9fff"
_FIRST_HAN, _LAST_HAN = "\u4e00", "\u9fff"


def is_han(character: str) -> bool:
    """Whether one character is a Han ideograph (一 U+4E00 to 鿿 U+9FFF)."""
    return _FIRST_HAN <= character <= _LAST_HAN


def has_han(text: str) -> bool:
    """Whether a text holds any Han ideograph: written, at least in part, in Chinese."""
    return any(_FIRST_HAN <= character <= _LAST_HAN for character in text)


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
