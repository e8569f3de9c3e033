"""The Excel workbook: formatted, printable tables and the standard summary.

>>> from newinfra.present.workbook import write_summary, write_workbook
>>> write_summary("newinfra_summary.xlsx")   # README, Commitments, Targets, Comparison, Charts...

``writer`` lays out sheets (formats, widths, print setup), ``cells`` writes
values (text never becomes a formula), ``charts`` draws native Excel charts
linked to the Comparison sheet and ``summary`` assembles the standard workbook.
"""

from newinfra.present.workbook.summary import SUMMARY_SHEETS, write_summary
from newinfra.present.workbook.writer import column_definitions, write_workbook

__all__ = ["write_summary", "write_workbook", "column_definitions", "SUMMARY_SHEETS"]
