"""Numbers written in words: Chinese numerals, English number words, Roman numerals.

One parser serves both section numbering ("II", "(一)", "Secondly", "21") and
quantity extraction (三十, 四十萬, 两千〇五十, "twenty-five thousand"). Chinese
numerals may be Traditional or Simplified (兩/两, 萬/万, 億/亿) and write zero as
零 or 〇.
"""

from __future__ import annotations

import re

__all__ = [
    "CN_NUMERALS",
    "EN_ABBREVIATED_MAGNITUDES",
    "EN_CARDINALS",
    "EN_MAGNITUDES",
    "EN_NUMBER_WORDS",
    "EN_ORDINALS",
    "EN_TENS",
    "EN_VAGUE_MAGNITUDES",
    "FRACTION_DENOMINATORS",
    "ZH_DIGITS",
    "ZH_MAGNITUDES",
    "ZH_NUMERAL_CHARS",
    "ZH_SMALL_UNITS",
    "en_magnitude",
    "en_words_value",
    "parse_number",
    "zh_value",
]

# ---------------------------------------------------------------------------
# English

EN_CARDINALS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
EN_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")

# Ordinals as used to number parts of a text: "First, ...", "Secondly, ...".
EN_ORDINALS = {
    "first": 1, "firstly": 1, "second": 2, "secondly": 2, "third": 3, "thirdly": 3,
    "fourth": 4, "fourthly": 4, "fifth": 5, "fifthly": 5, "sixth": 6, "sixthly": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}  # fmt: skip
EN_NUMBER_WORDS = {**EN_CARDINALS, **EN_ORDINALS}

EN_MAGNITUDES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}

# Magnitudes as abbreviated in financial writing: "210bn yuan", "$38.1bn", "1.2mn".
EN_ABBREVIATED_MAGNITUDES = {
    "mn": 1e6,
    "mln": 1e6,
    "bn": 1e9,
    "bln": 1e9,
    "tn": 1e12,
    "trn": 1e12,
}

# "tens of millions of": an open-ended lower bound.
EN_VAGUE_MAGNITUDES = {
    "tens": 10.0,
    "hundreds": 1e2,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
}

FRACTION_DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fifth": 5,
    "fifths": 5,
    "tenth": 10,
    "tenths": 10,
}

# ---------------------------------------------------------------------------
# Chinese

ZH_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "兩": 2, "两": 2, "三": 3, "四": 4, "五": 5,
    "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
ZH_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
ZH_LARGE_UNITS = {"萬": 1e4, "万": 1e4, "億": 1e8, "亿": 1e8}
ZH_NUMERAL_CHARS = "".join(ZH_DIGITS) + "".join(ZH_SMALL_UNITS) + "".join(ZH_LARGE_UNITS)
# A magnitude written after a number: 2000萬, 1.5億, 3千.
ZH_MAGNITUDES = {
    "萬億": 1e12,
    "万亿": 1e12,
    "億": 1e8,
    "亿": 1e8,
    "萬": 1e4,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}
# The characters that number chapters and lists: 一、 (二) 第三章.
CN_NUMERALS = "一二三四五六七八九十"

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_NUMBERING_MARKS = re.compile(r"[\s()（）.、．)]")


def zh_value(numeral: str) -> float:
    """A Chinese numeral as a number: 三十 -> 30, 四十萬 -> 4e5, 萬億 -> 1e12, 一百〇五 -> 105."""
    total, section, digit = 0.0, 0.0, 0.0
    for ch in numeral:
        if ch in ZH_DIGITS:
            digit = ZH_DIGITS[ch]
        elif ch in ZH_SMALL_UNITS:
            section += (digit or 1) * ZH_SMALL_UNITS[ch]
            digit = 0
        elif ZH_LARGE_UNITS[ch] == 1e4:
            section = ((section + digit) or 1) * 1e4
            digit = 0
        else:  # 億 closes everything before it
            total = ((total + section + digit) or 1) * 1e8
            section = digit = 0
    return total + section + digit


def en_words_value(words: str) -> float:
    """English number words as a number: "twenty-five" -> 25, "a" (hundred) -> 1."""
    total = 0.0
    for token in re.split(r"[\s-]+", words.lower()):
        total += 1.0 if token == "a" else EN_CARDINALS[token]
    return total


def en_magnitude(words: str) -> float:
    """The factor of English magnitude words: "hundred million" -> 1e8, "bn" -> 1e9."""
    factor = 1.0
    for token in words.lower().replace("-", " ").split():
        factor *= EN_MAGNITUDES.get(token) or EN_ABBREVIATED_MAGNITUDES[token]
    return factor


def _roman_value(core: str) -> int:
    total = 0
    for ch, nxt in zip(core, core[1:] + " ", strict=True):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total


def parse_number(written: str) -> int | None:
    """The integer behind a numbering as written: "II", "(一)", "21", "First", "1)".

    None when it is not a number in any of the scripts.
    """
    core = _NUMBERING_MARKS.sub("", written)
    if not core:
        return None
    if core.isdigit():
        return int(core)
    if core.lower() in EN_NUMBER_WORDS:
        return EN_NUMBER_WORDS[core.lower()]
    if all(ch in _ROMAN for ch in core):
        return _roman_value(core)
    if all(ch in ZH_NUMERAL_CHARS for ch in core):
        return int(zh_value(core))
    return None
