"""The report grid (``data/report_grid.yaml``): which notebooks run, with which parameters.

The file is validated with pydantic models. Every field's ``description`` is
what the field expects, so an error reads as one line naming the file, the run
and the key: ``report_grid.yaml: runs[2] (plain): parameters: expected ...``.

The grid is configuration, not code: a notebook must lie in the project's
``notebooks/`` folder (or a folder named on the command line, which the grid
cannot widen), and every parameter name must be a Python identifier that the
notebook's ``parameters`` cell declares. Values are written into the notebook
as literals by papermill.
"""

from __future__ import annotations

import functools
import keyword
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from newinfra.core.errors import DataFileError, ParameterError
from newinfra.inputs.yamlfile import load_yaml_text
from newinfra.report import places

__all__ = [
    "DEFAULT_CELL_TIMEOUT",
    "DEFAULT_KEEP",
    "GridFile",
    "GridRun",
    "ReportGrid",
    "RunEntry",
    "Settings",
    "WORKBOOK_JOB",
    "WORKBOOK_NAME",
    "declared_parameters",
    "load_grid",
    "project_relative",
]

DEFAULT_KEEP = 5
DEFAULT_CELL_TIMEOUT = 1800
WORKBOOK_NAME = "newinfra_summary.xlsx"
WORKBOOK_JOB = "newinfra_summary"
# Names of the pages and files the runner writes itself (index.html, run.html,
# manifest.json, the workbook, sources/, a methodology page): a report named so
# would overwrite them or be overwritten. Compared without case, as macOS and
# Windows compare file names.
RESERVED_NAMES = frozenset({WORKBOOK_JOB, "index", "manifest", "methodology", "run", "sources"})
# An input shown in an error message is cut to this many characters: one line.
SHOWN_INPUT = 80
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
# A run's files are NAME.html, NAME.ipynb, NAME_figures/...: within a file name's 255 bytes.
NAME_MAX = 100


class _Strict(BaseModel):
    # Strict: YAML's `keep: yes` or `keep: "3"` is an error, not a silent conversion.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Settings(_Strict):
    """Settings of every run of the grid."""

    keep: int = Field(DEFAULT_KEEP, ge=1, description="a whole number >= 1")
    workbook: bool = Field(True, description="true or false")
    cell_timeout: int | None = Field(
        DEFAULT_CELL_TIMEOUT, ge=1, description="seconds (a whole number >= 1) or null"
    )


class RunEntry(_Strict):
    """One entry of ``runs``: a notebook executed with parameters."""

    name: str = Field(
        pattern=NAME_PATTERN,
        max_length=NAME_MAX,
        description=f"letters, digits, '.', '_' or '-', at most {NAME_MAX} characters "
        "(it names the output files)",
    )
    notebook: str = Field(pattern=r"\.ipynb$", description="a .ipynb path")
    parameters: dict[str, Any] = Field(
        default_factory=dict, description="a mapping from parameter names to values"
    )
    title: str | None = Field(None, description="text")
    question: str | None = Field(None, description="text: the question the report answers")

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, name: str) -> str:
        if name.lower() in RESERVED_NAMES:
            raise ValueError(
                f"{name!r} is reserved for a page the runner writes itself; reserved names: "
                + ", ".join(sorted(RESERVED_NAMES))
            )
        return name

    @field_validator("parameters", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("parameters")
    @classmethod
    def _identifiers(cls, parameters: dict[str, Any]) -> dict[str, Any]:
        # papermill writes names into the notebook as they are: only identifiers are safe.
        for name in parameters:
            if not name.isidentifier() or keyword.iskeyword(name):
                raise ValueError(f"{name!r} is not a Python identifier")
        return parameters


class GridFile(_Strict):
    """data/report_grid.yaml: the reports `newinfra report` runs: settings and a list of runs."""

    settings: Settings = Field(default_factory=Settings, description="a mapping")
    runs: list[RunEntry] = Field(min_length=1, description="a non-empty list of runs")
    jurisdictions: Literal["all"] | list[str] | None = Field(
        None,
        description="all, or a list of places of data/jurisdictions.csv: one report per place",
    )

    @field_validator("settings", mode="before")
    @classmethod
    def _none_is_default(cls, value: Any) -> Any:
        return {} if value is None else value


_MODELS = (GridFile, Settings, RunEntry)
_DESCRIPTIONS = {
    name: field.description for model in _MODELS for name, field in model.model_fields.items()
}


@dataclass(frozen=True)
class GridRun:
    """One report: a notebook executed with ``parameters``."""

    name: str
    notebook: Path
    parameters: dict[str, Any]
    title: str
    question: str | None = None


@dataclass(frozen=True)
class ReportGrid:
    """The validated report grid: runs and settings."""

    path: Path
    runs: tuple[GridRun, ...]
    keep: int = DEFAULT_KEEP
    workbook: bool = True
    cell_timeout: int | None = DEFAULT_CELL_TIMEOUT

    def select(self, only: Iterable[str] | None) -> ReportGrid:
        """The grid restricted to the runs named in ``only`` (all when empty)."""
        wanted = list(dict.fromkeys(only or []))
        if not wanted:
            return self
        valid = [run.name for run in self.runs]
        for name in wanted:
            if name not in valid:
                raise ParameterError("--only", name, valid, detail=f"no such run in {self.path}")
        runs = tuple(run for run in self.runs if run.name in wanted)
        return ReportGrid(self.path, runs, self.keep, self.workbook, self.cell_timeout)


def project_relative(path: Path, root: Path) -> str:
    """``path`` relative to the project root when it lies below it, else as given."""
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


# -- one-line errors -----------------------------------------------------------------


def _where(loc: tuple, raw: Any) -> tuple[str, str | None]:
    """``("runs[2] (plain)", "parameters")`` for a pydantic error location."""
    if not loc:
        return "top level", None
    if loc[0] == "runs" and len(loc) > 1 and isinstance(loc[1], int):
        index = loc[1]
        where = f"runs[{index + 1}]"
        entries = raw.get("runs") if isinstance(raw, dict) else None
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        name = entry.get("name") if isinstance(entry, dict) else None
        if isinstance(name, str):
            # A name that is not valid is quoted, so that the message stays one line.
            valid = re.fullmatch(NAME_PATTERN, name) and len(name) <= NAME_MAX
            where += f" ({name})" if valid else f" ({_shown(name)})"
        rest = loc[2:]
    elif len(loc) > 1:
        where, rest = str(loc[0]), loc[1:]
    else:
        return "top level", str(loc[0])
    return where, (str(rest[0]) if rest else None)


def _message(error: dict[str, Any], key: str | None) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    expected = _DESCRIPTIONS.get(key or "") or "a mapping"
    if error["type"] == "missing":
        return f"missing; expected {expected}"
    return f"expected {expected}, got {_shown(error['input'])}"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_INPUT else text[: SHOWN_INPUT - 1] + "…"


def _first_error(exc: ValidationError, raw: Any) -> str:
    """The first problem of ``exc`` as ``where: key: message`` (unknown keys together)."""
    errors = exc.errors()
    first = errors[0]
    if first["type"] == "extra_forbidden":
        parent = first["loc"][:-1]
        unknown = sorted(
            str(e["loc"][-1])
            for e in errors
            if e["type"] == "extra_forbidden" and e["loc"][:-1] == parent
        )
        where, key = _where(parent, raw)
        if key is not None:  # a mapping one level down: settings
            where = f"{where}.{key}" if where != "top level" else key
        model = {(): GridFile, ("settings",): Settings}.get(parent, RunEntry)
        valid = ", ".join(sorted(model.model_fields))
        return f"{where}: unknown key(s) {unknown}; valid keys: {valid}"
    if first["type"] == "model_type" and not first["loc"]:
        return "top level: expected a mapping with 'settings' and 'runs'"
    where, key = _where(first["loc"], raw)
    prefix = key if where == "top level" and key else f"{where}: {key}" if key else where
    if first["loc"][-1:] == ("[key]",):
        return f"{prefix}: names must be text, got {_shown(first['input'])}"
    return f"{prefix}: {_message(first, key)}"


def _grid_error(path: Path, message: str) -> DataFileError:
    return DataFileError(f"{path}: {message}")


# -- loading -----------------------------------------------------------------------


def _read_yaml(path: Path) -> Any:
    try:
        if not path.is_file():
            raise DataFileError(f"{path}: report grid not found")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot be read ({exc})") from None
    return load_yaml_text(text, path)


def _check_unique(path: Path, runs: list[RunEntry]) -> None:
    # Compared in any case: on macOS and Windows a.html and A.html are one file.
    seen: dict[str, tuple[int, str]] = {}
    for index, entry in enumerate(runs, start=1):
        key = entry.name.casefold()
        if key in seen:
            first, name = seen[key]
            same = "" if name == entry.name else f" (as {name!r}: file names ignore case)"
            raise _grid_error(
                path,
                f"runs[{index}] ({entry.name}): name: "
                f"duplicate name {entry.name!r}{same} (first at runs[{first}])",
            )
        seen[key] = (index, entry.name)


def _notebook_path(path: Path, root: Path, where: str, entry: RunEntry, folders) -> Path:
    notebook = (root / entry.notebook).resolve()
    if not any(notebook.is_relative_to(folder) for folder in folders):
        allowed = ", ".join(str(f) for f in folders)
        raise _grid_error(
            path,
            f"{where}: notebook: {entry.notebook!r} lies outside the notebook folder "
            f"({allowed}); name another folder with --notebooks DIR",
        )
    if not notebook.is_file():
        available = sorted(
            str(p.relative_to(root)) if p.is_relative_to(root) else str(p)
            for folder in folders
            for p in folder.glob("*.ipynb")
        )
        raise _grid_error(
            path,
            f"{where}: notebook: {entry.notebook!r} not found "
            f"(looked for {notebook}); available: {', '.join(available) or 'none'}",
        )
    return notebook


@functools.cache
def _declared(notebook: Path, mtime_ns: int) -> dict[str, Any]:
    # One inspection per notebook and version: the grid often runs one notebook many times.
    import papermill

    return papermill.inspect_notebook(str(notebook))


def declared_parameters(notebook: Path) -> dict[str, Any]:
    """The parameters a notebook's ``parameters`` cell declares (name -> papermill's spec)."""
    return _declared(notebook, notebook.stat().st_mtime_ns)


def _check_declared(path: Path, where: str, notebook: Path, parameters: dict[str, Any]) -> None:
    """Every parameter of the grid is declared in the notebook's ``parameters`` cell."""
    if not parameters:
        return
    try:
        declared = _declared(notebook, notebook.stat().st_mtime_ns)
    except Exception as exc:  # any unreadable notebook: the message names it
        message = str(exc).strip().splitlines()[-1:] or [type(exc).__name__]
        raise _grid_error(path, f"{where}: notebook: cannot be read ({message[0]})") from None
    unknown = [name for name in parameters if name not in declared]
    if unknown:
        raise _grid_error(
            path,
            f"{where}: parameters: {unknown[0]!r} is not declared in the parameters cell of "
            f"{notebook.name}; it declares: {', '.join(declared) or 'nothing'}",
        )


def _grid_run(path: Path, root: Path, index: int, entry: RunEntry, folders) -> GridRun:
    where = f"runs[{index}] ({entry.name})"
    notebook = _notebook_path(path, root, where, entry, folders)
    _check_declared(path, where, notebook, entry.parameters)
    return GridRun(
        name=entry.name,
        notebook=notebook,
        parameters=dict(entry.parameters),
        title=entry.title if entry.title is not None else entry.name,
        question=entry.question,
    )


def load_grid(
    config: str | os.PathLike | None = None,
    root: Path | None = None,
    notebooks: str | os.PathLike | None = None,
) -> ReportGrid:
    """Read and validate the report grid (default: ``data/report_grid.yaml`` under the root).

    Notebook paths are relative to the project root and must lie in its
    ``notebooks/`` folder or in ``notebooks`` (a folder the caller names).
    Unknown keys, missing or outside notebooks, undeclared parameters,
    duplicate or unusable names raise DataFileError naming the file, the run
    and the key.
    """
    from newinfra.core import project

    root = Path(root) if root is not None else project.root()
    path = Path(config) if config is not None else root / "data" / "report_grid.yaml"
    folders = [(root / "notebooks").resolve()]
    if notebooks is not None:
        folder = Path(notebooks).expanduser().resolve()
        if not folder.is_dir():
            raise ParameterError("--notebooks", str(notebooks), detail="not a folder")
        folders.append(folder)
    raw = _read_yaml(path)
    try:
        grid = GridFile.model_validate(raw)
    except ValidationError as exc:
        raise _grid_error(path, _first_error(exc, raw)) from None
    _check_unique(path, grid.runs)
    runs = tuple(
        _grid_run(path, root, index, entry, folders)
        for index, entry in enumerate(grid.runs, start=1)
    )
    runs = places.expand(
        path,
        runs,
        grid.jurisdictions,
        lambda notebook: declared_parameters(notebook),
        NAME_MAX,
    )
    settings = grid.settings
    return ReportGrid(
        path=path,
        runs=runs,
        keep=settings.keep,
        workbook=settings.workbook,
        cell_timeout=settings.cell_timeout,
    )
