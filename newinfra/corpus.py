"""The seed documents: their manifest, their plans, and their verified text."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import project
from .errors import ParameterError, SeedError

SOURCE_COLUMNS = ["source_id", "file", "sha256", "plan_id", "language", "doc_type", "published"]


def _signature(*paths: Path) -> tuple:
    """A cheap key that changes whenever one of the files changes."""
    out = []
    for path in paths:
        try:
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            out.append((str(path), None, None))
    return tuple(out)


# Validation (pandera) is imported where a file is read, so that results cached
# by fingerprint load without it.


@lru_cache(maxsize=8)
def _manifest(path: Path, _sig: tuple) -> pd.DataFrame:
    from .schemas import Manifest
    from .tables import read_csv

    return read_csv(path, Manifest)


@lru_cache(maxsize=8)
def _plans(path: Path, _sig: tuple) -> pd.DataFrame:
    from .schemas import Plans
    from .tables import read_csv

    return read_csv(path, Plans)


def manifest() -> pd.DataFrame:
    """seeds/manifest.csv, validated: every provenance field of every source."""
    from .tables import check_known

    path = project.seeds_dir() / "manifest.csv"
    frame = _manifest(path, _signature(path)).copy()
    check_known(frame, "plan_id", plans()["plan_id"], path, "plan_id")
    return frame


def plans() -> pd.DataFrame:
    """One row per plan: plan_id, titles, period_start, period_end, horizon_year, ..."""
    from .tables import check_known

    path = project.data_dir() / "plans.csv"
    frame = _plans(path, _signature(path)).copy()
    seeds = project.seeds_dir() / "manifest.csv"
    known_sources = _manifest(seeds, _signature(seeds))["source_id"]
    check_known(frame, "primary_source_id", known_sources, path, "source_id")
    return frame


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
    return manifest()["source_id"].tolist()


def source_record(source_id: str) -> pd.Series:
    frame = manifest()
    match = frame[frame["source_id"] == source_id]
    if match.empty:
        raise ParameterError("source_id", source_id, frame["source_id"])
    return match.iloc[0]


@lru_cache(maxsize=64)
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
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def source_text(source_id: str) -> str:
    """The text of a seed, verified against its checksum. Offsets in the ledger index this str."""
    record = source_record(source_id)
    path = project.seeds_dir() / record["file"]
    return _verified_text(path, record["sha256"], _signature(path))


def plan_record(plan_id: str) -> pd.Series:
    frame = plans()
    match = frame[frame["plan_id"] == plan_id]
    if match.empty:
        raise ParameterError("plan_id", plan_id, frame["plan_id"])
    return match.iloc[0]


def data_files() -> list[Path]:
    """Every file whose content the dataset depends on: the manifest, the seeds, data/*."""
    seeds = project.seeds_dir()
    # Every file in seeds/, not just those in the manifest: listing them must not
    # need the manifest validated, so that cached results load cheaply.
    files = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    data = project.data_dir()
    if data.is_dir():
        files += sorted(
            p
            for p in data.rglob("*")
            if p.is_file() and p.suffix in {".csv", ".yaml", ".yml", ".md"}
        )
    return files


@lru_cache(maxsize=8)
def _fingerprint(root: Path, _sig: tuple) -> str:
    digest = hashlib.sha256()
    for path in _sig:
        name, *_ = path
        file = Path(name)
        digest.update(str(file.relative_to(root)).encode())
        digest.update(file.read_bytes() if file.exists() else b"<missing>")
    return digest.hexdigest()[:12]


def fingerprint() -> str:
    """Twelve hex digits that change whenever a seed or a data file changes."""
    root = project.root()
    return _fingerprint(root, _signature(*data_files()))


def dataset_version() -> str:
    """The library version plus the fingerprint of seeds and data, e.g. ``0.1.0+data.3f2a9c1b0d4e``."""
    from . import __version__

    return f"{__version__}+data.{fingerprint()}"
