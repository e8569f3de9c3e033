"""Results computed from the seeds and data files, cached by their fingerprint.

The cache lives in memory and, so that a fresh Python session loads the ledger
without re-validating everything, in pickles under $NEWINFRA_CACHE (default
~/.cache/newinfra). The key covers the data fingerprint, the project root and
the library's own source, so editing either a data file or the code makes a
new entry. Set NEWINFRA_CACHE=off to keep results in memory only.

Safe to share: threads building the same result wait for one build (a lock per
key); processes write each pickle under a temporary name and rename it into
place, so a reader sees a whole file or none. A pickle is trusted only when it
is this cache's own envelope for the very key looked up; anything else (a
truncated file, another program's pickle, an older format) is rebuilt.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import threading
import time
from pathlib import Path

from newinfra.core import project
from newinfra.core.atomic import atomic_write_bytes
from newinfra.core.errors import NewinfraError
from newinfra.core.fingerprint import pinned

_PACKAGE = Path(__file__).resolve().parents[1]
# Bumped whenever the layout of a cache file changes, so older files are not read.
CACHE_FORMAT = 2
KEEP_PER_RESULT = 8
# A temporary file this old was left by a process that died while writing it.
STALE_TEMPORARY_SECONDS = 3600

_MISSING = object()
_memory: dict[tuple, object] = {}
_locks: dict[tuple, threading.RLock] = {}
_locks_guard = threading.Lock()


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    # Every module of every layer: an edit anywhere may change a cached table.
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def code_fingerprint() -> str:
    """Twelve hex digits that change whenever a module of the library changes."""
    return _code_fingerprint()


def _disk_dir() -> Path | None:
    setting = os.environ.get("NEWINFRA_CACHE", "")
    if setting.lower() in {"off", "0", "false", "no"}:
        return None
    if setting:
        return Path(setting).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newinfra"


def _disk_path(name: str, key: tuple) -> Path | None:
    folder = _disk_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(repr(key).encode()).hexdigest()[:20]
    return folder / f"{name}-{digest}.pkl"


def _lock_for(key: tuple) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(key, threading.RLock())


def cached_by_fingerprint(function):
    """Memoise a no-argument builder on (root, data fingerprint, code fingerprint)."""
    name = function.__qualname__.replace(".", "-").replace("<", "").replace(">", "")

    @functools.wraps(function)
    def wrapper():
        with pinned() as data_fingerprint:
            key = (
                function.__module__,
                name,
                str(project.root()),
                data_fingerprint,
                _code_fingerprint(),
            )
            value = _memory.get(key, _MISSING)
            if value is not _MISSING:
                return value
            # Builders call other builders, always down the data flow, so these
            # locks are taken in one order and cannot deadlock.
            with _lock_for(key):
                value = _memory.get(key, _MISSING)
                if value is _MISSING:
                    path = _disk_path(name, key)
                    value = _read(path, key)
                    if value is _MISSING:
                        value = function()
                        _write(path, key, value, name)
                    _memory[key] = value
                return value

    wrapper.uncached = function
    return wrapper


def _read(path: Path | None, key: tuple):
    if path is None or not path.is_file():
        return _MISSING
    try:
        with path.open("rb") as handle:
            envelope = pickle.load(handle)
    except Exception:  # a truncated or foreign pickle is rebuilt, never trusted
        return _MISSING
    if (
        not isinstance(envelope, dict)
        or envelope.get("format") != CACHE_FORMAT
        or envelope.get("key") != key
        or "value" not in envelope
    ):
        return _MISSING
    return envelope["value"]


def _write(path: Path | None, key: tuple, value, name: str) -> None:
    if path is None:
        return
    envelope = {"format": CACHE_FORMAT, "key": key, "value": value}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(envelope, protocol=pickle.HIGHEST_PROTOCOL))
        _prune(path.parent, name)
    except (OSError, NewinfraError):  # a read-only or full disk is no reason to fail
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


def _prune(folder: Path, name: str) -> None:
    """Keep the newest few pickles of one result; older data versions are not needed."""
    entries = sorted(folder.glob(f"{name}-*.pkl"), key=_mtime, reverse=True)
    for stale in entries[KEEP_PER_RESULT:]:
        with contextlib.suppress(OSError):
            stale.unlink(missing_ok=True)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for orphan in folder.glob(f".{name}-*.tmp"):
        if _mtime(orphan) < cutoff:
            with contextlib.suppress(OSError):
                orphan.unlink(missing_ok=True)


def clear() -> None:
    """Forget results held in memory (the disk cache is keyed and needs no clearing)."""
    _memory.clear()
