"""Shanghai's digital-infrastructure plans as tidy, sourced data.

>>> import newinfra as ni
>>> ni.sources()          # one row per seed document
>>> ni.targets()          # the ledger: every figure with its source and quote
>>> ni.compare()          # linked metrics across the 2013, 2022 and 2026 horizons

Submodules load on first use so that ``import newinfra`` stays cheap.
"""

from __future__ import annotations

import importlib

from newinfra.core.errors import DataFileError, NewinfraError, ParameterError, SeedError
from newinfra.core.project import root, set_root, using_root
from newinfra.core.version import __version__

_PUBLIC = {
    "sources": "inputs.corpus",
    "plans": "inputs.corpus",
    "source_text": "inputs.corpus",
    "dataset_version": "inputs.corpus",
    "extract_quantities": "text.quantities",
    "mentions": "ledger.mentions",
    "targets": "ledger.targets",
    "concordance": "ledger.targets",
    "primary_view": "ledger.targets",
    "commitments": "ledger.targets",
    "compare": "analysis.comparison",
    "scorecard": "analysis.comparison",
    "domain_profile": "analysis.profiles",
    "peers": "analysis.peers",
    "lineage": "analysis.lineage",
}

__all__ = [
    "audit",
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


def _report_grid() -> None:
    from newinfra.core.project import data_dir
    from newinfra.inputs.yamlfile import read_yaml
    from newinfra.report.grid import load_grid

    # Read first without anchors or aliases: a few hundred bytes of nested aliases
    # would otherwise expand to billions of nodes.
    read_yaml(data_dir() / "report_grid.yaml")
    load_grid()


def audit_report():
    """The full audit (``newinfra audit``): every data file, the report grid, every figure."""
    from newinfra.curate.audit import run

    return run(extra_checks=[_report_grid])


def audit():
    """Every problem ``newinfra audit`` lists, one row each: kind, file, line, field, message.

    Empty when the data are sound and every figure is accounted for. Problems
    of the data files (kind ``data``) carry the line the library raises.
    """
    return audit_report().findings()


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'newinfra' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
