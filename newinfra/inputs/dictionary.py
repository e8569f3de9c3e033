"""The data dictionary (docs/data-dictionary.md), generated from the schemas.

A schema documents a data file when its docstring starts with the file's path
in the project and a colon, as in ``data/plans.csv: one row per plan.``. Both
pandera models (CSV tables) and pydantic models (YAML files) count, wherever
in the package they live: :func:`render` is given the modules to search, so
a new data file is documented as soon as its schema exists. Column meanings
come from the field registry (data/fields.csv: the file's own rows, else the
column's general row), else the fields' descriptions; allowed values, patterns
and ranges come from the fields' checks. The section-reference scheme that
tasks and crosswalk rows use closes the page.

``newinfra docs`` writes the page; ``newinfra docs --check`` fails when it is
out of date, and so does a test.
"""

from __future__ import annotations

import inspect
import re
import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Union

from newinfra.core.errors import NewinfraError

DOCUMENT = Path("docs") / "data-dictionary.md"

# The files a project is made of; each one needs a schema that names it.
DATA_FILE_PATTERNS = ("data/*.csv", "data/*.yaml", "seeds/manifest.csv")

_NAMES_A_FILE = re.compile(r"^\s*((?:data|seeds)/[\w./-]+)\s*:\s*(.*)")

_TYPES = {"str": "text", "string": "text", "int": "whole number", "float": "number"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    required: str
    meaning: str
    allowed: str


@dataclass(frozen=True)
class DataFile:
    path: str
    summary: str
    schema: str
    fields: tuple[Field, ...]
    rules: tuple[str, ...] = ()


def _names_a_file(model: type) -> tuple[str, str] | None:
    # The model's own docstring: a subclass does not name its parent's file.
    match = _NAMES_A_FILE.match(inspect.cleandoc(model.__dict__.get("__doc__") or ""))
    return (match.group(1), match.group(2).strip()) if match else None


def _is_pandera(model: type) -> bool:
    return hasattr(model, "to_schema") and hasattr(model, "__fields__")


def _is_pydantic(model: type) -> bool:
    return hasattr(model, "model_fields") and hasattr(model, "model_validate")


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _check_text(check) -> str:
    stats = check.statistics or {}
    if check.name == "isin":
        return "one of " + ", ".join(f"`{v}`" for v in stats["allowed_values"])
    if check.name == "str_matches":
        # Non-ASCII characters of a pattern (CJK ranges, full-width spaces) as escapes: 一 is \u4e00.
        pattern = "".join(c if c.isascii() else f"\\u{ord(c):04x}" for c in stats["pattern"])
        return f"matches `{pattern}`"
    if check.name == "greater_than_or_equal_to":
        return f">= {stats['min_value']}"
    if check.name == "less_than_or_equal_to":
        return f"<= {stats['max_value']}"
    if check.name == "str_length":
        low, high = stats.get("min_value"), stats.get("max_value")
        bounds = [
            f"at least {low:,}" if low is not None else "",
            f"at most {high:,}" if high else "",
        ]
        return " and ".join(b for b in bounds if b) + " characters"
    return check.error or check.name


def _pandera_file(model: type, path: str, summary: str) -> DataFile:
    from newinfra.inputs.fields import definitions

    schema = model.to_schema()
    meanings = definitions(path)
    fields = []
    for name, column in schema.columns.items():
        dtype = str(column.dtype)
        kind = next((label for key, label in _TYPES.items() if dtype.startswith(key)), dtype)
        allowed = [_check_text(check) for check in column.checks]
        if column.unique:
            allowed.insert(0, "unique")
        fields.append(
            Field(
                name=name,
                kind=kind,
                required="no" if column.nullable else "yes",
                meaning=meanings.get(name) or column.description or column.title or "",
                allowed="; ".join(allowed),
            )
        )
    rules = tuple(check.error for check in schema.checks if check.error)
    return DataFile(path, summary, f"{model.__module__}.{model.__name__}", tuple(fields), rules)


_YAML_TYPES = {**_TYPES, "bool": "true or false", "Any": "any value", "dict": "mapping"}


def _type_name(annotation) -> str:
    """A reader's name for a field's type: ``whole number or null``, ``list of mappings``."""
    if _is_pydantic_class(annotation):
        return "mapping"
    args = [a for a in getattr(annotation, "__args__", None) or () if a is not type(None)]
    origin = getattr(annotation, "__origin__", None)
    if origin is list and args:
        return f"list of {_type_name(args[0])}s"
    if origin is dict:
        return "mapping"
    if isinstance(annotation, types.UnionType) or origin is Union:
        named = " or ".join(_type_name(a) for a in args)
        return f"{named} or null" if type(None) in annotation.__args__ else named
    name = getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
    return _YAML_TYPES.get(name, name)


def _nested_model(annotation) -> tuple[type | None, str]:
    """The pydantic model a field holds (itself or as list items), with the key suffix."""
    if _is_pydantic_class(annotation):
        return annotation, "."
    args = getattr(annotation, "__args__", ()) or ()
    if getattr(annotation, "__origin__", None) is list and args and _is_pydantic_class(args[0]):
        return args[0], "[]."
    return None, ""


def _is_pydantic_class(value) -> bool:
    return inspect.isclass(value) and _is_pydantic(value)


# Constraint attributes pydantic keeps in a field's metadata, as shown to readers.
_CONSTRAINTS = {
    "ge": ">= {}",
    "gt": "> {}",
    "le": "<= {}",
    "lt": "< {}",
    "min_length": "at least {} long",
    "max_length": "at most {} long",
    "pattern": "matches `{}`",
}


def _pydantic_allowed(info) -> str:
    allowed = []
    for item in info.metadata:
        for attribute, text in _CONSTRAINTS.items():
            value = getattr(item, attribute, None)
            if value is not None:
                allowed.append(text.format(value))
    if not info.is_required():
        default = info.get_default(call_default_factory=True)
        if isinstance(default, bool | int | float | str) or default in ({}, []):
            allowed.append(f"default `{default!r}`")
    return "; ".join(allowed)


def _pydantic_fields(model: type, prefix: str = "") -> list[Field]:
    fields = []
    for name, info in model.model_fields.items():
        key = prefix + name
        required = "yes" if info.is_required() else "no"
        kind = _type_name(info.annotation)
        fields.append(Field(key, kind, required, info.description or "", _pydantic_allowed(info)))
        nested, joint = _nested_model(info.annotation)
        if nested is not None:
            fields += _pydantic_fields(nested, key + joint)
    return fields


def documented_files(modules: Iterable[ModuleType]) -> list[DataFile]:
    """Every data file some schema in ``modules`` names, sorted by path."""
    found: dict[str, DataFile] = {}
    for module in modules:
        for _, model in inspect.getmembers(module, inspect.isclass):
            if model.__module__ != module.__name__:
                continue  # documented once, where it is defined
            named = _names_a_file(model)
            if named is None or not (_is_pandera(model) or _is_pydantic(model)):
                continue
            path, summary = named
            if path in found:
                raise NewinfraError(
                    f"{path} is named by two schemas: {found[path].schema} and "
                    f"{model.__module__}.{model.__name__}"
                )
            if _is_pandera(model):
                found[path] = _pandera_file(model, path, summary)
            else:
                fields = tuple(_pydantic_fields(model))
                found[path] = DataFile(
                    path, summary, f"{model.__module__}.{model.__name__}", fields
                )
    return [found[path] for path in sorted(found)]


def undocumented(root: Path, files: Iterable[DataFile]) -> list[str]:
    """Data files of the project at ``root`` that no schema names."""
    named = {f.path for f in files}
    present = {p.relative_to(root).as_posix() for g in DATA_FILE_PATTERNS for p in root.glob(g)}
    return sorted(present - named)


def _anchor(path: str) -> str:
    return re.sub(r"[^a-z0-9 -]", "", path.lower()).replace(" ", "-")


def _file_section(data_file: DataFile) -> list[str]:
    lines = [
        f"## {data_file.path}",
        "",
        f"{data_file.summary[:1].upper()}{data_file.summary[1:]}",
        "",
        f"Schema: `{data_file.schema}`.",
        "",
        f"| {'key' if data_file.path.endswith('.yaml') else 'column'} "
        "| type | required | meaning | allowed values |",
        "|---|---|---|---|---|",
    ]
    for f in data_file.fields:
        lines.append(
            f"| `{f.name}` | {_cell(f.kind)} | {f.required} | {_cell(f.meaning)} | {_cell(f.allowed)} |"
        )
    if data_file.rules:
        lines += ["", "Checks across columns:", ""] + [f"- {rule}" for rule in data_file.rules]
    return lines + [""]


HEADER = """\
# Data dictionary

Every data file of a project and every column, with its meaning. Generated
from the schemas by `newinfra docs`; do not edit by hand (`newinfra docs
--check`, run by the tests, fails when this page is out of date).

Files are UTF-8; CSV files have one header line, so a row's line number in
an error message is the line an editor shows. An empty cell is a missing
value, allowed only where "required" says no. Files refer to each other by id:
`plan_id` (data/plans.csv), `source_id` (seeds/manifest.csv), `metric_id`
(data/metrics.csv), `domain` (data/domains.csv), `task_ref` (data/tasks.csv,
within a plan); an unknown id is an error that lists the valid ones.
"""

SECTION_REFS = """\
## Section references

`section_ref` in data/tasks.csv and data/crosswalk.csv names a section of one
source document. Every document is read into a tree of sections (headings,
numbered items, paragraphs) by its section rules, and every section gets a
short ASCII ref, unique within the document:

- A ref is a path of keys joined by dots, outermost first: `pt2.g1.i1` is
  item 1 of group 1 of part 2.
- A key is the rule's name for the kind of section followed by its number as
  written (Roman, Chinese or English-word numerals are read as numbers), or
  its position where the text does not number it: `ch2` chapter 2 (第二章,
  "II."), `s1` section, `pt3` part (三、), `g1` group ((一)), `i4` item ("4."
  or "(4)"), `b2` bullet, `h1` Markdown heading, `p7` paragraph.
- A key is prefixed by the ref of its scope: its parent, or the nearest
  enclosing section of a named kind, or nothing (numbered through the whole
  document). Grouping headings whose numbering does not matter are left out
  (`ch2.sp1`: special project 1 of chapter 2).
- A ref that would repeat gets a suffix: `p3-2`.
- Documents with their own section rules have their own keys (`task21`,
  `demo03`, `contents.part3.action2`); any other document is read with the
  default rules of its language, which give the keys above.

A figure lies in a chain of sections, from the outermost to the deepest. In
data/crosswalk.csv the row whose `section_ref` is deepest in that chain wins
(a row naming the figure's `metric_id` before a general one), and `*` stands
for the whole document. In data/tasks.csv a figure belongs to the task whose
`section_ref` is in its chain, when exactly one task is; otherwise the
annotation's `task_ref` says which. `ni.mentions()` shows every figure's
`section_ref` (deepest section) and `section_refs` (the chain), and
`newinfra.text` lists a document's sections with their refs and labels.
"""


def render(modules: Iterable[ModuleType]) -> str:
    """The whole page, from the schemas found in ``modules``."""
    files = documented_files(modules)
    lines = [HEADER, "Files:", ""]
    lines += [f"- [{f.path}](#{_anchor(f.path)}): {f.summary}" for f in files]
    lines += ["- [Section references](#section-references)", ""]
    for data_file in files:
        lines += _file_section(data_file)
    return "\n".join(lines) + "\n" + SECTION_REFS


def is_current(path: Path, text: str) -> bool:
    return path.is_file() and path.read_text(encoding="utf-8") == text
