"""Building the ledger: mentions joined to their annotations and checked.

``newinfra.ledger`` caches what this module builds, so a session that finds
the ledger in its cache never imports pandera, pint or the extractor.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections import namedtuple

import pandas as pd

from newinfra.core.errors import DataFileError, NewinfraError
from newinfra.core.records import column_values, records
from newinfra.inputs import corpus, curation, units
from newinfra.inputs.loader import line_of, validate
from newinfra.inputs.schemas import Ledger
from newinfra.inputs.section_rules import seed_section_refs
from newinfra.inputs.vocabulary import LEDGER_COLUMNS
from newinfra.ledger.grouping import with_commitment_ids
from newinfra.ledger.mentions import mentions
from newinfra.ledger.wording import commitment_at, compile_terms
from newinfra.text.spans import SpanIndex

_CrosswalkRow = namedtuple("_CrosswalkRow", "source_id section_ref metric_id domain_native domain")


def _domain_lookup(crosswalk: pd.DataFrame):
    """A function (source_id, section_refs, metric_id) -> (domain_native, domain or None).

    ``section_refs`` lists the figure's sections from the top down; the deepest
    section named in the crosswalk wins, a metric-specific row before a general
    one, and ``*`` stands for the whole document.
    """
    # Rows by (source, section_ref), each with its place in the file: ties go to the earlier row.
    by_section: dict[tuple[str, str], list] = {}
    columns = (column_values(crosswalk[name]) for name in _CrosswalkRow._fields)
    for position, row in enumerate(map(_CrosswalkRow._make, zip(*columns, strict=True))):
        by_section.setdefault((row.source_id, row.section_ref), []).append((position, row))

    @functools.cache  # the figures of a section share their answer
    def lookup(source_id: str, section_refs: str, metric_id: str):
        chain = section_refs.split()
        best = None
        depths = {"*": 0}
        for depth, ref in enumerate(chain, start=1):
            depths.setdefault(ref, depth)
        for ref, depth in depths.items():
            for position, row in by_section.get((source_id, ref), []):
                if isinstance(row.metric_id, str) and row.metric_id != metric_id:
                    continue
                # the deepest section first, a metric-specific row before a general one
                key = ((depth, isinstance(row.metric_id, str)), -position)
                if best is None or key > best[0]:
                    best = (key, row)
        if best is None:
            return None, None
        row = best[1]
        return row.domain_native, None if row.domain == "by_metric" else row.domain

    return lookup


def _check_section_refs(frame: pd.DataFrame, path, whole_document: bool) -> None:
    """Every section_ref must be a section of its row's source (``*``: the whole document).

    An unknown ref would match no figure, and the figures of the section meant
    would quietly take another row's domain or task.
    """
    refs = seed_section_refs()
    known = {(source, ref) for source, listed in refs.items() for ref in listed}
    pairs = zip(frame["source_id"].tolist(), frame["section_ref"].tolist(), strict=True)
    ok = [(source, ref) in known or (whole_document and ref == "*") for source, ref in pairs]
    if all(ok):
        return
    index, row = next(frame[[not fine for fine in ok]].iterrows())
    valid = refs.get(row["source_id"], [])
    choices = ["*", *valid] if whole_document else valid
    raise DataFileError(
        f"{path}: line {line_of(index)}, field 'section_ref': {row['section_ref']!r} is not a "
        f"section of {row['source_id']}; valid choices: {', '.join(choices)}"
    )


def _mention_keys(found: pd.DataFrame) -> SpanIndex:
    return SpanIndex(_keys(found))


_MENTION_KEY = ("source_id", "start", "end")


def _join(annotations: pd.DataFrame, found: pd.DataFrame) -> dict[str, list]:
    """Each annotation with the mention at its offsets or holding them, as columns of lists.

    A mention wider than its annotation ("10萬架左右" around "10萬") gives its
    value, unit and comparator; the row keeps the annotation's offsets and quote,
    so its target_id does not move when the extractor learns a phrasing. The
    annotation's own columns are named ``note_<column>``; ``line`` is its file line.
    """
    path = curation.data_path("annotations.csv")
    keys = _keys(found)
    position = {key: i for i, key in enumerate(keys)}
    spans = SpanIndex(keys)
    notes = {name: column_values(annotations[name]) for name in annotations.columns}
    lines = [line_of(index) for index in annotations.index]
    held = [
        spans.holding(*key) for key in zip(*(notes[name] for name in _MENTION_KEY), strict=True)
    ]
    # The mentions of the annotations up to the first one without a mention, as plain
    # columns: a long plan holds thousands of mentions, its annotations a fraction of them.
    found_at = [position[key] for key in itertools.takewhile(lambda key: key is not None, held)]
    carried = [name for name in found.columns if name not in _MENTION_KEY]
    picked = found[carried].take(found_at)
    mention = {name: column_values(picked[name]) for name in carried}
    n = len(found_at)
    pairs = zip(lines[:n], notes["value"][:n], mention["value"], notes["quote"][:n], strict=True)
    for line, given, read, quote in pairs:
        if not math.isclose(float(given), float(read), rel_tol=1e-9, abs_tol=1e-12):
            raise DataFileError(
                f"{path}: line {line}, field 'value': {given!r} disagrees with the "
                f"mention {quote!r}, read as {read!r}"
            )
    if n < len(held):
        raise DataFileError(
            f"{path}: line {lines[n]}: no quantity mention at {notes['source_id'][n]}:"
            f"{notes['start'][n]}-{notes['end'][n]} ({notes['quote'][n]!r}); the extractor "
            "no longer finds it there. Run `newinfra audit` to see what needs a decision."
        )
    return {
        **{name: notes[name] for name in _MENTION_KEY},
        **mention,
        "text": notes["quote"],
        **{f"note_{name}": values for name, values in notes.items()},
        "line": lines,
    }


def _check_plan_ids(joined: dict[str, list], plans: dict, path) -> None:
    """An annotation's own plan_id, where it gives one, must be a plan of data/plans.csv."""
    for plan_id, line in zip(joined["note_plan_id"], joined["line"], strict=True):
        if isinstance(plan_id, str) and plan_id not in plans:
            raise DataFileError(
                f"{path}: line {line}, field 'plan_id': unknown plan "
                f"{plan_id!r}; valid choices: {', '.join(plans)}"
            )


def _check_horizon(row: dict, plan: dict, published: str, path) -> None:
    year = row["horizon_year"]
    where = f"{path}: line {row['line']}, field 'horizon_year'"
    if row["kind"] == "baseline":
        if year > int(published[:4]):
            raise DataFileError(
                f"{where}: baseline dated {year}, after its document was published ({published})"
            )
    elif not plan["period_start"] <= year <= plan["period_end"]:
        raise DataFileError(
            f"{where}: {row['kind']} due in {year}, outside its plan's period "
            f"{plan['period_start']}-{plan['period_end']} ({plan['plan_id']})"
        )


def _records(table: pd.DataFrame, key: str) -> dict[str, dict]:
    """The rows of ``table`` by their ``key`` column, as plain dicts."""
    return {record[key]: record for record in records(table)}


def _override(note, read):
    """A curator's value where the annotation gives one, else the value read from the text."""
    return read if note is None or (isinstance(note, float) and math.isnan(note)) else note


def _scale(note) -> float:
    """An annotation's scale, 1 where it gives none."""
    return 1.0 if note is None or (isinstance(note, float) and math.isnan(note)) else float(note)


# The joined fields the ledger reads.
_JoinedRow = namedtuple(
    "_JoinedRow",
    "comparator end line note_basis note_commitment note_comparator note_domain "
    "note_gloss_en note_horizon_year note_kind note_metric_id note_plan_id note_scale "
    "note_unit note_value_high section section_refs sentence source_id start text unit "
    "value value_high",
)


def _rows(joined: dict[str, list]):
    """The joined columns row by row, with the fields the ledger reads (no scale: None)."""
    n = len(joined["line"])
    columns = (joined.get(name, [None] * n) for name in _JoinedRow._fields)
    return map(_JoinedRow._make, zip(*columns, strict=True))


def build_ledger(include_pending: bool = False) -> pd.DataFrame:
    """Join mentions and annotations into the validated ledger (uncached).

    Rows suggested by ``newinfra add-plan`` and not yet accepted (``review`` is
    ``pending``) are left out unless ``include_pending``.
    """
    path = curation.data_path("annotations.csv")
    annotations = curation.annotations()
    if not include_pending:
        annotations = annotations[annotations["review"].isna()]
    metrics = _records(curation.metrics(), "metric_id")
    plans = _records(corpus.plans(), "plan_id")
    sources = _records(corpus.manifest(), "source_id")
    crosswalk = curation.crosswalk()
    _check_section_refs(crosswalk, curation.data_path("crosswalk.csv"), whole_document=True)
    lookup = _domain_lookup(crosswalk)
    terms = compile_terms()
    joined = _join(annotations, mentions())
    _check_plan_ids(joined, plans, path)
    texts = {s: corpus.source_text(s) for s in dict.fromkeys(joined["source_id"])}
    rows = []
    for row in _rows(joined):
        source = sources[row.source_id]
        plan_id = row.note_plan_id if isinstance(row.note_plan_id, str) else source["plan_id"]
        metric = metrics[row.note_metric_id]
        kind = row.note_kind
        _check_horizon(
            {"horizon_year": row.note_horizon_year, "kind": kind, "line": row.line},
            plans[plan_id],
            source["published"],
            path,
        )
        unit = row.note_unit if isinstance(row.note_unit, str) else row.unit
        # The magnitude a table writes in its unit column (万个): 8.6 is 86,000.
        scale = _scale(row.note_scale)
        value = row.value * scale
        value_high = _override(row.note_value_high, row.value_high) * scale
        try:
            value_std = units.convert(value, unit, metric["unit"])
        except NewinfraError as exc:
            raise DataFileError(
                f"{path}: line {row.line}, field 'unit': the figure {row.text!r} "
                f"in {unit!r} cannot be expressed in {metric['unit']!r}, the unit of metric "
                f"{metric['metric_id']!r} ({exc})"
            ) from None
        domain_native, crosswalk_domain = lookup(
            row.source_id, row.section_refs, metric["metric_id"]
        )
        domain = (
            row.note_domain
            if isinstance(row.note_domain, str)
            else (crosswalk_domain or metric["domain"])
        )
        if kind in ("baseline", "structure"):
            # Reported status and a plan's own outline commit to nothing.
            commitment = None
        elif isinstance(row.note_commitment, str):
            commitment = row.note_commitment
        else:
            commitment, _ = commitment_at(
                texts[row.source_id], row.start, source["language"], terms
            )
        rows.append(
            {
                "target_id": f"{row.source_id}:{row.start}-{row.end}",
                "plan_id": plan_id,
                "horizon_year": row.note_horizon_year,
                "kind": kind,
                "domain": domain,
                "domain_native": domain_native,
                "section": row.section,
                "metric_id": metric["metric_id"],
                "metric_label": metric["label_en"],
                "value": value,
                "value_high": value_high,
                "unit": unit,
                "comparator": _override(row.note_comparator, row.comparator),
                "basis": row.note_basis,
                "commitment": commitment,
                "source_id": row.source_id,
                "language": source["language"],
                "start": row.start,
                "end": row.end,
                "quote": row.text,
                "sentence": row.sentence,
                "gloss_en": row.note_gloss_en,
                "value_std": value_std,
                "unit_std": metric["unit"],
            }
        )
    # Commitment ids are derived from the rows once they are all built.
    ledger = pd.DataFrame(rows, columns=[c for c in LEDGER_COLUMNS if c != "commitment_id"])
    ledger = ledger.sort_values(["plan_id", "source_id", "start"], kind="stable").reset_index(
        drop=True
    )
    ledger = with_commitment_ids(ledger)[LEDGER_COLUMNS]
    return validate(ledger, Ledger, "ledger (ni.targets())")


def _keys(frame: pd.DataFrame) -> list[tuple]:
    """(source_id, start, end) of every row, as plain Python values for dict lookups."""
    columns = (frame[name].tolist() for name in _MENTION_KEY)
    return list(zip(*columns, strict=True))


def link_tasks(ledger: pd.DataFrame) -> pd.DataFrame:
    """target_id -> task_ref for every ledger row (see ledger.task_links)."""
    annotated = curation.annotations()
    notes = dict(zip(_keys(annotated), annotated["task_ref"].tolist(), strict=True))
    found = mentions()
    sections = dict(zip(_keys(found), found["section_refs"].tolist(), strict=True))
    spans = _mention_keys(found)
    tasks = curation.tasks()
    _check_section_refs(tasks, curation.data_path("tasks.csv"), whole_document=False)
    # The tasks of each (plan, source, section), looked up per row: no scan of all tasks.
    tasks_in: dict[tuple, list[str]] = {}
    columns = (tasks[c].tolist() for c in ("plan_id", "source_id", "section_ref", "task_ref"))
    for key in zip(*columns, strict=True):
        tasks_in.setdefault(key[:3], []).append(key[3])
    refs = []
    for key, plan_id in zip(_keys(ledger), ledger["plan_id"].tolist(), strict=True):
        named = notes.get(key)
        if isinstance(named, str):
            refs.append(named)
            continue
        held_by = spans.holding(*key)
        chain = set(((sections.get(held_by) if held_by else None) or "").split())
        inside = [task for ref in chain for task in tasks_in.get((plan_id, key[0], ref), [])]
        # Several tasks in one section (a briefing paragraph) leave the figure unplaced.
        refs.append(inside[0] if len(inside) == 1 else None)
    return pd.DataFrame(
        {"target_id": ledger["target_id"], "plan_id": ledger["plan_id"], "task_ref": refs}
    )
