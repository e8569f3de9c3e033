"""Checking a value against a list of valid choices, for any parameter.

Every layer's public functions (the ledger's filters, the comparison, the
themes, the notebook parameter checks) validate their arguments through it, so
none needs to import another just to check a list. Errors name the
parameter and list the valid choices (:class:`~newinfra.core.errors.ParameterError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from newinfra.core.errors import ParameterError

_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}


def as_list(parameter: str, value, choices) -> list:
    """A single value or a collection of values as a list; anything else raises."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | Mapping):
        return list(value)
    raise ParameterError(parameter, value, choices, "expected a list")


def unique(values: list) -> list:
    """The values in their first order, each once."""
    return list(dict.fromkeys(values))


def check_members(parameter: str, values: list, valid: list) -> None:
    """Raise naming the first unknown value (or all of them) when any is not in ``valid``."""
    unknown = [v for v in values if v not in valid]
    if unknown:
        raise ParameterError(parameter, unknown[0] if len(unknown) == 1 else unknown, valid)


def check_choices(parameter: str, values, valid) -> list | None:
    """``values`` (one or several) as a list, each among ``valid``; None stays None."""
    if values is None:
        return None
    chosen = as_list(parameter, values, valid)
    check_members(parameter, chosen, valid)
    return chosen


def check_subset(parameter: str, values, valid: list, what: str) -> list:
    """At least one of ``valid``, each once, in the order of ``valid``; None means all.

    ``what`` names one item in the error for an empty choice ("term", "plan").
    """
    if values is None:
        return list(valid)
    chosen = unique(as_list(parameter, values, valid))
    if not chosen:
        raise ParameterError(parameter, values, valid, f"give at least one {what}, or None for all")
    check_members(parameter, chosen, valid)
    return [v for v in valid if v in chosen]


def check_bool(name: str, value) -> bool:
    """True or False; also the strings true/false, yes/no, 1/0 that a command line passes."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise ParameterError(name, value, [True, False])
