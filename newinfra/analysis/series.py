"""Plan series: one jurisdiction's plans in order, and the steps between them.

A series is the plans of one jurisdiction that are not context documents,
ordered by period end, then start. A target is compared with the target of
the same metric family in the previous plan of its series that set one (never
with another jurisdiction's plan, never by year alone), in the way the
metric's nature allows:

- ``stock`` (a level at a date): the multiple and the implied annual growth;
- ``flow`` (additions over a plan period, or any figure with basis ``new``):
  the multiple of the additions per year of each plan (years counted
  inclusively), no growth rate; a flow is never compared with a stock;
- ``share`` (a rate or share): the difference only;
- ``class`` (a speed class, a process node, a threshold): the multiple only;
- ``structure`` (counts of the plan's own outline): neither.

A vague value ("tens of millions") is a lower bound: the multiple it yields
is a bound too (``multiple_bound``), never a clean figure.

Everything here works on whole tables at once; the functions take the frames
they need and read no files.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def series_positions(plans: pd.DataFrame) -> pd.DataFrame:
    """Plans with their place in their jurisdiction's series (context documents: none).

    Adds ``series_position`` (1, 2, ... within the jurisdiction; missing for
    context documents) and ``plan_years`` (period length, counted inclusively).
    """
    out = plans.copy()
    out["plan_years"] = out["period_end"] - out["period_start"] + 1
    in_series = out["is_context"].astype(str).str.lower() != "true"
    ranked = out[in_series].sort_values(
        ["jurisdiction_id", "period_end", "period_start", "plan_id"]
    )
    position = ranked.groupby("jurisdiction_id").cumcount() + 1
    out["series_position"] = position.reindex(out.index).astype("Int64")
    return out


def _representatives(targets: pd.DataFrame) -> pd.DataFrame:
    """The figure that stands for each plan in a family: its latest, then largest, target."""
    ordered = targets.assign(_definition_text=definition_text(targets)).sort_values(
        ["jurisdiction_id", "family", "series_position", "horizon_year", "value_std"],
        kind="mergesort",
    )
    reps = ordered.drop_duplicates(["jurisdiction_id", "family", "plan_id"], keep="last")
    previous = reps.groupby(["jurisdiction_id", "family"], sort=False)
    shifted = pd.DataFrame(
        {
            "previous_plan_id": previous["plan_id"].shift(),
            "previous_commitment_id": previous["commitment_id"].shift(),
            "previous_metric_id": previous["metric_id"].shift(),
            "previous_definition_text": previous["_definition_text"].shift(),
            "previous_year": previous["horizon_year"].shift(),
            "previous_value_std": previous["value_std"].shift(),
            "previous_per_year_std": previous["per_year_std"].shift(),
            "previous_is_flow": previous["is_flow"].shift(),
            "previous_vague": previous["vague"].shift(),
            "previous_basis": previous["basis"].shift(),
            "previous_range": previous["value_high"].shift().notna()
            & previous["plan_id"].shift().notna(),
            "previous_quote": previous["quote"].shift(),
        }
    )
    return pd.concat([reps[["jurisdiction_id", "family", "plan_id"]], shifted], axis=1)


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    denominator = denominator.astype(float)
    return numerator.astype(float) / denominator.where(denominator != 0)


def _cagr(multiple: pd.Series, years: pd.Series) -> pd.Series:
    years = years.astype(float)
    usable = (multiple > 0) & (years > 0)
    return (multiple.where(usable) ** (1 / years.where(usable))) - 1


def link_plans(points: pd.DataFrame) -> pd.DataFrame:
    """Each series target with the previous plan's target of its family, and the step.

    ``points`` holds one row per commitment with ``jurisdiction_id``,
    ``family``, ``plan_id``, ``series_position``, ``kind``, ``horizon_year``,
    ``value_std``, ``value_high``, ``per_year_std``, ``is_flow``, ``vague``,
    ``nature``, ``basis``, ``metric_id``, ``commitment_id``, ``quote``.
    Adds ``previous_*``, ``multiple``, ``cagr``, ``difference``,
    ``multiple_bound`` and ``step_flags``.
    """
    linkable = (points["kind"] == "target") & points["series_position"].notna()
    reps = _representatives(points[linkable]).assign(kind="target")
    out = points.merge(reps, on=["jurisdiction_id", "family", "plan_id", "kind"], how="left")
    has_previous = out["previous_plan_id"].notna()
    previous_flow = out["previous_is_flow"].astype("boolean").fillna(False).astype(bool)
    previous_vague = out["previous_vague"].astype("boolean").fillna(False).astype(bool)
    nature = out["nature"]
    both_flow = has_previous & out["is_flow"] & previous_flow
    mixed = has_previous & (out["is_flow"] != previous_flow)
    stock = has_previous & ~out["is_flow"] & ~previous_flow & (nature == "stock")
    klass = has_previous & ~mixed & (nature == "class")
    share = has_previous & ~mixed & (nature == "share")

    multiple = pd.Series(np.nan, index=out.index)
    multiple = multiple.mask(stock | klass, _ratio(out["value_std"], out["previous_value_std"]))
    multiple = multiple.mask(
        both_flow & (nature != "structure"),
        _ratio(out["per_year_std"], out["previous_per_year_std"]),
    )
    years = out["horizon_year"] - out["previous_year"]
    out["multiple"] = multiple
    out["cagr"] = _cagr(multiple, years).where(stock)
    out["difference"] = (out["value_std"] - out["previous_value_std"]).where(share)

    bound = pd.Series(pd.NA, index=out.index, dtype="object")
    computed = out["multiple"].notna()
    bound = bound.mask(computed & out["vague"] & ~previous_vague, ">=")
    bound = bound.mask(computed & ~out["vague"] & previous_vague, "<=")
    both_vague = computed & out["vague"] & previous_vague
    out.loc[both_vague, ["multiple", "cagr"]] = np.nan
    out["multiple_bound"] = bound

    flags = pd.Series("", index=out.index)
    flags = add_flag(flags, mixed, "a flow compared with a stock: not computed")
    flags = add_flag(flags, both_flow, "additions compared per year of each plan")
    flags = add_flag(flags, has_previous & (nature == "structure"), "plan structure: not compared")
    flags = add_flag(
        flags,
        has_previous & (out["previous_metric_id"] != out["metric_id"]),
        "different definition: "
        + out["previous_definition_text"].astype(str)
        + " → "
        + definition_text(out),
    )
    different_basis = (
        has_previous
        & (out["previous_basis"] != out["basis"])
        & ~out["previous_basis"].isin(["unknown"])
        & (out["basis"] != "unknown")
    )
    flags = add_flag(
        flags,
        different_basis,
        "different basis: " + out["previous_basis"].astype(str) + " vs " + out["basis"],
    )
    flags = add_flag(
        flags, out["vague"], "vague: " + out["quote"].astype(str) + " is a lower bound"
    )
    flags = add_flag(
        flags,
        has_previous & previous_vague,
        "previous figure is vague (" + out["previous_quote"].astype(str) + ")",
    )
    flags = add_flag(
        flags,
        out["previous_range"].astype("boolean").fillna(False).astype(bool),
        "previous figure is a range (" + out["previous_quote"].astype(str) + ")",
    )
    out["step_flags"] = flags
    return out


def definition_text(points: pd.DataFrame) -> pd.Series:
    """Each row's metric in plain words: its label and, where known, its definition.

    Used where a comparison crosses definitions, so that a reader sees both
    ("SMEs on cloud platforms (small and medium-sized enterprises ...)").
    """
    label = points["metric_label"] if "metric_label" in points else points["metric_id"]
    label = label.fillna(points["metric_id"]).astype(str)
    if "definition" not in points:
        return label
    # A flag list is joined by "; ": a definition must not add separators of its own.
    meaning = points["definition"].fillna("").astype(str).str.rstrip(".").str.replace(";", ",")
    meaning = meaning.str[:1].str.lower() + meaning.str[1:]
    return label.where(meaning == "", label + " (" + meaning + ")")


def add_flag(flags: pd.Series, mask: pd.Series, text) -> pd.Series:
    """Append ``text`` (a string or a per-row series) to the flags where ``mask`` holds."""
    mask = mask.astype("boolean").fillna(False).astype(bool)
    text = text if isinstance(text, pd.Series) else pd.Series(text, index=flags.index)
    joined = flags.where(flags == "", flags + "; ") + text
    return flags.mask(mask, joined)
