"""report: scheduled runs of the notebooks into published HTML reports.

Owns the report grid, notebook execution, HTML export, the index page,
publishing and pruning of dated runs.
May import: every layer below it.
"""
