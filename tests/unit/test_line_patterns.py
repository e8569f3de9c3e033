"""Matches found by jumping between line starts are exactly those of ``finditer``."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newinfra.text import line_patterns
from newinfra.text.line_patterns import matches


def _found(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict(), m.groups()) for m in matches(pattern, text)]


def _expected(pattern: re.Pattern, text: str) -> list[tuple]:
    return [(m.span(), m.groupdict(), m.groups()) for m in pattern.finditer(text)]


# Line-anchored patterns like those of data/section_rules.csv, and some that are not
# (a top-level alternative, an empty match, global flags, no anchor).
PATTERNS = [
    r"^#{2}[ \t]+(?P<label>\S[^\n]*)$",
    r"^第(?P<num>[一二三四五六七八九十百\d]+)[章編篇][^\n]*$",
    r"^(?P<num>\d{1,3})[.、．](?!\d)[^\S\n]*\S",
    r"^[-–•][ \t]+(?P<label>\S[^\n]{0,118})$(?=\n[^\S\n]*\n)",
    r"^[^\S\n]*(?P<head>\S)",
    r"^(?P<num>[(（][一二三]+[)）])[^\n]*\n?",
    r"^a[^\n]*\n^b",
    r"^\s+(?P<head>\S)",
    r"^(?<=\n)x",
    r"^a|b",
    r"^a*",
    r"(?i)^A\w*",
    r"a^b",
    r"(?:\A|(?<!\s)(?=[^\S\n]*\n[^\S\n]*\n))\s*+(?P<head>\S)",
]


@settings(max_examples=300, deadline=None)
@given(
    pattern=st.sampled_from(PATTERNS),
    text=st.text(alphabet="ab x#-1.2、第一章(（）)\n \t", max_size=80),
)
def test_matches_are_those_of_finditer(pattern, text):
    compiled = re.compile(pattern, re.MULTILINE)
    assert _found(compiled, text) == _expected(compiled, text)


def test_only_patterns_anchored_at_line_starts_jump_between_lines():
    def jumps(pattern: str) -> bool:
        return line_patterns._newline_finder(re.compile(pattern, re.MULTILINE)) is not None

    assert jumps(r"^第(?P<num>\d+)章")
    assert jumps(r"^[^\S\n]*(?P<head>\S)")
    assert not jumps(r"^a|b")  # "b" may match anywhere
    assert not jumps(r"^a*")  # may match empty
    assert not jumps(r"(?i)^a")  # global flags cannot be wrapped
    assert not jumps(r"x^")
    assert line_patterns._newline_finder(re.compile(r"^a")) is None  # not multiline


def test_a_match_that_ends_past_a_line_start_hides_it_as_finditer_does():
    compiled = re.compile(r"^a[^\n]*\n^a", re.MULTILINE)
    text = "a1\na2\na3\na4\n"
    assert [m.span() for m in matches(compiled, text)] == [(0, 4), (6, 10)]
    assert _found(compiled, text) == _expected(compiled, text)
