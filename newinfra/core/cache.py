"""Results computed from the seeds and data files, cached by their fingerprint.

The cache lives in memory and, so that a fresh Python session loads the ledger
without re-validating everything, in pickles under $NEWINFRA_CACHE (default
~/.cache/newinfra). The key covers the data fingerprint, the project root and
the library's own source, so editing either a data file or the code makes a
new entry. Set NEWINFRA_CACHE=off to keep results in memory only.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
from pathlib import Path

from newinfra.core import project
from newinfra.core.fingerprint import pinned

_PACKAGE = Path(__file__).resolve().parents[1]
_memory: dict[tuple, object] = {}


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    # Every module of every layer: an edit anywhere may change a cached table.
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


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
            if key in _memory:
                return _memory[key]
            path = _disk_path(name, key)
            value = _read(path)
            if value is None:
                value = function()
                _write(path, value, name)
            _memory[key] = value
            return value

    wrapper.uncached = function
    return wrapper


def _read(path: Path | None):
    if path is None or not path.is_file():
        return None
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except Exception:  # a stale or truncated pickle is rebuilt, never trusted
        return None


def _write(path: Path | None, value, name: str) -> None:
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
        _prune(path.parent, name)
    except OSError:  # a read-only home is no reason to fail
        pass


KEEP_PER_RESULT = 8


def _prune(folder: Path, name: str) -> None:
    """Keep the newest few pickles of one result; older data versions are not needed."""
    entries = sorted(folder.glob(f"{name}-*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in entries[KEEP_PER_RESULT:]:
        stale.unlink(missing_ok=True)


def clear() -> None:
    """Forget results held in memory (the disk cache is keyed and needs no clearing)."""
    _memory.clear()
