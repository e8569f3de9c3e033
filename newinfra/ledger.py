"""The ledger: every quantitative figure of the seeds with its meaning and evidence.

Mentions (found automatically) meet annotations (curated in data/): each
annotated mention becomes one tidy row with its metric, kind, horizon, basis,
commitment and domain, and carries its source id, offsets, verbatim quote and
sentence. ``target_id`` is ``source_id:start-end``, so it stays the same while
the seed and its annotation do not change.
"""

from __future__ import annotations

import math

import pandas as pd

from . import corpus, curation, units
from .cache import cached_by_fingerprint
from .commitment import commitment_at, compile_terms
from .errors import DataFileError, ParameterError
from .inventory import mentions
from .schemas import KINDS, LEDGER_COLUMNS, Ledger
from .tables import line_of, validate


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


def _join(annotations: pd.DataFrame, found: pd.DataFrame) -> pd.DataFrame:
    path = curation._path("annotations.csv")
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


@cached_by_fingerprint
def _build() -> pd.DataFrame:
    path = curation._path("annotations.csv")
    annotations = curation.annotations()
    metrics = curation.metrics().set_index("metric_id")
    plans = corpus.plans().set_index("plan_id", drop=False)
    sources = corpus.manifest().set_index("source_id")
    lookup = _domain_lookup(curation.crosswalk())
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
        except Exception as exc:
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


def _choose(parameter: str, value, valid) -> None:
    if value is not None and value not in valid:
        raise ParameterError(parameter, value, sorted(valid))


def targets(
    plan: str | None = None, domain: str | None = None, kind: str | None = None
) -> pd.DataFrame:
    """The tidy ledger: one row per figure, with its meaning and its evidence.

    ``plan``, ``domain`` and ``kind`` filter the rows; unknown values raise
    ParameterError listing the valid ones.

    >>> import newinfra as ni
    >>> ni.targets(plan="newinfra-2023-2026", kind="target")[["metric_id", "value", "unit", "quote"]].head()
    """
    _choose("plan", plan, corpus.plans()["plan_id"].tolist())
    _choose("domain", domain, curation.domain_ids())
    _choose("kind", kind, KINDS)
    ledger = _build().copy()
    if plan is not None:
        ledger = ledger[ledger["plan_id"] == plan]
    if domain is not None:
        ledger = ledger[ledger["domain"] == domain]
    if kind is not None:
        ledger = ledger[ledger["kind"] == kind]
    return ledger.reset_index(drop=True)


def _same_figure(a: pd.Series, b: pd.Series) -> bool:
    def same(x, y):
        if pd.isna(x) and pd.isna(y):
            return True
        return not (pd.isna(x) or pd.isna(y)) and math.isclose(float(x), float(y), rel_tol=1e-9)

    return (
        a["metric_id"] == b["metric_id"]
        and a["kind"] == b["kind"]
        and a["horizon_year"] == b["horizon_year"]
        and same(a["value_std"], b["value_std"])
        and same(a["value_high"], b["value_high"])
    )


_DUAL = ("dual", "double", "雙", "双")


def _likeness(secondary: pd.Series, primary: pd.Series) -> int:
    """Among equal figures, prefer the one worded alike: same commitment, both 'dual'."""
    score = 2 * (secondary["commitment"] == primary["commitment"])
    dual = [any(w in q.lower() for w in _DUAL) for q in (secondary["quote"], primary["quote"])]
    return score + (dual[0] == dual[1])


CONCORDANCE_COLUMNS = [
    "plan_id",
    "status",
    "metric_id",
    "metric_label",
    "domain",
    "kind",
    "horizon_year",
    "value_std",
    "unit_std",
    "secondary_target_id",
    "secondary_source_id",
    "secondary_quote",
    "primary_target_id",
    "primary_source_id",
    "primary_quote",
    "gloss_en",
]


@cached_by_fingerprint
def _concordance() -> pd.DataFrame:
    ledger = _build()
    plans = corpus.plans()
    rows = []
    for plan in plans.itertuples():
        in_plan = ledger[ledger["plan_id"] == plan.plan_id]
        primary = in_plan[in_plan["source_id"] == plan.primary_source_id]
        secondary = in_plan[in_plan["source_id"] != plan.primary_source_id]
        if secondary.empty:
            continue
        matched_primary: set[str] = set()
        for _, row in secondary.iterrows():
            candidates = [p for _, p in primary.iterrows() if _same_figure(row, p)]
            unused = [p for p in candidates if p["target_id"] not in matched_primary]
            ranked = sorted(unused or candidates, key=lambda p: -_likeness(row, p))
            match = (ranked or [None])[0]
            base = {
                "plan_id": plan.plan_id,
                "metric_id": row["metric_id"],
                "metric_label": row["metric_label"],
                "domain": row["domain"],
                "kind": row["kind"],
                "horizon_year": row["horizon_year"],
                "value_std": row["value_std"],
                "unit_std": row["unit_std"],
                "secondary_target_id": row["target_id"],
                "secondary_source_id": row["source_id"],
                "secondary_quote": row["quote"],
            }
            if match is None:
                rows.append({**base, "status": "secondary_only"})
            else:
                matched_primary.add(match["target_id"])
                rows.append(
                    {
                        **base,
                        "status": "in_both",
                        "primary_target_id": match["target_id"],
                        "primary_source_id": match["source_id"],
                        "primary_quote": match["quote"],
                        "gloss_en": match["gloss_en"],
                    }
                )
        for _, p in primary.iterrows():
            if p["target_id"] in matched_primary:
                continue
            rows.append(
                {
                    "plan_id": plan.plan_id,
                    "status": "primary_only",
                    "metric_id": p["metric_id"],
                    "metric_label": p["metric_label"],
                    "domain": p["domain"],
                    "kind": p["kind"],
                    "horizon_year": p["horizon_year"],
                    "value_std": p["value_std"],
                    "unit_std": p["unit_std"],
                    "primary_target_id": p["target_id"],
                    "primary_source_id": p["source_id"],
                    "primary_quote": p["quote"],
                    "gloss_en": p["gloss_en"],
                }
            )
    return pd.DataFrame(rows, columns=CONCORDANCE_COLUMNS)


def concordance(plan: str | None = None) -> pd.DataFrame:
    """Figures of a plan's secondary sources (briefings) matched to its primary source.

    ``status`` is ``in_both`` (the briefing repeats a figure of the full text),
    ``secondary_only`` (only the briefing states it, e.g. a reported status) or
    ``primary_only`` (the full text states it and the briefing leaves it out).
    A figure matches when metric, kind, horizon and standardised value agree.

    >>> import newinfra as ni
    >>> ni.concordance("newinfra-2023-2026").value_counts("status")
    """
    _choose("plan", plan, corpus.plans()["plan_id"].tolist())
    table = _concordance().copy()
    if plan is not None:
        table = table[table["plan_id"] == plan]
    return table.reset_index(drop=True)


def primary_view(ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ledger with each figure counted once per plan.

    Rows from a plan's primary source stay; rows from its other sources stay only
    when the primary source does not state the same figure.
    """
    ledger = targets() if ledger is None else ledger
    repeated = set(_concordance().query("status == 'in_both'")["secondary_target_id"])
    return ledger[~ledger["target_id"].isin(repeated)].reset_index(drop=True)


@cached_by_fingerprint
def _task_links() -> pd.DataFrame:
    ledger = _build()
    notes = curation.annotations().set_index(["source_id", "start", "end"])["task_ref"]
    sections = mentions().set_index(["source_id", "start", "end"])["section_refs"]
    tasks = curation.tasks()
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


def task_links() -> pd.DataFrame:
    """target_id -> task_ref: the plan task (data/tasks.csv) each figure belongs to.

    From the annotation's task_ref where given, else from the figure's section
    when exactly one task of its plan and source covers that section.
    """
    return _task_links().copy()
