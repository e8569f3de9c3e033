"""Where the project's seeds and curated data live.

The library reads ``seeds/`` and ``data/`` below a project root. By default that
is the checkout this package sits in; ``NEWINFRA_ROOT`` or :func:`set_root`
point it elsewhere (a district plan kept in its own folder, a test's temporary
project).
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from newinfra.core.errors import NewinfraError

_PACKAGE_CHECKOUT = Path(__file__).resolve().parents[2]
_override: Path | None = None
# The folder an unfinished add-plan or accept leaves (newinfra.core.journal, imported
# only when there is one: looking up the root must stay cheap).
JOURNAL_NAME = ".newinfra-journal"


def _looks_like_root(path: Path) -> bool:
    return (path / "seeds" / "manifest.csv").is_file()


@lru_cache(maxsize=8)
def _root_from_env(env: str) -> Path:
    # Resolved and checked once per value: a build asks thousands of times.
    path = Path(env).expanduser().resolve()
    if not _looks_like_root(path):
        raise NewinfraError(
            f"NEWINFRA_ROOT={env!r} is not a newinfra project: {path / 'seeds' / 'manifest.csv'} is missing"
        )
    return path


def root() -> Path:
    """The project root in force: set_root(), then $NEWINFRA_ROOT, then the checkout.

    A write that add-plan or accept left unfinished (killed mid-commit) is
    finished or dropped first (newinfra.core.journal), so no reader sees half of it.
    """
    path = _find_root()
    if os.path.lexists(f"{path}{os.sep}{JOURNAL_NAME}"):
        from newinfra.core import journal

        journal.recover(path)
    return path


def _find_root() -> Path:
    if _override is not None:
        return _override
    env = os.environ.get("NEWINFRA_ROOT")
    if env:
        return _root_from_env(env)
    if _looks_like_root(_PACKAGE_CHECKOUT):
        return _PACKAGE_CHECKOUT
    cwd = Path.cwd()
    for candidate in (cwd, *cwd.parents):
        if _looks_like_root(candidate):
            return candidate
    raise NewinfraError(
        "no newinfra project found: set NEWINFRA_ROOT or call newinfra.set_root() "
        "with a folder holding seeds/manifest.csv and data/"
    )


def set_root(path: str | os.PathLike | None) -> None:
    """Read seeds and data from ``path`` from now on (``None`` restores the default)."""
    global _override
    if path is None:
        _override = None
        return
    resolved = Path(path).expanduser().resolve()
    if not _looks_like_root(resolved):
        raise NewinfraError(
            f"{resolved} is not a newinfra project: {resolved / 'seeds' / 'manifest.csv'} is missing"
        )
    _override = resolved


@contextmanager
def using_root(path: str | os.PathLike):
    """Temporarily read seeds and data from ``path``."""
    global _override
    previous = _override
    set_root(path)
    try:
        yield root()
    finally:
        _override = previous


def seeds_dir() -> Path:
    return root() / "seeds"


def data_dir() -> Path:
    return root() / "data"
