"""The curated data files in data/, loaded, validated and cross-checked.

Each loader returns a validated DataFrame; problems raise DataFileError naming
the file, line and field, and for unknown ids the valid choices.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from newinfra.core import project
from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import DataFileError
from newinfra.inputs import corpus
from newinfra.inputs.loader import check_known, check_patterns, check_unique, line_of, read_csv
from newinfra.inputs.vocabulary import BASES, KINDS


def data_path(name: str) -> Path:
    return project.data_dir() / name


def load(name: str, model_name: str) -> pd.DataFrame:
    """A data file read and validated against its pandera model (no cross-checks)."""
    # pandera loads only here: the validated tables are cached by fingerprint.
    from newinfra.inputs import schemas

    return read_csv(data_path(name), getattr(schemas, model_name))


@cached_by_fingerprint
def _domains() -> pd.DataFrame:
    return load("domains.csv", "Domains")


def domains() -> pd.DataFrame:
    return _domains().copy()


def domain_ids() -> list[str]:
    return _domains()["domain"].tolist()


@cached_by_fingerprint
def _metrics() -> pd.DataFrame:
    from newinfra.inputs import units  # pint, needed only to check the file

    path = data_path("metrics.csv")
    frame = load("metrics.csv", "Metrics")
    check_known(frame, "domain", domain_ids(), path, "domain")
    for index, unit in frame["unit"].items():
        if not units.is_known(unit):
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'unit': {unit!r} is not a pint unit "
                "(use a pint unit such as Gbps, kW, CNY, or count / percent / fraction)"
            )
    frame["family"] = frame["family"].fillna(frame["metric_id"])
    # Figures of one family are compared number to number, so they share a unit.
    for family, members in frame.groupby("family"):
        if members["unit"].nunique() > 1:
            index = members.index[1]
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'unit': metrics of family {family!r} must share "
                f"one unit; found {', '.join(f'{m} ({u})' for m, u in zip(members['metric_id'], members['unit'], strict=True))}"
            )
    frame["higher_is_better"] = frame["higher_is_better"] == "true"
    return frame


def metrics() -> pd.DataFrame:
    """data/metrics.csv with domains and units checked."""
    return _metrics().copy()


@cached_by_fingerprint
def _tasks() -> pd.DataFrame:
    path = data_path("tasks.csv")
    frame = load("tasks.csv", "Tasks")
    check_known(frame, "plan_id", corpus.plans()["plan_id"], path, "plan_id")
    check_known(frame, "domain", domain_ids(), path, "domain")
    check_known(frame, "source_id", corpus.source_ids(), path, "source_id")
    check_unique(frame, ["plan_id", "task_ref"], path)
    return frame


def tasks() -> pd.DataFrame:
    return _tasks().copy()


@cached_by_fingerprint
def _crosswalk() -> pd.DataFrame:
    path = data_path("crosswalk.csv")
    frame = load("crosswalk.csv", "Crosswalk")
    check_known(frame, "plan_id", corpus.plans()["plan_id"], path, "plan_id")
    check_known(frame, "source_id", corpus.source_ids(), path, "source_id")
    check_known(frame, "domain", [*domain_ids(), "by_metric"], path, "domain")
    check_known(frame, "metric_id", metrics()["metric_id"], path, "metric_id")
    check_unique(frame, ["source_id", "section_ref", "metric_id"], path)
    return frame


def crosswalk() -> pd.DataFrame:
    return _crosswalk().copy()


@cached_by_fingerprint
def _commitment_terms() -> pd.DataFrame:
    return load("commitment_terms.csv", "CommitmentTerms")


def commitment_terms() -> pd.DataFrame:
    return _commitment_terms().copy()


def _check_quotes(frame: pd.DataFrame, path: Path) -> None:
    """Every quote must be the seed text at its offsets."""
    texts = {}
    for index, row in frame.iterrows():
        if row["source_id"] not in texts:
            texts[row["source_id"]] = corpus.source_text(row["source_id"])
        text = texts[row["source_id"]]
        if row["end"] <= row["start"] or row["end"] > len(text):
            raise DataFileError(
                f"{path}: line {line_of(index)}, fields 'start'/'end': {row['start']}-{row['end']} "
                f"is outside {row['source_id']} (length {len(text)})"
            )
        actual = text[row["start"] : row["end"]]
        if actual != row["quote"]:
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'quote': {row['quote']!r} is not the text of "
                f"{row['source_id']} at {row['start']}-{row['end']}, which reads {actual!r}"
            )


@cached_by_fingerprint
def _annotations() -> pd.DataFrame:
    """data/annotations.csv, with ids, keys and quotes checked against the seeds."""
    path = data_path("annotations.csv")
    frame = load("annotations.csv", "Annotations")
    check_known(frame, "source_id", corpus.source_ids(), path, "source_id")
    check_known(frame, "metric_id", metrics()["metric_id"], path, "metric_id")
    check_known(frame, "domain", domain_ids(), path, "domain")
    check_unique(frame, ["source_id", "start", "end"], path)
    _check_quotes(frame, path)
    _check_task_refs(frame, path)
    _check_value_high(frame, path)
    return frame


def _check_value_high(frame: pd.DataFrame, path: Path) -> None:
    """An upper value overridden must not be below the figure's value."""
    low = frame[frame["value_high"].notna() & (frame["value_high"] < frame["value"])]
    if not low.empty:
        index = low.index[0]
        raise DataFileError(
            f"{path}: line {line_of(index)}, field 'value_high': "
            f"{float(low.loc[index, 'value_high']):g} is below the value "
            f"{float(low.loc[index, 'value']):g}; give the upper end of the range"
        )


def annotations() -> pd.DataFrame:
    """data/annotations.csv, with ids, keys and quotes checked against the seeds."""
    return _annotations().copy()


def _check_task_refs(frame: pd.DataFrame, path: Path) -> None:
    """A task_ref must name a task of the plan the figure belongs to."""
    named = frame[frame["task_ref"].notna()]
    if named.empty:
        return
    plan_of_source = corpus.manifest().set_index("source_id")["plan_id"]
    known = tasks().groupby("plan_id")["task_ref"].apply(list).to_dict()
    for index, row in named.iterrows():
        plan = (
            row["plan_id"] if isinstance(row["plan_id"], str) else plan_of_source[row["source_id"]]
        )
        valid = known.get(plan, [])
        if row["task_ref"] not in valid:
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'task_ref': unknown task {row['task_ref']!r} "
                f"for plan {plan}; valid choices: {', '.join(valid) or '(no tasks listed)'}"
            )


@cached_by_fingerprint
def _suggest_rules() -> pd.DataFrame:
    from newinfra.inputs.schemas import TASK_TYPES

    path = data_path("suggest_rules.csv")
    frame = load("suggest_rules.csv", "SuggestRules")
    check_patterns(frame, ["pattern"], path)
    for index, units in frame["units"].dropna().items():
        # '^$' (no unit) is a fair choice here, so only compiling is checked.
        try:
            re.compile(units)
        except re.error as exc:
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'units': {units!r} is not a valid "
                f"regular expression ({exc})"
            ) from None
    valid = {
        "kind": [*KINDS, "exclude"],
        "basis": BASES,
        "task_type": TASK_TYPES,
    }
    for index, row in frame.iterrows():
        choices = valid.get(row["field"])
        if choices is None:
            if "(?P<year>" not in row["pattern"]:
                raise DataFileError(
                    f"{path}: line {line_of(index)}, field 'pattern': a year rule needs a group "
                    "named year, as in (?P<year>\\d{4})"
                )
        elif row["value"] not in choices:
            raise DataFileError(
                f"{path}: line {line_of(index)}, field 'value': {row['value']!r} is not a "
                f"{row['field']}; valid choices: {', '.join(choices)}"
            )
        for kind in (row["kinds"] or "").split(";") if isinstance(row["kinds"], str) else []:
            if kind not in KINDS:
                raise DataFileError(
                    f"{path}: line {line_of(index)}, field 'kinds': unknown kind {kind!r}; "
                    f"valid choices: {', '.join(KINDS)}"
                )
    return frame


def suggest_rules() -> pd.DataFrame:
    """data/suggest_rules.csv validated: fields, values and patterns."""
    return _suggest_rules().copy()


@cached_by_fingerprint
def _exclusions() -> pd.DataFrame:
    path = data_path("exclusions.csv")
    frame = load("exclusions.csv", "Exclusions")
    check_known(frame, "source_id", corpus.source_ids(), path, "source_id")
    check_unique(frame, ["source_id", "start", "end"], path)
    _check_quotes(frame, path)
    return frame


def exclusions() -> pd.DataFrame:
    return _exclusions().copy()


@cached_by_fingerprint
def _audit_rules() -> pd.DataFrame:
    frame = load("audit_rules.csv", "AuditRules")
    check_patterns(frame, ["pattern"], data_path("audit_rules.csv"))
    return frame


def audit_rules() -> pd.DataFrame:
    return _audit_rules().copy()
