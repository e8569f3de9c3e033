"""Former home of the CSV loader, kept so that existing imports keep working.

New code imports from :mod:`newinfra.inputs.loader`, the one loader every data
file passes through.
"""

from __future__ import annotations

from newinfra.inputs.loader import check_known, check_unique, line_of, read_csv, validate

__all__ = ["check_known", "check_unique", "line_of", "read_csv", "validate"]
