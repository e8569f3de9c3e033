"""Exceptions that name the file, row or parameter at fault and the valid choices."""

from __future__ import annotations

from collections.abc import Iterable


class NewinfraError(Exception):
    """Base class: every error the library raises on bad input."""


class SeedError(NewinfraError):
    """A seed document is missing, unreadable or not the text the manifest expects."""


class DataFileError(NewinfraError):
    """A curated data file (manifest, catalogue, annotations...) is broken."""


class ParameterError(NewinfraError, ValueError):
    """A caller passed a value outside the valid choices."""

    def __init__(
        self,
        parameter: str,
        value: object,
        choices: Iterable[object] | None = None,
        detail: str = "",
    ):
        self.parameter = parameter
        self.value = value
        self.choices = list(choices) if choices is not None else None
        message = f"invalid value for parameter {parameter!r}: {value!r}"
        if detail:
            message += f" ({detail})"
        if self.choices is not None:
            message += "; valid choices: " + ", ".join(str(c) for c in self.choices)
        super().__init__(message)
