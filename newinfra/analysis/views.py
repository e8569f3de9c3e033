"""Tables the notebooks show and the charts draw, computed from the library's outputs.

Each takes a table from the library (``ni.domain_profile()``, ``ni.compare()``,
``ni.concordance()``, the ledger) and returns a smaller one shaped for a reader:
plan structure and totals, briefing coverage, the evidence behind targets,
ambition multiples and verdicts. :func:`ambition_rows` gives the figures the
trajectory charts draw. Rows follow the orders of newinfra.analysis.orders.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from newinfra.analysis.figures import growth_text, in_words, step_text, with_unit
from newinfra.analysis.orders import domain_order, plan_order
from newinfra.analysis.profiles import COUNTED_TASKS
from newinfra.analysis.verdict_classes import DECIDED, VERDICTS
from newinfra.inputs import corpus, curation, fields, units
from newinfra.inputs.families import family_labels
from newinfra.inputs.vocabulary import COMMITMENTS
from newinfra.ledger.targets import CONCORDANCE_STATUSES, targets

AMBITION_KINDS = ("target", "baseline")
EVIDENCE_COLUMNS = [
    "plan_id", "horizon_year", "domain", "metric_label", "value", "value_high", "unit",
    "comparator", "commitment", "quote", "sentence", "gloss_en", "citation", "source_id",
    "target_id",
]  # fmt: skip


# --- linked metrics ------------------------------------------------------------------------


def ambition_rows(long: pd.DataFrame) -> pd.DataFrame:
    """Targets and baselines of families with figures in two or more years.

    Plan-structure counts (tasks, domains) and budgets describe a plan rather
    than an ambition for the city; notebook 01 shows them. Every figure of a
    family is expressed in the unit of its earliest figure, and ``family_label``
    names the family for a reader (:func:`family_label`).
    """
    rows = long[long["kind"].isin(AMBITION_KINDS)]
    # Two years within one place: another place's figure never links a family.
    years = rows.groupby(["jurisdiction_id", "family"])["horizon_year"].transform("nunique")
    rows = rows[years >= 2].reset_index(drop=True)
    rows = _family_units(rows)
    labels = {family: family_label(rows, family) for family in rows["family"].unique()}
    rows["family_label"] = rows["family"].map(labels)
    return rows


def _family_units(rows: pd.DataFrame) -> pd.DataFrame:
    """Express every figure of a family in the unit of its earliest figure, for plotting."""
    rows = rows.copy()
    for _family, group in rows.groupby("family"):
        unit = group.sort_values(["horizon_year", "kind"])["unit_std"].iloc[0]
        for index, row in group.iterrows():
            if row["unit_std"] != unit and units.convertible(row["unit_std"], unit):
                rows.loc[index, "value_std"] = units.convert(
                    row["value_std"], row["unit_std"], unit
                )
                rows.loc[index, "unit_std"] = unit
    return rows


def family_label(frame: pd.DataFrame, family: str) -> str:
    """A family's label (data/families.csv); a metric without a family keeps its own label."""
    labels = family_labels()
    if family in labels:
        return labels[family]
    # A family the catalogue does not know (a table built by hand): its members' common label.
    found = frame.loc[frame["family"] == family, "metric_label"].dropna().unique()
    return found[0] if len(found) == 1 else family.replace("_", " ")


def ambition_table(long: pd.DataFrame) -> pd.DataFrame:
    """Targets with a previous target of the same family: the step and implied annual growth.

    Ranked by multiple (largest first). ``step`` says it as a reader should read
    it: with its bound ("≤ ×2": the earlier figure was a floor, so the multiple is
    a ceiling) and, for additions, the per-year values it compares
    ("33,333/yr → 50,000/yr, ×1.5"); ``growth`` is the implied annual growth with
    the same bound ("at most +19%/yr"). ``flags`` qualify the comparison.
    """
    long = ambition_rows(long)
    rows = long[long["multiple"].notna()].copy()
    rows["metric"] = rows["family_label"]
    rows["step"] = [step_text(row) for row in rows.itertuples(index=False)]
    # No growth rate across a change of definition: the two figures count different things.
    redefined = rows["flags"].fillna("").str.contains("different definition")
    rows["growth"] = [
        "" if r else growth_text(c, b)
        for c, b, r in zip(rows["cagr"], rows["multiple_bound"], redefined, strict=True)
    ]
    columns = [
        "metric", "family", "previous_year", "horizon_year", "previous_value_std", "value_std",
        "unit_std", "step", "growth", "multiple", "commitment", "plan_id", "quote", "flags",
        "target_id",
    ]  # fmt: skip
    return (
        rows[columns]
        .sort_values(["multiple", "family"], ascending=[False, True], kind="stable")
        .reset_index(drop=True)
    )


def status_steps(long: pd.DataFrame) -> pd.DataFrame:
    """Each target against the status reported before it, the step written out whole.

    ``step`` reads "60,000 SMEs on cloud platforms (2020 status) → 150,000
    Enterprises on cloud platforms (2022 target)": where the status measures
    another metric of the family both are named, and ``flags`` gives both
    definitions. ``multiple_vs_status`` / ``cagr_vs_status`` are computed only
    for stocks and classes.
    """
    rows = long[(long["kind"] == "target") & long["status_value_std"].notna()].copy()
    labels = curation.metrics().set_index("metric_id")["label_en"]
    steps, notes = [], []
    for row in rows.itertuples(index=False):
        status_label = labels.get(row.status_metric_id, row.status_metric_id)
        same = row.status_metric_id == row.metric_id
        status = with_unit(in_words(row.status_value_std), row.unit_std)
        target = with_unit(in_words(row.value_std), row.unit_std)
        status_part = f"{status} ({int(row.status_year)} status)"
        target_part = f"{target} ({int(row.horizon_year)} target)"
        if not same:
            status_part = f"{status} {status_label} ({int(row.status_year)} status)"
            target_part = f"{target} {row.metric_label} ({int(row.horizon_year)} target)"
        steps.append(f"{status_part} → {target_part}")
        notes.append("" if same else f"different definition: {status_label} → {row.metric_label}")
    rows["metric"] = [family_label(long, f) for f in rows["family"]]
    rows["step"] = steps
    rows["definition_change"] = notes
    # A growth rate between two definitions would compare different things.
    rows["cagr_vs_status"] = rows["cagr_vs_status"].where(rows["definition_change"] == "")
    columns = [
        "metric", "plan_id", "step", "multiple_vs_status", "cagr_vs_status", "definition_change",
        "quote", "target_id",
    ]  # fmt: skip
    table = rows[columns].sort_values(["metric", "plan_id"], kind="stable")
    return fields.describe(table.reset_index(drop=True), "status_steps")


def verdict_table(long: pd.DataFrame, ledger: pd.DataFrame | None = None) -> pd.DataFrame:
    """Promised vs reported: each past target, its verdict and the later figure deciding it.

    ``status_quote`` / ``status_sentence`` / ``status_source_id`` are the
    deciding baseline as written (from the ledger, by ``decided_by``).
    """
    ledger = targets() if ledger is None else ledger
    rows = long[long["verdict"].isin(DECIDED)].copy()
    status = ledger.set_index("target_id")
    for column in ("quote", "sentence", "gloss_en", "source_id"):
        rows[f"status_{column}"] = rows["decided_by"].map(status[column])
    rows["metric"] = [family_label(long, f) for f in rows["family"]]
    columns = [
        "metric", "plan_id", "horizon_year", "value_std", "unit_std", "commitment", "quote",
        "source_id", "verdict", "decided_by_year", "decided_by_value_std", "status_quote",
        "status_sentence", "status_gloss_en", "status_source_id", "verdict_note", "target_id",
        "decided_by",
    ]  # fmt: skip
    return (
        rows[columns].sort_values(["horizon_year", "metric"], kind="stable").reset_index(drop=True)
    )


def verdict_count_table(long: pd.DataFrame) -> pd.DataFrame:
    """How many of a comparison's targets fall in each verdict class, in the order of VERDICTS."""
    verdicts = long.loc[long["kind"] == "target", "verdict"].fillna("pending")
    counts = verdicts.value_counts().reindex(VERDICTS, fill_value=0)
    return counts[counts > 0].rename_axis("verdict").reset_index(name="targets")


# --- plans, coverage, evidence -------------------------------------------------------------


def plan_structure(plans: Iterable[str] | None = None) -> pd.DataFrame:
    """Per plan: how it is known and how many tasks, measures, projects, domains it has."""
    plan_table = corpus.plans().sort_values(["is_context", "horizon_year"])
    if plans is not None:
        plan_table = plan_table[plan_table["plan_id"].isin(list(plans))]
    tasks = curation.tasks()
    counts = pd.crosstab(tasks["plan_id"], tasks["task_type"])
    # The same tasks as the domain heatmap (ni.domain_profile): measures and
    # demonstration projects are counted, but give no domain its tasks.
    counted = tasks[tasks["task_type"].isin(COUNTED_TASKS)]
    domains = counted.groupby("plan_id")["domain"].nunique()
    out = plan_table[["plan_id", "period_start", "period_end", "evidence", "primary_source_id"]]
    out = out.set_index("plan_id")
    out = out.join(counts, how="left").fillna(0)
    for column in counts.columns:
        out[column] = out[column].astype(int)
    out["domains_with_tasks"] = domains.reindex(out.index).fillna(0).astype(int)
    return out.reset_index()


def plan_totals(profile: pd.DataFrame) -> pd.DataFrame:
    """Per plan: tasks, tasks with a number and their share, targets by wording, baselines."""
    columns = ["tasks", "tasks_with_number", "quantified_targets", *COMMITMENTS, "baselines"]
    totals = profile.groupby("plan_id", sort=False)[columns].sum()
    totals = totals.reindex(plan_order(profile))
    totals.insert(
        2,
        "share_tasks_with_number",
        (totals["tasks_with_number"] / totals["tasks"].where(totals["tasks"] > 0)).round(3),
    )
    evidence = profile.drop_duplicates("plan_id").set_index("plan_id")["evidence"]
    totals.insert(0, "evidence", evidence)
    return totals.reset_index()


def coverage_table(concordance: pd.DataFrame) -> pd.DataFrame:
    """Figures per domain and concordance status, with the share the briefing reports."""
    table = pd.crosstab(concordance["domain"], concordance["status"])
    table = table.reindex(index=domain_order(concordance), columns=CONCORDANCE_STATUSES)
    table = table.fillna(0).astype(int)
    in_full_text = table["in_both"] + table["primary_only"]
    table["share_of_full_text_reported"] = (
        table["in_both"] / in_full_text.where(in_full_text > 0)
    ).round(3)
    total = table.sum(numeric_only=True)
    total["share_of_full_text_reported"] = round(
        total["in_both"] / max(total["in_both"] + total["primary_only"], 1), 3
    )
    table.loc["all domains"] = total
    table.columns.name = None
    return table.reset_index()


def evidence_table(ledger: pd.DataFrame) -> pd.DataFrame:
    """Ledger rows as a reader checks them: the figure as written, its sentence and gloss.

    A target whose mentions are worded differently shows the mix as its wording
    ("firm in task 9 and the briefing, strive in the goals and task 7").
    """
    if "target_id" in ledger.columns and len(ledger):
        from newinfra.analysis.citations import figure_citations

        ledger = ledger.assign(citation=ledger["target_id"].map(figure_citations()))
    columns = [c for c in EVIDENCE_COLUMNS if c in ledger.columns]
    if "commitment_id" in ledger.columns and "commitment" in ledger.columns and len(ledger):
        from newinfra.ledger.firmness import wording_mix

        mixes = ledger["commitment_id"].map(wording_mix())
        mixed = mixes.fillna("").str.contains(" in ") & (ledger["kind"] == "target")
        ledger = ledger.assign(commitment=ledger["commitment"].where(~mixed, mixes))
    return (
        ledger[columns]
        .sort_values(["horizon_year", "plan_id", "metric_label", "value"], kind="stable")
        .reset_index(drop=True)
    )


def domain_tasks(domain: str, plans: list[str]) -> pd.DataFrame:
    """The tasks of the given plans in one domain, as each plan titles them (data/tasks.csv)."""
    from newinfra.inputs import curation

    tasks = curation.tasks()
    rows = tasks[(tasks["domain"] == domain) & tasks["plan_id"].isin(plans)]
    return rows[["plan_id", "task_ref", "task_type", "title_en"]].reset_index(drop=True)


def firmness_by_domain(firmness: pd.DataFrame) -> pd.DataFrame:
    """Per plan and domain: tasks and written targets by wording (``profiles.firmness_profile``).

    Rows with neither a task nor a target are left out; columns read "Tasks: strive",
    each recorded as its field for that wording (:func:`newinfra.inputs.fields.describe`).
    """
    from newinfra.analysis.profiles import FIRMNESS_COUNTS

    shown = firmness[firmness["counted"].isin(["tasks", "mentions"])]
    wide = shown.pivot_table(
        index=["plan_id", "domain"], columns=["counted", "commitment"], values="n", aggfunc="sum"
    )
    order = [(c, w) for c in ("tasks", "mentions") for w in COMMITMENTS]
    wide = wide.reindex(columns=order, fill_value=0).fillna(0).astype(int)
    wide = wide[wide.sum(axis=1) > 0]
    names = {"tasks": "Tasks", "mentions": "Written targets"}
    assert set(names) <= set(FIRMNESS_COUNTS)
    derived = {f"{names[c]}: {w}": (c, f"worded {w}") for c, w in wide.columns}
    wide.columns = list(derived)
    rank = {p: i for i, p in enumerate(plan_order(firmness))}
    domains = {d: i for i, d in enumerate(domain_order(firmness))}
    wide = wide.reset_index()
    wide = wide.sort_values(
        ["plan_id", "domain"], key=lambda s: s.map(rank if s.name == "plan_id" else domains)
    )
    return fields.describe(wide.reset_index(drop=True), "firmness_by_domain", derived)


def hedged_commitments(plans: Iterable[str]) -> pd.DataFrame:
    """Target commitments hedged in at least one mention, each with its mix of wordings.

    ``wording`` reads "firm in task 9 and the briefing, strive in the goals and task 7":
    the commitment's own words, mention by mention, not only its firmest.
    """
    from newinfra.ledger.firmness import wording_mix
    from newinfra.ledger.targets import commitments

    rows = commitments(plan=None)
    rows = rows[rows["plan_id"].isin(list(plans)) & (rows["kind"] == "target")]
    rows = rows[rows["commitment_all"].fillna("firm") != "firm"]
    rows = rows.assign(commitment=rows["commitment_id"].map(wording_mix()))
    rows = rows.rename(columns={"commitment_id": "target_id"})
    columns = [
        "plan_id", "horizon_year", "domain", "metric_label", "value", "value_high", "unit",
        "commitment", "quote", "gloss_en", "source_id", "target_id",
    ]  # fmt: skip
    return (
        rows[columns]
        .sort_values(["horizon_year", "plan_id", "metric_label"], kind="stable")
        .reset_index(drop=True)
    )


def family_movements(domain: str, plans: Iterable[str]) -> pd.DataFrame:
    """Per plan of a series: the domain's target families that are new, continued or dropped.

    A family (metrics.csv ``family``; a metric without one is its own) is *new* in a
    plan that sets a target for it when the plan before did not, *continued* when
    both did, *dropped* when the plan before did and this one does not. The first
    plan of each series has every family new. Context documents are not in a series.
    Columns: plan_id, new, continued, dropped (counts) and new_families,
    continued_families, dropped_families (labels joined by "; ").
    """
    from newinfra.analysis.series import series_positions
    from newinfra.ledger.targets import commitments

    chosen = list(plans)
    table = series_positions(corpus.plans())
    table = table[table["series_position"].notna() & table["plan_id"].isin(chosen)]
    table = table.sort_values(["jurisdiction_id", "series_position"])
    rows = commitments(domain=domain)
    rows = rows[rows["kind"] == "target"]
    family = rows["family"].where(
        rows["family"].notna() & (rows["family"] != ""), rows["metric_id"]
    )
    sets = family.groupby(rows["plan_id"]).agg(set)
    labels = family_labels()
    out = []
    for _, series in table.groupby("jurisdiction_id", sort=False):
        before: set | None = None
        for plan_id in series["plan_id"]:
            now = sets.get(plan_id, set())
            moves = {
                "new": now - (before or set()),
                "continued": now & (before or set()),
                "dropped": (before or set()) - now,
            }
            record = {"plan_id": plan_id, **{k: len(v) for k, v in moves.items()}}
            for key, found in moves.items():
                record[f"{key}_families"] = "; ".join(sorted(labels.get(f, f) for f in found))
            out.append(record)
            before = now
    columns = [
        "plan_id", "new", "continued", "dropped",
        "new_families", "continued_families", "dropped_families",
    ]  # fmt: skip
    return pd.DataFrame(out, columns=columns)


def briefing_only_reasons(concordance: pd.DataFrame) -> pd.Series:
    """Why each figure only the briefing gives is not matched in the full text, in words.

    A reported status is the briefing's own; a count the repost's summary repeats is set
    aside with that summary (the plan's own text does not state it); any other count is
    one the full text does not make, named by its metric's definition (data/metrics.csv).
    """
    from newinfra.ledger.mentions import mentions

    ledger = targets()
    outside = mentions()
    outside = outside[~outside["in_plan_text"]].set_index(["source_id", "start", "end"]).index
    keys = pd.MultiIndex.from_frame(ledger[["source_id", "start", "end"]])
    aside = ledger[keys.isin(outside)]
    aside_keys = set(zip(aside["plan_id"], aside["metric_id"], aside["value_std"], strict=True))
    definitions = curation.metrics().set_index("metric_id")["definition"]
    reasons = []
    for row in concordance.itertuples(index=False):
        if row.kind == "baseline":
            reasons.append("a status the briefing reports; a plan's text sets targets")
        elif (row.plan_id, row.metric_id, row.value_std) in aside_keys:
            reasons.append(
                "stated only in the repost's news summary, which is set aside; the plan's own "
                "text does not state it"
            )
        else:
            definition = str(definitions.get(row.metric_id, "")).rstrip(".")
            reasons.append(
                "the full text does not state it" + (f" ({definition})" if definition else "")
            )
    return pd.Series(reasons, index=concordance.index, name="why")
