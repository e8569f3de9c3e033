"""Which catalogue metric a figure measures: keywords of data/metrics.csv near it.

Among the metrics whose unit fits the figure, the one whose keyword appears
in its clause (else its sentence, where a keyword before the figure comes
first: "the total", 达到1.2万个 refer back), nearest first, the longer keyword
at the same distance. Where none appears as written, a keyword with a few
words inserted (重点场所5G网络覆盖率 for 重点场所5G覆盖率, "edge computing to 120
nodes" for "edge computing node") counts; a rate (per km², per 10,000 people)
takes the rate metric whose keyword extends the count's (5G基站密度 for 5G基站).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import pandas as pd

from newinfra.core.display import has_han
from newinfra.inputs import units
from newinfra.text.sentences import language_code

# Units with no dimension of their own: they fit a metric only when spelt alike.
_PLAIN = {"", "count", "point", "percent", "fraction", "percentage_point"}


@dataclass
class Keyword:
    metric_id: str
    word: str
    pattern: re.Pattern
    folded: str = ""  # the word case-folded: a quick test of whether a text can hold it


def compile_keywords(metrics: pd.DataFrame, language: str) -> list[Keyword]:
    """Every keyword of every metric for texts in ``language``."""
    column = "keywords_zh" if language_code(language) == "zh" else "keywords_en"
    found = []
    for metric_id, words in zip(metrics["metric_id"], metrics[column], strict=True):
        if not isinstance(words, str):
            continue
        for word in filter(None, (w.strip() for w in words.split(";"))):
            pattern = re.compile(re.escape(word), re.IGNORECASE)
            found.append(Keyword(metric_id, word, pattern, word.casefold()))
    return found


@lru_cache(maxsize=1024)
def unit_fits(unit: str, metric_unit: str) -> bool:
    """Whether a figure in ``unit`` can be a value of a metric in ``metric_unit``."""
    if unit == metric_unit or (unit in ("", "count", "point") and metric_unit == "count"):
        return True
    if unit in _PLAIN or metric_unit in _PLAIN:
        return False
    return units.convertible(unit, metric_unit)


class KeywordFinder:
    """Where the keywords stand in one text, for its figures.

    A keyword is searched for in a scope (a clause, a sentence) only if the scope
    holds it case-folded, and only keywords whose first character the scope holds
    are tested for that; each scope's matches are found once for all the figures
    that read it (those of a clause, of a sentence).
    """

    def __init__(self, text: str, keywords: list[Keyword]):
        self.text, self.keywords = text, keywords
        self._folded = [keyword.folded for keyword in keywords]
        self._ends = [(folded[:2], folded[-2:]) for folded in self._folded]
        self._by_first: dict[str, list[int]] = {}
        for number, folded in enumerate(self._folded):
            self._by_first.setdefault(folded[:1], []).append(number)
        self._scopes: dict[tuple[int, int], list] = {}
        self._members: dict[int, tuple[list, frozenset]] = {}

    def matches(self, lo: int, hi: int, among: list[Keyword]) -> list:
        """(keyword, [span, ...]) of each keyword of ``among`` found in ``text[lo:hi]``, in order."""
        found = self._scopes.get((lo, hi))
        if found is None:
            haystack = self.text[lo:hi].casefold()
            folded = self._folded
            numbers = [n for n in self._first_in(haystack) if folded[n] in haystack]
            found = self._scopes[(lo, hi)] = [
                (keyword, [m.span() for m in keyword.pattern.finditer(self.text, lo, hi)])
                for keyword in map(self.keywords.__getitem__, sorted(numbers))
            ]
        members = self._member_ids(among)
        return [(k, spans) for k, spans in found if id(k) in members]

    def loose(self, lo: int, hi: int, among: list[Keyword]) -> list[Keyword]:
        """The keywords of ``among`` whose two ends, not the whole, are in ``text[lo:hi]``."""
        haystack = self.text[lo:hi].casefold()
        ends, folded = self._ends, self._folded
        numbers = [
            n
            for n in self._first_in(haystack)
            if ends[n][0] in haystack and ends[n][1] in haystack and folded[n] not in haystack
        ]
        members = self._member_ids(among)
        return [k for k in map(self.keywords.__getitem__, sorted(numbers)) if id(k) in members]

    def _first_in(self, haystack: str):
        """The numbers of the keywords whose first character is in ``haystack`` (unordered)."""
        # Asking for each first character costs less than listing a long scope's characters.
        present = filter(haystack.__contains__, self._by_first)
        return chain.from_iterable(map(self._by_first.__getitem__, present))

    def _member_ids(self, among: list[Keyword]) -> frozenset:
        # The list is kept with its ids, so no other list can take its id meanwhile.
        if id(among) not in self._members:
            self._members[id(among)] = (among, frozenset(map(id, among)))
        return self._members[id(among)][1]


def match_metric(
    fig,
    text: str,
    keywords: list[Keyword],
    metric_units: dict,
    own_clause: bool,
    fits=None,
    finder: KeywordFinder | None = None,
):
    """Set the figure's metric from the keyword nearest it in its clause (else its sentence).

    Nearest first; at the same distance the longer keyword (室外5G基站 before 5G基站).
    ``fits``: a dict kept across the figures of a text, the fitting keywords by unit;
    ``finder``: a :class:`KeywordFinder` of ``text`` and ``keywords`` kept across them too.
    """
    unit = fig.reading_unit
    fitting = None if fits is None else fits.get(unit)
    if fitting is None:
        fitting = [k for k in keywords if unit_fits(unit, metric_units[k.metric_id])]
        if fits is not None:
            fits[unit] = fitting
    if finder is None or finder.text is not text or finder.keywords is not keywords:
        finder = KeywordFinder(text, keywords)
    scopes = [fig.clause] if own_clause else [fig.clause, fig.sentence]
    for number, (lo, hi) in enumerate(scopes):
        # In the sentence, a keyword before the figure comes first: it names what
        # "the total" or 达到1.2万个 refers back to.
        best = _nearest(fig, finder, fitting, (lo, hi), before_first=number > 0)
        if best is None and number == 0:
            best = _loosely(fig, finder, fitting, (lo, hi)) or _as_a_rate(
                fig, finder, fitting, (lo, hi)
            )
        if best is not None:
            fig.metric_id, fig.keyword, fig.keyword_span = best
            return


def _nearest(fig, finder: KeywordFinder, keywords: list[Keyword], scope, before_first=False):
    best = None
    for keyword, spans in finder.matches(*scope, keywords):
        for start, end in spans:
            distance = max(start - fig.end, fig.start - end, 0)
            after = before_first and start >= fig.end
            rank = (after, distance, -len(keyword.word))
            if best is None or rank < best[0]:
                best = (rank, keyword, (start, end))
    return None if best is None else (best[1].metric_id, best[1].word, best[2])


@lru_cache(maxsize=4096)
def _loose_pattern(word: str) -> re.Pattern | None:
    """A keyword with a few words or characters allowed between its parts."""
    if has_han(word):
        if len(word) < 4:
            return None
        # One insertion of up to three characters anywhere inside (5G网络覆盖率).
        splits = "|".join(
            re.escape(word[:i]) + r"[^，,；;。、]{1,3}" + re.escape(word[i:])
            for i in range(2, len(word) - 1)
        )
        return re.compile(f"(?:{splits})", re.IGNORECASE)
    words = word.split()
    if len(words) < 2:
        return None
    # Up to three words between any two (edge computing ... nodes), a word's ending free.
    joined = r"\w*(?:\W+\w+){0,3}?\W+".join(re.escape(w) for w in words)
    return re.compile(rf"\b{joined}", re.IGNORECASE)


# How far (in characters) a loosely matched keyword may stand from its figure: 达到, "of".
_LOOSE_REACH = 4


# How far either side of its figure a loose match is looked for: a keyword with a few words
# inserted is far shorter, and a match must touch the figure anyway (_LOOSE_REACH).
_LOOSE_WINDOW = 200


def _loosely(fig, finder: KeywordFinder, keywords: list[Keyword], scope):
    text = finder.text
    lo, hi = max(scope[0], fig.start - _LOOSE_WINDOW), min(scope[1], fig.end + _LOOSE_WINDOW)
    loose = []
    for keyword in finder.loose(lo, hi, keywords):
        pattern = _loose_pattern(keyword.word)
        if pattern is not None:
            loose.append(Keyword(keyword.metric_id, keyword.word, pattern, ""))
    best = None
    for keyword in loose:
        for match in keyword.pattern.finditer(text, lo, hi):
            distance = max(match.start() - fig.end, fig.start - match.end(), 0)
            if distance > _LOOSE_REACH:
                continue  # a loose match names only the figure it touches or holds
            rank = (distance, -len(keyword.word))
            if best is None or rank < best[0]:
                best = (rank, keyword, match.span())
    return None if best is None else (best[1].metric_id, best[1].word, best[2])


def _as_a_rate(fig, finder: KeywordFinder, fitting: list[Keyword], scope):
    """A rate's metric: the fitting keyword that extends a count's keyword found near it."""
    if fig.reading_unit in _PLAIN:
        return None
    keywords = finder.keywords
    counted = _nearest(fig, finder, keywords, scope) or _nearest(
        fig, finder, keywords, fig.sentence
    )
    if counted is None:
        return None
    stem = counted[1].casefold()
    extended = [k for k in fitting if k.folded.startswith(stem) and k.folded != stem]
    if not extended:
        return None
    chosen = min(extended, key=lambda k: len(k.word))
    return chosen.metric_id, chosen.word, counted[2]


def family_index(keywords: list[Keyword], families: dict) -> dict:
    """Keywords by metric and by family, looked up per figure (never a scan of all keywords)."""
    by_metric: dict[str, list[Keyword]] = {}
    by_family: dict[str, list[Keyword]] = {}
    for keyword in keywords:
        by_metric.setdefault(keyword.metric_id, []).append(keyword)
        family = families.get(keyword.metric_id)
        if isinstance(family, str):
            by_family.setdefault(family, []).append(keyword)
    return {"metric": by_metric, "family": by_family, "families": families}


def refine_by_counted_noun(fig, index: dict, metric_units: dict) -> None:
    """Within the chosen metric's family, the metric whose keyword begins with what is counted.

    "1,500 SMEs" near "cloud platforms" is an SME on cloud, not any enterprise.
    """
    family = index["families"].get(fig.metric_id) if fig.metric_id else None
    phrase = fig.label.casefold()
    if not isinstance(family, str) or len(phrase) < 2:
        return
    own = [k.folded for k in index["metric"].get(fig.metric_id, [])]
    if any(k.startswith(phrase) or phrase.startswith(k) for k in own):
        return
    for keyword in index["family"].get(family, []):
        if (
            keyword.metric_id != fig.metric_id
            and keyword.folded.startswith(phrase)
            and unit_fits(fig.reading_unit, metric_units[keyword.metric_id])
        ):
            fig.metric_id, fig.keyword = keyword.metric_id, keyword.word
            return
