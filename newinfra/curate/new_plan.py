"""A new plan as ``newinfra add-plan`` is given it, and the checks it passes before any write.

Each check refuses with one line naming the option (``--plan-id``,
``--period``...) and, where there are some, the valid choices: ids that are
new, slugs and short enough to name files; known languages, document types
and places (or a new place with its name and level); dates and periods. The
plan's text and the seed file are checked by newinfra.curate.addplan.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from newinfra.core.errors import ParameterError
from newinfra.core.urls import WEB_SCHEMES, is_web_url
from newinfra.inputs.vocabulary import (
    DOC_TYPES,
    ISO_DATE,
    JURISDICTION_LEVELS,
    LANGUAGES,
    NAME_MAX,
    SLUG,
    TITLE_MAX,
    URL_MAX,
)

# The first year a ledger row may describe (the schemas' floor for horizon_year).
FIRST_YEAR = 1990

# Ids name files (seeds/SOURCE_ID.txt) and fill table cells: kept short.
PLAN_ID_MAX = 60
SOURCE_ID_MAX = 64


@dataclass
class NewPlan:
    """The options of ``newinfra add-plan``."""

    text: str
    plan_id: str
    jurisdiction: str
    period: str
    language: str
    published: str
    title_en: str
    doc_type: str = "plan_text"
    title_zh: str = ""
    publisher: str = ""
    url: str = ""
    source_id: str = ""
    jurisdiction_name: str = ""
    level: str = ""
    parent: str = ""
    name_zh: str = ""
    doc_number: str = ""
    same_text_as: str = ""

    def years(self) -> tuple[int, int]:
        match = re.fullmatch(r"((?:19|20)\d\d)-((?:19|20)\d\d)", self.period)
        if not match or int(match.group(1)) > int(match.group(2)):
            raise ParameterError("--period", self.period, detail="write it as 2024-2027")
        return int(match.group(1)), int(match.group(2))

    @property
    def source(self) -> str:
        return self.source_id or f"{self.plan_id}-{'en' if self.language == 'en' else 'zh'}"


def _choose(option: str, value: str, valid) -> None:
    if value not in valid:
        raise ParameterError(option, value, list(valid))


def _check_id(option: str, value: str, longest: int) -> None:
    if not re.fullmatch(SLUG, value) or len(value) > longest:
        raise ParameterError(
            option,
            value,
            detail=f"lower-case letters, digits, - . _, starting with a letter or digit; "
            f"at most {longest} characters",
        )


def _check_date(option: str, value: str) -> None:
    try:
        real = bool(re.fullmatch(ISO_DATE[1:-1], value)) and datetime.date.fromisoformat(value)
    except ValueError:
        real = False
    if not real:
        raise ParameterError(option, value, detail="a real date as YYYY-MM-DD, e.g. 2024-02-01")
    # A publication date is in the past, and no earlier than the years the ledger accepts.
    today = datetime.date.today()
    if real.year < FIRST_YEAR or real > today:
        raise ParameterError(
            option, value, detail=f"a date from {FIRST_YEAR}-01-01 to today ({today.isoformat()})"
        )


def _check_lengths(plan: NewPlan) -> None:
    """Free text that would not fit a heading or a cell is refused, shown cut short."""
    for option, value, longest in (
        ("--title-en", plan.title_en, TITLE_MAX),
        ("--title-zh", plan.title_zh, TITLE_MAX),
        ("--publisher", plan.publisher, NAME_MAX),
        ("--jurisdiction-name", plan.jurisdiction_name, NAME_MAX),
        ("--url", plan.url, URL_MAX),
    ):
        if value and len(value) > longest:
            raise ParameterError(
                option,
                value[:40] + "...",
                detail=f"{len(value):,} characters; at most {longest:,}",
            )


def _check_known_place(plan: NewPlan, place) -> None:
    """Options about a place already in data/jurisdictions.csv must agree with its row."""
    where = "data/jurisdictions.csv"
    level, parent = (
        place["level"],
        place["parent_id"] if isinstance(place["parent_id"], str) else "",
    )
    if plan.level and plan.level != level:
        raise ParameterError(
            "--level", plan.level, detail=f"{plan.jurisdiction} is a {level} in {where}"
        )
    if plan.parent and plan.parent != parent:
        has = f"has parent {parent}" if parent else "has no parent"
        raise ParameterError(
            "--parent", plan.parent, detail=f"{plan.jurisdiction} {has} in {where}"
        )
    names = {n for n in (place["name_en"], place["name_zh"]) if isinstance(n, str)}
    if plan.name_zh and plan.name_zh != place["name_zh"]:
        raise ParameterError(
            "--name-zh",
            plan.name_zh,
            detail=f"{plan.jurisdiction} is named {place['name_zh']} in {where}",
        )
    if plan.jurisdiction_name and plan.jurisdiction_name not in names:
        raise ParameterError(
            "--jurisdiction-name",
            plan.jurisdiction_name,
            detail=f"{plan.jurisdiction} is named {place['name_en']} in {where}",
        )


def check(plan: NewPlan, corpus_tables) -> None:
    """Refuse options that cannot make a valid plan, naming the option and the choices."""
    manifest, plans, places = corpus_tables
    _check_id("--plan-id", plan.plan_id, PLAN_ID_MAX)
    if plan.plan_id in set(plans["plan_id"]):
        raise ParameterError("--plan-id", plan.plan_id, detail="already in data/plans.csv")
    _check_id("--source-id", plan.source, SOURCE_ID_MAX)
    if plan.source in set(manifest["source_id"]):
        raise ParameterError("--source-id", plan.source, detail="already in seeds/manifest.csv")
    if plan.same_text_as:
        _choose("--same-text-as", plan.same_text_as, list(manifest["source_id"]))
    _choose("--language", plan.language, LANGUAGES)
    _choose("--doc-type", plan.doc_type, DOC_TYPES)
    _check_date("--published", plan.published)
    plan.years()
    if not plan.title_en.strip():
        raise ParameterError("--title-en", plan.title_en, detail="must not be empty")
    _check_lengths(plan)
    if plan.url and not is_web_url(plan.url):
        raise ParameterError(
            "--url", plan.url, WEB_SCHEMES, detail="a web address such as https://example.org/plan"
        )
    known = places.set_index("jurisdiction_id")
    if plan.jurisdiction in known.index:
        _check_known_place(plan, known.loc[plan.jurisdiction])
    else:
        if not (plan.jurisdiction_name and plan.level):
            raise ParameterError(
                "--jurisdiction",
                plan.jurisdiction,
                list(known.index),
                detail="unknown; give --jurisdiction-name and --level to add it",
            )
        _choose("--level", plan.level, JURISDICTION_LEVELS)
        if plan.parent:
            _choose("--parent", plan.parent, list(known.index))
    if not re.fullmatch(SLUG, plan.jurisdiction):
        raise ParameterError("--jurisdiction", plan.jurisdiction, detail="not a slug")
