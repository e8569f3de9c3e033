"""``newinfra add-plan``: a new plan's text and rows, with suggestions to review.

Everything is first written to a copy of the project's ``seeds/`` and
``data/`` and loaded there, so every file is validated against every other
before the project is touched. Then each changed file is replaced atomically;
if one replacement fails, those already made are undone, so a failure leaves
the project as it was.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from newinfra.core import project
from newinfra.core.atomic import atomic_write_bytes
from newinfra.core.errors import NewinfraError, ParameterError
from newinfra.inputs.vocabulary import DOC_TYPES, ISO_DATE, JURISDICTION_LEVELS, LANGUAGES, SLUG

EVIDENCE_OF = {
    "plan_text": "full_text",
    "translation": "translation",
    "press_briefing": "briefing_only",
    "news": "news",
}
# The files add-plan may change, relative to the project root.
FILES = (
    "seeds/manifest.csv",
    "data/jurisdictions.csv",
    "data/plans.csv",
    "data/metrics.csv",
    "data/annotations.csv",
    "data/exclusions.csv",
    "data/tasks.csv",
    "data/crosswalk.csv",
)


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


def check(plan: NewPlan, corpus_tables) -> None:
    """Refuse options that cannot make a valid plan, naming the option and the choices."""
    manifest, plans, places = corpus_tables
    if not re.fullmatch(SLUG, plan.plan_id):
        raise ParameterError("--plan-id", plan.plan_id, detail="lower-case letters, digits, - . _")
    if plan.plan_id in set(plans["plan_id"]):
        raise ParameterError("--plan-id", plan.plan_id, detail="already in data/plans.csv")
    if plan.source in set(manifest["source_id"]) or not re.fullmatch(SLUG, plan.source):
        raise ParameterError("--source-id", plan.source, detail="taken or not a slug")
    _choose("--language", plan.language, LANGUAGES)
    _choose("--doc-type", plan.doc_type, DOC_TYPES)
    if not re.fullmatch(ISO_DATE[1:-1], plan.published):
        raise ParameterError("--published", plan.published, detail="a date as YYYY-MM-DD")
    plan.years()
    known = list(places["jurisdiction_id"])
    if plan.jurisdiction not in known:
        if not (plan.jurisdiction_name and plan.level):
            raise ParameterError(
                "--jurisdiction",
                plan.jurisdiction,
                known,
                detail="unknown; give --jurisdiction-name and --level to add it",
            )
        _choose("--level", plan.level, JURISDICTION_LEVELS)
        if plan.parent:
            _choose("--parent", plan.parent, known)
    if not re.fullmatch(SLUG, plan.jurisdiction):
        raise ParameterError("--jurisdiction", plan.jurisdiction, detail="not a slug")


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows under the file's own header (absent fields blank), keeping its bytes."""
    text = path.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text)))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writerows([{f: _cell(row.get(f)) for f in header} for row in rows])
    if text and not text.endswith("\n"):
        text += "\n"
    path.write_text(text + buffer.getvalue(), encoding="utf-8")


def _cell(value) -> str:
    return "" if value is None else str(value)


def _plan_rows(plan: NewPlan, data: bytes) -> dict[str, list[dict]]:
    start, end = plan.years()
    rows = {
        "seeds/manifest.csv": [
            {
                "source_id": plan.source,
                "file": f"{plan.source}.txt",
                "sha256": hashlib.sha256(data).hexdigest(),
                "plan_id": plan.plan_id,
                "title": plan.title_zh or plan.title_en,
                "language": plan.language,
                "doc_type": plan.doc_type,
                "official": "true" if plan.doc_type == "plan_text" else "false",
                "published": plan.published,
                "publisher": plan.publisher or "unknown",
                "url": plan.url,
                "note": "Added with newinfra add-plan",
            }
        ],
        "data/plans.csv": [
            {
                "plan_id": plan.plan_id,
                "jurisdiction_id": plan.jurisdiction,
                "title_en": plan.title_en,
                "title_zh": plan.title_zh,
                "period_start": start,
                "period_end": end,
                "horizon_year": end,
                "primary_source_id": plan.source,
                "evidence": EVIDENCE_OF[plan.doc_type],
                "is_context": "false",
            }
        ],
    }
    if plan.jurisdiction_name:
        rows["data/jurisdictions.csv"] = [
            {
                "jurisdiction_id": plan.jurisdiction,
                "name_en": plan.jurisdiction_name,
                "name_zh": plan.jurisdiction_name
                if re.search(r"[\u4e00-\u9fff]", plan.jurisdiction_name)
                else "",
                "level": plan.level,
                "parent_id": plan.parent,
            }
        ]
    return rows


def _stage(root: Path, stage: Path) -> None:
    for folder in ("seeds", "data"):
        shutil.copytree(root / folder, stage / folder)


def _suggest_into(stage: Path, plan: NewPlan) -> dict[str, int]:
    """Write the suggestions for the new source into the staged project; counts by file."""
    from newinfra.inputs import corpus, curation
    from newinfra.inputs.section_rules import document_sections
    from newinfra.ledger import suggest, suggested_rows
    from newinfra.ledger.mentions import source_mentions
    from newinfra.ledger.wording import compile_terms

    start, end = plan.years()
    text = corpus.source_text(plan.source)
    catalogue = curation.metrics()
    catalogue = catalogue[catalogue["review"].isna()]
    rule_table = curation.suggest_rules()
    found = source_mentions(plan.source)
    sections = document_sections(plan.source, text, plan.language)
    about = suggest.Plan(plan.plan_id, start, end, int(plan.published[:4]))
    decisions = suggest.suggest(
        text, plan.language, found, sections, catalogue, rule_table, about, compile_terms()
    )
    annotations, exclusions, draft_metrics = suggested_rows.rows(
        decisions, plan.source, plan.plan_id, plan.language, text, catalogue
    )
    rules = suggest.compile_rules(rule_table, plan.language)
    tasks, crosswalk = suggested_rows.structure_rows(
        sections, decisions, annotations, plan.plan_id, plan.source, rules
    )
    written = {
        "data/metrics.csv": draft_metrics,
        "data/annotations.csv": annotations,
        "data/exclusions.csv": exclusions,
        "data/tasks.csv": tasks,
        "data/crosswalk.csv": crosswalk,
    }
    for name, rows in written.items():
        if rows:
            append_rows(stage / name, rows)
    return {name: len(rows) for name, rows in written.items()}


def _validate(plan: NewPlan) -> None:
    """Load every file of the staged project, and the ledger with the suggestions in it."""
    from newinfra.inputs import corpus, curation
    from newinfra.ledger.build import build_ledger, link_tasks

    corpus.sources()
    for load in (curation.metrics, curation.tasks, curation.exclusions, curation.annotations):
        load()
    link_tasks(build_ledger(include_pending=True))


def commit(root: Path, stage: Path, names: list[str]) -> None:
    """Replace each file of ``names`` by its staged copy; undo all if one fails."""
    done: list[tuple[Path, bytes | None]] = []
    try:
        for name in names:
            target = root / name
            before = target.read_bytes() if target.exists() else None
            atomic_write_bytes(target, (stage / name).read_bytes())
            done.append((target, before))
    except BaseException:
        for target, before in reversed(done):
            if before is None:
                target.unlink(missing_ok=True)
            else:
                atomic_write_bytes(target, before)
        raise


def add_plan(plan: NewPlan, text_bytes: bytes) -> dict[str, int]:
    """Add the plan to the project in force; returns the rows written per file."""
    from newinfra.inputs import corpus

    check(plan, (corpus.manifest(), corpus.plans(), corpus.jurisdictions()))
    root = project.root()
    seed = f"seeds/{plan.source}.txt"
    if (root / seed).exists():
        raise ParameterError("--source-id", plan.source, detail=f"{seed} already exists")
    with tempfile.TemporaryDirectory(prefix="newinfra-add-plan-") as tmp:
        stage = Path(tmp)
        _stage(root, stage)
        (stage / seed).write_bytes(text_bytes)
        counts = {}
        for name, rows in _plan_rows(plan, text_bytes).items():
            append_rows(stage / name, rows)
            counts[name] = len(rows)
        with project.using_root(stage):
            counts.update(_suggest_into(stage, plan))
            try:
                _validate(plan)
            except NewinfraError as exc:
                problems = str(exc).splitlines()
                more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
                raise NewinfraError(
                    f"the suggested rows do not load, nothing written: {problems[0]}{more}"
                ) from None
        changed = [seed, *(n for n in FILES if (stage / n).read_bytes() != _bytes(root / n))]
        commit(root, stage, changed)
    return counts


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None
