"""The section rules of data/section_rules.csv: how each document's structure is read.

One row per rule. A row names either a ``source_id`` (rules for that document
only) or a ``language`` (``en`` or ``zh``: the default rules for any document
of that language that has no rules of its own), never both. Within a
document, or a language's defaults, the rows' order is their priority: where
two rules match at the same place the earlier row wins. The fields are those
of :class:`newinfra.text.sections.Rule`; patterns are Python regular
expressions, searched in multiline mode.

The shipped rules give these refs (the ones tasks and crosswalk rows cite):

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
- any other document, by language (the defaults): headings, outermost
  first: "第一章" or "I." chapters ``ch{n}``; "第一節" sections ``s{n}``;
  "一、" parts ``pt{n}``; "(一)" groups ``g{n}``; "1." items and "(1)"/"1)"
  sub-items ``i{n}`` (their numbering must run on); short "- " lines between
  blank lines ``b{n}``; Markdown "#".."######" headings ``h{n}``. Each is
  scoped to its parent (``ch2.pt1.g3.i7``). Below them, paragraphs ``p{n}``
  numbered through the document and labelled "¶n" (blank-line blocks, or
  lines where the text has no blank lines).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from newinfra.core import project
from newinfra.core.cache import cached_by_content, cached_by_fingerprint
from newinfra.core.errors import DataFileError
from newinfra.inputs import corpus
from newinfra.inputs.loader import read_csv_data, read_data
from newinfra.inputs.schema_base import Text
from newinfra.inputs.section_rule_checks import check_rules
from newinfra.inputs.table_checks import check_known
from newinfra.inputs.vocabulary import SLUG
from newinfra.text import sections as engine
from newinfra.text.sentences import guess_language, language_code

__all__ = [
    "SectionRules",
    "document_sections",
    "foreign_kinds",
    "outside_plan_text",
    "rules_for",
    "rules_path",
    "section_rules",
    "seed_section_columns",
    "seed_rules",
    "seed_section_refs",
    "seed_section_rows",
    "seed_sections",
]

FILE_NAME = "section_rules.csv"
RULE_LANGUAGES = ("en", "zh")


class SectionRules(pa.DataFrameModel):
    """data/section_rules.csv: one row per section rule, in priority order."""

    source_id: Series[Text] = pa.Field(
        nullable=True,
        str_matches=SLUG,
    )
    language: Series[Text] = pa.Field(
        nullable=True,
        isin=list(RULE_LANGUAGES),
    )
    kind: Series[Text] = pa.Field(str_matches=r"^[a-z_]+$")
    rank: Series[int] = pa.Field(ge=1)
    pattern: Series[Text] = pa.Field()
    ref: Series[Text] = pa.Field()
    scope: Series[Text] = pa.Field(
        nullable=True,
    )
    within: Series[Text] = pa.Field(nullable=True)
    sequential: Series[Text] = pa.Field(
        isin=["true", "false"],
    )
    label: Series[Text] = pa.Field(
        nullable=True,
        isin=list(engine.LABEL_MODES),
    )
    label_format: Series[Text] = pa.Field(nullable=True)
    when: Series[Text] = pa.Field(
        nullable=True,
        isin=[mode for mode in engine.WHEN_MODES if mode],
    )
    plan_text: Series[Text] = pa.Field(
        isin=["true", "false"],
    )
    note: Series[Text] = pa.Field(nullable=True)

    class Config:
        coerce = True
        strict = True


def rules_path() -> Path:
    return project.data_dir() / FILE_NAME


@cached_by_fingerprint
def _section_rules() -> pd.DataFrame:
    path = rules_path()
    data = read_data(path)
    frame = read_csv_data(data, path, SectionRules)
    check_known(frame, "source_id", corpus.source_ids(), path, "source_id")
    _rows_checked(data)
    return frame


@cached_by_content
def _rows_checked(data: bytes) -> bool:
    """The checks of data/section_rules.csv that read the file alone (true when they pass).

    Made once per version of the file, however many projects or copies hold it.
    """
    path = rules_path()
    check_rules(read_csv_data(data, path, SectionRules), path, RULE_LANGUAGES)
    return True


def section_rules() -> pd.DataFrame:
    """data/section_rules.csv validated: fields, patterns and format strings."""
    return _section_rules().copy()


def _rule(row) -> engine.Rule:
    def text(value) -> str:
        return "" if pd.isna(value) else str(value)

    return engine.Rule(
        kind=row.kind,
        rank=int(row.rank),
        pattern=row.pattern,
        ref=row.ref,
        scope=text(row.scope),
        within=text(row.within),
        sequential=row.sequential == "true",
        label=text(row.label) or "line",
        label_format=text(row.label_format),
        when=text(row.when),
    )


@cached_by_fingerprint
def _rule_sets() -> dict[str, tuple[engine.Rule, ...]]:
    """Each document's rules and each language's defaults (key ``language:<code>``), in order."""
    _section_rules()  # checked in this project
    return _rule_sets_of(read_data(rules_path()))


@cached_by_content
def _rule_sets_of(data: bytes) -> dict[str, tuple[engine.Rule, ...]]:
    """:func:`_rule_sets` of the checked file's bytes."""
    frame = read_csv_data(data, rules_path(), SectionRules)
    owner = frame["source_id"].where(frame["source_id"].notna(), "language:" + frame["language"])
    return {
        key: tuple(_rule(row) for row in rows.itertuples(index=False))
        for key, rows in frame.groupby(owner, sort=False)
    }


def rules_for(source_id: str, language: str) -> tuple[engine.Rule, ...]:
    """The rules of a document: its own, or the defaults of its language."""
    sets = _rule_sets()
    if source_id in sets:
        return sets[source_id]
    code = language_code(language)
    if f"language:{code}" not in sets:
        raise DataFileError(
            f"{rules_path()}: no rules for {source_id!r} and no default rules for language {code!r}"
        )
    return sets[f"language:{code}"]


def document_sections(source_id: str, text: str, language: str | None = None) -> pd.DataFrame:
    """The section table of a document, read with its rules (see :mod:`newinfra.text.sections`).

    ``language`` chooses the default rules and sentence labels; it is guessed
    from the text when not given.
    """
    rules, code = _rules_and_language(source_id, text, language)
    return engine.sections(source_id, text, rules, language=code)


def _rules_and_language(source_id: str, text, language: str | None):
    if language is not None:
        code = language_code(language)
    else:
        code = guess_language(text) if isinstance(text, str) else "en"
    return rules_for(source_id, code), code


def seed_rules(source_id: str, text: str) -> tuple[tuple[engine.Rule, ...], str]:
    """The rules a seed is read with, and its language code (guessed from its text)."""
    return _rules_and_language(source_id, text, None)


@cached_by_content
def seed_section_rows(source_id: str, text: str, rules: tuple, language: str) -> tuple[dict, ...]:
    """A seed's sections as rows (read only): the same in every project with this text and rules."""
    return tuple(engine.section_rows(source_id, text, rules, language=language))


@cached_by_fingerprint
def _seed_sections() -> tuple[pd.DataFrame, dict[str, range]]:
    """Every seed's sections in one table, seed after seed, and each seed's rows of it."""
    rows: list[dict] = []
    ranges: dict[str, range] = {}
    for source_id in corpus.source_ids():
        text = corpus.source_text(source_id)
        rules, code = seed_rules(source_id, text)
        first = len(rows)
        rows.extend(seed_section_rows(source_id, text, rules, code))
        ranges[source_id] = range(first, len(rows))
    return engine.section_frame(rows), ranges


@cached_by_fingerprint
def _seed_section_columns() -> dict[str, dict[str, list]]:
    tables = {}
    for source_id in corpus.source_ids():
        text = corpus.source_text(source_id)
        rules, code = seed_rules(source_id, text)
        rows = seed_section_rows(source_id, text, rules, code)
        tables[source_id] = {name: [row[name] for row in rows] for name in engine.SECTION_COLUMNS}
    return tables


def seed_section_refs() -> dict[str, list[str]]:
    """Every seed's section references, in document order."""
    return {source_id: columns["ref"] for source_id, columns in _seed_section_columns().items()}


def seed_section_columns() -> dict[str, dict[str, list]]:
    """Every seed's section table as lists, column by column; shared, so read only.

    For code that reads every seed: one table per seed would cost more to
    build than the reading itself.
    """
    return _seed_section_columns()


def seed_sections(source_id: str) -> pd.DataFrame:
    """The section table of a seed, read once per dataset (mentions and checks share it)."""
    table, ranges = _seed_sections()
    rows = ranges[source_id]
    return table.iloc[rows.start : rows.stop].reset_index(drop=True)


@cached_by_fingerprint
def _foreign_kinds() -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """The kinds of section that are not a seed's own words (plan_text false).

    Per document with rules of its own, and those of the languages' default rules.
    """
    _section_rules()  # checked in this project
    return _foreign_kinds_of(read_data(rules_path()))


@cached_by_content
def _foreign_kinds_of(data: bytes) -> tuple[dict[str, tuple[str, ...]], tuple[str, ...]]:
    """:func:`_foreign_kinds` of the checked file's bytes."""
    frame = read_csv_data(data, rules_path(), SectionRules)
    owner = frame["source_id"].where(frame["source_id"].notna(), "language:" + frame["language"])
    foreign = frame[frame["plan_text"] == "false"].groupby(owner)["kind"].agg(set).to_dict()
    defaults = set().union(
        *(kinds for key, kinds in foreign.items() if key.startswith("language:"))
    )
    own = {key: tuple(sorted(foreign.get(key, ()))) for key in set(owner)}
    return own, tuple(sorted(defaults))


def foreign_kinds(source_id: str) -> tuple[str, ...]:
    """The kinds of section of a seed that are not its own words, sorted."""
    own, defaults = _foreign_kinds()
    return own.get(source_id, defaults)


@cached_by_fingerprint
def _outside_spans() -> dict[str, list[tuple[int, int]]]:
    """Per seed, the spans of its sections that are not its own words (plan_text false)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for source_id, table in _seed_section_columns().items():
        kinds = foreign_kinds(source_id)
        spans[source_id] = [
            (start, end)
            for kind, start, end in zip(table["kind"], table["start"], table["end"], strict=True)
            if kind in kinds
        ]
    return spans


def outside_plan_text(source_ids, offsets) -> list[bool]:
    """For each (seed, offset): whether it lies in a section that is not the seed's own words."""
    spans = _outside_spans()
    return [
        any(start <= offset < end for start, end in spans.get(source_id, ()))
        for source_id, offset in zip(source_ids, offsets, strict=True)
    ]
