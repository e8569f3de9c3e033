"""Technology themes across the plans: a bilingual vocabulary kept as data, counted in each source.

The vocabulary is ``data/themes.csv``: one row per term with an English and a
Chinese regular expression (both scripts in the Chinese one). Counting rules:

- Every source is counted; ``primary`` marks the one source that stands for
  its plan (``plans.csv`` ``primary_source_id``: the Chinese full text for
  2023-2026). The English 2023 briefing is a row of its own, never added in.
- No stretch of text counts for two terms: where matches of different terms
  overlap, the longest wins (earlier term in the file on a tie), so "5G-A" is
  never also "5G", "AI computing power" is AI compute and not AI, and
  人形機器人 is a humanoid robot and not a robot as well.
- Text that is not the document's own words is left out: a news summary
  printed before the plan, a copyright footer, a repeated headline (section
  kinds in ``EXCLUDED_SECTION_KINDS``).
- Plans are keyed by ``plan_id``, never by their horizon year: two plans of
  one place or of different places that end in the same year are two
  columns, two points, two rows. Plans are ordered by the one key of the
  package (:data:`newinfra.analysis.orders.PLAN_ORDER`): context documents
  last, then the place (the row order of ``jurisdictions.csv``, the home place
  first), then horizon year, period start and plan_id.
  Where the project holds plans of several places, every column label names
  its place, and :func:`theme_changes` follows each place on its own.
- Rates are per 10,000 words of English or per 10,000 characters of Chinese
  (whitespace excluded), stated in the ``per`` column. An English word and a
  Chinese character carry meaning on a similar scale (a translation has
  roughly one to two characters per word), so the two rates stay within a
  factor of about two; counting English by characters would make every
  English text look several times sparser than a Chinese one.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.analysis.orders import plan_order
from newinfra.analysis.theme_sources import (
    counted_sources,
    counted_spans,
    document_length,
    in_plan_order,
    is_chinese,
    length_unit,
    sentence_count,
)
from newinfra.analysis.theme_terms import Term, check_terms, compiled_terms, term_ids, vocabulary
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus, fields
from newinfra.text.sentences import clean_whitespace, sentence_at

PER = 10_000
STATUS_ORDER = ["new", "vanished", "intermittent", "continuing", "absent"]
# Successions the notebooks follow across the plans: which terms replace which.
STORIES = {
    "Mobile generations": ["3g", "4g_td_lte", "5g", "5g_a", "6g"],
    "Fixed networks": ["wlan", "three_network", "fibre", "gigabit", "10_gigabit"],
    "From cloud to large models": ["cloud", "data_centres", "computing_power", "ai_compute",
                                   "large_models"],
    "Newcomers": ["blockchain", "hydrogen", "humanoid_robots", "metaverse", "satellite_internet"],
}  # fmt: skip

COUNT_COLUMNS = [
    "plan_id", "jurisdiction_id", "place", "place_order", "period_start", "horizon_year",
    "source_id", "language", "doc_type", "primary", "is_context",
    "column", "term_id", "label_en", "group", "count", "length", "per", "rate",
    "sentences", "sentence_share",
]  # fmt: skip


def _raw_matches(text: str, language: str, spans, terms: list[Term]) -> list[tuple]:
    found = []
    for term in terms:
        pattern = term.zh if is_chinese(language) else term.en
        for start, end in spans:
            for match in pattern.finditer(text, start, end):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), term))
    return found


def _resolve_overlaps(found: list[tuple]) -> list[tuple]:
    """Keep the longest of overlapping matches (earlier term on a tie)."""
    ranked = sorted(found, key=lambda m: (-(m[1] - m[0]), m[2].order, m[0]))
    kept: list[tuple] = []
    taken: list[tuple[int, int]] = []
    for match in ranked:
        if any(match[0] < end and start < match[1] for start, end in taken):
            continue
        kept.append(match)
        taken.append((match[0], match[1]))
    return sorted(kept, key=lambda m: (m[0], m[1]))


def theme_matches(terms: Iterable[str] | str | None = None, sources: Iterable[str] | None = None):
    """Every counted occurrence: term_id, source_id, start, end, text and its sentence.

    ``text == source_text(source_id)[start:end]``; ``sentence`` is the whole
    sentence around it, whitespace collapsed.
    """
    chosen = set(check_terms(terms))
    all_terms = compiled_terms()
    table = counted_sources()
    if sources is not None:
        wanted = list(sources)
        unknown = [s for s in wanted if s not in set(table["source_id"])]
        if unknown:
            raise ParameterError("sources", unknown[0], table["source_id"])
        table = table[table["source_id"].isin(wanted)]
    rows = []
    for source in table.itertuples():
        text = corpus.source_text(source.source_id)
        spans = counted_spans(source.source_id)
        for start, end, term in _resolve_overlaps(
            _raw_matches(text, source.language, spans, all_terms)
        ):
            if term.term_id not in chosen:
                continue
            s_start, s_end = sentence_at(text, start, source.language)
            rows.append(
                {
                    "term_id": term.term_id,
                    "label_en": term.label_en,
                    "plan_id": source.plan_id,
                    "jurisdiction_id": source.jurisdiction_id,
                    "horizon_year": source.horizon_year,
                    "source_id": source.source_id,
                    "column": source.column,
                    "primary": source.primary,
                    "start": start,
                    "end": end,
                    "text": text[start:end],
                    "sentence": clean_whitespace(text[s_start:s_end]),
                    "sentence_start": s_start,
                }
            )
    columns = ["term_id", "label_en", "plan_id", "jurisdiction_id", "horizon_year", "source_id",
               "column", "primary", "start", "end", "text", "sentence", "sentence_start"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def theme_counts(terms: Iterable[str] | str | None = None) -> pd.DataFrame:
    """Occurrences of each term in each source, with the document length and a rate.

    One row per source and term (zeros included): plan_id, jurisdiction_id,
    ``place`` (its English name), ``place_order`` (its row in
    jurisdictions.csv), period_start, horizon_year, source_id, language, doc_type, ``primary`` (the source that stands for its
    plan), is_context, ``column`` (a short label for charts), term_id,
    label_en, group, count, ``length`` (words or characters counted), ``per``
    (the normalisation, e.g. "10,000 characters") and ``rate`` (count per
    10,000 words or characters). ``sentences`` is the number of sentences counted
    and ``sentence_share`` the share of them that mention the term: unlike the
    rate, it reads the same in English and Chinese.
    """
    chosen = check_terms(terms)
    vocab = vocabulary().set_index("term_id")
    matches = theme_matches(chosen)
    counted = matches.groupby(["source_id", "term_id"]).size()
    mentioning = (
        matches.drop_duplicates(["source_id", "term_id", "sentence_start"])
        .groupby(["source_id", "term_id"])
        .size()
    )
    rows = []
    for source in counted_sources().itertuples():
        text = corpus.source_text(source.source_id)
        length = sum(
            document_length(text[a:b], source.language) for a, b in counted_spans(source.source_id)
        )
        unit = length_unit(source.language)
        n_sentences = sentence_count(text, source.language, counted_spans(source.source_id))
        for term_id in chosen:
            count = int(counted.get((source.source_id, term_id), 0))
            rows.append(
                {
                    "plan_id": source.plan_id,
                    "jurisdiction_id": source.jurisdiction_id,
                    "place": source.place,
                    "place_order": source.place_order,
                    "period_start": source.period_start,
                    "horizon_year": source.horizon_year,
                    "source_id": source.source_id,
                    "language": source.language,
                    "doc_type": source.doc_type,
                    "primary": source.primary,
                    "is_context": source.is_context,
                    "column": source.column,
                    "term_id": term_id,
                    "label_en": vocab.loc[term_id, "label_en"],
                    "group": vocab.loc[term_id, "group"],
                    "count": count,
                    "length": length,
                    "per": f"{PER:,} {unit}",
                    "rate": count / length * PER if length else float("nan"),
                    "sentences": n_sentences,
                    "sentence_share": (
                        int(mentioning.get((source.source_id, term_id), 0)) / n_sentences
                        if n_sentences
                        else float("nan")
                    ),
                }
            )
    return pd.DataFrame(rows, columns=COUNT_COLUMNS)


def stories_for(terms: Iterable[str], stories: dict | None = None, limit: int = 6) -> dict:
    """The stories restricted to the chosen terms; the chosen terms themselves when none fits."""
    chosen = list(terms)
    stories = STORIES if stories is None else stories
    kept = {name: [t for t in members if t in chosen] for name, members in stories.items()}
    kept = {name: members for name, members in kept.items() if members}
    return kept or {"Chosen terms": chosen[:limit]}


def first_mentions(matches: pd.DataFrame, primary_only: bool = True) -> pd.DataFrame:
    """The first occurrence of each term in each source, by plan horizon and vocabulary order."""
    rows = matches[matches["primary"]] if primary_only else matches
    order = {term: i for i, term in enumerate(term_ids())}
    rows = rows.sort_values("start").drop_duplicates(["term_id", "source_id"])
    rows = rows.assign(_order=rows["term_id"].map(order))
    rows = rows.sort_values(["horizon_year", "source_id", "_order"]).drop(columns="_order")
    return rows.reset_index(drop=True)


def theme_table(counts: pd.DataFrame, value: str = "rate") -> pd.DataFrame:
    """Wide view: one row per term (vocabulary order), one column per source (its label).

    Columns follow :func:`source_order`; each source is a column of its own, so
    two plans ending in the same year are never added together. Each column is
    recorded as ``value`` in its source (:func:`newinfra.inputs.fields.describe`).
    """
    if value not in ("rate", "count", "sentence_share"):
        raise ParameterError("value", value, ["rate", "count", "sentence_share"])
    sources = source_order(counts)
    labels = counts.drop_duplicates("source_id").set_index("source_id")["column"]
    terms = _in_vocabulary_order(counts.drop_duplicates("term_id"))["label_en"].tolist()
    wide = counts.pivot(index="label_en", columns="source_id", values=value)
    wide = wide.reindex(index=terms, columns=sources)
    wide.columns = pd.Index(labels[sources].tolist(), name="column")
    derived = {label: (value, f"in {label}") for label in wide.columns}
    return fields.describe(wide, "theme_table", derived)


def source_order(counts: pd.DataFrame) -> list[str]:
    """Source ids with their plans in PLAN_ORDER, each plan's primary source first."""
    return in_plan_order(counts.drop_duplicates("source_id"))["source_id"].tolist()


def _in_vocabulary_order(frame: pd.DataFrame) -> pd.DataFrame:
    order = {term: i for i, term in enumerate(term_ids())}
    return (
        frame.assign(_order=frame["term_id"].map(order))
        .sort_values(["_order", "term_id"], kind="mergesort")
        .drop(columns="_order")
    )


def compare_sources(counts: pd.DataFrame, plan_id: str | None) -> pd.DataFrame:
    """A plan's sources side by side: count and rate per term, and what the secondary leaves out.

    One row per term: ``count_<column>`` and ``rate_<column>`` for each source
    of the plan (primary first), each recorded as that field in that source
    (:func:`newinfra.inputs.fields.describe`), and ``left_out``: mentioned in
    the primary source but in none of the others. ``plan_id`` None gives no row.
    """
    if plan_id is None:  # a place with no plan known from two sources
        return pd.DataFrame({"term_id": [""], "label_en": "", "group": "", "left_out": False})[:0]
    rows = counts[counts["plan_id"] == plan_id]
    if rows.empty:
        raise ParameterError("plan_id", plan_id, sorted(counts["plan_id"].unique()))
    columns = list(dict.fromkeys(rows.sort_values("primary", ascending=False)["column"]))
    primary = rows.loc[rows["primary"], "column"].iloc[0]
    terms = list(dict.fromkeys(rows["term_id"]))
    out = rows.drop_duplicates("term_id").set_index("term_id")[["label_en", "group"]]
    derived = {}
    for value in ("count", "rate"):
        wide = rows.pivot_table(index="term_id", columns="column", values=value, aggfunc="sum")
        for column in columns:
            out[f"{value} {column}"] = wide[column]
            derived[f"{value} {column}"] = (value, f"in {column}")
    others = [f"count {c}" for c in columns if c != primary]
    out["left_out"] = (out[f"count {primary}"] > 0) & (out[others].sum(axis=1) == 0)
    return fields.describe(out.reindex(terms).reset_index(), derived=derived)


def theme_changes(counts: pd.DataFrame) -> pd.DataFrame:
    """For each place and term, how it moves across the place's plans (primary sources, no context).

    Each place is followed on its own, its plans in PLAN_ORDER: ``status`` is
    ``new`` (absent from the place's first plan, present in its last),
    ``vanished`` (present in the first, absent from the last), ``continuing``
    (present in both; a place with one plan has it as first and last),
    ``intermittent`` (only in a middle plan), ``absent``. ``first_plan`` /
    ``last_plan`` and ``first_year`` / ``last_year``: the first and last of the
    place's plans that mention it and their horizons; ``rate_<plan_id>``: the
    rate in each plan's primary source (empty for other places' plans),
    recorded as such (:func:`newinfra.inputs.fields.describe`).
    Rows by place, then what changed first (new, vanished), then vocabulary order.
    """
    primary = counts[counts["primary"] & ~counts["is_context"]]
    plans = plan_order(primary)
    place_of = primary.drop_duplicates("plan_id").set_index("plan_id")["jurisdiction_id"]
    rows = []
    for term in _in_vocabulary_order(primary.drop_duplicates("term_id")).itertuples():
        by_plan = primary[primary["term_id"] == term.term_id].set_index("plan_id")
        for place in dict.fromkeys(place_of[plans]):
            own = [p for p in plans if place_of[p] == place]
            present = [p for p in own if by_plan.loc[p, "count"] > 0]
            row = {
                "jurisdiction_id": place,
                "place": by_plan.loc[own[0], "place"],
                "term_id": term.term_id,
                "label_en": term.label_en,
                "group": term.group,
                "status": _status(own, present),
                "first_plan": present[0] if present else pd.NA,
                "last_plan": present[-1] if present else pd.NA,
                "first_year": by_plan.loc[present[0], "horizon_year"] if present else pd.NA,
                "last_year": by_plan.loc[present[-1], "horizon_year"] if present else pd.NA,
            }
            for plan in plans:
                row[f"rate_{plan}"] = by_plan.loc[plan, "rate"] if plan in own else float("nan")
            rows.append(row)
    out = pd.DataFrame(rows)
    for column in ("first_year", "last_year"):
        out[column] = out[column].astype("Int64")
    places = {p: i for i, p in enumerate(dict.fromkeys(place_of[plans]))}
    rank = {status: i for i, status in enumerate(STATUS_ORDER)}
    out["_place"] = out["jurisdiction_id"].map(places)
    out["_rank"] = out["status"].map(rank)
    out["_order"] = range(len(out))
    ordered = (
        out.sort_values(["_place", "_rank", "_order"], kind="mergesort")
        .drop(columns=["_place", "_rank", "_order"])
        .reset_index(drop=True)
    )
    return fields.describe(ordered, "theme_changes", _rate_columns(primary, plans))


def _rate_columns(primary: pd.DataFrame, plans: list[str]) -> dict[str, tuple[str, str]]:
    """Each ``rate_<plan_id>`` column: the field ``rate`` in that plan's primary source."""
    labels = primary.drop_duplicates("plan_id").set_index("plan_id")["column"]
    return {f"rate_{p}": ("rate", f"in {labels[p]}, the plan's primary source") for p in plans}


def _status(plans: list[str], present: list[str]) -> str:
    """new, vanished, continuing, intermittent or absent, from the first and last plan."""
    if not present:
        return "absent"
    first, last = plans[0] in present, plans[-1] in present
    if first and last:
        return "continuing"
    if last:
        return "new"
    return "vanished" if first else "intermittent"
