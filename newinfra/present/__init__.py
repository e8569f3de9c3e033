"""present: what a reader sees of the analysis.

Owns the chart theme, labels and captions (theme), the charts, which only draw
the tables they are given (charts), table styling for reports (tables), and the
Excel workbook.
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger,
newinfra.analysis.
"""
