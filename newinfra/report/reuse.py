"""Incremental runs: a job whose inputs are unchanged since an earlier run is reused.

Each job has a key: a digest of everything that can change its files, namely
the library's code (every module, and the report templates), the installed
version of every package the library depends on (directly or not) and of
Python, every seed and every file below ``data/`` except the report grid
itself (so that adding a report does not re-run the others), the notebook's content and path,
its parameters and title, and the run's ``as_of`` date. The manifest keeps
each job's key and the SHA-256 of each of its files.

A job is reused from the newest dated run in which it succeeded with the same
key, and only when every one of its files is still there with the recorded
checksum (otherwise it is executed again). Its files are copied into the new
run, so that pruning older runs never breaks the newest one.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from newinfra.report.job_types import JobResult
from newinfra.report.outdir import dated_runs, read_manifest

__all__ = [
    "Reuse",
    "RunPlan",
    "checksums",
    "copy_job_files",
    "find_reusable",
    "job_files",
    "job_key",
    "notebook_inputs",
    "shared_inputs",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
CHUNK = 1 << 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _digest(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@cache
def installed_versions(top: str = "newinfra") -> dict[str, str]:
    """Python's version and that of every distribution ``top`` requires, directly or not."""
    from importlib import metadata

    from packaging.requirements import InvalidRequirement, Requirement
    from packaging.utils import canonicalize_name

    found = {canonicalize_name(d.metadata["Name"] or ""): d for d in metadata.distributions()}
    versions = {"python": sys.version.split()[0]}
    queue = [canonicalize_name(top)]
    while queue:
        name = queue.pop()
        dist = found.get(name)
        if dist is None or name in versions:
            continue
        versions[name] = dist.version
        for line in dist.requires or []:
            try:
                requirement = Requirement(line)
            except InvalidRequirement:  # a malformed line of some package's metadata
                continue
            # Extras are not installed for their own sake; their packages are not inputs.
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                queue.append(canonicalize_name(requirement.name))
    return dict(sorted(versions.items()))


def _code_digest() -> str:
    from newinfra.core.cache import code_fingerprint

    templates = sorted(p for p in TEMPLATES.rglob("*") if p.is_file())
    parts = [(p.relative_to(TEMPLATES).as_posix(), _sha256(p)) for p in templates]
    return _digest([code_fingerprint(), parts])


def _input_files(root: Path) -> list[Path]:
    """Every seed and every file below ``data/`` (any kind: a notebook may read any of them)."""
    from newinfra.core import project
    from newinfra.core.fingerprint import data_files

    with project.using_root(root):
        files = set(data_files())
        data = project.data_dir()
    if data.is_dir():
        files.update(
            p
            for p in data.rglob("*")
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(data).parts)
        )
    return sorted(files)


def _data_digest(root: Path, grid_path: Path) -> str:
    grid = grid_path.resolve()
    parts = [
        (p.relative_to(root).as_posix() if p.is_relative_to(root) else str(p), _sha256(p))
        for p in _input_files(root)
        if p.resolve() != grid
    ]
    return _digest(parts)


def shared_inputs(root: Path, grid_path: Path, as_of: str) -> dict[str, str]:
    """The digests every job's key shares: code, packages, data, ``as_of``."""
    return {
        "code": _code_digest(),
        "packages": _digest(installed_versions()),
        "data": _data_digest(root, grid_path),
        "as_of": as_of,
    }


def job_key(shared: Mapping[str, str], own: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """A job's key and the digests it is made of (``own``: what only this job reads)."""
    inputs = {**shared, **{k: _digest(v) for k, v in own.items()}}
    return _digest(inputs), inputs


def notebook_inputs(notebook: Path, rel: str, parameters: Mapping, title: str) -> dict:
    """What a notebook job reads besides the shared inputs."""
    return {
        "notebook": [rel, _sha256(notebook)],
        "parameters": dict(parameters),
        "title": title,
    }


def job_files(entry: Mapping[str, Any]) -> list[str]:
    """A job's files, relative to its run folder."""
    names = [entry.get("html"), entry.get("ipynb"), entry.get("xlsx"), *entry.get("figures", [])]
    return [name for name in names if name]


def checksums(run_dir: Path, entry: Mapping[str, Any]) -> dict[str, str]:
    """SHA-256 of each of a job's files."""
    return {name: _sha256(run_dir / name) for name in job_files(entry)}


def _intact(folder: Path, entry: Mapping[str, Any]) -> bool:
    recorded = entry.get("checksums")
    if not isinstance(recorded, dict) or set(recorded) != set(job_files(entry)):
        return False
    try:
        return all(_sha256(folder / name) == sha for name, sha in recorded.items())
    except OSError:  # a file removed or unreadable
        return False


@dataclass
class Reuse:
    """A job found reusable: its manifest entry in the run ``source``."""

    source: Path
    entry: dict[str, Any]


@dataclass
class RunPlan:
    """Which reports a run executes, and the results of those it reuses by name."""

    execute: list = field(default_factory=list)
    carried: dict[str, JobResult] = field(default_factory=dict)


def _entries(manifest: Mapping[str, Any]) -> Iterable[dict[str, Any]]:
    for entry in [*manifest.get("runs", []), manifest.get("workbook")]:
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            yield entry


def _unprefixed(entry: dict[str, Any], prefix: str) -> dict[str, Any]:
    """Paths of a manifest entry relative to its run folder (a top manifest prefixes them)."""

    def strip(name):
        return name[len(prefix) :] if prefix and name and name.startswith(prefix) else name

    out = dict(entry)
    for key in ("html", "ipynb", "xlsx"):
        out[key] = strip(entry.get(key))
    out["figures"] = [strip(f) for f in entry.get("figures", [])]
    return out


def find_reusable(out: Path, keys: Mapping[str, str]) -> tuple[dict[str, Reuse], list[str]]:
    """For each job name of ``keys``: the newest run holding it succeeded with that key.

    Returns the reusable jobs, and the names whose newest such run has files
    missing or changed since (those are executed again).
    """
    found: dict[str, Reuse] = {}
    changed: list[str] = []
    pending = dict(keys)
    for folder in reversed(dated_runs(out)):
        if not pending:
            break
        manifest = read_manifest(folder)
        if manifest is None:
            continue
        for raw in _entries(manifest):
            name = raw["name"]
            if pending.get(name) is None or raw.get("key") != pending[name]:
                continue
            if raw.get("status") != "ok":
                continue
            entry = _unprefixed(raw, manifest.get("run_dir") or "")
            del pending[name]
            if _intact(folder, entry):
                found[name] = Reuse(folder, entry)
            else:
                changed.append(name)
    return found, changed


def copy_job_files(reuse: Reuse, run_dir: Path) -> None:
    """Copy a reused job's files into the new run (copies, so pruning cannot break them)."""
    for name in job_files(reuse.entry):
        target = run_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(reuse.source / name, target)
