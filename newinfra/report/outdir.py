"""The output folder: the runner replaces or removes only what it made.

Everything the runner makes carries a marker file, and nothing without one is
ever deleted or overwritten::

    OUT/.newinfra-reports                 OUT is a report folder (written on first use)
    OUT/runs/<stamp>/.newinfra-run        a dated run made by the runner
    OUT/.tmp-<stamp>-<random>/.newinfra-tmp   the temporary folder of a run in progress

An output folder is used only when it is a report folder already, holds
nothing but dotfiles (like a shipped ``reports/.gitkeep``), or is a report
folder written before the markers existed (``manifest.json`` of this tool,
``index.html`` and ``runs/``): that one is adopted once, marking the dated runs
whose own manifest shows that the runner wrote them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

from newinfra.core.atomic import remove_tree
from newinfra.core.errors import ParameterError
from newinfra.core.exits import Exit, OutputError
from newinfra.report.grid import WORKBOOK_NAME

__all__ = [
    "check_output",
    "claim_output",
    "clean_stale_tmp",
    "dated_runs",
    "is_good",
    "is_marked_run",
    "make_tmp",
    "new_stamp",
    "newest_good_run",
    "prune_runs",
    "read_manifest",
    "write_marker",
]

GENERATOR = "newinfra report"
OUT_MARKER = ".newinfra-reports"
RUN_MARKER = ".newinfra-run"
TMP_MARKER = ".newinfra-tmp"
TMP_PREFIX = ".tmp-"
STAMP_FORMAT = "%Y%m%d-%H%M%S"
STAMP_RE = re.compile(r"^(\d{8}-\d{6})(?:-(\d+))?$")
# The top-level entries a run replaces when it is published.
PUBLISHED_FILES = ("index.html", "manifest.json", WORKBOOK_NAME)


def write_marker(folder: Path, marker: str) -> None:
    """Mark ``folder`` as made by the runner."""
    (folder / marker).write_text(json.dumps({"generator": GENERATOR}) + "\n", encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """``folder/manifest.json`` when it was written by the runner, else None."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != GENERATOR:
        return None
    return data


def is_marked_run(path: Path) -> bool:
    """True for a dated run folder (not a symlink) that carries the runner's marker."""
    return path.is_dir() and not path.is_symlink() and (path / RUN_MARKER).is_file()


def _visible(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def _written_before_markers(out: Path) -> bool:
    return (
        read_manifest(out) is not None
        and (out / "index.html").is_file()
        and (out / "runs").is_dir()
    )


def _check_latest(out: Path) -> None:
    latest = out / "latest"
    if latest.is_symlink():
        target = os.readlink(latest)
        parts = Path(target).parts
        if len(parts) == 2 and parts[0] == "runs" and STAMP_RE.match(parts[1]):
            return
    elif not latest.exists() or is_marked_run(latest):
        return
    raise OutputError(
        f"{latest}: not a link made by newinfra report; move it away, "
        "the runner will not replace it",
        Exit.CANTCREAT,
    )


def check_output(out: Path) -> None:
    """Refuse an output folder that holds anything but the runner's own files (exit 73)."""
    if (out / OUT_MARKER).is_file():
        pass
    elif _visible(out) and not _written_before_markers(out):
        shown = ", ".join(_visible(out)[:5])
        raise OutputError(
            f"{out}: not a report folder (it holds {shown}); the runner writes only to an "
            "empty folder or one it made: choose another --out",
            Exit.CANTCREAT,
        )
    _check_latest(out)
    for name in PUBLISHED_FILES:
        if (out / name).is_dir():
            raise OutputError(f"{out / name}: is a folder; move it away", Exit.CANTCREAT)


def claim_output(out: Path) -> bool:
    """Mark ``out`` as a report folder (call under the lock); True when it was adopted."""
    check_output(out)
    if (out / OUT_MARKER).is_file():
        return False
    adopted = _written_before_markers(out)
    if adopted:
        for path in _stamp_folders(out):
            manifest = read_manifest(path)
            if manifest is not None and manifest.get("run_id") == path.name:
                write_marker(path, RUN_MARKER)
    write_marker(out, OUT_MARKER)
    return adopted


# -- temporary folders ---------------------------------------------------------------


def make_tmp(out: Path, stamp: str) -> Path:
    """A new marked temporary folder ``OUT/.tmp-<stamp>-<random>``."""
    tmp = Path(tempfile.mkdtemp(prefix=f"{TMP_PREFIX}{stamp}-", dir=out))
    write_marker(tmp, TMP_MARKER)
    return tmp


def clean_stale_tmp(out: Path) -> None:
    """Remove the runner's temporary folders left by killed runs (call under the lock)."""
    for path in out.glob(f"{TMP_PREFIX}*"):
        if path.is_dir() and not path.is_symlink() and (path / TMP_MARKER).is_file():
            remove_tree(path)


# -- dated runs ------------------------------------------------------------------------


def new_stamp(now: dt.datetime, runs_dir: Path) -> str:
    """A stamp for a new run, named after ``now`` and free in ``runs_dir``."""
    base = now.strftime(STAMP_FORMAT)
    stamp, n = base, 0
    while (runs_dir / stamp).exists() or (runs_dir / stamp).is_symlink():
        n += 1
        stamp = f"{base}-{n}"
    return stamp


def _stamp_key(name: str) -> tuple[str, int]:
    match = STAMP_RE.match(name)
    assert match
    return match.group(1), int(match.group(2) or 0)


def _stamp_folders(out: Path) -> list[Path]:
    runs_dir = Path(out) / "runs"
    if not runs_dir.is_dir():
        return []
    found = [p for p in runs_dir.iterdir() if STAMP_RE.match(p.name)]
    return sorted(found, key=lambda p: _stamp_key(p.name))


def dated_runs(out: str | os.PathLike) -> list[Path]:
    """The dated runs the runner made in ``OUT/runs``, oldest first."""
    return [p for p in _stamp_folders(Path(out)) if is_marked_run(p)]


def is_good(path: Path) -> bool:
    """True for a dated run in which every job succeeded."""
    manifest = read_manifest(path)
    return manifest is not None and manifest.get("status") == "ok"


def newest_good_run(out: str | os.PathLike) -> Path | None:
    """The newest dated run in which every job succeeded, if any."""
    return next((p for p in reversed(dated_runs(out)) if is_good(p)), None)


def prune_runs(out: str | os.PathLike, keep: int) -> list[Path]:
    """Remove all but the newest ``keep`` dated runs the runner made.

    Never removes the run ``latest`` names, nor the newest run in which every
    job succeeded; folders without the runner's marker are left alone.
    """
    if keep < 1:
        raise ParameterError("keep", keep, detail="keep at least one dated run")
    out = Path(out)
    latest = out / "latest"
    protected = {latest.resolve()} if latest.exists() else set()
    good = newest_good_run(out)
    if good is not None:
        protected.add(good.resolve())
    runs = dated_runs(out)
    removed = []
    for path in runs[: max(len(runs) - keep, 0)]:
        if path.resolve() in protected:
            continue
        remove_tree(path)
        removed.append(path)
    return removed
