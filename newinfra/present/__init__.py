"""present: what a reader sees of the analysis.

Owns the chart theme and charts, table styling for reports, and the Excel workbook.
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger,
newinfra.analysis.
"""
