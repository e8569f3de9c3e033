"""Fingerprints of the project's inputs: the seeds and the curated data files.

Cheap to compute and free of heavy imports, so that cached results can be
looked up without loading validation or extraction code. Every function takes
the project root it fingerprints (``newinfra.core.project.root()`` for the
project in force): a fingerprint depends on the files below it, not on how the
root was found.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path


def signature(*paths: Path) -> tuple:
    """A cheap key that changes whenever one of the files changes."""
    out = []
    for path in paths:
        try:
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
        except FileNotFoundError:
            out.append((str(path), None, None))
    return tuple(out)


def data_files(root: Path) -> list[Path]:
    """Every file whose content the dataset depends on: the manifest, the seeds, data/*."""
    seeds = root / "seeds"
    # Every file in seeds/, not just those in the manifest: listing them must not
    # need the manifest validated, so that cached results load cheaply.
    files = sorted(p for p in seeds.iterdir() if p.is_file() and not p.name.startswith("."))
    data = root / "data"
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


# Pins are per thread: a build pins the fingerprint for its own duration, and
# builds running at the same time in other threads must neither see nor remove it.
_local = threading.local()


def _pins() -> dict[Path, str]:
    pins = getattr(_local, "pins", None)
    if pins is None:
        pins = _local.pins = {}
    return pins


def fingerprint(root: Path) -> str:
    """Twelve hex digits that change whenever a seed or a data file below ``root`` changes."""
    pins = _pins()
    if root in pins:
        return pins[root]
    return _fingerprint(root, signature(*data_files(root)))


@contextmanager
def pinned(root: Path) -> Iterator[str]:
    """Compute the fingerprint of ``root`` once for a whole build (in this thread).

    Checking it means a stat of every seed and data file; a build that reads
    one source after another would otherwise repeat that for each source.
    """
    pins = _pins()
    if root in pins:
        yield pins[root]
        return
    pins[root] = _fingerprint(root, signature(*data_files(root)))
    try:
        yield pins[root]
    finally:
        pins.pop(root, None)
