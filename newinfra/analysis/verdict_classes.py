"""The verdict classes: their names, order and meaning, and how a set of verdicts is counted.

How a verdict is reached is :mod:`newinfra.analysis.verdicts`; the classes are
kept apart so that pages, badges and tables can name and explain them without
loading the computation.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["verdict_counts", "verdict_summary"]

#: Every verdict class, in the order tables, charts and pages list them.
VERDICTS = ["met early", "met", "reached later", "on a related measure", "not met",
            "not reported", "pending"]  # fmt: skip
#: The verdicts shown as a success (green): the same metric reached the target in time.
GREEN = ("met early", "met")
#: Verdicts a later or earlier status decides (all but pending).
DECIDED = [v for v in VERDICTS if v != "pending"]
#: What each class means, for the methodology page and the hover text of a badge.
VERDICT_DEFINITIONS = {
    "met early": "A status of the same metric reaches the target and is dated before the "
    "horizon year.",
    "met": "A status of the same metric reaches the target, dated in the horizon year or the "
    "year after.",
    "reached later": "The first status of the same metric that reaches the target is dated two "
    "or more years after the horizon: the figure was reached, but whether it was reached on time "
    "is not known.",
    "on a related measure": "The deciding status measures another metric of the family (a "
    "different definition) and reaches the figure; this does not show that the target itself "
    "was met, so it is never shown as met.",
    "not met": "A status of the same metric, dated within a year of a horizon that has passed, "
    "falls short of the target.",
    "not reported": "The horizon has passed and no status decides the target. Evidence that "
    "falls short but is dated two or more years from the horizon, or measures a related "
    "metric, is named in the note.",
    "pending": "The horizon year has not passed on the as-of date and no status decides the "
    "target yet.",
}


def verdict_counts(verdicts: pd.Series) -> str:
    """'1 met early, 2 reached later, 39 not reported': each class present, in VERDICTS order."""
    counts = verdicts.value_counts()
    return ", ".join(f"{int(counts[v])} {v}" for v in VERDICTS if counts.get(v, 0))


def verdict_summary(table: pd.DataFrame, scope: str) -> str:
    """The verdicts of a table's targets, counted, with their scope in words."""
    return f"Verdicts of the {len(table)} {scope}: {verdict_counts(table['verdict'])}."
