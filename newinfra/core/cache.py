"""Results computed from the seeds and data files, cached by their fingerprint.

The cache lives in memory and, so that a fresh Python session loads the ledger
without re-validating everything, in pickles under $NEWINFRA_CACHE (default
~/.cache/newinfra). The key covers the data fingerprint, the project root and
the library's own source, so editing either a data file or the code makes a
new entry. A result that depends on a few inputs alone (a seed's sections
and figures) is keyed by their content instead (:func:`cached_by_content`),
so that a copy of the project, or the project with another file changed,
finds it. Set NEWINFRA_CACHE=off to keep results in memory only.

Safe to share: threads building the same result wait for one build (a lock per
key); processes write each pickle under a temporary name and rename it into
place, so a reader sees a whole file or none.

Nothing is unpickled before it is checked: every file carries an HMAC-SHA256 of
the key looked up and the pickle, keyed by a secret of the user (``cache.key``
in the cache folder, 32 random bytes made once, mode 0600). A file whose
signature does not match (planted, tampered with, truncated, an older format)
is rebuilt without being loaded; so is a signed value that is not of the type
the builder returns. A key file that another user owns or could read is
refused in one line on stderr, and results then stay in memory only.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import os
import pickle
import secrets
import stat
import sys
import tempfile
import threading
import time
import types
import typing
from pathlib import Path

from newinfra.core import project
from newinfra.core.atomic import atomic_write_bytes
from newinfra.core.errors import NewinfraError
from newinfra.core.fingerprint import pinned

_PACKAGE = Path(__file__).resolve().parents[1]
# Bumped whenever the layout of a cache file changes, so older files are not read.
CACHE_FORMAT = 3
# A cache file: this header, the HMAC-SHA256 of (key, pickle), then the pickle.
HEADER = b"newinfra-cache-%d\n" % CACHE_FORMAT
KEY_NAME = "cache.key"
KEY_BYTES = 32
KEEP_PER_RESULT = 8
# Results kept by content: one per seed (and per version of it), so many more.
KEEP_PER_CONTENT_RESULT = 512
# A temporary file this old was left by a process that died while writing it.
STALE_TEMPORARY_SECONDS = 3600

_MISSING = object()
_memory: dict[tuple, object] = {}
_locks: dict[tuple, threading.RLock] = {}
_locks_guard = threading.Lock()
# Refused key files already reported, so that each is said once per process.
_refusals_said: set[str] = set()


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
    name = _file_name(function)

    @functools.wraps(function)
    def wrapper():
        root = project.root()
        with pinned(root) as data_fingerprint:
            key = (
                function.__module__,
                name,
                str(root),
                data_fingerprint,
                _code_fingerprint(),
            )
            return _remembered(key, name, function, function)

    wrapper.uncached = function
    return wrapper


def cached_by_content(function):
    """Memoise ``function(*args)`` on its arguments and the library's code, in any project.

    For a result that depends on its arguments alone (a seed's text, its rules):
    the project, add-plan's staged copy of it and any later command share it, so
    a seed already read is not read again when another file changes. Arguments
    are plain values whose ``repr`` names them (str, bytes, int, None, tuples,
    frozen dataclasses); a long text is keyed by its SHA-256.
    """
    name = _file_name(function)

    @functools.wraps(function)
    def wrapper(*args):
        key = (function.__module__, name, _content_key(args), _code_fingerprint())
        build = functools.partial(function, *args)
        return _remembered(key, name, build, function, KEEP_PER_CONTENT_RESULT)

    wrapper.uncached = function
    wrapper.by_content = True
    return wrapper


# Longer texts are keyed by their digest, not held in the key.
_LONG_KEY_TEXT = 200


def _content_key(value):
    if isinstance(value, tuple):
        return tuple(_content_key(item) for item in value)
    if isinstance(value, str | bytes) and len(value) > _LONG_KEY_TEXT:
        return _digest(value)
    return value


@functools.lru_cache(maxsize=64)
def _digest(value: str | bytes) -> tuple[str, str]:
    """A long text's key, made once per text: a seed is looked up many times per command."""
    if isinstance(value, bytes):
        return ("sha256 of bytes", hashlib.sha256(value).hexdigest())
    return ("sha256", hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest())


def _file_name(function) -> str:
    return function.__qualname__.replace(".", "-").replace("<", "").replace(">", "")


def _remembered(key: tuple, name: str, build, function, keep: int = KEEP_PER_RESULT):
    """The value held for ``key`` in memory, else on disk (signed), else ``build()``'s."""
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
            if value is not _MISSING and not _conforms(value, _returns(function)):
                value = _MISSING
            if value is _MISSING:
                value = build()
                _write(path, key, value, name, keep)
            _memory[key] = value
        return value


# -- what a builder returns ------------------------------------------------------------


@functools.cache
def _returns(function) -> object:
    """The return annotation of ``function``, resolved (None when it cannot be)."""
    try:
        return typing.get_type_hints(function).get("return")
    except Exception:  # a name only imported for type checkers: no check, as before
        return None


def _conforms(value: object, hint: object) -> bool:
    """Whether ``value`` has the shape ``hint`` promises (containers and their items)."""
    if hint is None or hint is typing.Any:
        return True
    origin, args = typing.get_origin(hint) or hint, typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, arg) for arg in args)
    if not isinstance(origin, type):
        return True
    if not isinstance(value, origin):
        return False
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return all(_conforms(item, args[0]) for item in value)
        return len(value) == len(args) and all(map(_conforms, value, args))
    if origin is dict and len(args) == 2:
        return all(_conforms(k, args[0]) and _conforms(v, args[1]) for k, v in value.items())
    if origin in (list, set, frozenset) and args:
        return all(_conforms(item, args[0]) for item in value)
    return True


# -- the user's secret -----------------------------------------------------------------


def _refuse(path: Path, why: str) -> None:
    if f"{path}: {why}" in _refusals_said:
        return
    _refusals_said.add(f"{path}: {why}")
    print(
        f"newinfra: {path}: cache key refused: {why}; delete it and a new one is made "
        "(results are not cached on disk until then)",
        file=sys.stderr,
        flush=True,
    )


def _make_secret(path: Path) -> None:
    """Create the key file with fresh random bytes, unless another process made it first."""
    # mkstemp creates the file 0600; linking it into place fails if the name exists,
    # so two processes never overwrite each other's key.
    fd, name = tempfile.mkstemp(prefix=".cache.key.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(name, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def _checked_secret(path: Path) -> bytes | None:
    """The key file's bytes, or None (said on stderr) when others own or can read it."""
    try:
        # Neither a link followed nor a named pipe waited on: both are refused below.
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise  # made by the caller
    except OSError as exc:  # a symbolic link (O_NOFOLLOW), no permission
        _refuse(path, f"cannot be read ({exc.strerror or exc})")
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        data = handle.read(KEY_BYTES + 1)
    if not stat.S_ISREG(info.st_mode):
        _refuse(path, "it is not a regular file")
    elif hasattr(os, "getuid") and info.st_uid != os.getuid():
        _refuse(path, f"it belongs to another user (uid {info.st_uid})")
    elif os.name == "posix" and info.st_mode & 0o077:  # Windows has no such mode bits
        mode = stat.S_IMODE(info.st_mode)
        _refuse(path, f"other users can read or change it (mode {mode:04o})")
    elif len(data) != KEY_BYTES:
        _refuse(path, f"it is not a cache key ({len(data)} bytes, expected {KEY_BYTES})")
    else:
        return data
    return None


def _secret(folder: Path) -> bytes | None:
    """This user's secret for ``folder``, made on first use; None when it cannot be trusted.

    Read at every use (one small file): a key made public meanwhile is refused at once.
    """
    path = folder / KEY_NAME
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            return _checked_secret(path)
        except FileNotFoundError:
            _make_secret(path)
            return _checked_secret(path)
    except OSError:  # a read-only or full disk: results stay in memory
        return None


def _signature(secret: bytes, key: tuple, payload: bytes) -> bytes:
    message = repr(key).encode() + b"\0" + payload
    return hmac.new(secret, message, hashlib.sha256).digest()


# -- files -----------------------------------------------------------------------------


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # NEWINFRA_CACHE names no usable folder (a name too long): no disk cache
        return False


def _read(path: Path | None, key: tuple):
    if path is None or not _is_file(path):
        return _MISSING
    secret = _secret(path.parent)
    if secret is None:
        return _MISSING
    try:
        data = path.read_bytes()
    except OSError:
        return _MISSING
    signature_end = len(HEADER) + hashlib.sha256().digest_size
    if not data.startswith(HEADER) or len(data) <= signature_end:
        return _MISSING
    signature, payload = data[len(HEADER) : signature_end], data[signature_end:]
    if not hmac.compare_digest(signature, _signature(secret, key, payload)):
        return _MISSING  # not written by this user's cache for this key: never unpickled
    try:
        envelope = pickle.loads(payload)
    except Exception:  # signed but unreadable (a class renamed meanwhile): rebuilt
        return _MISSING
    if not isinstance(envelope, dict) or envelope.get("key") != key or "value" not in envelope:
        return _MISSING
    return envelope["value"]


def _write(path: Path | None, key: tuple, value, name: str, keep: int = KEEP_PER_RESULT) -> None:
    if path is None:
        return
    try:
        secret = _secret(path.parent)
        if secret is None:
            return
        payload = pickle.dumps({"key": key, "value": value}, protocol=pickle.HIGHEST_PROTOCOL)
        atomic_write_bytes(path, HEADER + _signature(secret, key, payload) + payload)
        _prune(path.parent, name, keep)
    except (OSError, NewinfraError):  # a read-only or full disk is no reason to fail
        pass


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # removed meanwhile by another process
        return 0.0


def _prune(folder: Path, name: str, keep: int = KEEP_PER_RESULT) -> None:
    """Keep the newest few pickles of one result; older data versions are not needed."""
    entries = sorted(folder.glob(f"{name}-*.pkl"), key=_mtime, reverse=True)
    for stale in entries[keep:]:
        with contextlib.suppress(OSError):
            stale.unlink(missing_ok=True)
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    for orphan in folder.glob(f".{name}-*.tmp"):
        if _mtime(orphan) < cutoff:
            with contextlib.suppress(OSError):
                orphan.unlink(missing_ok=True)


def stored(name: str, key: tuple):
    """What :func:`store` kept on disk under ``(name, key)``, or None (signature checked first)."""
    value = _read(_disk_path(name, key), key)
    return None if value is _MISSING else value


def store(name: str, key: tuple, value) -> None:
    """Keep ``value`` on disk under ``(name, key)``, signed; nothing when the disk cache is off."""
    _write(_disk_path(name, key), key, value, name)


def clear() -> None:
    """Forget results held in memory (the disk cache is keyed and needs no clearing)."""
    _memory.clear()
    _digest.cache_clear()
