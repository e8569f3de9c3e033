"""Suggested meanings for the figures of a new plan, for an analyst to review.

For every quantity mention of a source, :func:`suggest` proposes what an
analyst would write in ``data/annotations.csv`` (metric, kind, horizon year,
basis, commitment, domain, a draft English gloss for Chinese text) or in
``data/exclusions.csv`` (with a reason). The rules are data
(``data/suggest_rules.csv``, keywords in ``data/metrics.csv``); this module
only applies them:

- metric: among the catalogue's metrics whose unit fits the figure, the one
  whose keyword appears in the figure's clause (else its sentence), the
  longest keyword first, then the nearest; none: a draft new metric;
- kind: a heading's numbering, or a speed class written inside another
  figure's metric name (千兆 in 千兆宽带覆盖家庭45万户), is excluded; then the
  first kind rule that matches, where it says exclude or baseline; else a
  baseline when the year nearest the figure lies before the plan's period;
  else what the first matching rule says (budget, structure, target); else a
  target;
- horizon year: the year phrase nearest the figure in its sentence (before
  it, else after it in its clause), else one in the headings above it, else
  the plan's end; a baseline's year is its status date, else the last year
  written earlier in its section;
- basis: the first basis rule that matches, else cumulative (baselines are
  cumulative, structure counts unknown).
"""

from __future__ import annotations

import re
from collections import Counter, namedtuple
from dataclasses import dataclass

import pandas as pd

from newinfra.core.display import HAN_CHARACTERS
from newinfra.core.records import column_values
from newinfra.curate import indicator_tables, metric_match
from newinfra.curate.metric_match import compile_keywords, match_metric
from newinfra.curate.suggest_rules import (
    Figure,
    Rule,
    compile_rules,
    first_rule,
    nearest_year,
    rules_of,
    views,
    year_phrases,
)
from newinfra.ledger.wording import commitment_at
from newinfra.text.clauses import clauses_at
from newinfra.text.sentences import language_code, sentence_window


def names_its_own(fig: Figure, text: str, rules: list[Rule], language: str) -> bool:
    """Whether the figure's clause names what it counts (so the sentence is not asked).

    English names the thing after the figure ("40 future schools"), Chinese
    before it (建成换电站30座); a clause such as "and by 2028 at least 70,000"
    or 到2027年底达到1.2万个 leaves it to the sentence.
    """
    if language_code(language) == "en":
        lo, hi = fig.end, fig.clause[1]
        words = re.compile(r"[A-Za-z]{2,}")
    else:
        lo, hi = fig.clause[0], fig.start
        words = re.compile(rf"[{HAN_CHARACTERS}]{{{_ZH_VERB_ROOM + 1},}}")
    rest = text[lo:hi]
    if words.search(rest) is None:
        return False  # taking the years out leaves fewer words, never more
    for start, end, _year in reversed(year_phrases(rules, text, lo, hi)):
        rest = rest[: start - lo] + " " + rest[end - lo :]
    return words.search(rest) is not None


# A Chinese clause whose text before the figure is this short holds only its
# verb (达到, 力争达到), not a name.
_ZH_VERB_ROOM = 4


def names_in_metric(fig: Figure, clause_figures: list[Figure]) -> Figure | None:
    """Another figure of the clause whose metric keyword contains this speed class, if any.

    ``clause_figures``: the figures of the clause (reading every figure of the text
    for each speed class would be quadratic in a text full of them).
    """
    if fig.unit not in ("Gbps", "Mbps"):
        return None
    for other in clause_figures:
        span = other.keyword_span
        if other is fig or span is None or other.clause != fig.clause:
            continue
        if span[0] <= fig.start and fig.end <= span[1]:
            return other
    return None


@dataclass
class Plan:
    """What the suggester needs to know of the plan: its period and publication year."""

    plan_id: str
    period_start: int
    period_end: int
    published_year: int


def status_year(rules, text: str, fig: Figure, section_start: int, plan: Plan) -> int:
    """A baseline's year: its status date, else the last year written earlier in its section."""
    year = nearest_year(rules, text, fig)
    if year is None:
        earlier = [p[2] for p in year_phrases(rules, text, section_start, fig.start)]
        earlier = [y for y in earlier if y <= plan.published_year]
        year = earlier[-1] if earlier else None
    if year is None or year > plan.published_year:
        year = min(plan.period_start - 1, plan.published_year)
    return year


def target_year(rules, text: str, fig: Figure, headings: str, plan: Plan) -> int:
    """A target's year: the sentence's own, else the headings', else the plan's end."""
    inside = range(plan.period_start, plan.period_end + 1)
    year = nearest_year(rules, text, fig)
    if year in inside:
        return year
    in_headings = [p[2] for p in year_phrases(rules, headings, 0, len(headings))]
    in_headings = [y for y in in_headings if y in inside]
    return in_headings[-1] if in_headings else plan.period_end


def numbers_a_heading(fig: Figure, text: str, heading_starts: set[int]) -> bool:
    """Whether the figure opens a heading line ("## 3 Networks"): the heading's numbering."""
    # Walk back over marks only, never over a long line from every figure on it.
    line_start = fig.start
    while line_start > 0 and text[line_start - 1] != "\n":
        if text[line_start - 1].isalnum():
            return False  # a letter or digit before the figure on its line
        line_start -= 1
    return line_start in heading_starts


def counted_phrase(fig: Figure, rules: list[Rule], seen: dict[str, str], text: str) -> str:
    """What the figure counts: its table row's label, else the first label rule's group."""
    if fig.label_span is not None:
        return text[fig.label_span[0] : fig.label_span[1]].strip()
    for rule in rules_of(rules, "label"):
        match = rule.pattern.search(seen[rule.where])
        if match and (match.group("label") or "").strip():
            return match.group("label").strip()
    return ""


def decide_kind(fig: Figure, rules, text: str, seen: dict, plan: Plan, clause_figures) -> None:
    if numbers_a_heading(fig, text, seen["heading_starts"]):
        fig.kind, fig.reason = "exclude", "The numbering of a heading, not a figure"
        return
    named = names_in_metric(fig, clause_figures)
    if named is not None:
        fig.kind = "exclude"
        fig.reason = f"Names a speed class inside the metric of {named.text!r} ({named.keyword})"
        return
    rule = first_rule(rules, "kind", seen, fig.unit, "")
    year = nearest_year(rules, text, fig)
    past = year is not None and year < plan.period_start and year <= plan.published_year
    if rule is not None and rule.value in ("exclude", "baseline"):
        fig.kind, fig.reason = rule.value, rule.description
        fig.evidence.append(f"kind: rule {rule.name}")
    elif past:
        fig.kind = "baseline"
        fig.evidence.append(f"kind: status year {year} before the plan's period")
    elif rule is not None:
        fig.kind = rule.value
        fig.evidence.append(f"kind: rule {rule.name}")


def decide_comparator(fig: Figure, rules, seen: dict, unit: str) -> None:
    """A comparator the text states apart from the figure ("kept under", a latency ceiling)."""
    rule = first_rule(rules, "comparator", seen, unit, fig.kind)
    if rule is not None and rule.value != fig.comparator:
        fig.comparator_override = rule.value
        fig.evidence.append(f"comparator: rule {rule.name}")


# A status may report additions (added in 2025) or a yearly rate, never a cap.
_BASELINE_BASES = ("new", "per_year")


def decide_basis(fig: Figure, rules, seen: dict, unit: str) -> str:
    if fig.kind == "structure":
        return "unknown"
    rule = first_rule(rules, "basis", seen, unit, fig.kind)
    if fig.kind == "baseline" and (rule is None or rule.value not in _BASELINE_BASES):
        return "cumulative"
    if rule is None:
        return "cumulative"
    fig.evidence.append(f"basis: rule {rule.name}")
    return rule.value


@dataclass
class Decision:
    """The suggestion for one figure."""

    figure: Figure
    kind: str
    horizon_year: int | None
    basis: str | None
    commitment: str | None
    section_ref: str


def _headings(refs: list[str], labels: dict[str, str], kinds: dict[str, str]) -> str:
    return " / ".join(labels[r] for r in refs if kinds.get(r) != "paragraph")


def suggest(
    text: str,
    language: str,
    found: pd.DataFrame,
    sections: pd.DataFrame,
    catalogue: pd.DataFrame,
    rule_table: pd.DataFrame,
    plan: Plan,
    terms,
) -> list[Decision]:
    """A decision for each mention of ``found`` (a table like ni.mentions() for one source)."""
    rules = compile_rules(rule_table, language)
    keywords = compile_keywords(catalogue, language)
    metric_ids, metric_unit_list, families = _columns(catalogue, "metric_id", "unit", "family")
    metric_units = dict(zip(metric_ids, metric_unit_list, strict=True))
    family_index = metric_match.family_index(keywords, dict(zip(metric_ids, families, strict=True)))
    refs, section_labels, section_kinds, section_starts = _columns(
        sections, "ref", "label", "kind", "start"
    )
    labels = dict(zip(refs, section_labels, strict=True))
    kinds = dict(zip(refs, section_kinds, strict=True))
    starts = dict(zip(refs, section_starts, strict=True))
    heading_starts = {
        start
        for start, kind in zip(section_starts, section_kinds, strict=True)
        if kind != "paragraph"
    }
    cells = indicator_tables.read_tables(text, indicator_tables.table_columns(rules))
    fits: dict[str, list] = {}  # the keywords that fit each unit, found once
    finder = metric_match.KeywordFinder(text, keywords)  # each clause and sentence read once
    figures = []
    mention_rows = list(_mention_rows(found))
    starts_of = [int(row.start) for row in mention_rows]
    # each figure's clause, read once
    clause_of = dict(zip(starts_of, clauses_at(text, starts_of, language), strict=True))
    for row in mention_rows:
        fig = Figure(
            start=int(row.start),
            end=int(row.end),
            text=row.text,
            value=float(row.value),
            unit=row.unit if isinstance(row.unit, str) else "",
            comparator=row.comparator,
            # within reach of the figure, as its sentence is: a text may have no clause marks
            clause=sentence_window(text, clause_of[int(row.start)], (int(row.start), int(row.end))),
            sentence=(int(row.sentence_start), int(row.sentence_end)),
            refs=row.section_refs.split() if isinstance(row.section_refs, str) else [],
        )
        cell = cells.get(fig.start)
        if cell is not None:
            indicator_tables.read_cell(fig, cell)
        unit_rule = first_rule(rules, "unit", views(text, fig, ""), fig.unit, "")
        if unit_rule is not None and cell is None:
            fig.unit_override = unit_rule.value
            fig.evidence.append(f"unit: rule {unit_rule.name}")
        own = cell is not None or names_its_own(fig, text, rules, language)
        match_metric(fig, text, keywords, metric_units, own, fits, finder)
        figures.append(fig)
    in_clause: dict[tuple[int, int], list[Figure]] = {}
    for fig in figures:
        in_clause.setdefault(fig.clause, []).append(fig)
    decisions = []
    said: dict[str, str] = {}  # the commitment of each clause, read once
    heading_of: dict[tuple[str, ...], str] = {}  # the headings above each section, joined once
    for fig in figures:
        refs = tuple(fig.refs)
        if refs not in heading_of:
            heading_of[refs] = _headings(fig.refs, labels, kinds)
        headings = heading_of[refs]
        # The figure's views hold while its kind, metric and year are decided.
        seen = views(text, fig, headings)
        if fig.table_role:
            indicator_tables.decide_cell_kind(fig, plan)
        else:
            seen["heading_starts"] = heading_starts
            decide_kind(fig, rules, text, seen, plan, in_clause[fig.clause])
        unit = fig.reading_unit or (metric_units[fig.metric_id] if fig.metric_id else "")
        top = starts.get(fig.refs[0], 0) if fig.refs else 0
        if fig.kind == "exclude":
            decisions.append(Decision(fig, "exclude", None, None, None, _deepest(fig)))
            continue
        decide_comparator(fig, rules, seen, unit)
        fig.label = counted_phrase(fig, rules, seen, text)
        # What it counts names its domain first, then the rest of its clause.
        domain_rule = first_rule(
            rules, "domain", {**seen, "clause": fig.label}, unit, fig.kind
        ) or first_rule(rules, "domain", seen, unit, fig.kind)
        fig.domain_hint = domain_rule.value if domain_rule is not None else ""
        metric_match.refine_by_counted_noun(fig, family_index, metric_units)
        if fig.table_year is not None:
            year = fig.table_year
        elif fig.kind == "baseline":
            year = status_year(rules, text, fig, top, plan)
        elif fig.kind == "structure":
            year = plan.period_end
        else:
            year = target_year(rules, text, fig, headings, plan)
        basis = decide_basis(fig, rules, seen, unit)
        commitment = None
        if fig.kind in ("target", "budget"):
            commitment = commitment_at(
                text, fig.start, language, terms, clause_of[fig.start], said
            )[0]
        decisions.append(Decision(fig, fig.kind, year, basis, commitment, _deepest(fig)))
    return decisions


_MentionRow = namedtuple(
    "_MentionRow",
    "start end text value unit comparator sentence_start sentence_end section_refs",
)


def _columns(frame: pd.DataFrame, *names: str) -> list[list]:
    """Columns as lists of plain values, read once (iterating a string column costs more)."""
    return [column_values(frame[name]) for name in names]


def _mention_rows(found: pd.DataFrame):
    """The mentions' rows as tuples of plain values (reading a table row by row costs more)."""
    columns = (found[name].tolist() for name in _MentionRow._fields)
    return map(_MentionRow._make, zip(*columns, strict=True))


def _deepest(fig: Figure) -> str:
    return fig.refs[-1] if fig.refs else ""


def task_type(rules: list[Rule], headings: str) -> str:
    """task, or what the first task_type rule matching the headings says."""
    for rule in rules_of(rules, "task_type"):
        if rule.pattern.search(headings):
            return rule.value
    return "task"


def majority(values) -> str | None:
    """The most common value (the first seen on a tie), or None."""
    counted = Counter(v for v in values if v)
    return counted.most_common(1)[0][0] if counted else None
