"""Write files so that readers see the old content or the new, never half of either.

Every helper writes to a temporary name in the target's own folder (so the
final ``os.replace`` is a rename on one filesystem, which POSIX makes atomic),
flushes it to disk, and only then renames it over the target. On any error the
temporary file is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from newinfra.core.errors import NewinfraError

__all__ = [
    "atomic_path",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_writable_dir",
    "fsync_dir",
    "remove_tree",
]


def check_writable_dir(path: str | os.PathLike) -> Path:
    """The folder that will hold ``path``, or a NewinfraError naming what is wrong with it."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        if not folder.exists():
            raise NewinfraError(f"{target}: cannot write, folder {folder} does not exist")
        if not folder.is_dir():
            raise NewinfraError(f"{target}: cannot write, {folder} is not a folder")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise NewinfraError(f"{target}: cannot write, folder {folder} is not writable")
        if target.is_dir():
            raise NewinfraError(f"{target}: is a folder, expected a file path")
    except OSError as exc:  # a name too long, a loop of links: the place is wrong
        raise NewinfraError(f"{target}: cannot write ({exc.strerror or exc})") from None
    return folder


def fsync_dir(folder: str | os.PathLike) -> None:
    """Persist a rename: the directory entry lives in the folder, not in the file."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        # Some filesystems (and all of Windows) refuse fsync on a directory.
        pass
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, *, mode: int | None = 0o644) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it onto ``path`` if the block succeeds.

    The caller writes the whole file to the yielded path (e.g. ``workbook.save(tmp)``).
    If the block raises, or leaves nothing at the temporary path, the target is
    untouched and the temporary file is removed.
    """
    target = Path(path)
    folder = check_writable_dir(target)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise NewinfraError(f"{target}: cannot write ({exc.strerror})") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if not tmp.exists():
            raise NewinfraError(f"{target}: nothing was written")
        if mode is not None:
            # mkstemp creates 0600; published files are meant to be read by others.
            os.chmod(tmp, mode & ~_UMASK)
        _fsync_file(tmp)
        os.replace(tmp, target)
        fsync_dir(folder)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _read_umask() -> int:
    # os.umask can only be read by setting it: do it once, at import, not per write.
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _read_umask()


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    """Replace ``path`` with ``data`` in one step; returns the path."""
    target = Path(path)
    with atomic_path(target) as tmp, open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
    return target


def atomic_write_text(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Replace ``path`` with ``text`` (UTF-8 by default) in one step; returns the path."""
    return atomic_write_bytes(path, text.encode(encoding))


def remove_tree(path: str | os.PathLike) -> None:
    """Remove a file, symlink or folder tree if it exists; never follows a symlink."""
    target = Path(path)
    if target.is_symlink() or target.is_file():
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
    elif target.is_dir():
        shutil.rmtree(target, ignore_errors=True)
