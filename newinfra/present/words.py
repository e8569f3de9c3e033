"""Reader words for what the data holds as ids: plan names, counts with their nouns.

A report names a plan by its title and years, never by its id, and writes
"1 target", "2 targets": the helpers here are what notebooks and pages use for that.
"""

from __future__ import annotations

from newinfra.inputs import corpus
from newinfra.inputs.reader_words import doc_type_words, reader_words

#: Nouns whose plural is not the noun and an "s".
_IRREGULAR = {"family": "families", "status": "statuses", "analysis": "analyses"}


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``count`` with its noun in agreement: ``plural(1, "target")`` is "1 target"."""
    if int(count) == 1:
        return f"1 {noun}"
    word = many or _IRREGULAR.get(noun) or f"{noun}s"
    return f"{int(count):,} {word}"


def plan_years(plan_id: str) -> str:
    """A plan's period as a reader names it: "2020-2022"."""
    row = corpus.plans().set_index("plan_id").loc[plan_id]
    start, end = int(row["period_start"]), int(row["period_end"])
    return f"{start}-{end}" if start != end else str(end)


def plan_title(plan_id: str) -> str:
    """A plan's English title, with its years where the title does not give them."""
    row = corpus.plans().set_index("plan_id").loc[plan_id]
    years = plan_years(plan_id)
    title = str(row["title_en"])
    return title if years in title or str(row["period_end"]) in title else f"{title} ({years})"


def plan_list(plan_ids) -> str:
    """Plans named by their years, joined for a sentence: "2011-2013, 2020-2022 and 2023-2026"."""
    names = [plan_years(p) for p in plan_ids]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def task_noun(task_types) -> tuple[str, str]:
    """(singular, plural) for a set of tasks: their kind's reader word when they share one.

    Supporting measures are "supporting measures", not "tasks"; a mix is "tasks".
    """
    from newinfra.inputs.reader_words import reader_words

    kinds = set(task_types)
    if len(kinds) == 1:
        word = reader_words().get("task_type", {}).get(kinds.pop())
        if word:
            return word, (word[:-1] + "ies" if word.endswith("y") else word + "s")
    return "task", "tasks"


def source_names(plan_id: str) -> tuple[str, str]:
    """How a reader names a plan's primary source and its other sources, by language and type.

    ``("Chinese full text", "English briefing")``; several other sources are
    joined with "and"; a plan with no other source has "other source".
    """
    sources = corpus.sources(verify=False)
    own = sources[sources["plan_id"] == plan_id]
    primary_id = corpus.plans().set_index("plan_id").at[plan_id, "primary_source_id"]
    languages, kinds = reader_words().get("language", {}), doc_type_words(short=True)

    def name(source) -> str:
        language = languages.get(source.language, source.language)
        return f"{language} {kinds.get(source.doc_type, source.doc_type)}"

    primary = [name(s) for s in own.itertuples() if s.source_id == primary_id]
    others = [
        name(s) for s in own.sort_values("source_id").itertuples() if s.source_id != primary_id
    ]
    return primary[0], " and ".join(dict.fromkeys(others)) or "other source"
