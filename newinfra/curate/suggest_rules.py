"""The suggester's rules (``data/suggest_rules.csv``) compiled, and what they read of a figure.

:func:`compile_rules` keeps the rules that serve a language, in file order; a
:class:`Figure` is one mention with the text around it; :func:`views` gives
the texts a rule can read (its ``where``), :func:`first_rule` the first rule
of a field that matches, and :func:`year_phrases` / :func:`nearest_year` the
year phrases the ``year`` rules find. newinfra.curate.suggest decides with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from newinfra.text.sentences import language_code


@dataclass
class Rule:
    name: str
    field: str
    where: str
    pattern: re.Pattern
    value: str
    kinds: tuple[str, ...]
    units: re.Pattern | None
    description: str


@dataclass
class Figure:
    """One mention and the text around it that the rules read."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    comparator: str
    clause: tuple[int, int]
    sentence: tuple[int, int]
    refs: list[str]
    metric_id: str | None = None
    keyword: str = ""
    keyword_span: tuple[int, int] | None = None
    kind: str = "target"
    reason: str = ""
    evidence: list[str] = field(default_factory=list)
    # Read by the rules beyond the extractor: a rate's unit (1/ten_thousand_people),
    # a comparator the text states apart from the figure ("kept under"), and the
    # magnitude and meaning an indicator table gives a cell.
    unit_override: str = ""
    comparator_override: str = ""
    scale: float = 1.0
    table_year: int | None = None
    table_role: str = ""  # "value" or "unit" for a cell of an indicator table
    domain_hint: str = ""  # the domain its own words name, for a new metric
    label: str = ""  # what it counts, to label a new metric
    label_span: tuple[int, int] | None = None  # a table row's label

    @property
    def reading_unit(self) -> str:
        """The unit the figure is in, after the rules: the override, else as read."""
        return self.unit_override or self.unit


class Rules(list):
    """Rules in file order, with those of each field listed once (each figure asks many times).

    What they found is kept too: ``years``, the year phrases of each text read
    (the figures of a sentence read the same sentence), and ``serving``, the rules
    of each field that serve a unit and kind.
    """

    def __init__(self, *rules):
        super().__init__(*rules)
        self._by_field: dict[str, list[Rule]] = {}
        self.years: dict[tuple[str, int, int], tuple] = {}
        self.serving: dict[tuple[str, str, str], list[Rule]] = {}

    def of(self, field_name: str) -> list[Rule]:
        by_field = self._by_field
        if field_name not in by_field:
            by_field[field_name] = [rule for rule in self if rule.field == field_name]
        return by_field[field_name]


def rules_of(rules: list[Rule], field_name: str) -> list[Rule]:
    """The rules for ``field_name``, in order."""
    if isinstance(rules, Rules):
        return rules.of(field_name)
    return [rule for rule in rules if rule.field == field_name]


def compile_rules(frame: pd.DataFrame, language: str) -> Rules:
    """The rules of data/suggest_rules.csv that serve ``language`` (en or zh), in order."""
    code = language_code(language)
    rules = Rules()
    for row in frame.itertuples(index=False):
        if isinstance(row.language, str) and row.language != code:
            continue
        rules.append(
            Rule(
                name=row.rule,
                field=row.field,
                where=row.where,
                pattern=re.compile(row.pattern, re.IGNORECASE),
                value=row.value if isinstance(row.value, str) else "",
                kinds=tuple(row.kinds.split(";")) if isinstance(row.kinds, str) else (),
                units=re.compile(row.units) if isinstance(row.units, str) else None,
                description=row.description,
            )
        )
    return rules


def year_phrases(rules: list[Rule], text: str, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """(start, end, year) of every year phrase in ``text[lo:hi]``, in order."""
    kept = rules.years if isinstance(rules, Rules) else {}
    phrases = kept.get((text, lo, hi))
    if phrases is None:
        found = set()
        for rule in rules_of(rules, "year"):
            for match in rule.pattern.finditer(text, lo, hi):
                found.add((match.start(), match.end(), int(match.group("year"))))
        phrases = kept[(text, lo, hi)] = tuple(sorted(found))
    return list(phrases)


def nearest_year(rules: list[Rule], text: str, fig: Figure) -> int | None:
    """The year phrase nearest the figure: before it in its sentence, else after it in its clause."""
    phrases = year_phrases(rules, text, *fig.sentence)
    before = [p for p in phrases if p[1] <= fig.start]
    if before:
        return before[-1][2]
    after = [p for p in phrases if p[0] >= fig.end and p[1] <= fig.clause[1]]
    return after[0][2] if after else None


# Marks around the figure in the ``marked`` view, so one pattern reads both of its sides.
MARK_OPEN, MARK_CLOSE = "⟪", "⟫"


def views(text: str, fig: Figure, headings: str) -> dict[str, str]:
    """The texts a rule can read, by the rule's ``where``."""
    before, after = text[fig.clause[0] : fig.start], text[fig.end : fig.clause[1]]
    return {
        "figure": fig.text,
        "unit": fig.reading_unit,
        "before": before,
        "after": after,
        "marked": f"{before}{MARK_OPEN}{fig.text}{MARK_CLOSE}{after}",
        "clause": text[fig.clause[0] : fig.clause[1]],
        "sentence": text[fig.sentence[0] : fig.sentence[1]],
        "heading": headings,
    }


def first_rule(rules: list[Rule], field_name: str, seen: dict[str, str], unit: str, kind: str):
    """The first rule for ``field_name`` whose pattern matches its text, or None."""
    for rule in _serving(rules, field_name, unit, kind):
        if rule.pattern.search(seen[rule.where]):
            return rule
    return None


def _serving(rules: list[Rule], field_name: str, unit: str, kind: str) -> list[Rule]:
    """The rules for ``field_name`` that serve a figure of this unit and kind, in order."""
    kept = rules.serving if isinstance(rules, Rules) else {}
    serving = kept.get((field_name, unit, kind))
    if serving is None:
        serving = kept[(field_name, unit, kind)] = [
            rule
            for rule in rules_of(rules, field_name)
            if (not rule.kinds or kind in rule.kinds)
            and (rule.units is None or rule.units.fullmatch(unit))
        ]
    return serving
