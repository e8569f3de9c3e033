"""Comparisons across plans: linked metrics, ambition, verdicts, domain profiles, lineage.

Metrics of one ``family`` (data/metrics.csv) describe the same quantity; members
that differ in definition are compared with a flag naming the difference.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable

import pandas as pd

from newinfra.analysis.choices import check_choices
from newinfra.core.errors import ParameterError
from newinfra.inputs import corpus, curation
from newinfra.ledger.targets import primary_view, targets, task_links

DEFAULT_HORIZONS = (2013, 2022, 2026)
HEDGED = {"strive", "explore", "pilot"}

COMPARE_COLUMNS = [
    "family",
    "metric_id",
    "metric_label",
    "plan_id",
    "horizon_year",
    "kind",
    "value",
    "value_high",
    "comparator",
    "unit",
    "value_std",
    "unit_std",
    "basis",
    "commitment",
    "previous_year",
    "previous_value_std",
    "multiple",
    "cagr",
    "status_year",
    "status_value_std",
    "multiple_vs_status",
    "cagr_vs_status",
    "verdict",
    "decided_by",
    "decided_by_year",
    "decided_by_value_std",
    "verdict_note",
    "flags",
    "target_id",
    "source_id",
    "doc_type",
    "start",
    "end",
    "quote",
    "sentence",
    "gloss_en",
]


# Definitions of the columns these tables add to the ledger's (shown in the
# Excel README sheet); the ledger's own columns are described in schemas.Ledger.
COLUMN_DOCS = {
    "family": "Metrics compared across horizons; members differ in definition (see flags)",
    "previous_year": "Horizon of the previous target of the family",
    "previous_value_std": "The previous target, in unit_std",
    "multiple": "This target divided by the previous target of the family (ambition multiple)",
    "cagr": "Implied compound annual growth between the two targets' horizon years",
    "status_year": "Year of the latest status reported before this target's horizon",
    "status_value_std": "That reported status, in unit_std",
    "multiple_vs_status": "This target divided by the latest earlier reported status",
    "cagr_vs_status": "Implied compound annual growth from that status to this target",
    "verdict": "For a target whose horizon has passed: met / not met / not reported; pending otherwise",
    "decided_by": "target_id of the reported status that decides the verdict",
    "decided_by_year": "Year of that status",
    "decided_by_value_std": "Value of that status, in unit_std",
    "verdict_note": "Caveats of the verdict: status reported years later, a different definition",
    "flags": "Why a comparison could mislead: definition, basis, range, hedged wording, source",
    "doc_type": "What kind of text the source is: plan_text, translation, press_briefing, news",
    "tasks": "Tasks of the plan in the domain (data/tasks.csv)",
    "tasks_with_number": "Tasks with at least one quantified target",
    "share_tasks_with_number": "tasks_with_number / tasks",
    "quantified_targets": "Targets in the domain, each figure counted once per plan",
    "firm": "Targets worded firmly",
    "strive": "Targets worded as 'strive' (力爭, 爭取)",
    "explore": "Targets worded as 'explore' (探索)",
    "pilot": "Targets worded as 'pilot' (試點)",
    "baselines": "Reported status figures in the domain",
    "evidence": "How the plan is known: full_text, translation, briefing_only, news",
    "is_context": "True for context documents that are not one of the compared plans",
}


def _valid_years() -> list[int]:
    ledger = targets()
    return sorted(int(y) for y in ledger["horizon_year"].unique())


def linked_families(ledger: pd.DataFrame | None = None) -> list[str]:
    """Families with figures in at least two different years (targets or baselines)."""
    view = primary_view(ledger)
    families = _with_family(view)
    years = families.groupby("family")["horizon_year"].nunique()
    return sorted(years[years >= 2].index)


def _with_family(frame: pd.DataFrame) -> pd.DataFrame:
    metrics = curation.metrics().set_index("metric_id")
    out = frame.copy()
    out["family"] = out["metric_id"].map(metrics["family"])
    out["higher_is_better"] = out["metric_id"].map(metrics["higher_is_better"])
    return out


def _flags(
    row: pd.Series, previous: pd.Series | None, definitions: pd.Series, plans: pd.DataFrame
) -> list[str]:
    flags = []
    if previous is not None:
        if previous["metric_id"] != row["metric_id"]:
            flags.append(
                f"different definition: {previous['metric_id']} ({definitions[previous['metric_id']]}) "
                f"vs {row['metric_id']} ({definitions[row['metric_id']]})"
            )
        if previous["basis"] != row["basis"] and "unknown" not in (previous["basis"], row["basis"]):
            flags.append(f"different basis: {previous['basis']} vs {row['basis']}")
        if not pd.isna(previous["value_high"]):
            flags.append(f"previous figure is a range ({previous['quote']})")
    if not pd.isna(row["value_high"]):
        flags.append(f"range ({row['quote']})")
    if row["commitment"] in HEDGED:
        flags.append(f"commitment is '{row['commitment']}', not firm")
    evidence = plans.loc[row["plan_id"], "evidence"]
    if evidence == "briefing_only":
        flags.append("plan known only from its press briefing")
    if row["doc_type"] == "news":
        flags.append("figure reported by a news article")
    elif row["doc_type"] == "translation":
        flags.append("figure from an unofficial translation")
    if row["comparator"] in {">=", "<="} and row["kind"] != "baseline":
        flags.append(f"open-ended ({row['comparator']})")
    if not row["higher_is_better"]:
        flags.append("lower is more ambitious")
    return flags


def _verdict(target: pd.Series, later: pd.DataFrame, as_of: int) -> dict:
    if target["kind"] != "target":
        return {}
    if target["horizon_year"] >= as_of:
        return {"verdict": "pending"}
    deciding = later[later["horizon_year"] >= target["horizon_year"]].sort_values("horizon_year")
    if deciding.empty:
        return {
            "verdict": "not reported",
            "verdict_note": "no later document in the corpus reports this metric",
        }
    status = deciding.iloc[0]
    goal = target["value_std"]
    if target["higher_is_better"]:
        met = status["value_std"] >= goal
    else:
        met = status["value_std"] <= (
            target["value_high"] if not pd.isna(target["value_high"]) else goal
        )
    notes = []
    gap = int(status["horizon_year"] - target["horizon_year"])
    if gap > 0:
        notes.append(f"status reported for {status['horizon_year']}, {gap} years after the horizon")
    if status["metric_id"] != target["metric_id"]:
        notes.append(f"status measures {status['metric_id']}, the target {target['metric_id']}")
    return {
        "verdict": "met" if met else "not met",
        "decided_by": status["target_id"],
        "decided_by_year": status["horizon_year"],
        "decided_by_value_std": status["value_std"],
        "verdict_note": "; ".join(notes) or None,
    }


def compare(
    metrics: Iterable[str] | str | None = None,
    domain: str | None = None,
    horizons: Iterable[int] = DEFAULT_HORIZONS,
    wide: bool = False,
    as_of: int | None = None,
) -> pd.DataFrame:
    """Linked metrics across horizons: targets at the horizons, baselines between them.

    Long by default: one row per figure (metric family and year), sorted by
    family and year, with

    - ``multiple``: this target over the previous target of the family
      (``value_std`` ratio) and ``cagr``, the implied compound annual growth
      between their horizon years;
    - ``verdict`` for targets whose horizon has passed (before ``as_of``,
      default this year): ``met`` / ``not met`` / ``not reported``, decided by
      the first baseline reported at or after the horizon (``decided_by``);
    - ``flags`` where a comparison would mislead: different definition or
      basis, a range, a hedged commitment, a briefing-only plan, a news or
      translated source.

    ``metrics`` takes metric ids or family ids; ``domain`` a harmonised domain;
    ``horizons`` the target years to line up (baselines between the first and
    last are kept). ``wide=True`` gives one row per family and one column per
    year (the target value, or the baseline where no target).

    >>> import newinfra as ni
    >>> ni.compare(metrics=["idc_racks"])[["horizon_year", "kind", "value_std", "verdict"]]
       horizon_year      kind  value_std verdict
    0          2013    target    20000.0     met
    1          2020  baseline   120000.0     NaN
    """
    catalogue = curation.metrics()
    valid_ids = sorted(set(catalogue["metric_id"]) | set(catalogue["family"]))
    chosen = check_choices("metrics", metrics, valid_ids)
    if domain is not None and domain not in curation.domain_ids():
        raise ParameterError("domain", domain, curation.domain_ids())
    horizons = check_choices("horizons", horizons, _valid_years())
    if not horizons:
        raise ParameterError("horizons", horizons, _valid_years(), "give at least one year")
    as_of = as_of or _dt.date.today().year
    plans = corpus.plans().set_index("plan_id")
    doc_types = corpus.manifest().set_index("source_id")["doc_type"]
    definitions = catalogue.set_index("metric_id")["definition"]

    view = _with_family(primary_view())
    view["doc_type"] = view["source_id"].map(doc_types)
    low, high = min(horizons), max(horizons)
    keep = (view["kind"] == "baseline") & view["horizon_year"].between(low, high)
    keep |= (view["kind"] != "baseline") & view["horizon_year"].isin(horizons)
    view = view[keep]
    if chosen is not None:
        view = view[view["metric_id"].isin(chosen) | view["family"].isin(chosen)]
    if domain is not None:
        families = set(view.loc[view["domain"] == domain, "family"])
        view = view[view["family"].isin(families)]
    # The same figure stated twice in one plan (a summary and its task) is one point.
    view = view.drop_duplicates(
        ["family", "metric_id", "plan_id", "kind", "horizon_year", "value_std", "value_high"]
    )
    linked = view.groupby("family")["horizon_year"].nunique()
    view = view[view["family"].isin(linked[linked >= 2].index)]

    rows = []
    ordered = view.sort_values(["family", "horizon_year", "kind", "value_std"])
    for _family, group in ordered.groupby("family", sort=True):
        previous = previous_status = None
        baselines = group[group["kind"] == "baseline"]
        disagreements = _disagreements(group)
        for _, row in group.iterrows():
            out = row.to_dict()
            out.update(_verdict(row, baselines, as_of))
            earlier = previous if row["kind"] != "baseline" else previous_status
            flags = _flags(row, earlier, definitions, plans)
            if row["kind"] != "baseline":
                if previous is not None and row["horizon_year"] > previous["horizon_year"]:
                    out.update(_step(previous, row, "previous_year", "previous_value_std", ""))
                    flags += disagreements.get(previous["horizon_year"], [])
                earlier = baselines[baselines["horizon_year"] < row["horizon_year"]]
                if not earlier.empty:
                    out.update(
                        _step(
                            earlier.iloc[-1], row, "status_year", "status_value_std", "_vs_status"
                        )
                    )
                previous = row
            else:
                previous_status = row
            flags += disagreements.get(row["horizon_year"], [])
            out["flags"] = "; ".join(dict.fromkeys(flags)) or None
            rows.append(out)
    long = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    for column in ("previous_year", "status_year", "decided_by_year"):
        long[column] = long[column].astype("Int64")
    if not wide:
        return long.reset_index(drop=True)
    # Wide: the target where a plan set one, else the reported status.
    long["rank"] = (long["kind"] != "baseline").astype(int)
    shown = long.sort_values("rank").drop_duplicates(["family", "horizon_year"], keep="last")
    table = shown.pivot_table(
        index=["family", "unit_std"], columns="horizon_year", values="value_std", aggfunc="max"
    )
    table.columns = [int(c) for c in table.columns]
    return table.reset_index()


def _step(earlier: pd.Series, later: pd.Series, year: str, value: str, suffix: str) -> dict:
    """The columns describing the move from an earlier figure to a later one."""
    multiple, cagr = _growth(earlier, later)
    return {
        year: earlier["horizon_year"],
        value: earlier["value_std"],
        f"multiple{suffix}": multiple,
        f"cagr{suffix}": cagr,
    }


def _growth(earlier: pd.Series, later: pd.Series) -> tuple[float, float]:
    """Ratio of the later figure to the earlier one, and the implied annual growth."""
    if not earlier["value_std"]:
        return math.nan, math.nan
    multiple = later["value_std"] / earlier["value_std"]
    years = later["horizon_year"] - earlier["horizon_year"]
    cagr = multiple ** (1 / years) - 1 if multiple > 0 and years > 0 else math.nan
    return multiple, cagr


def _disagreements(group: pd.DataFrame) -> dict[int, list[str]]:
    """Years for which the documents state different figures of the same kind."""
    out: dict[int, list[str]] = {}
    for (year, _kind, _metric), same in group.groupby(["horizon_year", "kind", "metric_id"]):
        if same["value_std"].nunique() > 1:
            stated = ", ".join(f"{r.quote} ({r.source_id})" for r in same.itertuples())
            out.setdefault(int(year), []).append(f"sources disagree for {year}: {stated}")
    return out


def scorecard(as_of: int | None = None) -> pd.DataFrame:
    """Targets whose horizon has passed, with the verdict and the status that decides it."""
    long = compare(horizons=_valid_years(), as_of=as_of)
    done = long[long["verdict"].notna() & (long["verdict"] != "pending")]
    return done.reset_index(drop=True)


COUNTED_TASKS = ("task", "special_project", "action_item")


def domain_profile(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan and domain: tasks, quantified targets, and the share of tasks that carry a number.

    Tasks come from data/tasks.csv (tasks, special projects, briefing action
    items); a task "carries a number" when at least one target belongs to it
    (``ledger.task_links()``: the annotation's task_ref, else the figure's section). ``evidence`` marks the 2020-2022 plan as known only from its briefing.
    """
    plan_table = corpus.plans()
    chosen = check_choices("plans", plans, plan_table["plan_id"].tolist())
    tasks = curation.tasks()
    tasks = tasks[tasks["task_type"].isin(COUNTED_TASKS)]
    ledger = primary_view()
    target_rows = ledger[ledger["kind"] == "target"]
    links = task_links()
    linked = links[links["target_id"].isin(target_rows["target_id"])].dropna(subset=["task_ref"])
    quantified = set(zip(linked["plan_id"], linked["task_ref"], strict=True))
    tasks = tasks.assign(
        quantified=[(t.plan_id, t.task_ref) in quantified for t in tasks.itertuples()]
    )
    domains = curation.domain_ids()
    rows = []
    for plan in plan_table.itertuples():
        if chosen is not None and plan.plan_id not in chosen:
            continue
        for domain in domains:
            plan_tasks = tasks[(tasks["plan_id"] == plan.plan_id) & (tasks["domain"] == domain)]
            plan_targets = target_rows[
                (target_rows["plan_id"] == plan.plan_id) & (target_rows["domain"] == domain)
            ]
            counts = plan_targets["commitment"].value_counts()
            n_tasks = len(plan_tasks)
            with_number = int(plan_tasks["quantified"].sum())
            rows.append(
                {
                    "plan_id": plan.plan_id,
                    "horizon_year": plan.horizon_year,
                    "domain": domain,
                    "tasks": n_tasks,
                    "tasks_with_number": with_number,
                    "share_tasks_with_number": with_number / n_tasks if n_tasks else math.nan,
                    "quantified_targets": len(plan_targets),
                    "firm": int(counts.get("firm", 0)),
                    "strive": int(counts.get("strive", 0)),
                    "explore": int(counts.get("explore", 0)),
                    "pilot": int(counts.get("pilot", 0)),
                    "baselines": int(
                        (
                            (ledger["plan_id"] == plan.plan_id)
                            & (ledger["domain"] == domain)
                            & (ledger["kind"] == "baseline")
                        ).sum()
                    ),
                    "evidence": plan.evidence,
                    "is_context": plan.is_context == "true",
                }
            )
    return pd.DataFrame(rows)


def lineage(metrics: Iterable[str] | None = None) -> pd.DataFrame:
    """How each linked metric moved from plan to plan.

    The compared plans (context documents left out) are taken in order of
    horizon. A family is ``new`` in the first plan that sets a figure for it,
    ``continued`` when the next plan repeats the value, ``rescaled`` (with the
    ``multiple``) when it changes it, ``dropped`` in a plan that sets none
    after an earlier one did, and ``reappears`` when a later plan takes it up
    again. Baselines are not plan figures and are left out.

    >>> import newinfra as ni
    >>> ni.lineage(["ev_smart_charging_points"])[["plan_id", "status", "multiple"]]
                  plan_id     status  multiple
    0  newinfra-2020-2022        new       NaN
    1  newinfra-2023-2026   rescaled       2.0
    """
    catalogue = curation.metrics()
    valid = sorted(set(catalogue["metric_id"]) | set(catalogue["family"]))
    chosen = check_choices("metrics", metrics, valid)
    plans = corpus.plans()
    plans = plans[plans["is_context"] != "true"].sort_values("horizon_year")
    view = _with_family(primary_view())
    view = view[(view["kind"] != "baseline") & view["plan_id"].isin(plans["plan_id"])]
    if chosen is not None:
        view = view[view["metric_id"].isin(chosen) | view["family"].isin(chosen)]
    in_plans = view.groupby("family")["plan_id"].nunique()
    view = view[view["family"].isin(in_plans[in_plans >= 2].index)]
    rows = []
    for family, group in view.groupby("family"):
        last = None
        present = False
        for plan_id in plans["plan_id"]:
            in_plan = group[group["plan_id"] == plan_id]
            if in_plan.empty:
                if present:
                    rows.append(
                        {
                            "family": family,
                            "plan_id": plan_id,
                            "status": "dropped",
                            "from_plan": last["plan_id"],
                            "metric_id": last["metric_id"],
                        }
                    )
                present = False
                continue
            figure = in_plan.sort_values("value_std").iloc[-1]
            out = {
                "family": family,
                "plan_id": plan_id,
                "metric_id": figure["metric_id"],
                "horizon_year": figure["horizon_year"],
                "value_std": figure["value_std"],
                "unit_std": figure["unit_std"],
                "target_id": figure["target_id"],
            }
            if last is None:
                out["status"] = "new"
            else:
                multiple, _ = _growth(last, figure)
                status = "continued" if math.isclose(multiple, 1.0) else "rescaled"
                out.update(
                    from_plan=last["plan_id"],
                    multiple=multiple,
                    status=status if present else "reappears",
                )
            rows.append(out)
            last, present = figure, True
    columns = [
        "family",
        "plan_id",
        "status",
        "from_plan",
        "metric_id",
        "horizon_year",
        "value_std",
        "unit_std",
        "multiple",
        "target_id",
    ]
    return pd.DataFrame(rows, columns=columns)
