"""Building the ledger: mentions joined to their annotations and checked.

``newinfra.ledger`` caches what this module builds, so a session that finds
the ledger in its cache never imports pandera, pint or the extractor.
"""

from __future__ import annotations

import math

import pandas as pd

from newinfra.core.errors import DataFileError, NewinfraError
from newinfra.inputs import corpus, curation, units
from newinfra.inputs.loader import line_of, validate
from newinfra.inputs.schemas import Ledger
from newinfra.inputs.section_rules import document_sections
from newinfra.inputs.vocabulary import LEDGER_COLUMNS
from newinfra.ledger.mentions import mentions
from newinfra.ledger.wording import commitment_at, compile_terms


def _domain_lookup(crosswalk: pd.DataFrame):
    """A function (source_id, section_refs, metric_id) -> (domain_native, domain or None).

    ``section_refs`` lists the figure's sections from the top down; the deepest
    section named in the crosswalk wins, a metric-specific row before a general
    one, and ``*`` stands for the whole document.
    """
    by_source: dict[str, list] = {}
    for row in crosswalk.itertuples():
        by_source.setdefault(row.source_id, []).append(row)

    def lookup(source_id: str, section_refs: str, metric_id: str):
        chain = section_refs.split()
        best = None
        for row in by_source.get(source_id, []):
            if row.section_ref == "*":
                depth = 0
            elif row.section_ref in chain:
                depth = chain.index(row.section_ref) + 1
            else:
                continue
            if isinstance(row.metric_id, str) and row.metric_id != metric_id:
                continue
            rank = (depth, isinstance(row.metric_id, str))
            if best is None or rank > best[0]:
                best = (rank, row)
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
    valid_by_source: dict[str, list[str]] = {}
    for index, row in frame.iterrows():
        ref, source_id = row["section_ref"], row["source_id"]
        if whole_document and ref == "*":
            continue
        if source_id not in valid_by_source:
            text = corpus.source_text(source_id)
            valid_by_source[source_id] = document_sections(source_id, text)["ref"].tolist()
        valid = valid_by_source[source_id]
        if ref not in valid:
            choices = ["*", *valid] if whole_document else valid
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'section_ref': {ref!r} is not a section "
                f"of {source_id}; valid choices: {', '.join(choices)}"
            )


def _join(annotations: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    path = curation.data_path("annotations.csv")
    keyed = found.set_index(["source_id", "start", "end"])
    rows = []
    for index, note in annotations.iterrows():
        key = (note["source_id"], note["start"], note["end"])
        if key not in keyed.index:
            raise DataFileError(
                f"{path}: line {line_of(index)}: no quantity mention at {note['source_id']}:"
                f"{note['start']}-{note['end']} ({note['quote']!r}); the extractor no longer finds it "
                "there. Run `newinfra audit` to see what needs a decision."
            )
        mention = keyed.loc[key]
        if not math.isclose(
            float(note["value"]), float(mention["value"]), rel_tol=1e-9, abs_tol=1e-12
        ):
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'value': {note['value']!r} disagrees with the "
                f"mention {note['quote']!r}, read as {mention['value']!r}"
            )
        rows.append(
            {
                "source_id": key[0],
                "start": key[1],
                "end": key[2],
                **mention.to_dict(),
                **{f"note_{k}": v for k, v in note.items()},
                "line": line_of(index),
            }
        )
    return pd.DataFrame(rows)


def _check_horizon(row: dict, plan: pd.Series, published: str, path) -> None:
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


def build_ledger() -> pd.DataFrame:
    """Join mentions and annotations into the validated ledger (uncached)."""
    path = curation.data_path("annotations.csv")
    annotations = curation.annotations()
    metrics = curation.metrics().set_index("metric_id")
    plans = corpus.plans().set_index("plan_id", drop=False)
    sources = corpus.manifest().set_index("source_id")
    crosswalk = curation.crosswalk()
    _check_section_refs(crosswalk, curation.data_path("crosswalk.csv"), whole_document=True)
    lookup = _domain_lookup(crosswalk)
    terms = compile_terms()
    joined = _join(annotations, mentions())
    check_plan = joined["note_plan_id"].dropna()
    unknown = check_plan[~check_plan.isin(plans.index)]
    if not unknown.empty:
        raise DataFileError(
            f"{path}: line {joined.loc[unknown.index[0], 'line']}, field 'plan_id': unknown plan "
            f"{unknown.iloc[0]!r}; valid choices: {', '.join(plans.index)}"
        )
    texts = {s: corpus.source_text(s) for s in joined["source_id"].unique()}
    rows = []
    for row in joined.to_dict("records"):
        source = sources.loc[row["source_id"]]
        plan_id = row["note_plan_id"] if isinstance(row["note_plan_id"], str) else source["plan_id"]
        metric = metrics.loc[row["note_metric_id"]]
        kind = row["note_kind"]
        _check_horizon(
            {"horizon_year": row["note_horizon_year"], "kind": kind, "line": row["line"]},
            plans.loc[plan_id],
            source["published"],
            path,
        )
        unit = row["note_unit"] if isinstance(row["note_unit"], str) else row["unit"]
        try:
            value_std = units.convert(row["value"], unit, metric["unit"])
        except NewinfraError as exc:
            raise DataFileError(
                f"{path}: line {row['line']}, field 'unit': the figure {row['text']!r} "
                f"in {unit!r} cannot be expressed in {metric['unit']!r}, the unit of metric "
                f"{metric.name!r} ({exc})"
            ) from None
        domain_native, crosswalk_domain = lookup(row["source_id"], row["section_refs"], metric.name)
        domain = (
            row["note_domain"]
            if isinstance(row["note_domain"], str)
            else (crosswalk_domain or metric["domain"])
        )
        if kind in ("baseline", "structure"):
            # Reported status and a plan's own outline commit to nothing.
            commitment = None
        elif isinstance(row["note_commitment"], str):
            commitment = row["note_commitment"]
        else:
            commitment, _ = commitment_at(
                texts[row["source_id"]], row["start"], source["language"], terms
            )
        rows.append(
            {
                "target_id": f"{row['source_id']}:{row['start']}-{row['end']}",
                "plan_id": plan_id,
                "horizon_year": row["note_horizon_year"],
                "kind": kind,
                "domain": domain,
                "domain_native": domain_native,
                "section": row["section"],
                "metric_id": metric.name,
                "metric_label": metric["label_en"],
                "value": row["value"],
                "value_high": row["value_high"],
                "unit": unit,
                "comparator": row["comparator"],
                "basis": row["note_basis"],
                "commitment": commitment,
                "source_id": row["source_id"],
                "language": source["language"],
                "start": row["start"],
                "end": row["end"],
                "quote": row["text"],
                "sentence": row["sentence"],
                "gloss_en": row["note_gloss_en"],
                "value_std": value_std,
                "unit_std": metric["unit"],
            }
        )
    ledger = pd.DataFrame(rows, columns=LEDGER_COLUMNS)
    ledger = ledger.sort_values(["plan_id", "source_id", "start"], kind="stable").reset_index(
        drop=True
    )
    return validate(ledger, Ledger, "ledger (ni.targets())")


def link_tasks(ledger: pd.DataFrame) -> pd.DataFrame:
    """target_id -> task_ref for every ledger row (see ledger.task_links)."""
    notes = curation.annotations().set_index(["source_id", "start", "end"])["task_ref"]
    sections = mentions().set_index(["source_id", "start", "end"])["section_refs"]
    tasks = curation.tasks()
    _check_section_refs(tasks, curation.data_path("tasks.csv"), whole_document=False)
    refs = []
    for row in ledger.itertuples():
        key = (row.source_id, row.start, row.end)
        named = notes.get(key)
        if isinstance(named, str):
            refs.append(named)
            continue
        chain = (sections.get(key) or "").split()
        candidates = tasks[
            (tasks["plan_id"] == row.plan_id) & (tasks["source_id"] == row.source_id)
        ]
        inside = candidates[candidates["section_ref"].isin(chain)]
        # Several tasks in one section (a briefing paragraph) leave the figure unplaced.
        refs.append(inside["task_ref"].iloc[0] if len(inside) == 1 else None)
    return pd.DataFrame(
        {"target_id": ledger["target_id"], "plan_id": ledger["plan_id"], "task_ref": refs}
    )
