"""Document structure, sentences and clauses of the seed texts.

Every figure the library reports carries its place in the document (a section
path) and the sentence around it. This module gives both, as character spans
into the Python string of the text, so that ``text[start:end]`` is always the
original slice.

Sections
--------
``sections(source_id, text)`` returns one row per heading or numbered item:

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
sits under "1. Special Projects"). The schemes:

- ``smartcity-2011-2013-en``: ``preamble``; chapters ``ch1``..``ch6``;
  numbered headings ``ch1.s2``; "(1)" principles ``ch1.s2.p1``; special
  projects ``ch4.sp5`` (numbering restarts in each chapter); dash bullets
  ``ch2.sp1.b1`` / ``ch1.s3.b2``; support measures ``ch6.s1``..``ch6.s8``;
  the copyright notice ``tail``.
- ``newinfra-2020-2022-briefing-en``: ``title``, ``intro``, ``status``
  (with ``status.part1``..``part3`` for "First/Second/Third, the city's...");
  ``contents`` with ``contents.part1``..``part4`` ("First", "Secondly"...),
  the actions ``contents.part3.action1``..``action4``; ``closing``.
- ``newinfra-2023-2026-briefing-en``: ``title``, ``intro``, ``sec1``
  (principles and objectives, with the four milestones ``sec1.item1``..4),
  ``sec2`` (core components) with ``part1``..``part5`` and their items
  ``part5.item9``, the demonstration-projects paragraph ``demos``;
  ``closing``.
- ``newinfra-2023-2026-plan-zh``: ``summary`` (news summary), ``notice``
  (通知, 滬府〔2023〕51號), ``plan`` (the plan's title and preface) with
  chapters ``ch1``..``ch4``; objective bullets ``goal1``..``goal4``; task
  groups ``ch2.g1``..``ch2.g5``; tasks ``task1``..``task30`` (numbered
  continuously across groups); ``demo01``..``demo10``;
  ``measure01``..``measure07``.
- ``digital-2025-news-en``: ``title``, ``byline``, ``standfirst``, body
  paragraphs ``p1``.. labelled "¶1".., the repeated ``headline``, ``tail``.
- any other source_id: generic rules. Headings, outermost first: "第一章"
  or "I." chapters ``ch{n}``; "第一節" sections ``s{n}``; "一、" parts
  ``pt{n}``; "(一)" groups ``g{n}``; "1." items and "(1)"/"1)" sub-items
  ``i{n}`` (their numbering must run on); short "- " lines between blank
  lines ``b{n}``; Markdown "#".."######" headings ``h{n}``. Each is scoped
  to its parent (``ch2.pt1.g3.i7``). Below them, paragraphs ``p{n}``
  numbered through the document and labelled "¶n" (blank-line blocks, or
  lines where the text has no blank lines).

A ref that would repeat gets a suffix ``-2``, ``-3``.

``locate(table, offsets)`` gives, for each offset, the deepest section that
contains it; ``section_at(table, offset)`` returns that row.

Sentences and clauses
---------------------
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

``clauses(text, start, end, language)`` splits a sentence at , ; : (ASCII or
full-width) outside brackets and quotes and not between digits ("20,000"),
never at 、 which joins list items. ``clause_at(text, offset, language)``
returns the clause holding an offset, which is where commitment wording
(力爭, 試點, "strive") attaches to a figure.
"""

from __future__ import annotations

import bisect
import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd

from newinfra.core.errors import ParameterError

__all__ = [
    "RULESETS",
    "Rule",
    "clause_at",
    "clauses",
    "locate",
    "rules_for",
    "section_at",
    "sections",
    "sentence_at",
    "sentence_spans_for",
    "sentences",
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
LANGUAGES = ("en", "zh")

# --------------------------------------------------------------------------
# Numerals


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_EN_WORDS = {
    word: n
    for n, words in enumerate(
        [
            (),
            ("one", "first", "firstly"),
            ("two", "second", "secondly"),
            ("three", "third", "thirdly"),
            ("four", "fourth", "fourthly"),
            ("five", "fifth", "fifthly"),
            ("six", "sixth", "sixthly"),
            ("seven", "seventh"),
            ("eight", "eighth"),
            ("nine", "ninth"),
            ("ten", "tenth"),
            ("eleven", "eleventh"),
            ("twelve", "twelfth"),
        ]
    )
    for word in words
}
CN_NUMERALS = "一二三四五六七八九十"
EN_ORDINALS = "First|Firstly|Second|Secondly|Third|Thirdly|Fourth|Fourthly|Fifth|Fifthly|Sixth"
EN_CARDINALS = "One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Eleven|Twelve"


def parse_number(written: str) -> int | None:
    """The integer behind a numbering as written: "II", "(一)", "21", "First", "1)"."""
    core = re.sub(r"[\s()（）.、．)]", "", written)
    if not core:
        return None
    if core.isdigit():
        return int(core)
    if core.lower() in _EN_WORDS:
        return _EN_WORDS[core.lower()]
    if all(ch in _ROMAN for ch in core):
        total = 0
        for ch, nxt in zip(core, core[1:] + " ", strict=True):
            value = _ROMAN[ch]
            total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
        return total
    if all(ch in _CN_DIGITS or ch in "十百" for ch in core):
        total, digit = 0, 0
        for ch in core:
            if ch == "十":
                total += (digit or 1) * 10
                digit = 0
            elif ch == "百":
                total += (digit or 1) * 100
                digit = 0
            else:
                digit = _CN_DIGITS[ch]
        return total + digit
    return None


# --------------------------------------------------------------------------
# Rules


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

    def __post_init__(self):
        if self.label not in LABEL_MODES:
            raise ParameterError("label", self.label, LABEL_MODES)

    @property
    def regex(self) -> re.Pattern:
        return _compile(self.pattern)


@cache
def _compile(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.MULTILINE)


_CN_PAREN = rf"[(（][{CN_NUMERALS}]+[)）]"

SMARTCITY_RULES: tuple[Rule, ...] = (
    Rule("preamble", 1, r"\A[\s\S]*?^(?P<label>Action Plan \d{4}-\d{4}\b[^\n]*)$", "preamble"),
    Rule("chapter", 1, r"^(?P<num>[IVX]+)\.[ \t]+\S[^\n]*$", "ch{n}", sequential=True),
    Rule("section", 2, r"^(?P<num>\d{1,2})\.[ \t]+[A-Z][^\n]{0,100}$", "s{n}",
         scope="chapter", sequential=True),
    Rule("principle", 3, r"^(?P<num>\(\d{1,2}\))[ \t]+[A-Z][^\n]{0,120}$", "p{n}",
         scope="parent", sequential=True),
    Rule("project", 3, rf"^Special Project (?P<num>{EN_CARDINALS})\b[^\n]*$", "sp{n}",
         scope="chapter", sequential=True),
    Rule("bullet", 4, r"^-[ \t]+(?P<label>\S[^\n]*)$", "b{n}", scope="parent"),
    Rule("tail", 1, r"^Copyright\b[^\n]*$", "tail"),
)  # fmt: skip

BRIEFING_2020_RULES: tuple[Rule, ...] = (
    Rule("title", 1, r"\A(?P<label>[^\n]+)", "title"),
    Rule("intro", 1, r"\A[^\n]*\n\s*(?P<head>\S)", "intro", label="sentence"),
    Rule("heading", 1, r"^The current status of\b[^\n]*$", "status"),
    Rule("heading", 1, r"^The main contents of\b[^\n]*$", "contents"),
    # "First, ..." opens a part at a line start or mid-paragraph after a sentence
    Rule("part", 2, rf"(?:^|(?<=[.!?] ))(?P<num>{EN_ORDINALS}),\s", "part{n}", scope="parent",
         within=r"status|contents", sequential=True, label="sentence"),
    Rule("action", 3, r"^(?P<num>\d{1,2})\.[ \t]+(?=Action\b)", "action{n}", scope="parent",
         within=r"contents\.part\d+", sequential=True, label="sentence"),
    Rule("closing", 1, r"^In the next phase\b", "closing", label="sentence"),
)  # fmt: skip

BRIEFING_2023_RULES: tuple[Rule, ...] = (
    Rule("title", 1, r"\A[\s\S]*?^(?P<label>Press Release\b[^\n]*)$", "title"),
    Rule("intro", 1, r"^\d{4}\.\d{1,2}\.\d{1,2}[ \t]*\n\s*(?P<head>\S)", "intro",
         label="sentence"),
    # "1." stands alone on its line, the heading follows on the next lines
    Rule("section", 1, r"^(?P<num>\d{1,2})\.(?=\s+[A-Z])", "sec{n}", sequential=True,
         label="block"),
    Rule("part", 2, rf"^(?P<num>{EN_ORDINALS}),\s", "part{n}", within=r"sec2",
         sequential=True, label="sentence"),
    # "1)" items run inside paragraphs; the lookbehind keeps "(2023-2026)" out
    Rule("item", 3, r"(?<![\w.\-])(?P<num>\d{1,2}\))(?=\s)", "item{n}", scope="parent",
         within=r"part\d+|sec1", sequential=True, label="clause"),
    Rule("demos", 2, r"^Shanghai\s+will\s+build\s+upon\b", "demos", within=r"sec2",
         label="sentence"),
    Rule("closing", 1, r"^In\s+the\s+next\s+phase\b", "closing", label="sentence"),
)  # fmt: skip

PLAN_ZH_RULES: tuple[Rule, ...] = (
    Rule("summary", 1, r"\A", "summary", label="sentence"),
    Rule("notice", 1, r"^(?P<label>[^\n]{4,120}的通知)$", "notice"),
    Rule("plan", 1, r"^(?P<label>[^\n,，。:;]{4,80}[(（]\d{4}-\d{4}年[)）])$", "plan"),
    Rule("chapter", 2, rf"^(?P<num>[{CN_NUMERALS}]+)、[^\n]+$", "ch{n}", within=r"plan",
         sequential=True),
    Rule("goal", 3, r"^——", "goal{n}", within=r"ch1", label="sentence"),
    Rule("group", 3, rf"^(?P<num>{_CN_PAREN})[^\n]+$", "g{n}", scope="chapter", within=r"ch2",
         sequential=True),
    Rule("demo", 3, rf"^(?P<num>{_CN_PAREN})[^\n]+$", "demo{n:02d}", within=r"ch3",
         sequential=True),
    Rule("measure", 3, rf"^(?P<num>{_CN_PAREN})[^\n]+$", "measure{n:02d}", within=r"ch4",
         sequential=True),
    Rule("task", 4, r"^(?P<num>\d{1,2})[.．](?=\S)", "task{n}", within=r"ch2", sequential=True,
         label="sentence"),
)  # fmt: skip

_PARAGRAPH_BLOCKS = r"(?:\A|\n[^\S\n]*\n)\s*(?P<head>\S)"
_PARAGRAPH_LINES = r"^[^\S\n]*(?P<head>\S)"

NEWS_RULES: tuple[Rule, ...] = (
    Rule("title", 1, r"\A(?P<label>[^\n]+)", "title"),
    Rule("byline", 1, r"\A[^\n]*\n[^\S\n]*\n(?P<head>[^\n]+)", "byline"),
    Rule("standfirst", 1, r"\A[^\n]*\n[^\S\n]*\n[^\n]*\n(?P<head>[^\n]+)", "standfirst",
         label="sentence"),
    # the headline printed again mid-article (a page artefact)
    Rule("headline", 1, r"\A(?P<t>[^\n]+)\n[\s\S]+?^(?P<head>(?P=t))$", "headline"),
    Rule("tail", 1, r"^(?P<head>Special Reports)\s*\Z", "tail"),
    Rule("paragraph", 1, _PARAGRAPH_BLOCKS, "p{n}", label_format="¶{n}"),
)  # fmt: skip

GENERIC_HEADING_RULES: tuple[Rule, ...] = (
    *(
        Rule("heading", depth, rf"^#{{{depth}}}[ \t]+(?P<label>\S[^\n]*)$", "h{n}", scope="parent")
        for depth in range(1, 7)
    ),
    Rule("chapter", 1, rf"^第(?P<num>[{CN_NUMERALS}百\d]+)[章編篇][^\n]*$", "ch{n}"),
    Rule("chapter", 1, r"^(?P<num>[IVXLC]+)\.[ \t]+\S[^\n]*$", "ch{n}", sequential=True),
    Rule("section", 2, rf"^第(?P<num>[{CN_NUMERALS}百\d]+)[節节][^\n]*$", "s{n}", scope="parent"),
    Rule("part", 3, rf"^(?P<num>[{CN_NUMERALS}]+)、[^\n]*$", "pt{n}", scope="parent",
         sequential=True),
    Rule("group", 4, rf"^(?P<num>{_CN_PAREN})[^\n]*$", "g{n}", scope="parent", sequential=True),
    Rule("item", 5, r"^(?P<num>\d{1,3})[.、．](?!\d)[^\S\n]*\S", "i{n}", scope="parent",
         sequential=True, label="sentence"),
    Rule("subitem", 6, r"^(?P<num>[(（]\d{1,3}[)）])[^\S\n]*\S", "i{n}", scope="parent",
         sequential=True, label="sentence"),
    Rule("subitem", 6, r"^(?P<num>\d{1,3}\))[^\S\n]+\S", "i{n}", scope="parent",
         sequential=True, label="sentence"),
    # a short dash line standing alone between blank lines is a sub-heading
    Rule("bullet", 7, r"^[-–•][ \t]+(?P<label>\S[^\n]{0,118})$(?=\n[^\S\n]*\n)", "b{n}",
         scope="parent"),
)  # fmt: skip
_GENERIC_PARAGRAPH_RANK = 9

RULESETS: dict[str, tuple[Rule, ...]] = {
    "smartcity-2011-2013-en": SMARTCITY_RULES,
    "newinfra-2020-2022-briefing-en": BRIEFING_2020_RULES,
    "newinfra-2023-2026-briefing-en": BRIEFING_2023_RULES,
    "newinfra-2023-2026-plan-zh": PLAN_ZH_RULES,
    "digital-2025-news-en": NEWS_RULES,
}


def rules_for(source_id: str, text: str = "") -> tuple[Rule, ...]:
    """The rule table for a document: its own, or the generic rules for ``text``."""
    if source_id in RULESETS:
        return RULESETS[source_id]
    # paragraphs are blank-line blocks where the text has them, else lines
    paragraphs = _PARAGRAPH_BLOCKS if re.search(r"\n[^\S\n]*\n", text) else _PARAGRAPH_LINES
    return (
        *GENERIC_HEADING_RULES,
        Rule("paragraph", _GENERIC_PARAGRAPH_RANK, paragraphs, "p{n}", label_format="¶{n}"),
    )


# --------------------------------------------------------------------------
# Sections


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
    *,
    rules: Sequence[Rule] | None = None,
    language: str | None = None,
) -> pd.DataFrame:
    """The section table of one document (columns in the module docstring).

    ``rules`` overrides the table chosen by ``source_id``; ``language`` ("en" or
    "zh") is guessed from the text when not given.
    """
    if not isinstance(source_id, str) or not source_id:
        raise ParameterError("source_id", source_id, detail="a non-empty string")
    if not isinstance(text, str):
        raise ParameterError("text", type(text).__name__, detail="the document as a str")
    if not text.strip():
        return _empty_sections()
    lang = _language(language) if language is not None else _guess_language(text)
    table = tuple(rules) if rules is not None else rules_for(source_id, text)
    nodes = _build_tree(text, table)
    spans = _sentence_spans(text, lang)
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
    frame = pd.DataFrame(rows, columns=SECTION_COLUMNS)
    return frame.astype({"level": "int64", "start": "int64", "end": "int64"})


def _empty_sections() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in SECTION_COLUMNS})
    return frame.astype({"level": "int64", "start": "int64", "end": "int64"})


_FRONT = Rule("front", 1, r"\A", "front", label="line")


def _build_tree(text: str, rules: Sequence[Rule]) -> list[_Node]:
    candidates = []
    for priority, rule in enumerate(rules):
        regex = rule.regex
        has_head = "head" in regex.groupindex
        for match in regex.finditer(text):
            start = (
                match.start("head")
                if has_head and match.group("head") is not None
                else (match.start())
            )
            if start < len(text):
                candidates.append((start, priority, rule, match))
    candidates.sort(key=lambda c: (c[0], c[1]))

    nodes: list[_Node] = []
    stack: list[_Node] = []
    last_number: dict[str, int] = {}
    ordinals: dict[tuple[str, str], int] = {}
    taken: set[int] = set()
    for start, _, rule, match in candidates:
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


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def _shorten(label: str) -> str:
    widths = [_width(ch) for ch in label]
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


def _single_document(table: pd.DataFrame) -> None:
    missing = {"ref", "start", "end", "path", "parent_ref"} - set(table.columns)
    if missing:
        raise ParameterError(
            "table", f"columns {sorted(table.columns)}", detail=f"missing {sorted(missing)}"
        )
    if "source_id" in table.columns and table["source_id"].nunique() > 1:
        raise ParameterError(
            "table",
            "several documents",
            sorted(table["source_id"].unique()),
            detail="pass the sections of one source_id",
        )


def locate(table: pd.DataFrame, offsets: Iterable[int]) -> pd.DataFrame:
    """For each offset, the deepest section of ``table`` (one document) holding it.

    Columns: offset, section_ref, section (the path), section_label,
    section_level. Offsets outside every section get empty strings and level 0.
    """
    _single_document(table)
    offsets = np.asarray(list(offsets), dtype="int64")
    ordered = table.sort_values(["start", "level"], kind="stable").reset_index(drop=True)
    starts = ordered["start"].to_numpy()
    ends = ordered["end"].to_numpy()
    position = {ref: i for i, ref in enumerate(ordered["ref"])}
    parents = np.array([position.get(p, -1) for p in ordered["parent_ref"]], dtype="int64")
    candidates = np.searchsorted(starts, offsets, side="right") - 1
    found = []
    for offset, i in zip(offsets.tolist(), candidates.tolist(), strict=True):
        while i >= 0 and ends[i] <= offset:
            i = parents[i]
        found.append(i)
    found = np.asarray(found, dtype="int64")
    hit = found >= 0
    safe = np.where(hit, found, 0)

    def pick(column: str, empty):
        values = ordered[column].to_numpy()[safe] if len(ordered) else np.full(len(safe), empty)
        return np.where(hit, values, empty)

    return pd.DataFrame(
        {
            "offset": offsets,
            "section_ref": pick("ref", ""),
            "section": pick("path", ""),
            "section_label": pick("label", "") if "label" in ordered else "",
            "section_level": pick("level", 0).astype("int64") if "level" in ordered else 0,
        }
    )


def section_at(table: pd.DataFrame, offset: int) -> pd.Series:
    """The row of the deepest section holding ``offset``."""
    ref = locate(table, [offset])["section_ref"].iloc[0]
    if not ref:
        raise ParameterError("offset", offset, detail="outside every section of the table")
    return table.loc[table["ref"] == ref].iloc[0]


# --------------------------------------------------------------------------
# Sentences


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
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


def _language(language: str) -> str:
    if isinstance(language, str):
        low = language.lower()
        if low.startswith("zh"):
            return "zh"
        if low.startswith("en"):
            return "en"
    raise ParameterError("language", language, ["en", "zh", "zh-Hant", "zh-Hans"])


def _guess_language(text: str) -> str:
    visible = [ch for ch in text[:5000] if not ch.isspace()]
    cjk = sum(1 for ch in visible if _CJK_CHAR.match(ch))
    return "zh" if visible and cjk / len(visible) > 0.3 else "en"


def sentences(text: str, language: str) -> pd.DataFrame:
    """Every sentence of ``text``: start, end, text (original slice), text_clean."""
    if not isinstance(text, str):
        raise ParameterError("text", type(text).__name__, detail="a str")
    spans = _sentence_spans(text, _language(language))
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


def sentence_at(text: str, offset: int, language: str) -> tuple[int, int]:
    """(start, end) of the sentence holding ``offset``; (offset, offset) on whitespace."""
    _check_offset(text, offset)
    lang = _language(language)
    spans = _sentence_spans(text, lang)
    i = bisect.bisect_right(_sentence_starts(text, lang), offset) - 1
    if i >= 0 and offset < spans[i][1]:
        return spans[i]
    return (offset, offset)


def _check_offset(text: str, offset: int) -> None:
    if not isinstance(offset, int | np.integer) or not 0 <= offset < len(text):
        raise ParameterError("offset", offset, detail=f"an int in 0..{len(text) - 1}")


@lru_cache(maxsize=32)
def _sentence_spans(text: str, lang: str) -> tuple[tuple[int, int], ...]:
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
    return tuple(start for start, _ in _sentence_spans(text, lang))


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
    after = text[dot + 1 :].lstrip(_CLOSERS)
    following = after.lstrip()
    next_char = following[:1]
    low = token.lower()
    if low in _NEVER_END:
        return False
    if low == "no" and next_char.isdigit():  # "No. 1"
        return False
    if token and _LIST_NUMBER.match(token):
        line_start = text.rfind("\n", 0, dot) + 1
        if not text[line_start : token_match.start(1)].strip():  # "1. Guiding Principle"
            return False
    return not (next_char.isascii() and next_char.islower())


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


# --------------------------------------------------------------------------
# Clauses


_OPENERS = "(（[《“「『"
_CLOSING = ")）]》”」』"
_CLAUSE_SEPARATORS = ",，;；:："


def clauses(text: str, start: int, end: int, language: str) -> list[tuple[int, int]]:
    """Clauses of ``text[start:end]`` as (start, end) spans.

    The , ; : separators and surrounding spaces are left out; the last clause
    keeps the sentence's closing punctuation.
    """
    _language(language)
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


def _separators(text: str, start: int, end: int, openers: str, closers: str):
    depth = 0
    cuts = []
    for i in range(start, end):
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
    s, e = sentence_at(text, offset, language)
    if s == e:
        return (offset, offset)
    parts = clauses(text, s, e, language)
    for a, b in parts:
        if offset < b:
            return (a, b)
    return parts[-1] if parts else (s, e)
