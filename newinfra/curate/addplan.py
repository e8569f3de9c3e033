"""``newinfra add-plan``: a new plan's text and rows, with suggestions to review.

Everything is first written to a copy of the project's ``seeds/`` and
``data/`` and loaded there, so every file is validated against every other
before the project is touched. Then the changed files are committed as one
step (newinfra.core.journal): a failure, Ctrl-C or ``kill -9`` leaves the
project as it was or with the whole plan, never part of it. The project lock
is held throughout, so two add-plans never start from the same files.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import os
import shutil
import tempfile
from pathlib import Path

from newinfra.core import journal, project
from newinfra.core.display import has_han
from newinfra.core.errors import DataFileError, NewinfraError, ParameterError
from newinfra.core.fingerprint import pinned
from newinfra.core.textfile import read_form
from newinfra.curate.new_plan import NewPlan, check

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


def _check_text(plan: NewPlan, data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NewinfraError(
            f"{plan.text}: not UTF-8 text ({exc.reason} at byte {exc.start}); convert it first"
        ) from None
    if not text.lstrip("\ufeff").strip():
        raise NewinfraError(
            f"{plan.text}: holds no text (empty or only white space); give the file of the "
            "plan's text"
        )


def _check_new_text(plan: NewPlan, data: bytes, manifest) -> None:
    """A text already in the corpus (same sha256) is refused unless --same-text-as names it."""
    digest = hashlib.sha256(data).hexdigest()
    holders = list(manifest.loc[manifest["sha256"] == digest, "source_id"])
    if plan.same_text_as:
        if plan.same_text_as not in holders:
            raise ParameterError(
                "--same-text-as",
                plan.same_text_as,
                detail=f"{plan.text} is not the text of {plan.same_text_as} (its sha256 differs)",
            )
        return
    if holders:
        raise ParameterError(
            "text",
            plan.text,
            detail=f"the same text (sha256 {digest[:12]}...) is already in the corpus as "
            f"{', '.join(holders)} (seeds/manifest.csv); give --same-text-as {holders[0]} "
            "if another plan row for it is meant",
        )


def _check_seed_free(root: Path, seed: str, plan: NewPlan, data: bytes, manifest) -> None:
    """The seed file is free, or an unlisted copy of this very text (which is reused)."""
    path = root / seed
    if not os.path.lexists(path):
        return
    if path.name in set(manifest["file"]):
        raise ParameterError("--source-id", plan.source, detail=f"{seed} already exists")
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return
    raise ParameterError(
        "--source-id",
        plan.source,
        detail=f"{seed} already exists, and no row of seeds/manifest.csv names it; remove it "
        "or choose another --source-id",
    )


def append_rows(path: Path, rows: list[dict]) -> None:
    """Append rows under the file's own header (absent fields blank), keeping its bytes.

    A byte-order mark and the file's line end (``\\n``, ``\\r\\n``) are kept as found.
    """
    text, form = read_form(path.read_bytes(), path)
    header = next(csv.reader(io.StringIO(text, newline="")), None)
    if not header:
        raise DataFileError(f"{path}: line 1: the header row is missing")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=form.newline)
    writer.writerows([[_cell(row.get(f)) for f in header] for row in rows])
    if text and not text.endswith(("\n", "\r")):
        text += form.newline
    path.write_bytes(form.encode(text + buffer.getvalue()))


def _cell(value) -> str:
    return "" if value is None else str(value)


def _plan_rows(plan: NewPlan, data: bytes, new_place: bool) -> dict[str, list[dict]]:
    start, end = plan.years()
    rows = {
        "seeds/manifest.csv": [
            {
                "source_id": plan.source,
                "file": f"{plan.source}.txt",
                "sha256": hashlib.sha256(data).hexdigest(),
                "original_name": Path(plan.text).name,
                "plan_id": plan.plan_id,
                "title": plan.title_zh or plan.title_en,
                "language": plan.language,
                "doc_type": plan.doc_type,
                "official": "true" if plan.doc_type == "plan_text" else "false",
                "published": plan.published,
                "publisher": plan.publisher or "unknown",
                "doc_number": plan.doc_number,
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
    if new_place:
        rows["data/jurisdictions.csv"] = [
            {
                "jurisdiction_id": plan.jurisdiction,
                "name_en": plan.jurisdiction_name,
                "name_zh": plan.name_zh
                or (plan.jurisdiction_name if has_han(plan.jurisdiction_name) else ""),
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
    # Nothing is written until every row is made: one look at the files.
    with pinned(project.root()):
        written = _suggested_rows(plan)
    for name, rows in written.items():
        if rows:
            append_rows(stage / name, rows)
    return {name: len(rows) for name, rows in written.items()}


def _suggested_rows(plan: NewPlan) -> dict[str, list[dict]]:
    """The suggested rows for the new source of the project in force, by file."""
    from newinfra.curate import suggest, suggest_rules, suggested_rows
    from newinfra.inputs import corpus, curation
    from newinfra.inputs.section_rules import document_sections
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
    rules = suggest_rules.compile_rules(rule_table, plan.language)
    tasks, crosswalk = suggested_rows.structure_rows(
        sections, decisions, annotations, plan.plan_id, plan.source, rules
    )
    return {
        "data/metrics.csv": draft_metrics,
        "data/annotations.csv": annotations,
        "data/exclusions.csv": exclusions,
        "data/tasks.csv": tasks,
        "data/crosswalk.csv": crosswalk,
    }


def _validate(plan: NewPlan) -> None:
    """Load every file of the staged project, and the ledger with the suggestions in it."""
    with pinned(project.root()):  # the files do not change while they are checked
        _load_all()


def _load_all() -> None:
    from newinfra.inputs import corpus, curation
    from newinfra.ledger.build import build_ledger

    corpus.sources()
    # curation.tasks() checks every task's source and section, all that linking tasks
    # to the ledger's figures could refuse; the links themselves are not needed here.
    for load in (curation.metrics, curation.tasks, curation.exclusions, curation.annotations):
        load()
    build_ledger(include_pending=True)


def _stage_plan(root: Path, stage: Path, plan: NewPlan, data: bytes, new_place: bool):
    """Write the plan and its suggestions into a copy of the project and load it there."""
    _stage(root, stage)
    (stage / f"seeds/{plan.source}.txt").write_bytes(data)
    counts = {}
    with project.using_root(stage) as staged:
        try:
            for name, rows in _plan_rows(plan, data, new_place).items():
                append_rows(stage / name, rows)
                counts[name] = len(rows)
            counts.update(_suggest_into(stage, plan))
            _validate(plan)
        except NewinfraError as exc:
            # Name the project's own files, not the copy that is about to be removed.
            message = str(exc).replace(str(staged), str(root)).replace(str(stage), str(root))
            problems = message.splitlines()
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise NewinfraError(
                f"nothing written, the project does not load with the new plan: {problems[0]}{more}"
            ) from None
    return counts


@contextlib.contextmanager
def _collector_skips_older_objects():
    """Python's cycle collector leaves the objects alive before this point alone meanwhile,
    and looks at the new ones less often.

    The old ones are the loaded libraries and tables, which outlive the command; a
    long plan makes many objects, and each full collection would walk them all
    again. Its figures, rows and tables are made by the thousand and are kept to
    the end of a step: collecting every 700 new objects walks them over and over.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(_YOUNG_OBJECTS_BETWEEN_COLLECTIONS, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


# Python's default is 700; a plan of a megabyte makes a few million objects.
_YOUNG_OBJECTS_BETWEEN_COLLECTIONS = 100_000


def add_plan(plan: NewPlan, text_bytes: bytes) -> dict[str, int]:
    """Add the plan to the project in force; returns the rows written per file."""
    with _collector_skips_older_objects():
        return _add_plan(plan, text_bytes)


def _add_plan(plan: NewPlan, text_bytes: bytes) -> dict[str, int]:
    from newinfra.inputs import corpus

    _check_text(plan, text_bytes)
    # Checked once before waiting for the lock (a refusal touches nothing), and again under it.
    check(plan, (corpus.manifest(), corpus.plans(), corpus.jurisdictions()))
    root = project.root()
    with journal.project_lock(root):
        journal.recover(root)
        manifest, plans, places = corpus.manifest(), corpus.plans(), corpus.jurisdictions()
        check(plan, (manifest, plans, places))
        new_place = plan.jurisdiction not in set(places["jurisdiction_id"])
        _check_new_text(plan, text_bytes, manifest)
        seed = f"seeds/{plan.source}.txt"
        _check_seed_free(root, seed, plan, text_bytes, manifest)
        with tempfile.TemporaryDirectory(prefix="newinfra-add-plan-") as tmp:
            stage = Path(tmp)
            counts = _stage_plan(root, stage, plan, text_bytes, new_place)
            changed = {
                name: (stage / name).read_bytes()
                for name in (seed, *FILES)
                if (stage / name).read_bytes() != _bytes(root / name)
            }
        journal.commit(root, changed, what=f"add-plan {plan.plan_id}")
    return counts


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None
