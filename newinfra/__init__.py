"""Shanghai's digital-infrastructure plans as tidy, sourced data.

>>> import newinfra as ni
>>> ni.sources()          # one row per seed document
>>> ni.targets()          # the ledger: every figure with its source and quote
>>> ni.compare()          # linked metrics across the 2013, 2022 and 2026 horizons

Submodules load on first use so that ``import newinfra`` stays cheap.
"""

from __future__ import annotations

import importlib

from .errors import DataFileError, NewinfraError, ParameterError, SeedError
from .project import root, set_root, using_root

__version__ = "0.1.0"

_PUBLIC = {
    "sources": "corpus",
    "plans": "corpus",
    "source_text": "corpus",
    "dataset_version": "corpus",
    "extract_quantities": "extraction",
    "mentions": "inventory",
    "targets": "ledger",
    "concordance": "ledger",
    "primary_view": "ledger",
    "compare": "comparison",
    "scorecard": "comparison",
    "domain_profile": "comparison",
    "lineage": "comparison",
}

__all__ = [
    "DataFileError",
    "NewinfraError",
    "ParameterError",
    "SeedError",
    "root",
    "set_root",
    "using_root",
    "__version__",
    *_PUBLIC,
]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'newinfra' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
