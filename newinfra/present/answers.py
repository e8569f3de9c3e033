"""The answer each report opens with: its question answered in a few sentences from the data.

Every function returns the HTML of ``<section id="answer">``: sentences written from
the tables the report shows below, each figure a link to the passage of the source
that states it (or, for a count the project makes, to the table that holds it).
Text from the data is escaped; only the markup written here is live.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from IPython.display import HTML

from newinfra.inputs import corpus
from newinfra.present.links import page_name, source_href
from newinfra.present.markup import html_escape
from newinfra.present.tables import decimal_format, percent_format, value_words
from newinfra.present.words import plan_years, plural, source_names, task_noun

#: The stated counts an overview answer names, in the order it names them.
STATED_ORDER = [
    "plan_tasks",
    "plan_key_tasks",
    "plan_special_projects",
    "plan_measures",
    "plan_demonstration_projects",
    "major_projects",
    "major_projects_investment",
    "loan_subsidy_min_investment",
]


def cite(text: str, target_id: str) -> str:
    """``text`` (escaped) linked to the passage that states it."""
    return f'<a href="{html_escape(source_href(target_id))}">{html_escape(text)}</a>'


def glossed(quote: str, target_id: str, gloss) -> str:
    """A quote linked to its passage, with its English gloss after it when it has one."""
    linked = cite(quote, target_id)
    if isinstance(gloss, str) and gloss.strip():
        return f"{linked} (“{html_escape(gloss.strip())}”)"
    return linked


def section(sentences: Iterable[str]) -> HTML:
    """The answer section: sentences (already HTML) as one paragraph under "The answer"."""
    body = " ".join(s for s in sentences if s)
    return HTML(
        '<section id="answer" style="border-left: 4px solid #0072b2; padding: 0.2em 1em; '
        'background: #f3f8fc; margin: 0.5em 0 1.5em;"><h2>The answer</h2>'
        f"<p>{body}</p></section>"
    )


def _amount(value: float, unit: str) -> str:
    if unit == "CNY":
        if value >= 1e8:
            return f"{decimal_format(value / 1e9)} billion yuan"
        return f"{decimal_format(value / 1e6)} million yuan ({decimal_format(value / 1e4)}万元)"
    return decimal_format(value)


def _stated_phrase(rows: pd.DataFrame, others: pd.DataFrame | None = None) -> str:
    """Each stated figure linked, its parts and any other document's differing value named."""
    parts = []
    for row in rows.itertuples(index=False):
        words = str(row.metric_label).removesuffix(" in the plan")
        words = html_escape(words[:1].lower() + words[1:])
        figure = cite(_amount(row.value_std, row.unit_std), row.target_id)
        phrase = f"{figure} ({words})" if row.unit_std != "count" else f"{figure} {words}"
        if getattr(row, "parts", ""):
            phrase += f" (stated part by part: {html_escape(row.parts)})"
        if others is not None:
            other = others[
                (others["plan_id"] == row.plan_id) & (others["metric_id"] == row.metric_id)
            ]
            for alt in other.itertuples(index=False):
                kind, date = str(alt.stated_in).rsplit(", ", 2)[-2:]
                phrase += (
                    f" ({cite(_amount(alt.value_std, alt.unit_std), alt.target_id)} "
                    f"in the {html_escape(kind)} of {html_escape(date)})"
                )
        parts.append(phrase)
    return ", ".join(parts)


def _firmness_sentence(firmness: pd.DataFrame | None) -> str:
    """How much of each plan's wording is hedged, over its tasks and its written targets."""
    if firmness is None or firmness.empty:
        return ""
    firmness = firmness.assign(hedged=firmness["commitment"] != "firm")
    parts = []
    for plan_id, rows in firmness.groupby("plan_id", sort=False):
        counted = rows.groupby(["counted", "hedged"])["n"].sum()
        tasks, mentions = counted.get("tasks", pd.Series()), counted.get("mentions", pd.Series())
        if tasks.sum() == 0 and mentions.sum() == 0:
            continue
        said = []
        if tasks.sum():
            said.append(f"{int(tasks.get(True, 0))} of {plural(int(tasks.sum()), 'task')}")
        if mentions.sum():
            said.append(
                f"{int(mentions.get(True, 0))} of {plural(int(mentions.sum()), 'written target')}"
            )
        parts.append(f"{plan_years(plan_id)}: {' and '.join(said)}")
    if not parts:
        return ""
    return (
        "Hedged wording (strive, pilot or explore), over every task and every written target: "
        + html_escape("; ".join(parts))
        + "."
    )


def overview_answer(
    stated: pd.DataFrame, totals: pd.DataFrame, firmness: pd.DataFrame | None = None
) -> HTML:
    """01: what each plan says of its structure and money, how specific and how firm each is."""
    sentences = []
    named = stated[stated["metric_id"].isin(STATED_ORDER)]
    first = named.drop_duplicates(["plan_id", "metric_id"])
    others = named.drop(first.index)
    for plan_id, rows in first.groupby("plan_id", sort=False):
        rows = rows.assign(_order=rows["metric_id"].map(STATED_ORDER.index)).sort_values("_order")
        sentences.append(f"The {plan_years(plan_id)} plan states {_stated_phrase(rows, others)}.")
    if not totals.empty:
        parts = [
            f"{plan_years(row.plan_id)}: {plural(row.quantified_targets, 'quantified target')}"
            + (
                f", {plural(row.tasks, 'task')} catalogued one by one, "
                f"{percent_format(row.share_tasks_with_number)} of them with a number"
                if row.tasks
                else " (no task catalogued)"
            )
            for row in totals.itertuples(index=False)
        ]
        sentences.append(
            "Counted by this project (tables below): "
            + "; ".join(html_escape(p) for p in parts)
            + "."
        )
    sentences.append(_firmness_sentence(firmness))
    return section(sentences)


def _tasks_sentence(tasks: pd.DataFrame | None) -> str:
    """Where a domain's work is, when it has no number: its tasks per plan, each plan's text linked."""
    if tasks is None or tasks.empty:
        return ""
    parts = []
    for (plan_id, source_id), rows in tasks.groupby(["plan_id", "source_id"], sort=False):
        link = f'<a href="{html_escape(page_name(source_id))}">{plan_years(plan_id)}</a>'
        one, many = task_noun(rows["task_type"]) if "task_type" in rows else ("task", "tasks")
        parts.append(f"{plural(len(rows), one, many)} in the {link} plan")
    return f"Its work is written without a number: {', '.join(parts)}."


def domain_answer(
    label: str,
    targets: pd.DataFrame,
    verdicts: pd.DataFrame,
    stated: pd.DataFrame | None = None,
    tasks: pd.DataFrame | None = None,
) -> HTML:
    """02: how many targets each plan set in the domain, its newest one, and how they fared.

    ``stated``: the counts and budgets of the domain the plans state (governance), named too;
    ``tasks``: the domain's tasks (data/tasks.csv rows), named where no plan sets a number.
    """
    said = []
    if stated is not None and not stated.empty:
        named = stated[stated["metric_id"].isin(STATED_ORDER)]
        named = named.assign(_order=named["metric_id"].map(STATED_ORDER.index))
        horizon = corpus.plans().set_index("plan_id")["horizon_year"]
        named = named.assign(_plan=named["plan_id"].map(horizon))
        named = named.sort_values(["_plan", "_order"], kind="mergesort")
        for plan_id, rows in named.drop_duplicates(["plan_id", "metric_id"]).groupby(
            "plan_id", sort=False
        ):
            said.append(f"The {plan_years(plan_id)} plan states {_stated_phrase(rows)}.")
    if targets.empty:
        return section(
            [
                f"No plan sets a quantified target in the {html_escape(label)} domain.",
                _tasks_sentence(tasks),
                *said,
            ]
        )
    per_plan = targets.groupby("plan_id", sort=False).size()
    counts = ", ".join(f"{plural(n, 'target')} in {plan_years(p)}" for p, n in per_plan.items())
    sentences = [f"The plans set {html_escape(counts)} in the {html_escape(label)} domain."]
    newest = targets.sort_values(["horizon_year"], kind="mergesort").iloc[-1]
    sentences.append(
        f"The latest is {html_escape(newest['metric_label'])}: "
        f"{glossed(str(newest['quote']), newest['target_id'], newest.get('gloss_en'))} "
        f"by {int(newest['horizon_year'])}."
    )
    if not verdicts.empty:
        sentences.append(
            "Of the targets that can be checked against a later figure: "
            f"{html_escape(_verdict_tally(verdicts))}."
        )
    return section([*sentences, *said])


def _verdict_tally(verdicts: pd.DataFrame) -> str:
    tally = verdicts["verdict"].value_counts()
    return ", ".join(f"{n} {verdict}" for verdict, n in tally.items())


def trajectories_answer(
    ambition: pd.DataFrame, steps: pd.DataFrame, verdicts: pd.DataFrame
) -> HTML:
    """03: how many linked families, the largest step, and how the passed targets fared."""
    families = ambition["family"].nunique()
    targets = int((ambition["kind"] == "target").sum())
    sentences = [
        f"{plural(families, 'metric family', 'metric families')} have figures in two or more "
        f"plan years, with {plural(targets, 'target')}."
    ]
    ranked = steps.dropna(subset=["multiple"]).sort_values("multiple", ascending=False)
    if not ranked.empty:
        top = ranked.iloc[0]
        sentences.append(
            f"The largest step is {html_escape(top['metric'])}: "
            f"{cite(str(top['quote']), top['target_id'])} by {int(top['horizon_year'])}, "
            f"{html_escape(top['step'])} the {int(top['previous_year'])} target."
        )
    if not verdicts.empty:
        sentences.append(
            f"Of the {plural(len(verdicts), 'target')} with a verdict: "
            f"{html_escape(_verdict_tally(verdicts))}."
        )
    return section(sentences)


def themes_answer(changes: pd.DataFrame, first: pd.DataFrame) -> HTML:
    """04: which terms are new, which vanished, each named with its first mention."""
    links = {}
    for row in first.sort_values("horizon_year", kind="mergesort").itertuples(index=False):
        links.setdefault(
            row.term_id, source_href(f"{row.source_id}:{int(row.start)}-{int(row.end)}")
        )

    def named(status: str) -> str:
        rows = changes[changes["status"] == status]
        names = [
            f'<a href="{html_escape(links[t])}">{html_escape(label)}</a>'
            if t in links
            else html_escape(label)
            for t, label in zip(rows["term_id"], rows["label_en"], strict=True)
        ]
        return ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")

    sentences = []
    for status, verb in (("new", "arrive after the first plan"), ("vanished", "vanish")):
        n = int((changes["status"] == status).sum())
        if n:
            sentences.append(f"{plural(n, 'term')} {verb}: {named(status)}.")
    continuing = int((changes["status"] == "continuing").sum())
    if continuing:
        sentences.append(
            f"{plural(continuing, 'term')} run through every plan: {named('continuing')}."
        )
    return section(sentences or ["No term of the vocabulary is found in the plans."])


def briefing_answer(coverage: pd.DataFrame, left_out: pd.DataFrame, plan_id: str) -> HTML:
    """05: what share of the full text's figures the briefing reports, and what it leaves out."""
    total = coverage.iloc[-1]
    in_full = int(total["in_both"] + total["primary_only"])
    primary, secondary = source_names(plan_id)
    sentences = [
        f"The {html_escape(secondary)} of the {plan_years(plan_id)} plan reports "
        f"{int(total['in_both'])} of the {plural(in_full, 'figure')} of the "
        f"{html_escape(primary)} "
        f"({percent_format(total['share_of_full_text_reported'])}) and adds "
        f"{plural(int(total['secondary_only']), 'figure')} of its own."
    ]
    by_domain = coverage.iloc[:-1].set_index("domain")["primary_only"]
    if by_domain.max() > 0:
        worst = value_words()["domain"].get(by_domain.idxmax(), by_domain.idxmax()).lower()
        sentences.append(
            f"Most of what it leaves out is in the {html_escape(worst)} domain "
            f"({plural(int(by_domain.max()), 'figure')})."
        )
    if not left_out.empty:
        examples = left_out.head(3)
        cited = "; ".join(
            f"{html_escape(row.metric_label)}: "
            f"{glossed(str(row.primary_quote), row.primary_target_id, getattr(row, 'gloss_en', None))}"
            for row in examples.itertuples(index=False)
        )
        sentences.append(f"Left out, for example: {cited}.")
    return section(sentences)
