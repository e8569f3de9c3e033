"""The seed documents: their manifest, their plans, and their verified text."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from newinfra.core import project
from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import DataFileError, ParameterError, SeedError
from newinfra.core.fingerprint import fingerprint, signature
from newinfra.inputs.loader import decode_utf8

SOURCE_COLUMNS = ["source_id", "file", "sha256", "plan_id", "language", "doc_type", "published"]


@cached_by_fingerprint
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The manifest, the plans and the jurisdictions, validated against each other.

    Each file is read and checked in full before a DataFileError lists every
    problem found, one line each.
    """
    # Validation (pandera) is imported here, so that cached tables load without it.
    from newinfra.inputs.loader import read_csv
    from newinfra.inputs.schemas import Jurisdictions, Manifest, Plans
    from newinfra.inputs.table_checks import Problems, check_known

    manifest_path = project.seeds_dir() / "manifest.csv"
    plans_path = project.data_dir() / "plans.csv"
    places_path = project.data_dir() / "jurisdictions.csv"
    problems = Problems()
    frames = {}
    for name, path, model in (
        ("manifest", manifest_path, Manifest),
        ("plans", plans_path, Plans),
        ("places", places_path, Jurisdictions),
    ):
        with problems.check():
            frames[name] = read_csv(path, model)
    problems.raise_any()
    manifest_frame, plans_frame, places = frames["manifest"], frames["plans"], frames["places"]
    ids = places["jurisdiction_id"]
    for check in (
        lambda: check_known(manifest_frame, "plan_id", plans_frame["plan_id"], manifest_path),
        lambda: check_known(
            plans_frame, "primary_source_id", manifest_frame["source_id"], plans_path, "source_id"
        ),
        lambda: _check_primary_sources(plans_frame, manifest_frame, plans_path),
        lambda: check_known(plans_frame, "jurisdiction_id", ids, plans_path),
        lambda: check_known(places, "parent_id", ids, places_path, "jurisdiction_id"),
        lambda: _check_parent_cycles(places, places_path),
    ):
        with problems.check():
            check()
    problems.raise_any()
    return manifest_frame, plans_frame, places


def _check_primary_sources(plans: pd.DataFrame, manifest: pd.DataFrame, path: Path) -> None:
    """A plan's primary source must be one of its own sources."""
    from newinfra.inputs.loader import line_of

    plan_of = dict(zip(manifest["source_id"], manifest["plan_id"], strict=True))
    problems = []
    for index, plan_id, source_id in zip(
        plans.index, plans["plan_id"], plans["primary_source_id"], strict=True
    ):
        if source_id in plan_of and plan_of[source_id] != plan_id:
            own = sorted(s for s, p in plan_of.items() if p == plan_id)
            problems.append(
                f"{path}: line {line_of(index)}, field 'primary_source_id': {source_id!r} is a "
                f"source of plan {plan_of[source_id]}, not of {plan_id}; valid choices: "
                f"{', '.join(own) or '(no source of this plan in seeds/manifest.csv)'}"
            )
    if problems:
        raise DataFileError("\n".join(problems))


def _check_parent_cycles(places: pd.DataFrame, path: Path) -> None:
    """Following parent_id from any place must end at a place without a parent."""
    from newinfra.inputs.loader import line_of

    parent = {
        place: up
        for place, up in zip(places["jurisdiction_id"], places["parent_id"], strict=True)
        if isinstance(up, str) and up != place  # one's own parent is a check of the schema
    }
    line = {
        place: line_of(i) for i, place in zip(places.index, places["jurisdiction_id"], strict=True)
    }
    reported: set[str] = set()
    problems = []
    for start in parent:
        chain = [start]
        while chain[-1] in parent and parent[chain[-1]] not in chain:
            chain.append(parent[chain[-1]])
        if chain[-1] not in parent:
            continue
        cycle = chain[chain.index(parent[chain[-1]]) :]
        if reported.isdisjoint(cycle):
            reported.update(cycle)
            first = min(cycle, key=line.get)
            at = cycle.index(first)
            ordered = cycle[at:] + cycle[:at] + [first]
            problems.append(
                f"{path}: line {line[first]}, field 'parent_id': parents form a cycle "
                f"{' -> '.join(ordered)}; one of them must have another parent or none"
            )
    if problems:
        raise DataFileError("\n".join(problems))


def manifest() -> pd.DataFrame:
    """seeds/manifest.csv, validated: every provenance field of every source."""
    return _tables()[0].copy()


def plans() -> pd.DataFrame:
    """One row per plan: plan_id, jurisdiction_id, titles, period_start, period_end, horizon_year, ..."""
    return _tables()[1].copy()


def jurisdictions() -> pd.DataFrame:
    """One row per place plans belong to: jurisdiction_id, names, level, parent_id."""
    return _tables()[2].copy()


def sources(verify: bool = True) -> pd.DataFrame:
    """One row per seed document: source_id, file, sha256, plan_id, language, doc_type, published.

    With ``verify`` (the default) every file is checked against its checksum.
    """
    frame = manifest()
    if verify:
        for source_id in frame["source_id"]:
            source_text(source_id)
    extra = [c for c in frame.columns if c not in SOURCE_COLUMNS]
    return frame[SOURCE_COLUMNS + extra].reset_index(drop=True)


def source_ids() -> list[str]:
    return list(_records())


@cached_by_fingerprint
def _records() -> dict[str, pd.Series]:
    """Manifest rows by source_id: one lookup per source, however many sources."""
    return {row["source_id"]: row for _, row in _tables()[0].iterrows()}


def source_record(source_id: str) -> pd.Series:
    records = _records()
    if source_id not in records:
        raise ParameterError("source_id", source_id, list(records))
    return records[source_id].copy()


# Large enough for a project of a thousand plans: each text is read and hashed once.
@lru_cache(maxsize=4096)
def _verified_text(path: Path, expected_sha256: str, _sig: tuple) -> str:
    if not path.exists():
        raise SeedError(f"{path}: seed file is missing (expected sha256 {expected_sha256})")
    if not path.is_file():
        raise SeedError(
            f"{path}: is not a file (expected a UTF-8 text with sha256 {expected_sha256})"
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{path}: cannot be read ({exc.strerror})") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected_sha256:
        raise SeedError(
            f"{path}: content differs from the manifest: sha256 is {actual}, expected {expected_sha256} "
            "(restore the original file, or record the new one in seeds/manifest.csv)"
        )
    # Decoded exactly as stored (no line-end or BOM changes): offsets index this text.
    return decode_utf8(data, path, SeedError)


def source_text(source_id: str) -> str:
    """The text of a seed, verified against its checksum. Offsets in the ledger index this str."""
    record = source_record(source_id)
    seeds = project.seeds_dir()
    path = seeds / record["file"]
    # The manifest names files in seeds/ only; a link there must not lead elsewhere.
    if path.exists() and not path.resolve().is_relative_to(seeds.resolve()):
        raise SeedError(
            f"{path}: leads outside the seeds/ folder (to {path.resolve()}); "
            "copy the text into seeds/ instead of linking to it"
        )
    return _verified_text(path, record["sha256"], signature(path))


def dataset_version() -> str:
    """The library version plus the fingerprint of seeds and data, e.g. ``0.1.0+data.3f2a9c1b0d4e``."""
    from newinfra.core.version import __version__

    return f"{__version__}+data.{fingerprint()}"


def home_place() -> str:
    """The home place: the first row of data/jurisdictions.csv (its order is the landing order)."""
    return str(jurisdictions()["jurisdiction_id"].iloc[0])


def place_order() -> dict[str, int]:
    """Each place's position in data/jurisdictions.csv: the order places are listed in."""
    return {place: i for i, place in enumerate(jurisdictions()["jurisdiction_id"])}
