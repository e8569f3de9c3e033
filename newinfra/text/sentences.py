"""Sentences of a text, English or Chinese, as spans into the string.

``sentences(text, language)`` splits the whole text into sentences (``start``,
``end``, ``text`` = original slice, ``text_clean`` = whitespace collapsed).
English ends at . ! ? followed by whitespace, a closing quote or bracket, or
the end (not in decimals, after abbreviations such as "No. 1", "e.g.",
"Dr.", or after list numbers at the start of a line); Chinese ends at 。！？.
A blank line always ends a sentence. A single line break ends one too,
unless the text is hard-wrapped (detected from its line lengths and how its
lines end) or the line plainly runs on (it ends in a comma, the next line
starts in lower case, or a long line stops mid-word before a line that is
not a heading). Every non-space character is in exactly one sentence.

``sentence_at(text, offset, language)`` gives the sentence holding an offset
and ``sentence_spans_for(table, offsets)`` the sentences of many offsets
(``sentences_holding(text, language, offsets)`` the same as spans, without tables).
``sentence_window(...)`` keeps the part of a sentence within
:data:`SENTENCE_REACH` characters of a figure, so that a text without sentence
breaks does not hand every figure the whole text.

Everything here runs in time linear in the length of the text.
"""

from __future__ import annotations

import bisect
import re
import statistics
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from newinfra.core.display import CJK_CHARACTERS
from newinfra.core.errors import ParameterError
from newinfra.text.numerals import CN_NUMERALS

__all__ = [
    "LANGUAGES",
    "check_offset",
    "clean_whitespace",
    "guess_language",
    "language_code",
    "sentence_at",
    "sentence_spans",
    "sentence_spans_for",
    "sentence_window",
    "sentences",
    "sentences_holding",
]

LANGUAGES = ("en", "zh")
# Characters of a sentence kept on each side of a figure. The longest reach in
# the shipped seeds is under 2,400 characters, so none of their sentences is cut.
SENTENCE_REACH = 3000
_CUT_SLACK = 200  # how far past the reach a cut may move to find a boundary
_CLAUSE_MARK = re.compile(r"[,，;；:：、。！？](?!\d)")
_SPACE = re.compile(r"\s")
_CJK_CHAR = re.compile(f"[{CJK_CHARACTERS}]")
_CN_PAREN = rf"[(（][{CN_NUMERALS}]+[)）]"
_WHITESPACE = re.compile(r"\s+")
_CLOSERS = "”’\"')]）」』》"
_EN_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*")
_ZH_END = re.compile(rf"[。！？!?]+[{re.escape(_CLOSERS)}]*")
# "platform.In view of": a full stop that lost its space
_MISSING_SPACE = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z])")
_TOKEN_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*|\d+)$")
_NEVER_END = {
    "e.g", "i.e", "cf", "mr", "mrs", "ms", "dr", "prof", "st", "vs", "approx", "fig",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
}  # fmt: skip
_LIST_NUMBER = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,5}|[A-Za-z])$")
_HEADING_START = re.compile(
    rf"^(?:[-–•·*][ \t]|——|#{{1,6}}\s|\(?\d{{1,3}}[.)、．]|[(（]\d{{1,3}}[)）]|{_CN_PAREN}"
    rf"|[{CN_NUMERALS}]+、|[IVXLC]+\.\s|第[{CN_NUMERALS}百\d]+[章節节條条篇编編])"
)
# the first character after a full stop and any closing quotes or spaces
_NEXT_VISIBLE = re.compile(rf"[{re.escape(_CLOSERS)}]*\s*(.?)", re.DOTALL)
_TERMINAL = ".!?。！？:："
_RUN_ON_END = ",，、;；(（“‘-–"


def clean_whitespace(s: str) -> str:
    """Collapse whitespace runs to one space; a line break between CJK characters goes."""

    def join(m: re.Match) -> str:
        before = s[m.start() - 1] if m.start() > 0 else ""
        after = s[m.end()] if m.end() < len(s) else ""
        wrapped_cjk = bool(before and after and _CJK_CHAR.match(before) and _CJK_CHAR.match(after))
        # "人形\n機器人" was wrapped, not spaced
        return "" if wrapped_cjk and "\n" in m.group() else " "

    return _WHITESPACE.sub(join, s).strip()


def language_code(language: str) -> str:
    if isinstance(language, str):
        low = language.lower()
        if low.startswith("zh"):
            return "zh"
        if low.startswith("en"):
            return "en"
    raise ParameterError("language", language, ["en", "zh", "zh-Hant", "zh-Hans"])


def guess_language(text: str) -> str:
    visible = "".join(text[:5000].split())  # every character but white space
    cjk = len(_CJK_CHAR.findall(visible))
    return "zh" if visible and cjk / len(visible) > 0.3 else "en"


def sentences(text: str, language: str) -> pd.DataFrame:
    """Every sentence of ``text``: start, end, text (original slice), text_clean."""
    if not isinstance(text, str):
        raise ParameterError("text", type(text).__name__, detail="a str")
    spans = sentence_spans(text, language_code(language))
    return pd.DataFrame(
        {
            "start": pd.Series([s for s, _ in spans], dtype="int64"),
            "end": pd.Series([e for _, e in spans], dtype="int64"),
            "text": pd.Series([text[s:e] for s, e in spans], dtype="str"),
            "text_clean": pd.Series([clean_whitespace(text[s:e]) for s, e in spans], dtype="str"),
        }
    )


def sentence_spans_for(table: pd.DataFrame, offsets: Iterable[int]) -> pd.DataFrame:
    """For each offset, the sentence of ``table`` (from :func:`sentences`) holding it.

    Columns: offset, sentence_start, sentence_end (nullable: NA where the offset
    falls on whitespace between sentences), sentence, sentence_clean.
    """
    offsets = np.asarray(list(offsets), dtype="int64")
    starts = table["start"].to_numpy()
    ends = table["end"].to_numpy()
    i = np.searchsorted(starts, offsets, side="right") - 1
    safe = np.clip(i, 0, max(len(starts) - 1, 0))
    hit = (i >= 0) & (len(starts) > 0)
    if len(starts):
        hit &= offsets < ends[safe]
    rows_start = pd.array(np.where(hit, starts[safe] if len(starts) else 0, 0), dtype="Int64")
    rows_end = pd.array(np.where(hit, ends[safe] if len(starts) else 0, 0), dtype="Int64")
    rows_start[~hit] = pd.NA
    rows_end[~hit] = pd.NA
    texts = table["text"].to_numpy() if len(starts) else np.array([], dtype=object)
    cleans = table["text_clean"].to_numpy() if len(starts) else np.array([], dtype=object)
    return pd.DataFrame(
        {
            "offset": offsets,
            "sentence_start": rows_start,
            "sentence_end": rows_end,
            "sentence": [texts[k] if h else None for k, h in zip(safe, hit, strict=True)],
            "sentence_clean": [cleans[k] if h else None for k, h in zip(safe, hit, strict=True)],
        }
    )


def sentences_holding(text: str, language: str, offsets: Iterable[int]) -> list:
    """For each offset, the (start, end) of the sentence holding it, or None on
    whitespace between sentences: :func:`sentence_spans_for` without tables."""
    lang = language_code(language)
    spans = sentence_spans(text, lang)
    starts = _sentence_starts(text, lang)
    found = []
    for offset in offsets:
        i = bisect.bisect_right(starts, offset) - 1
        found.append(spans[i] if i >= 0 and offset < spans[i][1] else None)
    return found


def sentence_at(text: str, offset: int, language: str) -> tuple[int, int]:
    """(start, end) of the sentence holding ``offset``; (offset, offset) on whitespace."""
    check_offset(text, offset)
    (span,) = sentences_holding(text, language, [offset])
    return span if span is not None else (offset, offset)


def check_offset(text: str, offset: int) -> None:
    if not isinstance(offset, int | np.integer) or not 0 <= offset < len(text):
        raise ParameterError("offset", offset, detail=f"an int in 0..{len(text) - 1}")


@lru_cache(maxsize=32)
def sentence_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
    cuts = set(_newline_cuts(text))
    cuts.update(_punctuation_cuts(text, lang))
    cuts.update((0, len(text)))
    ordered = sorted(cuts)
    spans = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        piece = text[a:b]
        stripped = piece.strip()
        if not stripped:
            continue
        lead = len(piece) - len(piece.lstrip())
        spans.append((a + lead, a + lead + len(stripped)))
    return tuple(spans)


@lru_cache(maxsize=32)
def _sentence_starts(text: str, lang: str) -> tuple[int, ...]:
    return tuple(start for start, _ in sentence_spans(text, lang))


def _punctuation_cuts(text: str, lang: str) -> list[int]:
    cuts = []
    if lang == "zh":
        return [m.end() for m in _ZH_END.finditer(text)]
    for m in _EN_END.finditer(text):
        end = m.end()
        if end < len(text) and not text[end].isspace():
            continue  # "37.2%", "2023.10.20", "US$62.5"
        punct_end = m.start() + len(m.group(0).rstrip(_CLOSERS))
        lone_full_stop = text[punct_end - 1] == "." and punct_end - m.start() == 1
        if lone_full_stop and not _full_stop_ends(text, m.start()):
            continue
        cuts.append(end)
    cuts.extend(m.end() for m in _MISSING_SPACE.finditer(text))
    return cuts


def _full_stop_ends(text: str, dot: int) -> bool:
    token_match = _TOKEN_BEFORE.search(text, max(0, dot - 20), dot)
    token = token_match.group(1) if token_match else ""
    # read at the dot, never copying the rest of the text: linear on long lines
    next_char = _NEXT_VISIBLE.match(text, dot + 1).group(1)
    low = token.lower()
    if low in _NEVER_END:
        return False
    if low == "no" and next_char.isdigit():  # "No. 1"
        return False
    if token and _LIST_NUMBER.match(token) and _starts_its_line(text, token_match.start(1)):
        return False  # "1. Guiding Principle"
    return not (next_char.isascii() and next_char.islower())


def _starts_its_line(text: str, position: int) -> bool:
    """Only whitespace between the start of the line and ``position``."""
    i = position - 1
    while i >= 0 and text[i] != "\n" and text[i].isspace():
        i -= 1
    return i < 0 or text[i] == "\n"


def _ends_terminal(line: str) -> bool:
    core = line.rstrip().rstrip(_CLOSERS)
    if not core or (core[-1] in ".)" and _LIST_NUMBER.match(core[:-1])):
        return False  # a bare "1." whose heading follows on the next line
    return core[-1] in _TERMINAL


def _newline_cuts(text: str) -> list[int]:
    """Line breaks that end a sentence (see the module docstring)."""
    lines = text.split("\n")
    offsets = []
    pos = 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    stripped = [line.strip() for line in lines]
    blank = [not s for s in stripped]
    lengths = [len(s) for s in stripped if s]
    terminal_lengths = [len(s) for s in stripped if s and _ends_terminal(s)]
    inner = [i for i in range(len(lines) - 1) if not blank[i] and not blank[i + 1]]
    open_inner = [i for i in inner if not _ends_terminal(stripped[i])]
    wrapped_doc = (
        len(inner) >= 5 and len(open_inner) >= 0.5 * len(inner) and _percentile(lengths, 0.9) <= 120
    )
    long_line = max(40.0, 0.5 * statistics.median(terminal_lengths)) if terminal_lengths else 40.0

    wrapped_line = [wrapped_doc] * len(lines)
    if not wrapped_doc:  # a single hard-wrapped paragraph in an otherwise unwrapped text
        i = 0
        while i < len(lines):
            if blank[i]:
                i += 1
                continue
            j = i
            while j + 1 < len(lines) and not blank[j + 1]:
                j += 1
            block = range(i, j + 1)
            inner_block = [k for k in block if k < j]
            if (
                len(block) >= 3
                and sum(not _ends_terminal(stripped[k]) for k in inner_block)
                >= 2 / 3 * len(inner_block)
                and max(len(stripped[k]) for k in block) <= 120
            ):
                for k in block:
                    wrapped_line[k] = True
            i = j + 1

    cuts = []
    for i in range(len(lines) - 1):
        newline = offsets[i] + len(lines[i])
        if blank[i] or blank[i + 1]:
            cuts.append(newline)
        elif wrapped_line[i]:
            continue
        elif not _runs_on(stripped[i], stripped[i + 1], long_line):
            cuts.append(newline)
    return cuts


def _runs_on(line: str, following: str, long_line: float) -> bool:
    if _ends_terminal(line) or _HEADING_START.match(following):
        return False
    if line[-1] in _RUN_ON_END or (following[0].isascii() and following[0].islower()):
        return True
    # a long line stopping mid-word: "...人形\n機器人等領域"
    return (line[-1].isalnum() or bool(_CJK_CHAR.match(line[-1]))) and len(line) >= long_line


def _percentile(values: list[int], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return float(ordered[min(len(ordered) - 1, int(q * len(ordered)))])


def sentence_window(
    text: str,
    sentence: tuple[int, int],
    figure: tuple[int, int],
    reach: int = SENTENCE_REACH,
) -> tuple[int, int]:
    """The part of ``sentence`` within ``reach`` characters of ``figure``, as (start, end).

    Both are (start, end) spans of ``text``. Where the sentence reaches further, it
    is cut at a clause mark or else a space near the limit, inside the reach, and
    whitespace at the cut is dropped; the figure always stays whole.
    """
    (s_start, s_end), (start, end) = sentence, figure
    low, high = max(s_start, start - reach), min(s_end, end + reach)
    if low > s_start:
        low = _cut_after(text, low, min(start, low + _CUT_SLACK))
        while low < start and text[low].isspace():
            low += 1
    if high < s_end:
        high = _cut_before(text, max(end, high - _CUT_SLACK), high)
        while high > end and text[high - 1].isspace():
            high -= 1
    return low, high


def _cut_after(text: str, low: int, limit: int) -> int:
    """The first boundary in text[low:limit]: after a clause mark, else after a space."""
    for pattern in (_CLAUSE_MARK, _SPACE):
        found = pattern.search(text, low, limit)
        if found:
            return found.end()
    return low


def _cut_before(text: str, limit: int, high: int) -> int:
    """The last boundary in text[limit:high]: after a clause mark, else at a space."""
    for pattern in (_CLAUSE_MARK, _SPACE):
        last = None
        for last in pattern.finditer(text, limit, high):  # noqa: B007 - the last one is kept
            pass
        if last is not None:
            return last.end() if pattern is _CLAUSE_MARK else last.start()
    return high
