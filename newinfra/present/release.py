"""The data release: every public table as a Frictionless data package, in CSV and Parquet.

>>> from newinfra.present.release import write_release
>>> write_release("release")      # release/datapackage.json, targets.csv, targets.parquet, ...

``datapackage.json`` names the dataset version, licence, citation and sources,
and holds one resource per table with a table schema generated from the
project's pandera models and column definitions (:mod:`newinfra.present.columns`):
field names, types, units, descriptions, primary and foreign keys. Each
resource's ``path`` is its CSV (UTF-8, the library's column names); the same
table as Parquet is named in the resource's ``parquet`` property.

The folder is written beside its target under a temporary name and renamed
into place when complete, so a reader sees the old release or the new one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from newinfra.core.atomic import fsync_dir, remove_tree
from newinfra.core.dates import as_of_date
from newinfra.core.exits import Exit, OutputError, output_error
from newinfra.present.citation import dataset_citation, project_metadata
from newinfra.present.release_schema import DESCRIPTOR, TABLES, table_schema

__all__ = [
    "is_release",
    "package_descriptor",
    "release_tables",
    "write_release",
]

PACKAGE_NAME = "newinfra"
GENERATOR = "newinfra"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


# -- the tables ----------------------------------------------------------------------------


def _loaders(as_of: str) -> dict[str, Callable[[], pd.DataFrame | None]]:
    from newinfra.analysis.comparison import compare, scorecard
    from newinfra.analysis.peers import peers
    from newinfra.inputs import corpus, curation
    from newinfra.inputs.families import families
    from newinfra.ledger.targets import commitments, targets

    return {
        "targets": targets,
        "commitments": commitments,
        "compare": lambda: compare(as_of=as_of),
        "scorecard": lambda: scorecard(as_of=as_of),
        "peers": peers,
        "plans": corpus.plans,
        "jurisdictions": corpus.jurisdictions,
        "sources": corpus.sources,
        "metrics": curation.metrics,
        "domains": curation.domains,
        "families": families,
    }


def release_tables(as_of: str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the release as the library returns it."""
    day = _as_of(as_of)
    tables = {}
    for name, loader in _loaders(day).items():
        frame = loader()
        if frame is not None:
            tables[name] = frame.reset_index(drop=True)
    return tables


def _as_of(value: str | dt.date | None) -> str:
    """The verdicts' date: the one given, else today's UTC date (as a report run)."""
    return as_of_date(value).isoformat()


# -- the package ---------------------------------------------------------------------------


def _source_entries(sources: pd.DataFrame) -> list[dict]:
    entries = []
    for row in sources.to_dict("records"):
        entry = {
            "title": row["title"],
            "path": row["url"] if isinstance(row["url"], str) else row["file"],
            "source_id": row["source_id"],
            "publisher": row["publisher"],
            "published": row["published"],
            "kind": row["doc_type"],
            "language": row["language"],
            "sha256": row["sha256"],
        }
        if isinstance(row.get("doc_number"), str):
            entry["doc_number"] = row["doc_number"]
        entries.append(entry)
    return entries


def package_descriptor(
    tables: dict[str, pd.DataFrame], as_of: str, created: dt.datetime | None = None
) -> dict:
    """datapackage.json for ``tables`` (without the files' sizes and checksums)."""
    from newinfra.inputs import corpus

    meta = project_metadata()
    created = created or dt.datetime.now(dt.UTC).replace(microsecond=0)
    version = corpus.dataset_version()
    present = [t for t in TABLES if t.name in tables]
    resources = []
    for table in present:
        schema = table_schema(table, tables[table.name], present)
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "description": table.description,
                "profile": "tabular-data-resource",
                "path": f"{table.name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "parquet": {"path": f"{table.name}.parquet", "mediatype": PARQUET_MEDIATYPE},
                "schema": schema,
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": f"newinfra: {meta['summary']}",
        "description": (
            "Every figure in Shanghai's digital-infrastructure plans with its metric, domain, year, "
            "unit and the verbatim quote from its source; commitments, comparisons in series and "
            "verdicts as of the as_of date. Each table as CSV (its path) and Parquet."
        ),
        "version": version,
        "created": created.isoformat().replace("+00:00", "Z"),
        "as_of": as_of,
        "generator": GENERATOR,
        "library_version": meta["version"],
        "licenses": [
            {
                "name": meta["license"],
                "title": f"{meta['license']}; quoted source text remains its publishers'",
            }
        ],
        "contributors": [{"title": meta["authors"], "role": "author"}],
        "citation": dataset_citation(version, created.date().isoformat(), tables.get("sources")),
        "sources": _source_entries(tables["sources"]),
        "resources": resources,
    }


# -- writing -------------------------------------------------------------------------------


def _for_files(frame: pd.DataFrame, schema: dict) -> pd.DataFrame:
    """Columns of mixed Python objects given the type their schema declares."""
    frame = frame.copy()
    for spec in schema["fields"]:
        name = spec["name"]
        if frame[name].dtype != object:
            continue
        if spec["type"] in ("string", "date"):
            frame[name] = frame[name].astype("str").where(frame[name].notna())
        elif spec["type"] == "integer":
            frame[name] = frame[name].astype("Int64")
        elif spec["type"] == "number":
            frame[name] = pd.to_numeric(frame[name]).astype("float64")
        elif spec["type"] == "boolean":
            frame[name] = frame[name].astype("boolean")
    return frame


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_files(folder: Path, tables: dict[str, pd.DataFrame], descriptor: dict) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    for resource in descriptor["resources"]:
        frame = _for_files(tables[resource["name"]], resource["schema"])
        csv_path = folder / resource["path"]
        frame.to_csv(csv_path, index=False, encoding="utf-8", lineterminator="\n")
        resource["bytes"] = csv_path.stat().st_size
        resource["hash"] = f"sha256:{_digest(csv_path)}"
        parquet = folder / resource["parquet"]["path"]
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), parquet)
        resource["parquet"].update(bytes=parquet.stat().st_size, hash=f"sha256:{_digest(parquet)}")
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")


def is_release(folder: Path) -> bool:
    """Whether ``folder`` holds a data package this library wrote."""
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(descriptor, dict) and descriptor.get("generator") == GENERATOR


def _check_target(target: Path) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise OutputError(f"{target}: exists and is not a folder", Exit.CANTCREAT)
    if target.is_dir():
        others = [p.name for p in target.iterdir() if not p.name.startswith(".")]
        if others and not is_release(target):
            raise OutputError(
                f"{target}: not empty and not a data package written by newinfra; "
                "name a new or empty folder",
                Exit.CANTCREAT,
            )


def _move_into_place(staged: Path, target: Path) -> None:
    """Rename ``staged`` onto ``target``; an earlier release there is removed once replaced."""
    previous = None
    if target.exists():
        previous = target.with_name(f".{target.name}.previous-{os.getpid()}")
        remove_tree(previous)
        os.replace(target, previous)
    try:
        os.replace(staged, target)
    except BaseException:
        if previous is not None:
            os.replace(previous, target)
        raise
    fsync_dir(target.parent)
    if previous is not None:
        remove_tree(previous)


def write_release(
    folder: str | os.PathLike,
    as_of: str | dt.date | None = None,
    tables: dict[str, pd.DataFrame] | None = None,
) -> Path:
    """Write the data package to ``folder`` (created, or replaced if it holds an earlier one).

    ``as_of`` is the date of the verdicts (default: today's UTC date). Raises
    OutputError (73) when ``folder`` holds other files or cannot be created,
    (74) when writing fails; the folder is then left as it was.
    """
    target = Path(folder).expanduser().absolute()
    _check_target(target)
    day = _as_of(as_of)
    tables = release_tables(day) if tables is None else tables
    descriptor = package_descriptor(tables, day)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise output_error(exc, f"{target}: cannot create the data package folder") from None
    try:
        os.chmod(staged, 0o755)
        _write_files(staged, tables, descriptor)
        _move_into_place(staged, target)
    except OSError as exc:
        raise output_error(exc, f"{target}: could not write the data package") from None
    finally:
        with contextlib.suppress(OSError):
            if staged.exists():
                shutil.rmtree(staged)
    return target
