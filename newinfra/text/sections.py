"""The section table of a document: headings and numbered items as a tree of spans.

Every figure the library reports carries its place in the document (a section
path). ``sections(source_id, text, rules)`` returns one row per heading or
numbered item found by ``rules``, as character spans into the Python string
of the text, so that ``text[start:end]`` is always the original slice:

========== ==============================================================
source_id  the document
ref        short ASCII id, unique within the document (see below)
kind       what the rule matched: chapter, task, part, item, paragraph...
level      depth in the tree, 1 = top
label      the heading as written, whitespace collapsed, bullet markers and
           trailing punctuation removed; long paragraph-parts are cut to
           their first clause or sentence (about 100 characters, "…")
number     the numbering as written ("II", "1", "(一)", "21", "First",
           "1)"); empty when the text has none
parent_ref ref of the enclosing section, empty at the top
start, end the span: from the heading to the next section at the same or a
           higher level (or the end of the text); children nest inside
           their parents, siblings never overlap, and every character of the
           text lies in exactly one deepest section
path       labels from the top down, joined with " > "
========== ==============================================================

Refs are built from each rule's key (``ch{n}``, ``task{n}``...) with ``n`` the
item's number (parsed from Roman, Chinese or English-word numerals) or, for
unnumbered items, its ordinal. A key is prefixed by the ref of its *scope*:
the whole document (no prefix), its parent, or its nearest ancestor of a
named kind; intermediate grouping headings are therefore left out where the
numbering does not depend on them (``ch2.sp1`` although "Special Project One"
sits under "1. Special Projects"). A ref that would repeat gets a suffix
``-2``, ``-3``. Text before the first heading is a section ``front``.

The rules are data: :mod:`newinfra.inputs.section_rules` reads them from
``data/section_rules.csv``, per document or per language.

Finding the section that holds an offset is :mod:`newinfra.text.section_lookup`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from newinfra.core.display import display_width
from newinfra.core.errors import ParameterError
from newinfra.text import line_patterns
from newinfra.text.memo import last_long_text
from newinfra.text.numerals import parse_number
from newinfra.text.sentences import clean_whitespace, guess_language, language_code, sentence_spans

__all__ = [
    "LABEL_MODES",
    "SECTION_COLUMNS",
    "WHEN_MODES",
    "Rule",
    "section_frame",
    "section_rows",
    "sections",
]

SECTION_COLUMNS = [
    "source_id",
    "ref",
    "kind",
    "level",
    "label",
    "number",
    "parent_ref",
    "start",
    "end",
    "path",
]
LABEL_MODES = ("line", "block", "sentence", "clause")
# When a rule applies: always, or only to texts with (or without) blank lines.
WHEN_MODES = ("", "blank_lines", "no_blank_lines")


@dataclass(frozen=True)
class Rule:
    """One kind of section and how to find it.

    ``pattern`` is searched over the whole text (multiline). The section starts
    at the group ``head`` if the pattern has one, else at the match. A group
    ``num`` holds the numbering as written; a group ``label`` the label text.
    Parents are found by ``rank``: a new section closes every open section of
    equal or higher rank and becomes the child of the one left open. Where
    two rules match at the same place, the earlier rule in the table wins.
    """

    kind: str
    rank: int
    pattern: str
    ref: str  # format string with {n}: "ch{n}", "demo{n:02d}"
    scope: str = ""  # "" = document, "parent", or the kind of an ancestor
    within: str = ""  # regex an ancestor's ref must fully match
    sequential: bool = False  # number must be 1 or follow the last of its kind
    label: str = "line"  # one of LABEL_MODES
    label_format: str = ""  # fixed label with {n}, e.g. "¶{n}"
    when: str = ""  # one of WHEN_MODES

    def __post_init__(self):
        if self.label not in LABEL_MODES:
            raise ParameterError("label", self.label, LABEL_MODES)
        if self.when not in WHEN_MODES:
            raise ParameterError("when", self.when, WHEN_MODES)

    @property
    def regex(self) -> re.Pattern:
        return compile_pattern(self.pattern)

    def applies_to(self, text: str) -> bool:
        if not self.when:
            return True
        has_blank_lines = _BLANK_LINE.search(text) is not None
        return has_blank_lines == (self.when == "blank_lines")


@cache
def compile_pattern(pattern: str) -> re.Pattern:
    """A rule's pattern compiled as the engine uses it (multiline)."""
    return re.compile(pattern, re.MULTILINE)


@dataclass
class _Node:
    rule: Rule
    match: re.Match | None
    start: int
    end: int
    rank: float
    n: int | None
    number: str
    ref: str
    parent: _Node | None
    level: int
    label: str = ""
    children: list = field(default_factory=list)


def sections(
    source_id: str,
    text: str,
    rules: Sequence[Rule],
    *,
    language: str | None = None,
) -> pd.DataFrame:
    """The section table of one document (columns in the module docstring).

    ``rules`` in priority order; a rule whose ``when`` does not hold for the
    text is left out. ``language`` ("en" or "zh") is guessed from the text
    when not given.
    """
    return section_frame(section_rows(source_id, text, rules, language=language))


def section_rows(
    source_id: str,
    text: str,
    rules: Sequence[Rule],
    *,
    language: str | None = None,
) -> list[dict]:
    """:func:`sections` as a list of row dicts, for callers that read many documents
    and build one table (see :func:`section_frame`)."""
    if not isinstance(source_id, str) or not source_id:
        raise ParameterError("source_id", source_id, detail="a non-empty string")
    if not isinstance(text, str):
        raise ParameterError("text", type(text).__name__, detail="the document as a str")
    if not text.strip():
        return []
    lang = language_code(language) if language is not None else guess_language(text)
    rows = _rows(text, source_id, tuple(rules), lang)
    return [dict(row) for row in rows]


@last_long_text
def _rows(text: str, source_id: str, rules: tuple[Rule, ...], lang: str) -> tuple[dict, ...]:
    nodes = _build_tree(text, [rule for rule in rules if rule.applies_to(text)])
    spans = sentence_spans(text, lang)
    sentence_ends = [end for _, end in spans]
    for node in nodes:
        node.label = _label(node, text, spans, sentence_ends)
    paths: dict[int, str] = {}
    rows = []
    for node in nodes:
        parent_path = paths.get(id(node.parent), "") if node.parent else ""
        path = f"{parent_path} > {node.label}" if parent_path else node.label
        paths[id(node)] = path
        rows.append(
            {
                "source_id": source_id,
                "ref": node.ref,
                "kind": node.rule.kind,
                "level": node.level,
                "label": node.label,
                "number": node.number,
                "parent_ref": node.parent.ref if node.parent else "",
                "start": node.start,
                "end": node.end,
                "path": path,
            }
        )
    return tuple(rows)


_INTEGER_COLUMNS = ("level", "start", "end")


def section_frame(rows: list[dict]) -> pd.DataFrame:
    """A section table (:data:`SECTION_COLUMNS`) of rows from :func:`section_rows`."""
    return pd.DataFrame(
        {
            column: pd.Series(
                [row[column] for row in rows],
                dtype="int64" if column in _INTEGER_COLUMNS else "str",
            )
            for column in SECTION_COLUMNS
        }
    )


_FRONT = Rule("front", 1, r"\A", "front", label="line")


def _candidates(text: str, rules: Sequence[Rule]) -> list[tuple[int, int, Rule, re.Match]]:
    """Every match of every rule as (start, priority, rule, match), in document order."""
    candidates = []
    for priority, rule in enumerate(rules):
        regex = rule.regex
        has_head = "head" in regex.groupindex
        for match in line_patterns.matches(regex, text):
            start = (
                match.start("head")
                if has_head and match.group("head") is not None
                else (match.start())
            )
            if start < len(text):
                candidates.append((start, priority, rule, match))
    candidates.sort(key=lambda c: (c[0], c[1]))
    return candidates


def _build_tree(text: str, rules: Sequence[Rule]) -> list[_Node]:
    nodes: list[_Node] = []
    stack: list[_Node] = []
    last_number: dict[str, int] = {}
    ordinals: dict[tuple[str, str], int] = {}
    taken: set[int] = set()
    for start, _, rule, match in _candidates(text, rules):
        if start in taken:
            continue
        ancestors = [s for s in stack if s.rank < rule.rank]
        if rule.within and not any(re.fullmatch(rule.within, a.ref) for a in ancestors):
            continue
        written = match.group("num") if "num" in match.re.groupindex else None
        n = parse_number(written) if written else None
        if written and n is None:
            continue
        if rule.sequential and n is not None and n != 1 and n != last_number.get(rule.kind, 0) + 1:
            continue
        for closed in stack[len(ancestors) :]:
            closed.end = start
        stack = ancestors
        parent = ancestors[-1] if ancestors else None
        scope = _scope_ref(rule.scope, parent, ancestors)
        if n is None:
            key = (rule.kind, scope)
            ordinals[key] = ordinals.get(key, 0) + 1
            n_used = ordinals[key]
        else:
            n_used = n
            last_number[rule.kind] = n
        local = rule.ref.format(n=n_used)
        node = _Node(
            rule=rule,
            match=match,
            start=start,
            end=len(text),
            rank=rule.rank,
            n=n_used,
            number=(written or "").strip(),
            ref=f"{scope}.{local}" if scope else local,
            parent=parent,
            level=len(ancestors) + 1,
        )
        if parent is not None:
            parent.children.append(node)
        stack.append(node)
        nodes.append(node)
        taken.add(start)

    if not nodes or nodes[0].start > 0:
        first = nodes[0].start if nodes else len(text)
        if nodes and not text[:first].strip():
            nodes[0].start = 0  # only whitespace before the first heading
        else:
            # text before any heading: a level-1 section closed by whatever follows
            front = _Node(_FRONT, None, 0, first, float("inf"), None, "", "front", None, 1)
            nodes.insert(0, front)
    _make_refs_unique(nodes)
    return nodes


def _scope_ref(scope: str, parent: _Node | None, ancestors: list[_Node]) -> str:
    if not scope:
        return ""
    if scope == "parent":
        return parent.ref if parent else ""
    for node in reversed(ancestors):
        if node.rule.kind == scope:
            return node.ref
    return ""


def _make_refs_unique(nodes: list[_Node]) -> None:
    seen: dict[str, int] = {}
    for node in nodes:
        count = seen.get(node.ref, 0) + 1
        seen[node.ref] = count
        if count > 1:
            node.ref = f"{node.ref}-{count}"


_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_CLAUSE_STOP = re.compile(r"[:;：；]")
_BULLET = re.compile(r"^(?:[-–•·*][ \t]+|——\s*)")
_TRAILING = ".。,，;；:：、 \t\n\u00a0"
_LABEL_KEEP = 120  # display width kept whole (CJK counts double)
_LABEL_CUT = 100  # width a longer label is cut to


def _label(node: _Node, text: str, spans, sentence_ends: list[int]) -> str:
    rule, match = node.rule, node.match
    if rule.label_format:
        return rule.label_format.format(n=node.n)
    if match is not None and "label" in match.re.groupindex and match.group("label"):
        raw = match.group("label")
    else:
        start, limit = node.start, node.end
        if rule.label == "line":
            newline = text.find("\n", start)
            stop = newline if newline != -1 else limit
        elif rule.label == "block":
            blank = _BLANK_LINE.search(text, start)
            stop = blank.start() if blank else limit
        else:
            i = bisect.bisect_right(sentence_ends, start)
            stop = spans[i][1] if i < len(spans) else limit
            if rule.label == "clause":
                colon = _CLAUSE_STOP.search(text, start, stop)
                stop = colon.start() if colon else stop
        raw = text[start : min(stop, limit)]
    label = _BULLET.sub("", clean_whitespace(raw).strip())
    label = label.rstrip(_TRAILING)
    return _shorten(label)


def _shorten(label: str) -> str:
    widths = [display_width(ch) for ch in label]
    if sum(widths) <= _LABEL_KEEP:
        return label
    used, cut = 0, 0
    for i, w in enumerate(widths):
        if used + w > _LABEL_CUT:
            cut = i
            break
        used += w
    head = label[:cut]
    space = head.rfind(" ")
    if space > cut // 2:  # cut English at a word boundary
        head = head[:space]
    return head.rstrip(_TRAILING) + "…"
