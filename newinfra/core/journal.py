"""Change several files of a project as one step: all of them or none, even after ``kill -9``.

:func:`commit` first writes the new bytes of every file into the journal folder
(``ROOT/.newinfra-journal``) and flushes them to disk, then writes the marker
``committed.json`` naming them (atomically: from then on the change is decided),
then replaces each file, then removes the marker and the folder. A command
stopped on the way (Ctrl-C, SIGTERM, ``kill -9``, a power cut) leaves a
journal behind, and :func:`recover`, which runs whenever the project root is
looked up (:func:`newinfra.core.project.root`), finishes the change if the
marker exists and drops the journal if it does not. Nothing but a journal
lookup is paid when there is none.

Writers (``add-plan``, ``accept``) hold the project lock (``ROOT/.newinfra.lock``)
from reading the project to the end of their commit, so that two of them
never start from the same files; recovery takes the same lock.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from newinfra.core.atomic import atomic_write_bytes, fsync_dir, remove_tree
from newinfra.core.errors import DataFileError, NewinfraError
from newinfra.core.exits import Exit, output_error

__all__ = [
    "JOURNAL_NAME",
    "LOCK_NAME",
    "ProjectLocked",
    "commit",
    "project_lock",
    "recover",
]

# Where newinfra.core.project.root looks for one (this module is imported only then).
JOURNAL_NAME = ".newinfra-journal"
LOCK_NAME = ".newinfra.lock"
MARKER = "committed.json"
# How long a writer waits for another to finish before giving up with status 75.
LOCK_WAIT_SECONDS = 30.0
# The folders of a project a journal may write into.
WRITABLE_FOLDERS = ("seeds", "data")

_log = logging.getLogger("newinfra")
_guard = threading.Lock()
_locks: dict[tuple[str, int], object] = {}
# Roots whose journal this process is writing right now: never "recovered" under it.
_committing: set[str] = set()


class ProjectLocked(NewinfraError):
    """Another command holds the project lock; try again later (status 75)."""

    status = Exit.LOCKED


def _lock_of(root: Path):
    from filelock import FileLock

    # One object per root and process (filelock refuses one inherited across fork):
    # re-entrant within a thread, exclusive between threads and processes.
    key = (str(root), os.getpid())
    with _guard:
        if key not in _locks:
            _locks[key] = FileLock(str(root / LOCK_NAME))
        return _locks[key]


@contextlib.contextmanager
def project_lock(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the project's write lock; ProjectLocked if another command keeps it ``wait`` s.

    ``wait`` defaults to LOCK_WAIT_SECONDS.
    """
    from filelock import Timeout

    wait = LOCK_WAIT_SECONDS if wait is None else wait
    lock = _lock_of(root)
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise ProjectLocked(
            f"another add-plan or accept is writing to {root} (lock {root / LOCK_NAME} held "
            f"for over {wait:g} s); nothing written, try again when it has finished"
        ) from None
    except OSError as exc:
        raise output_error(exc, f"{root / LOCK_NAME}: cannot take the project lock") from exc
    try:
        yield
    finally:
        lock.release()


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _check_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or path.parts[0] not in WRITABLE_FOLDERS:
        raise NewinfraError(
            f"{name!r}: a journal writes only inside {', '.join(WRITABLE_FOLDERS)} of the project"
        )
    return path


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _write_journal(root: Path, journal: Path, files: dict[str, bytes], what: str) -> list[dict]:
    stored = journal / "files"
    try:
        remove_tree(journal)
        stored.mkdir(parents=True)
        entries = []
        for number, (name, data) in enumerate(files.items()):
            _write_synced(stored / str(number), data)
            entries.append({"file": name, "stored": f"files/{number}", "sha256": _digest(data)})
        fsync_dir(stored)
        fsync_dir(journal)
        fsync_dir(root)
        marker = json.dumps({"what": what, "files": entries}, indent=1, ensure_ascii=False)
        atomic_write_bytes(journal / MARKER, marker.encode("utf-8"))
    except BaseException as exc:
        remove_tree(journal)
        if isinstance(exc, OSError):
            raise output_error(exc, f"{journal}: cannot write", "nothing was changed") from exc
        raise
    return entries


def _replace_all(root: Path, entries: list[dict], data_of: Callable[[dict], bytes]) -> None:
    for entry in entries:
        target = root / entry["file"]
        data = data_of(entry)
        # A file already replaced before a stop is left alone.
        if not (target.is_file() and target.read_bytes() == data):
            atomic_write_bytes(target, data)


def _finish(root: Path, journal: Path) -> None:
    # The marker goes first: a stop while the folder is being removed leaves
    # a journal without a marker, which is dropped, never half-applied.
    (journal / MARKER).unlink()
    fsync_dir(journal)
    remove_tree(journal)
    fsync_dir(root)


def commit(root: Path, files: dict[str, bytes], what: str) -> None:
    """Replace each file of ``files`` (path relative to ``root``: new bytes) in one step.

    The caller holds :func:`project_lock`. If writing fails or is interrupted in
    this process, the files already replaced are put back; if the process is
    killed, the next command finishes or drops the change. Raises OutputError
    (status 73/74) when the journal cannot be written; nothing is changed then.
    """
    for name in files:
        _check_name(name)
    journal = root / JOURNAL_NAME
    key = str(root)
    _committing.add(key)
    try:
        entries = _write_journal(root, journal, files, what)
        before: list[tuple[Path, bytes | None]] = []
        try:
            for entry in entries:
                target = root / entry["file"]
                before.append((target, target.read_bytes() if target.exists() else None))
                _replace_all(root, [entry], lambda e: files[e["file"]])
        except BaseException:
            _undo(root, journal, before)
            raise
        _finish(root, journal)
    finally:
        _committing.discard(key)


def _undo(root: Path, journal: Path, before: list[tuple[Path, bytes | None]]) -> None:
    """Put back the files replaced so far; if that fails too, the journal finishes the change."""
    try:
        for target, data in reversed(before):
            if data is None:
                target.unlink(missing_ok=True)
            else:
                atomic_write_bytes(target, data)
        _finish(root, journal)
    except BaseException:  # noqa: S110 - the marker stays: the next command completes it
        pass


def _stored_entries(journal: Path) -> tuple[str, list[dict]]:
    marker = journal / MARKER
    try:
        record = json.loads(marker.read_text("utf-8"))
        what, entries = record["what"], record["files"]
        for entry in entries:
            _check_name(entry["file"])
            data = (journal / entry["stored"]).read_bytes()
            if _digest(data) != entry["sha256"]:
                raise ValueError(f"{entry['stored']} does not hold the bytes recorded")
    except (OSError, ValueError, KeyError, TypeError, NewinfraError) as exc:
        raise DataFileError(
            f"{journal}: the record of an interrupted write is damaged ({exc}); compare the "
            f"files it names in {marker} with {journal / 'files'}, then remove {journal}"
        ) from None
    return str(what), entries


def _remove_temporaries(root: Path, entries: list[dict]) -> None:
    """Drop the temporary files a stopped atomic write left beside the files it replaced."""
    for entry in entries:
        target = root / entry["file"]
        for leftover in target.parent.glob(f".{target.name}.*.tmp"):
            leftover.unlink(missing_ok=True)


def _recover_locked(root: Path, journal: Path) -> str:
    if not (journal / MARKER).is_file():
        remove_tree(journal)
        fsync_dir(root)
        return "dropped"
    what, entries = _stored_entries(journal)
    _replace_all(root, entries, lambda e: (journal / e["stored"]).read_bytes())
    _remove_temporaries(root, entries)
    _finish(root, journal)
    _log.warning(
        "newinfra: finished an interrupted %s: %s", what, ", ".join(e["file"] for e in entries)
    )
    return "finished"


def recover(root: Path) -> str | None:
    """Finish (marker present) or drop (marker absent) a journal a stopped command left.

    Returns ``"finished"``, ``"dropped"`` or None when there was nothing to do.
    """
    journal = root / JOURNAL_NAME
    key = str(root)
    if key in _committing or not os.path.lexists(journal):
        return None
    with project_lock(root):
        if key in _committing or not os.path.lexists(journal):
            return None  # another process finished it while this one waited
        try:
            return _recover_locked(root, journal)
        except OSError as exc:
            raise output_error(
                exc,
                f"{journal}: cannot finish the write an interrupted add-plan or accept began",
                "make the project writable and run any newinfra command again",
            ) from exc
