"""Every pattern of the extractor and the suggester runs in time linear in its input.

A pattern with nested or overlapping quantifiers can try exponentially or
polynomially many ways to split a run of repeated tokens before it fails:
"5 stations-stations-...-stations" (150 words) once took 263 s. Each test
feeds one family of patterns the repeated-token shapes that make such a
pattern backtrack, up to 10^5 characters, in a forked child process with a
hard cap: a blow-up fails the test instead of hanging the suite. Growth is
judged on the slowest shapes by timings taken side by side in that child (at N
and at 8N characters, interleaved, best of several), never against a clock:
linear work grows about 8 times, quadratic work 64 times.
"""

from __future__ import annotations

import multiprocessing
import re
import time
from collections.abc import Callable

import pytest

from newinfra.analysis.theme_terms import vocabulary as theme_vocabulary
from newinfra.curate import suggest
from newinfra.inputs import curation
from newinfra.inputs.section_rules import rules_for, section_rules
from newinfra.ledger.wording import compile_terms
from newinfra.text import numerals, quantity_vocabulary, section_lookup, sentences
from newinfra.text import sections as engine
from newinfra.text.clauses import _sentence_clauses, clause_at, clauses
from newinfra.text.memo import forget_all
from newinfra.text.quantities import extract_quantities

CAP_SECONDS = 120  # only a blow-up comes near it; linear work takes a few seconds
LARGE = 100_000  # characters of the larger input of each shape
SCALE = 8  # the smaller input is LARGE / SCALE characters
GROWTH_LIMIT = 24  # N -> 8N: linear work grows about 8x, quadratic 64x
NOISE_FLOOR = 0.02  # seconds: a shape read this fast at LARGE says nothing about growth


def in_child(function: Callable, *args):
    """``function(*args)`` in a forked child; fail the test if it runs past the cap."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)

    def run():
        try:
            send.send(("ok", function(*args)))
        except BaseException as exc:  # reported by the parent, which fails the test
            send.send(("error", repr(exc)))

    child = context.Process(target=run, daemon=True)
    child.start()
    try:
        if not receive.poll(CAP_SECONDS):
            pytest.fail(f"{function.__name__} ran past {CAP_SECONDS} s: a pattern backtracks")
        status, value = receive.recv()
    finally:
        child.kill()
        child.join()
    assert status == "ok", value
    return value


def _seconds(read: Callable[[str], object], text: str) -> float:
    forget_all()  # every reading is a first reading
    # CPU time of this process: other programs loading the machine do not count.
    began = time.process_time()
    read(text)
    return time.process_time() - began


def sized(shape: str, length: int) -> str:
    """``shape`` repeated to ``length`` characters; "head|body|tail" repeats the body only."""
    head, body, tail = shape.split("|") if "|" in shape else ("", shape, "")
    room = max(0, length - len(head) - len(tail))
    return head + (body * (room // len(body) + 1))[:room] + tail


def growth(read: Callable[[str], object], shapes: list[str], large: int, slowest: int = 3):
    """(shape, seconds at large/SCALE, seconds at large) of the slowest shapes.

    Every shape is read once at ``large`` characters (a blow-up stops there,
    at the cap). The ``slowest`` shapes that took long enough to say anything
    are read again at both sizes, interleaved so that both see the same load,
    and the best of each is kept.
    """
    once = sorted(((_seconds(read, sized(shape, large)), shape) for shape in shapes), reverse=True)
    rows = []
    for big, shape in once[:slowest]:
        if big <= NOISE_FLOOR:
            break
        small_text, large_text = sized(shape, large // SCALE), sized(shape, large)
        small = float("inf")
        for _ in range(2):
            small = min(small, _seconds(read, small_text), _seconds(read, small_text))
            big = min(big, _seconds(read, large_text))
        rows.append((shape, small, big))
    return rows


def assert_linear(rows) -> None:
    grew = [
        f"{shape[:40]!r}: {small:.3f} s -> {big:.3f} s"
        for shape, small, big in rows
        if big > NOISE_FLOOR and big > GROWTH_LIMIT * small
    ]
    assert not grew, f"grew faster than the input (N -> {SCALE}N):\n" + "\n".join(grew)


def check(read: Callable[[str], object], shapes: list[str], large: int = LARGE):
    assert_linear(in_child(growth, read, shapes, large))


# ---------------------------------------------------------------------------
# Extraction: one family per pattern of newinfra.text.quantity_patterns

DENSITY_SHAPES = [
    "5 |stations-|",  # the reported case: a hyphenated run and no "per km2" after it
    "5 |stations |",
    "5 |stations-| per square kilometre",
    "5 |-|",
    "5 stations-",
    "5 5G base stations-",
    "13.8 stations-per square kilometre ",
    "5 a-b ",
]


def test_the_counted_words_of_a_density():
    check(extract_quantities, DENSITY_SHAPES)
    text = "5 " + "-".join(["stations"] * 150)
    assert extract_quantities(text)["text"].tolist() == ["5"]
    density = extract_quantities("13.8 5G base stations per square kilometre")
    assert density["unit"].tolist() == ["1/km2"]


MAIN_SHAPES = [
    "1,000,",
    "1,0000,",
    "5 - ",
    "5|        |x",
    "5 至 ",
    "more than ",
    "exceeding a total of ",
    "一萬",
    "萬",
    "超過",
    "5 per ",
    "5 sq ",
    "twenty-",
    "a hundred ",
    "5 \t\n",
    "$",
    "No. ",
    "dual ",
    "5 hundred-",
    "每平方公里",
    "5個/平方公里 ",
    "5 or more ",
    "5 of ",
]


def test_figures_main_pattern():
    check(extract_quantities, MAIN_SHAPES)


NOT_QUANTITY_SHAPES = [
    "1",
    "１",
    "2023-",
    "2023年5月",
    "2023.10.",
    "Special Project ",
    "12th Five-",
    "\n ",
    "\n1.",
    "第1",
    "〔2023〕",
    "(1)",
    "version ",
    "1+",
    "50G ",
    "May 7 ",
    "7 May ",
]


def test_spans_that_are_not_quantities():
    check(extract_quantities, NOT_QUANTITY_SHAPES)


OTHER_FIGURE_SHAPES = [
    "tens of ",
    "tens of tens of ",
    "hundreds ",
    "double-",
    "double ",
    "dual gigabit ",
    "超過百兆",
    "過",
    "雙千兆",
    "百兆以上",
    "5 in total ",
    "5 of of ",
    "5 1",
    "5 (",
]


def test_vague_magnitudes_speed_classes_and_next_words():
    check(extract_quantities, OTHER_FIGURE_SHAPES)


# ---------------------------------------------------------------------------
# Sentences, clauses and sections


SENTENCE_SHAPES = [
    ". ",
    "No. ",
    "a.",
    "a. ",
    "e.g. ",
    "!",
    "?)",
    ")",
    "1.\n",
    "\n",
    "word\n",
    "platform.In ",
    "一。",
    "，",
    "“",
]


def _sentences_and_clauses(text: str) -> None:
    for language in ("en", "zh"):
        spans = sentences.sentence_spans(text, language)
        for start, end in spans[:50]:  # the clauses of the first sentences, long or not
            clauses(text, start, end, language)
    sentences.sentence_spans.cache_clear()
    sentences._sentence_starts.cache_clear()


def test_sentences_and_clauses():
    check(_sentences_and_clauses, SENTENCE_SHAPES)


SECTION_SHAPES = [
    "#",
    "# ",
    "# x\n",
    "- \n",
    "- x\n\n",
    "(一)",
    "(一)x\n",
    "1.1.",
    "1. x\n",
    "1) x\n",
    "(1) x\n",
    "\n \n",
    " ",
    "\n",
    "一、",
    "一、x\n",
    "第一章",
    "第一章x\n",
    "I.",
    "I. x\n",
    "——\n",
]


def _default_sections(text: str) -> None:
    for language in ("en", "zh"):
        engine.section_rows("a-new-plan", text, rules_for("a-new-plan", language))


def test_sections_by_the_default_rules():
    check(_default_sections, SECTION_SHAPES)


# ---------------------------------------------------------------------------
# The suggester: its rules, the metric keywords and how it reads each figure

PLAN = suggest.Plan("district-2024-2027", 2024, 2027, 2024)


def _suggestions(text: str) -> None:
    code = sentences.guess_language(text)
    found = extract_quantities(text)
    starts, ends = found["start"].tolist(), found["end"].tolist()
    holding = sentences.sentences_holding(text, code, starts)
    windows = [
        sentences.sentence_window(text, span, figure)
        for span, figure in zip(holding, zip(starts, ends, strict=True), strict=True)
    ]
    table = engine.sections("a-new-plan", text, rules_for("a-new-plan", code), language=code)
    places = section_lookup.locate(table, found["start"])
    found = found.assign(
        sentence_start=[w[0] for w in windows],
        sentence_end=[w[1] for w in windows],
        section_refs=places["section_ref"].to_numpy(),
    )
    suggest.suggest(
        text,
        code,
        found,
        table,
        curation.metrics(),
        curation.suggest_rules(),
        PLAN,
        compile_terms(),
    )
    sentences.sentence_spans.cache_clear()
    sentences._sentence_starts.cache_clear()


SUGGESTER_SHAPES = [
    # no full stop and no clause mark: one sentence, one clause, many figures
    "The city will build 5 stations and more networks for its residents and firms ",
    "建設3萬個基站和數據中心",
    "10 Gbps gigabit broadband and ",  # speed classes in one clause
]


def test_the_suggester_reads_each_figure_within_reach():
    check(_suggestions, SUGGESTER_SHAPES, large=16_000)


def _clause_of_every_figure(text: str) -> None:
    for offset in range(0, len(text), 10):
        if not text[offset].isspace():
            clause_at(text, offset, "zh")
    sentences.sentence_spans.cache_clear()
    sentences._sentence_starts.cache_clear()
    _sentence_clauses.cache_clear()


def test_the_clause_of_each_figure_of_a_long_sentence():
    # The clauses of a sentence were found again for every figure in it.
    check(_clause_of_every_figure, ["建設3萬個基站，", "建設3萬個基站", "(3萬個，"])


def _pattern_words(pattern: str) -> list[str]:
    """The literal words a pattern is built from: the tokens most likely to make it try hard."""
    return sorted(set(re.findall(r"[A-Za-z]{2,}|[\u4e00-\u9fff]+|\d+", pattern)))[:6]


def _data_patterns() -> list[tuple[str, re.Pattern]]:
    """Every pattern of the data files that meets user text, compiled as its reader does."""
    compiled = [
        (f"suggest_rules.csv {row.rule}", re.compile(row.pattern, re.IGNORECASE))
        for row in curation.suggest_rules().itertuples()
    ]
    compiled += [(f"commitment_terms.csv {p.pattern}", p) for p, _ in compile_terms()]
    compiled += [
        (f"audit_rules.csv {row.rule}", re.compile(row.pattern))
        for row in curation.audit_rules().itertuples()
    ]
    compiled += [
        (f"section_rules.csv {row.kind}", engine.compile_pattern(row.pattern))
        for row in section_rules().itertuples()
    ]
    for row in theme_vocabulary().itertuples():
        for column in ("pattern_en", "pattern_zh"):
            pattern = getattr(row, column)
            if isinstance(pattern, str):
                compiled.append((f"themes.csv {row.term_id}", re.compile(pattern)))
    return compiled


def _data_shapes(pattern: re.Pattern) -> list[str]:
    shapes = [" ", "\n", " \n", "-"]
    for word in _pattern_words(pattern.pattern):
        shapes += [word + " ", word + "-", word + "\n"]
    return shapes


def _search_all(patterns: list[tuple[str, re.Pattern]], large: int):
    """(pattern and shape, seconds at large/SCALE, seconds at large) of slow shapes."""
    rows = []
    for name, pattern in patterns:
        for shape, small, big in growth(
            lambda text, p=pattern: sum(1 for _ in p.finditer(text)),
            _data_shapes(pattern),
            large,
        ):
            rows.append((f"{name}: {shape}", small, big))
    return rows


def test_the_patterns_of_the_data_files():
    patterns = _data_patterns()
    assert len(patterns) > 50  # every file's patterns are read
    assert_linear(in_child(_search_all, patterns, 10_000))


# ---------------------------------------------------------------------------
# Generic fuzz: every vocabulary word repeated, joined by each separator

SEPARATORS = [" ", "-", "/", "、", "，", "5"]


def _vocabulary() -> list[str]:
    words = set(quantity_vocabulary.COMPARATORS) | set(quantity_vocabulary.CURRENCY_PREFIXES)
    words |= set(quantity_vocabulary.ZH_MEASURE_WORDS)
    words |= set(numerals.EN_CARDINALS) | set(numerals.EN_ORDINALS)
    words |= set(numerals.EN_MAGNITUDES) | set(numerals.EN_ABBREVIATED_MAGNITUDES)
    words |= set(numerals.EN_VAGUE_MAGNITUDES) | set(numerals.FRACTION_DENOMINATORS)
    words |= set(numerals.ZH_DIGITS) | set(numerals.ZH_MAGNITUDES) | set(numerals.ZH_SMALL_UNITS)
    words |= set(quantity_vocabulary.GLUED_UNITS) | set(quantity_vocabulary.ZH_SPEED_CLASSES)
    # units as written, the per-area words and the words a density counts
    words |= {
        "%", "percent", "per cent", "percentage points", "Mbps", "Mb/s", "megabits per second",
        "Gbps", "gigabit", "gigabits per second", "Tbps", "terabits", "GB/s", "per square",
        "per square kilometre", "per square kilometer", "per sq km", "per km2", "square",
        "square kilometres", "sq km", "sq.", "km2", "km²", "km", "kilometres", "nm",
        "nanometres", "inch", "inches", "kW", "kilowatts", "MW", "megawatts", "GW", "watts",
        "tonnes", "tons", "ms", "milliseconds", "petaflops", "PFLOPS", "EFLOPS", "yuan",
        "US dollars", "dollars", "years", "points", "stations", "base stations", "5G",
        "per", "of", "in total", "No.", "dual", "double", "version", "Five-Year Plan",
        "Project", "Special Project", "Phase", "January", "Sept", "1990s", "12th",
        "美元", "元", "毫秒", "噸", "吨", "兆瓦", "千瓦", "瓦", "個百分點", "个百分点",
        "平方公里", "平方千米", "公里", "千米", "納米", "英寸", "年", "月", "日", "號",
        "第", "兆", "百兆", "千兆", "萬兆", "雙千兆", "量級", "級", "多", "餘", "每平方公里",
        "/km2", "百分之", "至", "到", "〔2023〕",
    }  # fmt: skip
    # commitment terms and section markers
    words |= set(curation.commitment_terms()["term"])
    words |= {
        "1.",
        "(1)",
        "1)",
        "一、",
        "(一)",
        "（一）",
        "第一章",
        "第一節",
        "I.",
        "#",
        "- ",
        "——",
    }
    return sorted(words)


def _fuzz(separator: str, large: int):
    def read(text: str) -> None:
        extract_quantities(text)
        sentences.sentence_spans(text, "en")
        sentences.sentence_spans(text, "zh")
        sentences.sentence_spans.cache_clear()
        sentences._sentence_starts.cache_clear()
        for language in ("en", "zh"):
            engine.section_rows("a-new-plan", text, rules_for("a-new-plan", language))

    return growth(read, [word + separator for word in _vocabulary()], large)


@pytest.mark.parametrize("separator", SEPARATORS, ids=repr)
def test_every_vocabulary_word_repeated(separator):
    assert_linear(in_child(_fuzz, separator, 10_000))
