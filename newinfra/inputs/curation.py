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
from newinfra.inputs.loader import line_of, read_csv
from newinfra.inputs.table_checks import Problems, check_known, check_patterns, check_unique
from newinfra.inputs.vocabulary import BASES, COMPARATORS, KINDS


def data_path(name: str) -> Path:
    return project.data_dir() / name


def _check_section_refs(frame: pd.DataFrame, path: Path, whole_document: bool) -> None:
    """Every section_ref must be a section of its row's source (``*``: the whole document).

    An unknown ref would match no figure, and the figures of the section meant
    would quietly take another row's domain or task. Rows of unknown sources
    are reported by their own check.
    """
    from newinfra.inputs.section_rules import seed_section_refs

    refs = seed_section_refs()
    known: dict[str, set[str]] = {}  # each source's refs as a set, made when first asked
    problems = []
    for index, source_id, ref in zip(
        frame.index, frame["source_id"].tolist(), frame["section_ref"].tolist(), strict=True
    ):
        if source_id not in refs or (whole_document and ref == "*"):
            continue
        if source_id not in known:
            known[source_id] = set(refs[source_id])
        if ref not in known[source_id]:
            valid = refs[source_id]
            choices = ["*", *valid] if whole_document else valid
            problems.append(
                f"{path}: line {line_of(index)}, field 'section_ref': {ref!r} is not a "
                f"section of {source_id}; valid choices: {', '.join(choices)}"
            )
    if problems:
        raise DataFileError("\n".join(problems))


def _all_of(*checks) -> None:
    """Run every check of a file; raise their problems together, one line each."""
    problems = Problems()
    for check in checks:
        with problems.check():
            check()
    problems.raise_any()


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
    path = data_path("metrics.csv")
    frame = load("metrics.csv", "Metrics")
    problems = Problems()
    with problems.check():
        check_known(frame, "domain", domain_ids(), path, "domain")
    with problems.check():
        _check_units(frame, path)
    problems.raise_any()
    frame["higher_is_better"] = frame["higher_is_better"] == "true"
    return frame


def _check_units(frame: pd.DataFrame, path: Path) -> None:
    """Every unit is one pint reads, and the metrics of a family share one."""
    from newinfra.inputs import units  # pint, needed only to check the file

    unknown = {index for index, unit in frame["unit"].items() if not units.is_known(unit)}
    problems = [
        f"{path}: line {line_of(index)}, field 'unit': {frame.loc[index, 'unit']!r} is not a "
        "pint unit (use a pint unit such as Gbps, kW, CNY, or count / percent / fraction)"
        for index in sorted(unknown)
    ]
    frame["family"] = frame["family"].fillna(frame["metric_id"])
    # Figures of one family are compared number to number, so they share a unit.
    units_in = frame.groupby("family")["unit"].nunique()
    for family in units_in.index[units_in > 1]:
        members = frame[frame["family"] == family]
        if unknown.isdisjoint(members.index):
            index = members.index[1]
            found = ", ".join(
                f"{m} ({u})" for m, u in zip(members["metric_id"], members["unit"], strict=True)
            )
            problems.append(
                f"{path}: line {line_of(index)}, field 'unit': metrics of family {family!r} "
                f"must share one unit; found {found}"
            )
    if problems:
        raise DataFileError("\n".join(problems))


def metrics() -> pd.DataFrame:
    """data/metrics.csv with domains and units checked."""
    return _metrics().copy()


@cached_by_fingerprint
def _tasks() -> pd.DataFrame:
    path = data_path("tasks.csv")
    frame = load("tasks.csv", "Tasks")
    _all_of(
        lambda: check_known(frame, "plan_id", corpus.plans()["plan_id"], path, "plan_id"),
        lambda: check_known(frame, "domain", domain_ids(), path, "domain"),
        lambda: check_known(frame, "source_id", corpus.source_ids(), path, "source_id"),
        lambda: check_unique(frame, ["plan_id", "task_ref"], path),
        lambda: _check_section_refs(frame, path, whole_document=False),
    )
    return frame


def tasks() -> pd.DataFrame:
    return _tasks().copy()


@cached_by_fingerprint
def _crosswalk() -> pd.DataFrame:
    path = data_path("crosswalk.csv")
    frame = load("crosswalk.csv", "Crosswalk")
    _all_of(
        lambda: check_known(frame, "plan_id", corpus.plans()["plan_id"], path, "plan_id"),
        lambda: check_known(frame, "source_id", corpus.source_ids(), path, "source_id"),
        lambda: check_known(frame, "domain", [*domain_ids(), "by_metric"], path, "domain"),
        lambda: check_known(frame, "metric_id", metrics()["metric_id"], path, "metric_id"),
        lambda: check_unique(frame, ["source_id", "section_ref", "metric_id"], path),
        lambda: _check_section_refs(frame, path, whole_document=True),
    )
    return frame


def crosswalk() -> pd.DataFrame:
    return _crosswalk().copy()


@cached_by_fingerprint
def _commitment_terms() -> pd.DataFrame:
    return load("commitment_terms.csv", "CommitmentTerms")


def commitment_terms() -> pd.DataFrame:
    return _commitment_terms().copy()


def _check_quotes(frame: pd.DataFrame, path: Path) -> None:
    """Every quote must be the seed text at its offsets (rows of unknown sources are skipped)."""
    known = set(corpus.source_ids())
    texts = {}
    problems = []
    columns = (frame[c].tolist() for c in ("source_id", "start", "end", "quote"))
    for index, source_id, start, end, quote in zip(frame.index, *columns, strict=True):
        if source_id not in known:
            continue
        if source_id not in texts:
            texts[source_id] = corpus.source_text(source_id)
        text = texts[source_id]
        if end <= start or end > len(text):
            problems.append(
                f"{path}: line {line_of(index)}, fields 'start'/'end': {start}-{end} "
                f"is outside {source_id} (length {len(text)})"
            )
            continue
        actual = text[start:end]
        if actual != quote:
            problems.append(
                f"{path}: line {line_of(index)}, field 'quote': {quote!r} is not the text of "
                f"{source_id} at {start}-{end}, which reads {actual!r}"
            )
    if problems:
        raise DataFileError("\n".join(problems))


@cached_by_fingerprint
def _annotations() -> pd.DataFrame:
    """data/annotations.csv, with ids, keys and quotes checked against the seeds."""
    path = data_path("annotations.csv")
    frame = load("annotations.csv", "Annotations")
    _all_of(
        lambda: check_known(frame, "source_id", corpus.source_ids(), path, "source_id"),
        lambda: check_known(frame, "metric_id", metrics()["metric_id"], path, "metric_id"),
        lambda: check_known(frame, "domain", domain_ids(), path, "domain"),
        lambda: check_unique(frame, ["source_id", "start", "end"], path),
        lambda: _check_quotes(frame, path),
        lambda: _check_task_refs(frame, path),
        lambda: _check_value_high(frame, path),
        lambda: _check_scale(frame, path),
    )
    return frame


# A scale is the magnitude a text writes elsewhere (万 10^4, 亿 10^8, million 10^6).
SCALES = [10.0**k for k in range(1, 13)]


def _check_scale(frame: pd.DataFrame, path: Path) -> None:
    """A scale, where given, is a power of ten from 10 to 10^12."""
    if "scale" not in frame:
        return
    given = frame["scale"].dropna()
    bad = given[~given.isin(SCALES)]
    if not bad.empty:
        raise DataFileError(
            "\n".join(
                f"{path}: line {line_of(index)}, field 'scale': {float(bad[index]):g} is not a "
                "power of ten from 10 to 10^12 (10000 for 万, 100000000 for 亿); leave it empty "
                "for 1"
                for index in bad.index
            )
        )


def _check_value_high(frame: pd.DataFrame, path: Path) -> None:
    """An upper value overridden must not be below the figure's value."""
    low = frame[frame["value_high"].notna() & (frame["value_high"] < frame["value"])]
    if not low.empty:
        raise DataFileError(
            "\n".join(
                f"{path}: line {line_of(index)}, field 'value_high': "
                f"{float(low.loc[index, 'value_high']):g} is below the value "
                f"{float(low.loc[index, 'value']):g}; give the upper end of the range"
                for index in low.index
            )
        )


def annotations() -> pd.DataFrame:
    """data/annotations.csv, with ids, keys and quotes checked against the seeds."""
    return _annotations().copy()


def _check_task_refs(frame: pd.DataFrame, path: Path) -> None:
    """A task_ref must name a task of the plan the figure belongs to."""
    named = frame[frame["task_ref"].notna()]
    if named.empty:
        return
    manifest = corpus.manifest()
    plan_of_source = dict(zip(manifest["source_id"], manifest["plan_id"], strict=True))
    listed = _tasks()
    known: dict[str, list] = {}  # each plan's task refs in file order
    for plan, ref in zip(listed["plan_id"].tolist(), listed["task_ref"].tolist(), strict=True):
        known.setdefault(plan, []).append(ref)
    known_sets = {plan: set(refs) for plan, refs in known.items()}
    problems = []
    columns = (named[name].tolist() for name in ("plan_id", "source_id", "task_ref"))
    for index, plan_id, source_id, task_ref in zip(named.index, *columns, strict=True):
        if isinstance(plan_id, str):
            plan = plan_id
        elif source_id in plan_of_source:
            plan = plan_of_source[source_id]
        else:
            continue  # an unknown source is reported on its own
        if task_ref not in known_sets.get(plan, ()):
            valid = known.get(plan, [])
            problems.append(
                f"{path}: line {line_of(index)}, field 'task_ref': unknown task {task_ref!r} "
                f"for plan {plan}; valid choices: {', '.join(valid) or '(no tasks listed)'}"
            )
    if problems:
        raise DataFileError("\n".join(problems))


@cached_by_fingerprint
def _suggest_rules() -> pd.DataFrame:
    from newinfra.inputs import units as unit_registry
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
        "comparator": COMPARATORS,
        "domain": domain_ids(),
        "table_column": ["unit", "label", "year"],
    }
    for index, row in frame.iterrows():
        choices = valid.get(row["field"])
        if row["field"] == "unit":
            if not unit_registry.is_known(row["value"] if isinstance(row["value"], str) else ""):
                raise DataFileError(
                    f"{path}: line {line_of(index)}, field 'value': {row['value']!r} is not a "
                    "unit pint knows (write it as in data/metrics.csv, e.g. 1/km**2)"
                )
        elif row["field"] == "label":
            if "(?P<label>" not in row["pattern"]:
                raise DataFileError(
                    f"{path}: line {line_of(index)}, field 'pattern': a label rule needs a group "
                    "named label, as in (?P<label>\\w+)"
                )
        elif choices is None or row["value"] == "year":
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
    _all_of(
        lambda: check_known(frame, "source_id", corpus.source_ids(), path, "source_id"),
        lambda: check_unique(frame, ["source_id", "start", "end"], path),
        lambda: _check_quotes(frame, path),
    )
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


@cached_by_fingerprint
def _themes() -> pd.DataFrame:
    path = data_path("themes.csv")
    frame = load("themes.csv", "ThemeVocabulary")
    check_patterns(frame, ["pattern_en", "pattern_zh"], path)
    return frame


def themes() -> pd.DataFrame:
    """data/themes.csv validated: ids, groups, and every pattern compiles."""
    return _themes().copy()
