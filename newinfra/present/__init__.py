"""present: what a reader sees of the analysis.

Owns the chart styling, labels, captions and plan colours (styling), chart
output with alt text and plotted data (chart_output), the charts, which only
draw the tables they are given (charts), readable report tables (tables) and
interactive ones (interactive_tables), column headings and definitions
(columns), links to the evidence (links), the pages of the sources with every
ledger figure anchored (source_pages), text escaping (markup), the Excel
workbook, citations of the dataset, a page or a figure (citation), and the data
release with its diffs (release, release_schema, diffs, diff_output).
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger,
newinfra.curate, newinfra.analysis.
"""
