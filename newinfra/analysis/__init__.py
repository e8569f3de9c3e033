"""analysis: questions asked of the ledger.

Owns comparisons across plans (ambition, verdicts, lineage, scorecard, domain
profiles), themes, and the checks of notebook parameters.
May import: newinfra.core, newinfra.text, newinfra.inputs, newinfra.ledger.
"""
