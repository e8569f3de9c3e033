"""analysis: questions asked of the ledger.

Owns comparisons across plans (ambition, verdicts, lineage, scorecard, domain
profiles), themes, the tables the notebooks show and the charts draw (views),
and the checks of parameters: generic choice checks (choices) at the bottom,
the notebooks' parameter checks (params) at the top.
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger.
"""
