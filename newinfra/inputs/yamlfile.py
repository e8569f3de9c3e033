"""YAML data files (the report grid), loaded safely: plain data, no anchors or aliases."""

from __future__ import annotations

from pathlib import Path

from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import read_text

__all__ = ["load_yaml_text", "read_yaml"]


def _alias_refusing_loader():
    """PyYAML's safe loader without anchors and aliases.

    A few hundred bytes of nested aliases expand to billions of nodes (the
    "billion laughs"); no file of the project needs them, so they are refused
    where the parser meets them, before anything is expanded.
    """
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent) or (
                self.check_event(yaml.NodeEvent) and self.peek_event().anchor is not None
            ):
                event = self.peek_event()
                raise yaml.MarkedYAMLError(
                    problem="anchors and aliases (& and *) are not allowed; write the value out",
                    problem_mark=event.start_mark,
                )
            return super().compose_node(parent, index)

    return NoAliasLoader


def load_yaml_text(text: str, path: Path | str):
    """YAML text loaded safely: plain data only, no anchors or aliases; errors name the line.

    A leading byte-order mark is ignored. Any problem raises DataFileError as
    one line: ``path: line L, column C: not valid YAML (reason)``.
    """
    import yaml

    try:
        return yaml.load(text.removeprefix("\ufeff"), Loader=_alias_refusing_loader())  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        message = f"{path}: {where}not valid YAML ({problem})"
        raise DataFileError(" ".join(message.split())) from None


def read_yaml(path: Path | str):
    """A YAML file loaded safely (plain data, never objects, no aliases); errors name the line."""
    path = Path(path)
    return load_yaml_text(read_text(path), path)
