"""Rows for data/ from the suggester's decisions: annotations, exclusions, draft metrics.

Every row is marked ``review = pending``: the analyst reads it, fixes what is
wrong and runs ``newinfra accept PLAN_ID``.
"""

from __future__ import annotations

import re
from collections import namedtuple

import pandas as pd

from newinfra.core.display import has_han
from newinfra.core.records import column_values, records
from newinfra.curate.metric_match import unit_fits
from newinfra.curate.suggest import Decision, majority, task_type
from newinfra.curate.suggest_rules import Rule
from newinfra.inputs import units
from newinfra.inputs.reader_words import unit_words as reader_unit_words

PENDING = "pending"
_COMPARATOR_WORDS = {">=": "at least ", "<=": "at most ", "~": "about ", "=": ""}
_UNIT_SIGNS = {"count": "", "": "", "percent": "%"}


def gloss(label: str, decision: Decision, unit: str, unit_words: dict | None = None) -> str:
    """A draft English gloss: '5G base stations: 6,000 new (target 2027)'.

    ``unit_words``: data/reader_words.csv's words for units, read once for many glosses.
    """
    fig = decision.figure
    amount = f"{fig.value * fig.scale:,.10g}"
    if unit_words is None:
        unit_words = reader_unit_words()
    unit_text = _UNIT_SIGNS.get(unit, f" {unit_words.get(unit, unit)}")
    new = {"new": " new", "per_year": "/yr"}.get(decision.basis, "")
    when = "status" if decision.kind == "baseline" else decision.kind
    comparator = _comparator(fig)
    return (
        f"{label}: {_COMPARATOR_WORDS.get(comparator, '')}{amount}{unit_text}{new} "
        f"({when} {decision.horizon_year})"
    )


def _comparator(fig) -> str:
    return fig.comparator_override or fig.comparator


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def _draft_unit(unit: str) -> str:
    if unit in ("", "point"):
        return "count"
    return unit if units.is_known(unit) else "dimensionless"


def _draft_label(decision: Decision, text: str) -> str:
    """What the figure counts, on one line: the suggester's phrase, else its clause."""
    fig = decision.figure
    phrase = fig.label or _clause_tail(text[fig.clause[0] : fig.start].strip()) or fig.text
    return " ".join(phrase.split())


def _clause_tail(before: str, size: int = 30) -> str:
    """The last ``size`` characters before the figure, never starting inside a word."""
    tail = before[-size:]
    if len(before) > size and before[-size - 1].isalnum() and tail[:1].isalnum():
        tail = tail.split(maxsplit=1)[1] if " " in tail.strip() else tail
    return tail


# "(to name)" in each language: the analyst names every new metric.
TO_NAME = {"en": "(to name)", "zh": "（待命名）"}


def _labels(
    phrase: str, language: str, domain: str, unit: str, unit_words: dict | None = None
) -> tuple[str, str]:
    """(label_en, label_zh): the phrase in its own language's column, the "to name" mark in the other."""
    if language == "en":
        return f"{TO_NAME['en']} {phrase}", TO_NAME["zh"]
    unit_text = (reader_unit_words() if unit_words is None else unit_words).get(unit, unit)
    return f"{TO_NAME['en']} {domain}, {unit_text}", f"{TO_NAME['zh']}{phrase}"


def draft_metric(
    decision: Decision,
    metric_id: str,
    domain: str,
    text: str,
    language: str,
    unit_words: dict | None = None,
):
    """A new metric for a figure no catalogue metric fits, to be named by the analyst.

    ``unit_words``: data/reader_words.csv's words for units, read once for many drafts.
    """
    fig = decision.figure
    unit = _draft_unit(fig.reading_unit)
    phrase = _draft_label(decision, text)
    label_en, label_zh = _labels(phrase, language, domain, unit, unit_words)
    nature = "flow" if decision.basis == "new" else "stock"
    if unit in ("percent", "fraction"):
        nature = "share"
    return {
        "metric_id": metric_id,
        "family": "",
        "label_en": label_en,
        "label_zh": label_zh,
        "domain": domain,
        "unit": unit,
        "nature": "structure" if decision.kind == "structure" else nature,
        "higher_is_better": "false" if _comparator(fig) == "<=" else "true",
        "definition": f"Suggested from {fig.text!r}: check the label, unit and definition",
        "keywords_en": "",
        "keywords_zh": "",
        "review": PENDING,
    }


def _phrase_key(decision: Decision, text: str) -> str:
    phrase = _draft_label(decision, text).casefold()
    return re.sub(r"(?:数|數|总数|總數|number of\s+)$", "", phrase)


def _same_quantity(decision: Decision, text: str, drafted: list[dict]) -> dict | None:
    """A metric drafted for the same quantity (same phrase, a unit it converts to), if any."""
    phrase = _phrase_key(decision, text)
    unit = _draft_unit(decision.figure.reading_unit)
    for draft in drafted:
        if draft["_phrase"] == phrase and unit_fits(unit, draft["unit"]):
            return draft
    return None


def _section_domains(decisions: list[Decision], domain_of: dict) -> dict[str, str]:
    """The most common domain of the catalogue metrics found in each deepest section."""
    found: dict[str, list[str]] = {}
    for decision in decisions:
        if decision.kind != "exclude" and decision.figure.metric_id:
            domain = domain_of[decision.figure.metric_id]
            found.setdefault(decision.section_ref, []).append(domain)
    return {ref: majority(domains) for ref, domains in found.items()}


def _note(decision: Decision) -> str:
    fig = decision.figure
    parts = [f"metric: keyword {fig.keyword!r}" if fig.keyword else "metric: new (no keyword)"]
    return "suggested; " + "; ".join(parts + fig.evidence)


def rows(
    decisions: list[Decision],
    source_id: str,
    plan_id: str,
    language: str,
    text: str,
    catalogue: pd.DataFrame,
):
    """(annotation rows, exclusion rows, draft metrics) for the decisions."""
    metrics = {row["metric_id"]: row for row in records(catalogue)}
    chinese = language.startswith("zh")
    code = "zh" if chinese else "en"
    domain_of = dict(zip(catalogue["metric_id"], catalogue["domain"], strict=True))
    domains = [domain_of[d.figure.metric_id] for d in decisions if d.figure.metric_id]
    fallback = majority(domains) or "governance"
    in_section = _section_domains(decisions, domain_of)
    unit_words = reader_unit_words() if chinese else {}
    annotations, exclusions, draft_metrics = [], [], []
    for decision in decisions:
        fig = decision.figure
        if decision.kind == "exclude":
            exclusions.append(
                {
                    "source_id": source_id,
                    "start": fig.start,
                    "end": fig.end,
                    "quote": fig.text,
                    "reason": fig.reason,
                    "review": PENDING,
                }
            )
            continue
        if fig.metric_id is None:
            # Its own words name the domain, else its section's figures do, else the plan's.
            domain = fig.domain_hint or in_section.get(decision.section_ref) or fallback
            draft = _same_quantity(decision, text, draft_metrics)
            if draft is not None:  # one new metric per quantity (a table row's two columns)
                fig.metric_id, domain = draft["metric_id"], draft["domain"]
            else:
                fig.metric_id = f"{_slug(plan_id)}_m{len(draft_metrics) + 1:02d}"
                draft_metrics.append(
                    draft_metric(decision, fig.metric_id, domain, text, code, unit_words or None)
                )
                draft_metrics[-1]["_phrase"] = _phrase_key(decision, text)
                draft = draft_metrics[-1]
            label, metric_unit = None, draft["unit"]
        else:
            metric = metrics[fig.metric_id]
            domain, label, metric_unit = metric["domain"], metric["label_en"], metric["unit"]
        unit = fig.reading_unit
        if unit in ("", "point") and metric_unit == "count" or not units.is_known(unit):
            unit = metric_unit
        annotations.append(
            {
                "source_id": source_id,
                "start": fig.start,
                "end": fig.end,
                "quote": fig.text,
                "value": f"{fig.value:.15g}",
                "metric_id": fig.metric_id,
                "kind": decision.kind,
                "horizon_year": decision.horizon_year,
                "basis": decision.basis,
                "commitment": decision.commitment or "",
                # The metric's domain (or the crosswalk's) holds: no override to keep in step.
                "domain": "",
                "_domain": domain,
                "_label_en": label or "",
                "unit": unit if unit != fig.unit else "",
                "scale": f"{fig.scale:.15g}" if fig.scale != 1 else "",
                "comparator": fig.comparator_override,
                "gloss_en": gloss(label, decision, unit, unit_words) if chinese and label else "",
                "note": _note(decision),
                "review": PENDING,
            }
        )
    return annotations, exclusions, draft_metrics


def structure_rows(
    sections: pd.DataFrame,
    decisions: list[Decision],
    annotations: list[dict],
    plan_id: str,
    source_id: str,
    rules: list[Rule],
):
    """(task rows, crosswalk rows) from the headings.

    Leaf headings below a chapter, and numbered items, are tasks (or measures,
    by the task_type rules); chapters and their first level of headings get a
    crosswalk row whose domain is by_metric until the analyst decides.
    """
    # Columns read once as lists: iterating a table's string columns costs far more.
    column = {
        name: column_values(sections[name]) for name in ("ref", "parent_ref", "label", "kind")
    }
    parents = dict(zip(column["ref"], column["parent_ref"], strict=True))
    labels = dict(zip(column["ref"], column["label"], strict=True))
    headings = [
        _Heading(ref, label, kind)
        for ref, label, kind in zip(column["ref"], column["label"], column["kind"], strict=True)
        if kind != "paragraph"
    ]
    domain_of = {(a["start"]): a["_domain"] for a in annotations}
    named = {a["start"]: a["_label_en"] for a in annotations if a["_label_en"]}
    domains_in: dict[str, list[str]] = {}
    metrics_in: dict[str, list[str]] = {}
    for decision in decisions:
        for ref in decision.figure.refs:
            domains_in.setdefault(ref, []).append(domain_of.get(decision.figure.start))
            if decision.figure.start in named:
                metrics_in.setdefault(ref, []).append(named[decision.figure.start])
    plan_domain = majority(domain_of.values()) or "governance"
    has_child = {
        parent
        for parent, kind in zip(column["parent_ref"], column["kind"], strict=True)
        if kind != "paragraph" and not pd.isna(parent)
    }
    tasks, crosswalk, counters = [], [], {"task": 0, "measure": 0}
    for row in headings:
        ancestors = _ancestors(row.ref, parents)
        chain = " / ".join(labels[r] for r in [*ancestors, row.ref])
        if len(ancestors) <= 1:
            crosswalk.append(
                {
                    "plan_id": plan_id,
                    "source_id": source_id,
                    "section_ref": row.ref,
                    "domain_native": row.label,
                    "domain": "by_metric",
                    "review": PENDING,
                }
            )
        # A leaf heading below a chapter, or a numbered item anywhere, is a task.
        if (ancestors or row.kind == "item") and row.ref not in has_child:
            kind = task_type(rules, chain)
            counters[kind] = counters.get(kind, 0) + 1
            domain = majority(domains_in.get(row.ref, [])) or plan_domain
            title = heading_only(row.label)
            chinese = has_han(title)
            tasks.append(
                {
                    "plan_id": plan_id,
                    "task_ref": f"{'M' if kind == 'measure' else 'T'}{counters[kind]}",
                    "task_type": kind,
                    "title_en": draft_title(metrics_in.get(row.ref, []), domain)
                    if chinese
                    else title,
                    "title_zh": title if chinese else "",
                    "domain_native": labels[ancestors[-1]] if ancestors else row.label,
                    "domain": domain,
                    "source_id": source_id,
                    "section_ref": row.ref,
                    "review": PENDING,
                }
            )
    return tasks, crosswalk


_Heading = namedtuple("_Heading", "ref label kind")


# A heading runs into its first sentence where the text puts both on one line.
_HEADING_END = re.compile(r"[。；;！？!?]|(?<=[^\W\d_])\.(?=\s)")


def heading_only(label: str) -> str:
    """A task's title: its heading, without the sentence a line may run on into."""
    return " ".join(_HEADING_END.split(label, maxsplit=1)[0].split())


def draft_title(metric_labels: list[str], domain: str) -> str:
    """A draft English title for a Chinese heading, from what its figures measure."""
    named = list(dict.fromkeys(metric_labels))[:3]
    return f"(draft gloss, to translate) {'; '.join(named) if named else domain}"


def _ancestors(ref: str, parents: dict) -> list[str]:
    chain, current = [], parents.get(ref)
    while isinstance(current, str) and current:
        chain.append(current)
        current = parents.get(current)
    return list(reversed(chain))
